"""Masking identifiers before anything is stored.

CPR numbers are found in every written form (``010190-1234``,
``0101901234``, ``010190 1234``, ``01.01.90-1234``), without a modulus-11
check, since numbers issued since 2007 need not pass it; a valid day and
month is required (replacement numbers add 60 to the day). Danish phone
numbers (eight digits, grouped or not, with or without +45) and e-mail
addresses are masked too. Masking errs on the side of masking: an
eight-digit case number is masked as a phone number rather than risk a
phone number left in place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_CPR = re.compile(
    r"(?<![\d\w])(?P<dd>\d{2})[.\s]?(?P<mm>\d{2})[.\s]?(?P<yy>\d{2})[ \t]?[-–]?[ \t]?(?P<serial>\d{4})(?![\d\w])"
)
_PHONE = re.compile(r"(?<![\d\w])(?:(?:\+|00)45[ \t]?)?\d{2}(?:[ \t]?\d{2}){3}(?![\d\w])")

TAGS = {"cpr": "[CPR]", "phone": "[TLF]", "email": "[EMAIL]"}


@dataclass
class MaskResult:
    text: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _valid_cpr(match: re.Match) -> bool:
    day, month = int(match["dd"]), int(match["mm"])
    if day > 60:  # replacement numbers (erstatningspersonnumre) add 60 to the day
        day -= 60
    return 1 <= day <= 31 and 1 <= month <= 12


def mask(text: str) -> MaskResult:
    """Replace CPR numbers, phone numbers and e-mail addresses by tags; count each kind."""
    counts = {"cpr": 0, "phone": 0, "email": 0}

    def email(m: re.Match) -> str:
        counts["email"] += 1
        return TAGS["email"]

    def cpr(m: re.Match) -> str:
        if not _valid_cpr(m):
            return m.group(0)
        counts["cpr"] += 1
        return TAGS["cpr"]

    def phone(m: re.Match) -> str:
        counts["phone"] += 1
        return TAGS["phone"]

    text = _EMAIL.sub(email, text)
    text = _CPR.sub(cpr, text)
    text = _PHONE.sub(phone, text)
    return MaskResult(text, {k: v for k, v in counts.items() if v})
