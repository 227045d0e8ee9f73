"""Opening the case store: which database, how it is configured, which schema revision.

The URL comes from ``--db``, else ``CASEREVIEW_DB``, else a SQLite file in
the user data directory. A SQLite file is created readable by its owner only
(its WAL and shared-memory files inherit that mode), with WAL journaling,
foreign keys on and a busy timeout; every write transaction starts with
``BEGIN IMMEDIATE`` so two processes queue for the write lock instead of
failing on a lock upgrade. PostgreSQL (``postgresql+psycopg://``) is for a
team sharing one database.

The schema is Alembic's: a new database is created at the newest revision;
an older SQLite file is copied to a backup and upgraded; an older PostgreSQL
database waits for ``casereview db upgrade``; a database from a newer
casereview is refused.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy import event, inspect
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, create_engine

from casereview.errors import CasereviewError

ENV_VAR = "CASEREVIEW_DB"
# The newest schema revision. Opening an up-to-date database reads alembic_version with
# one query and never imports Alembic (start-up time of the TUI); a test keeps this
# constant equal to Alembic's head.
HEAD_REVISION = "0004_adjudication"
_MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class DatabaseError(CasereviewError):
    """The database cannot be opened, is of the wrong version, or a write failed."""


def default_db_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("casereview", appauthor=False)) / "casereview.db"


def resolve_url(db: str | None = None) -> str:
    """``--db`` (a URL or a file path), else ``CASEREVIEW_DB``, else the default SQLite file."""
    value = db or os.environ.get(ENV_VAR)
    if not value:
        return f"sqlite:///{default_db_path()}"
    if "://" not in value:
        return f"sqlite:///{Path(value).expanduser().resolve()}"
    return value


def display_url(url: str) -> str:
    """The URL with any password hidden, for ``status`` and messages."""
    return make_url(url).render_as_string(hide_password=True)


def _prepare_sqlite_file(path: Path) -> None:
    """Create the file (and its folder) with owner-only permissions before SQLite opens it."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
    os.chmod(path, 0o600)


def busy_timeout_seconds() -> float:
    """How long to wait for another process's lock (``CASEREVIEW_BUSY_TIMEOUT``, default 30 s)."""
    try:
        value = float(os.environ.get("CASEREVIEW_BUSY_TIMEOUT", "30"))
    except ValueError:
        return 30.0
    return value if value > 0 else 30.0


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # pragma: no cover - exercised through every test
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_seconds() * 1000)}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):  # pragma: no cover
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def create_db_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            raise DatabaseError("en hukommelsesdatabase kan ikke bruges; angiv en fil")
        _prepare_sqlite_file(Path(parsed.database))
        engine = create_engine(url, connect_args={"timeout": busy_timeout_seconds()})
        _configure_sqlite(engine)
        return engine
    if parsed.get_backend_name() == "postgresql":
        try:
            return create_engine(url, pool_pre_ping=True)
        except ModuleNotFoundError:
            raise DatabaseError(
                "PostgreSQL kræver psycopg: installer med 'pip install \"casereview[postgres]\"'"
            ) from None
    raise DatabaseError(
        f"databasetypen '{parsed.get_backend_name()}' understøttes ikke (brug sqlite eller postgresql)"
    )


def _alembic_config(connection=None):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    if head is None:
        raise DatabaseError("casereview mangler sine skemamigreringer; installer pakken igen")
    return head


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {s.revision for s in ScriptDirectory.from_config(_alembic_config()).walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def migrate(engine: Engine, revision: str = "head") -> None:
    """Run Alembic's upgrade to ``revision`` on this engine."""
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), revision)


