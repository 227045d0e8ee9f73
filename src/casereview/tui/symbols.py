"""What the review screens' symbols and key names mean, in one place.

The case list, the case screen and the help screen all draw from here, so a
symbol means the same everywhere and the help's legend cannot drift from
what the screens show.
"""

from __future__ import annotations

from rich.style import Style

from casereview.catalogue import Catalogue, Indicator

SUGGESTION_SYMBOL = {True: "✓", False: "✗", None: "?"}
COUNTS_SIGN = {True: "+", False: "÷"}

LEGEND: list[tuple[str, str]] = [
    ("✓ / ✗ / ?", "automatisk forslag: fundet / intet fundet / ikke scoret"),
    ("J D N IR", "din vurdering: Ja, Delvist, Nej, Ikke relevant"),
    ("·", "ikke vurderet endnu"),
    ("+", "fundet tæller for indikatoren"),
    ("÷", "fundet tæller ikke (begrundelsen står under listen)"),
    ("✓ / ✗ foran fund", "du har accepteret / afvist fundet"),
    ("E", "din markering (evidens du selv har markeret)"),
    ("gennemstreget", "fund der ikke tæller"),
    ("overstreget", "din markering i teksten"),
]

KEY_NAMES = {
    "question_mark": "?",
    "slash": "/",
    "escape": "Esc",
    "enter": "Enter",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "shift+left": "Shift+←",
    "shift+right": "Shift+→",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "home": "Home",
    "end": "End",
    "ctrl+z": "Ctrl+Z",
}


def key_name(key: str) -> str:
    """The key as printed on a Danish keyboard: ``Esc``, ``↑``, ``PgUp`` rather than textual's ids."""
    return ", ".join(KEY_NAMES.get(k, k) for k in key.split(","))


def highlight_style(info: Indicator) -> Style:
    """An indicator's highlight: its colour from the rule file, black text, and its text style.

    The text attributes (underline, italic) of the rule file's ``terminal_style``
    are kept, so two indicators differ by more than colour for readers who
    cannot tell the colours apart.
    """
    words = Style.parse(info.terminal_style)
    return Style(
        color="black",
        bgcolor=info.colour,
        bold=info.emphasis or None,
        underline=words.underline,
        italic=words.italic,
    )


def indicator_legend(catalogue: Catalogue) -> list[tuple[str, str]]:
    """One legend row per indicator: how its findings look in the text."""
    rows = []
    for info in catalogue:
        style = highlight_style(info)
        look = [w for w, on in (("understreget", style.underline), ("kursiv", style.italic)) if on]
        rows.append(
            (info.short, f"{info.label}: farven {info.colour}" + "".join(f", {w}" for w in look))
        )
    return rows
