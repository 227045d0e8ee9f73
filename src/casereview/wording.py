"""Danish wording shared by every output: plural forms and one number format.

A consultant reads *1 sag*, *2 sager* and *0,89*, in the terminal, in Excel
and in the report alike; every place that prints a count or a decimal goes
through these functions so the forms cannot drift apart.
"""

from __future__ import annotations

# singular -> plural, for the nouns casereview counts.
PLURALS = {
    "sag": "sager",
    "dokument": "dokumenter",
    "runde": "runder",
    "kommune": "kommuner",
    "fund": "fund",
    "CPR-nummer": "CPR-numre",
    "telefonnummer": "telefonnumre",
    "e-mailadresse": "e-mailadresser",
    "bedømmer": "bedømmere",
    "vurdering": "vurderinger",
    "fil": "filer",
    "procentpoint": "procentpoint",
    "logpost": "logposter",
    "afgørelse": "afgørelser",
    "note": "noter",
    "beslutning om fund": "beslutninger om fund",
    "konflikt": "konflikter",
    "afsnit": "afsnit",
}


def plural(count: int, singular: str) -> str:
    """``1 sag``, ``2 sager``: the count with the right form of the noun."""
    return f"{count} {singular if count == 1 else PLURALS.get(singular, singular + 'er')}"


def thousands(count: int) -> str:
    """A whole number as Danes write it: 37.680.000."""
    return f"{count:,}".replace(",", ".")


def decimal(value: float | None, digits: int = 2, missing: str = "–") -> str:
    """A number with a decimal comma (``0,89``), as Danish readers and Excel expect."""
    if value is None:
        return missing
    return f"{value:.{digits}f}".replace(".", ",")


def percent(share: float | None, missing: str = "–") -> str:
    """A share as whole percent (``58 %``)."""
    return missing if share is None else f"{share * 100:.0f} %"


def signed(value: float | None, digits: int = 0, unit: str = "", missing: str = "–") -> str:
    """A change with its sign and a decimal comma (``+12 pp``, ``-0,5``)."""
    if value is None:
        return missing
    text = f"{value:+.{digits}f}".replace(".", ",")
    return f"{text} {unit}".rstrip()
