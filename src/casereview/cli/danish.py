"""The command line in Danish: help pages, metavars and usage errors.

Typer and its bundled click speak English, and a usage error would otherwise
reach the consultant as an English message or, worse, a traceback. This
module is the one place that translates: :func:`localise` rewrites the
built command tree's help option, metavars and headings, and
:func:`usage_message` turns any usage error into one short Danish line.
It relies on typer's parameter objects (``type_descriptor``, ``opts``),
which is why ``typer`` is pinned to a tested range in ``pyproject.toml``.
"""

from __future__ import annotations

import difflib
import re
import types
from typing import Any

HELP_TEXT = "Vis denne hjælp og afslut."
USAGE_PREFIX = "Brug: "

# typer's display types -> Danish metavars; a flag shows none.
_METAVARS = {
    "<bool>": "",
    "<str>": "TEKST",
    "<path>": "STI",
    "<file>": "FIL",
    "<dir>": "MAPPE",
    "<int>": "TAL",
    "<int range>": "TAL",
    "<float>": "TAL",
    "<list[Path]>": "STI ...",
}

_RICH_STRINGS = {
    "DEPRECATED_STRING": "(forældet) ",
    "DEFAULT_STRING": "[standard: {}]",
    "ENVVAR_STRING": "[miljøvariabel: {}]",
    "REQUIRED_LONG_STRING": "[påkrævet]",
    "ARGUMENTS_PANEL_TITLE": "Argumenter",
    "OPTIONS_PANEL_TITLE": "Tilvalg",
    "COMMANDS_PANEL_TITLE": "Kommandoer",
    "ERRORS_PANEL_TITLE": "Fejl",
    "ABORTED_TEXT": "Afbrudt.",
    "RICH_HELP": "Se [blue]'{command_path} {help_option}'[/] for hjælp.",
}


def localise(command: Any) -> Any:
    """Danish help for ``command`` and every sub-command (changed in place, returned)."""
    from typer import rich_utils

    for name, text in _RICH_STRINGS.items():
        setattr(rich_utils, name, text)
    _localise_command(command)
    return command


def _localise_command(command: Any) -> None:
    from typer._click.core import Context
    from typer._click.decorators import help_option

    command.options_metavar = "[TILVALG]"
    if hasattr(command, "subcommand_metavar"):
        command.subcommand_metavar = "KOMMANDO [ARGUMENTER]..."
    command.format_usage = types.MethodType(_format_usage, command)
    ctx = Context(command, info_name=command.name)
    if command.add_help_option:
        help_option(["-h", "--help"])(command)
        option = command.params.pop()
        option.help = HELP_TEXT
        option.metavar = ""
        command._help_option = option
    for param in command.params:
        if param.metavar is not None:
            continue
        shown = param.display_type_rich(ctx)
        metavar = _METAVARS.get(shown, _choice_metavar(shown))
        if param.param_type_name == "argument":
            # The name column shows the metavar; the type column would repeat it in English.
            param.metavar = (metavar or "").removesuffix(" ...") or None
            param.display_type_rich = types.MethodType(lambda self, ctx: None, param)
        else:
            param.metavar = metavar
    for sub in getattr(command, "commands", {}).values():
        _localise_command(sub)


def _choice_metavar(shown: str | None) -> str | None:
    """``<a|b|c>`` stays as ``a|b|c``; anything unknown keeps typer's text."""
    if shown and shown.startswith("<") and shown.endswith(">"):
        return shown[1:-1]
    return shown


def _format_usage(self: Any, ctx: Any, formatter: Any) -> None:
    formatter.write_usage(
        ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix=USAGE_PREFIX
    )


# -- usage errors ----------------------------------------------------------------
def _param_hint(param: Any) -> str:
    opts = [o for o in getattr(param, "opts", []) if o.startswith("--")] or list(
        getattr(param, "opts", [])
    )
    short = [o for o in getattr(param, "opts", []) if not o.startswith("--")]
    if getattr(param, "param_type_name", "") == "argument":
        return f"argumentet {(param.name or '').upper()}"
    text = opts[0] if opts else str(getattr(param, "name", ""))
    if short and short[0] != text:
        text += f" ({short[0]})"
    return f"tilvalget {text}"


