"""What the review screens' symbols and key names mean, in one place.

The case list, the case screen and the help screen all draw from here, so a
symbol means the same everywhere and the help's legend cannot drift from
what the screens show.
"""

from __future__ import annotations

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
    ("understreget", "Håb, ønsker og drømme i teksten (orange)"),
    ("kursiv", "Ressourcer i teksten (blå)"),
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