def backup_sqlite(path: Path, revision: str) -> Path:
    """A consistent copy of the database (SQLite's backup API), readable by the owner only."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    for attempt in range(100):  # two processes opening the old file in the same second
        suffix = f"-{os.getpid()}-{attempt}" if attempt else ""
        target = path.with_name(f"{path.name}.backup-{revision}-{stamp}{suffix}")
        try:
            fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            continue
        os.close(fd)
        break
    else:
        raise DatabaseError(f"der kan ikke laves en sikkerhedskopi ved siden af {path}")
    source = sqlite3.connect(path)
    try:
        dest = sqlite3.connect(target)
        with dest:
            source.backup(dest)
        dest.close()
    finally:
        source.close()
    return target


BUSY_MESSAGE = (
    "databasen er optaget af en anden proces (fx en import eller en anden bedømmer); "
    "intet er ændret, prøv igen om lidt"
)


def busy_message(error: BaseException) -> str | None:
    """The Danish message for a database that is locked or busy, else None.

    SQLite says *database is locked* once its busy timeout has run out;
    PostgreSQL raises lock or serialisation failures. Either way the action
    changed nothing and can simply be tried again: the user needs to know
    that, not a traceback.
    """
    error = getattr(error, "error", None) or error  # a TUI worker's WorkerFailed wraps it
    orig = getattr(error, "orig", None) or error
    text = str(orig).lower()
    if any(
        s in text for s in ("database is locked", "database table is locked", "database is busy")
    ):
        return BUSY_MESSAGE
    sqlstate = getattr(orig, "sqlstate", None)
    if sqlstate in {"55P03", "40001", "40P01"}:  # lock not available, serialisation, deadlock
        return BUSY_MESSAGE
    return None


class Store:
    """An open, migrated case store."""

    def __init__(self, url: str, engine: Engine) -> None:
        self.url = url
        self.engine = engine
        self.backup: Path | None = None

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def sqlite_path(self) -> Path | None:
        return Path(make_url(self.url).database or "") if self.is_sqlite else None

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose transaction commits on success and rolls back on any error."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def close(self) -> None:
        self.engine.dispose()


def open_store(db: str | None = None, upgrade: bool = False) -> Store:
    """Open (creating or upgrading as allowed) the case store named by ``db``."""
    url = resolve_url(db)
    engine = create_db_engine(url)
    store = Store(url, engine)
    try:
        _check_schema(store, upgrade)
    except DatabaseError:
        engine.dispose()
        raise
    except Exception as exc:  # connection refused, bad credentials, corrupt file
        engine.dispose()
        busy = busy_message(exc)
        if busy:
            raise DatabaseError(f"{display_url(url)}: {busy}") from None
        raise DatabaseError(
            f"databasen {display_url(url)} kan ikke åbnes: {exc.__class__.__name__}: {exc}"
        ) from None
    return store


def _stored_revision(engine: Engine) -> str | None:
    """alembic_version's row, read directly; None for a database without one."""
    from sqlalchemy import text

    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        rows = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    if len(rows) > 1:  # Alembic itself would stop with "multiple heads" and a traceback
        raise DatabaseError(
            f"databasens versionstabel (alembic_version) har {len(rows)} rækker "
            f"({', '.join(sorted(set(rows)))}); databasen er beskadiget eller ændret udefra. "
            "Gendan en sikkerhedskopi, eller ret tabellen, så den har én række"
        )
    return rows[0] if rows else None


def _check_schema(store: Store, upgrade: bool) -> None:
    engine = store.engine
    if _stored_revision(engine) == HEAD_REVISION:
        return
    current = current_revision(engine)
    head = head_revision()
    if current == head:
        return
    if current is None:
        tables = set(inspect(engine).get_table_names())
        if tables:
            raise DatabaseError(
                f"databasen {display_url(store.url)} indeholder tabeller, men er ikke en casereview-database"
            )
        migrate(engine)
        return
    if current not in known_revisions():
        raise DatabaseError(
            f"databasen {display_url(store.url)} er lavet af en nyere version af casereview (skemarevision "
            f"{current}); opdater casereview for at åbne den"
        )
    if store.sqlite_path is not None:
        store.backup = backup_sqlite(store.sqlite_path, current)
        migrate(engine)
        return
    if not upgrade:
        raise DatabaseError(
            f"databasen {display_url(store.url)} har en ældre skemarevision ({current}); "
            "kør 'casereview db upgrade' (tag først en sikkerhedskopi)"
        )
    migrate(engine)