def _choices(param: Any) -> list[str]:
    desc = getattr(param, "type_descriptor", None)
    if desc is None or not getattr(desc, "is_choice", False) or not desc.choices:
        return []
    return [str(getattr(c, "value", c)) for c in desc.choices]


def _or_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " eller " + items[-1]


def _bad_value(exc: Any) -> str:
    param = getattr(exc, "param", None)
    hint = _param_hint(param) if param is not None else "en værdi"
    cause = exc.__cause__
    errors = cause.errors() if hasattr(cause, "errors") else []
    given = errors[0].get("input") if errors else None
    choices = _choices(param)
    if choices:
        value = f"'{given}' " if given is not None else ""
        suggestion = difflib.get_close_matches(str(given or ""), choices, n=1, cutoff=0.5)
        guess = f"; mente du {suggestion[0]}?" if suggestion else ""
        return f"ugyldig værdi {value}for {hint}: brug {_or_list(choices)}{guess}"
    kind = errors[0].get("type", "") if errors else ""
    ctx = errors[0].get("ctx", {}) if errors else {}
    value = f"'{given}' " if given is not None else ""
    if kind.startswith("int") or kind.startswith("float"):
        return f"ugyldig værdi {value}for {hint}: skal være et tal"
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        limit = next(iter(ctx.values()), "")
        word = "mindst" if kind.startswith("greater") else "højst"
        return f"ugyldig værdi {value}for {hint}: skal være {word} {limit}"
    return f"ugyldig værdi {value}for {hint}"


def _unknown_command(exc: Any) -> str | None:
    match = re.match(r"No such command '([^']+)'", getattr(exc, "message", ""))
    if not match:
        return None
    name = match.group(1)
    ctx = getattr(exc, "ctx", None)
    known = sorted(getattr(ctx.command, "commands", {})) if ctx else []
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
    guess = f"; mente du {close[0]}?" if close else ""
    return f"ukendt kommando '{name}'{guess} Kommandoerne er: {', '.join(known)}."


def usage_message(exc: Any) -> str:
    """One short Danish line for a usage error from typer/click, with a pointer to ``-h``."""
    kind = type(exc).__name__
    message = getattr(exc, "message", str(exc))
    if kind == "MissingParameter":
        param = getattr(exc, "param", None)
        text = f"{_param_hint(param)} mangler" if param is not None else "der mangler en værdi"
        choices = _choices(param)
        if choices:
            text += f" (brug {_or_list(choices)})"
    elif kind == "NoSuchOption":
        option = getattr(exc, "option_name", "")
        close = difflib.get_close_matches(option, list(getattr(exc, "possibilities", None) or []))
        text = f"ukendt tilvalg {option}" + (f"; mente du {close[0]}?" if close else "")
    elif kind == "BadParameter":
        text = _bad_value(exc)
    elif kind == "BadOptionUsage":
        option = getattr(exc, "option_name", "")
        if "requires" in message and "argument" in message:
            text = f"tilvalget {option} skal have en værdi"
        elif "does not take a value" in message:
            text = f"tilvalget {option} tager ingen værdi"
        else:
            text = f"forkert brug af tilvalget {option}"
    elif kind == "BadArgumentUsage" or message.startswith("Got unexpected extra argument"):
        extra = re.search(r"\(([^()]*)\)\.?$", message)
        text = "for mange argumenter" + (f": {extra.group(1)}" if extra else "")
    elif kind == "FileError":
        text = f"filen '{getattr(exc, 'filename', '')}' kan ikke åbnes"
    elif message.startswith("Missing command"):
        text = "angiv en kommando"
    else:
        text = _unknown_command(exc) or f"ugyldigt kald ({message})"
    ctx = getattr(exc, "ctx", None)
    path = ctx.command_path if ctx is not None else "casereview"
    if not text.endswith((".", "?")):
        text += "."
    return f"{text} Se '{path} -h' for hjælp."
