"""The ``casereview`` command line: a thin layer over the domain core.

Commands live in their own modules and are registered here. Every
:class:`~casereview.errors.CasereviewError` is caught in :func:`main` and
printed as a Danish message with a non-zero exit; no user error shows a
traceback. Heavy modules (spaCy) are imported inside the commands that need
them, so ``casereview --help`` is instant.
"""

from __future__ import annotations

import sys

import typer

from casereview import __version__
from casereview.errors import CasereviewError

app = typer.Typer(
    name="casereview",
    help="Gennemgang af borgersager for recovery-orientering: håb, ønsker og drømme, ressourcer m.m.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
rules_app = typer.Typer(help="Kontrollér regel- og leksikonfiler.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")
db_app = typer.Typer(help="Vedligehold databasen.", no_args_is_help=True)
app.add_typer(db_app, name="db")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"casereview {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Vis versionen og afslut."
    ),
) -> None:
    """casereview: regelbaseret, forklarlig gennemgang af danske borgersager."""


def _register() -> None:
    from casereview.cli import (  # noqa: F401
        adjudicate,
        compare,
        demo,
        evaluate,
        explain,
        merge,
        review,
        rules,
        score,
        store,
    )


def command():
    """The click command tree of the app, in Danish (built once per process)."""
    import typer.main

    from casereview.cli.danish import localise

    _register()
    return localise(typer.main.get_command(app))


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``casereview`` script and ``python -m casereview``.

    The one error boundary of the CLI: usage errors from typer (and click, when
    another typer brings its own) and every :class:`CasereviewError` become a
    short Danish message on standard error and exit code 2; no traceback.
    """
    from casereview.cli.output import error

    try:
        command().main(args=argv, prog_name="casereview", standalone_mode=False)
    except CasereviewError as exc:
        error(exc.render())
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        error("Afbrudt.")
        sys.exit(130)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        error("Afbrudt.")
        sys.exit(1)
    except Exception as exc:
        if _is_usage_error(exc):
            _show_usage_error(exc)
        if "sqlalchemy" in sys.modules:
            from sqlalchemy.exc import SQLAlchemyError

            if isinstance(exc, SQLAlchemyError):
                from casereview.storage.database import busy_message

                busy = busy_message(exc)
                if busy:
                    error(busy[0].upper() + busy[1:] + ".")
                    sys.exit(3)
                detail = str(getattr(exc, "orig", None) or exc).splitlines()[0]
                error(f"databasefejl: {detail}. Intet er ændret i den igangværende handling.")
                sys.exit(3)
        raise


def _is_usage_error(exc: Exception) -> bool:
    """typer's bundled click raises TyperException subclasses; a plain click may be around too."""
    if isinstance(exc, typer.TyperException):
        return True
    click = sys.modules.get("click")
    return click is not None and isinstance(exc, click.ClickException)


def _show_usage_error(exc: Exception) -> None:
    from casereview.cli.danish import usage_message
    from casereview.cli.output import error

    if type(exc).__name__ == "NoArgsIsHelpError":
        typer.echo(exc.ctx.get_help())  # type: ignore[attr-defined]
        sys.exit(0)
    error(usage_message(exc))
    sys.exit(2)
