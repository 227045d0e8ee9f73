"""Alembic environment: migrations run on the connection casereview hands in."""

from alembic import context

from casereview.storage.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - casereview always passes a connection
    raise RuntimeError(
        "casereview runs migrations with an open connection (see storage/database.py)"
    )

target = (
    context.config.attributes.get("metadata") or metadata
)  # a subset only when generating revisions
context.configure(
    connection=connection, target_metadata=target, render_as_batch=True, compare_type=True
)
with context.begin_transaction():
    context.run_migrations()
