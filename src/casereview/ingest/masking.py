"""Masking identifiers before anything is stored.

Matching runs on a *normalised view* of the text, so that the forms people
and case systems actually produce are caught: every dash variant (non-breaking
hyphen, en/em dash, minus sign) reads as ``-``, every space variant (NBSP,
thin and narrow spaces) as a space, zero-width characters and soft hyphens
vanish, and other scripts' digits read as ASCII digits. A CPR number may be
split by a line break or a table-cell join (``060572 | 7406``), since Word
paragraphs, table cells and PDF lines all end up as lines. Only the matched
spans are replaced in the original text: the rest of the text, including the
em dashes the section detector reads, is stored as written.

CPR numbers are found in every date layout (``ddmmyy``, ``dd.mm.yy``,
``dd/mm/yy``, ``dd-mm-yy``, four-digit years), with or without a separator
before the serial, also glued to a label (``CPRnr010472-7318``). There is no
modulus-11 check, since numbers issued since 2007 need not pass it, but the
date must exist (replacement numbers add 60 to the day). Phone numbers are
eight digits grouped by one consistent separator (space, dash or dot),
optionally after +45/0045; e-mail addresses also in the obfuscated forms
``navn (at) kommune.dk`` and ``"quoted name"@host``.

Masking errs on the side of masking, with exceptions for numbers that are
demonstrably something else: valid dates (``15032024``, ``14.03.2024``),
year lists (``2019 2020``), amounts (``12.345.678``, ``12 345 678 kr``),
time ranges (``12.03.24 1400-1530``) and numbers labelled as CVR, case,
journal or account numbers. A label such as *tlf.* in front always masks.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from casereview.errors import printable

TAGS = {"cpr": "[CPR]", "phone": "[TLF]", "email": "[EMAIL]"}

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u2043"
_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"


_SPECIAL = re.compile("[" + _DASHES + _SPACES + _INVISIBLE + "\t\r\u2028\u2029\uff20]|[^\\D0-9]")
_ONE_TO_ONE = {
    **{c: "-" for c in _DASHES},
    **{c: " " for c in _SPACES},
    "\t": " ",
    "\r": "\n",
    "\u2028": "\n",
    "\u2029": "\n",
    "\uff20": "@",  # full-width at sign
}


def _ascii(char: str) -> str:
    if char in _INVISIBLE:
        return ""
    return _ONE_TO_ONE.get(char) or str(unicodedata.decimal(char, 0))


@dataclass(frozen=True)
class NormalisedView:
    """The text as matched, and for each of its characters the index in the original."""

    text: str
    origin: Sequence[int]


def normalise(text: str) -> NormalisedView:
    """Map dash, space and digit variants to ASCII and drop invisible characters."""
    if not _SPECIAL.search(text):
        return NormalisedView(text, range(len(text)))
    if not any(c in text for c in _INVISIBLE):  # one character for one: offsets unchanged
        return NormalisedView(_SPECIAL.sub(lambda m: _ascii(m.group()), text), range(len(text)))
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        mapped = _ascii(char) if _SPECIAL.match(char) else char
        if mapped:
            out.append(mapped)
            origin.append(index)
    return NormalisedView("".join(out), origin)


# Between the birth date and the serial: a dash, slash, underscore or table-cell bar,
# spaces, and one line break (or a CRLF read as two) (a CPR split over two lines or two cells).
_GAP = r"[ ]{0,3}[-/_|]?[ ]{0,3}(?:\n\n?[ ]{0,3}[-|]?[ ]{0,3})?"
_DATE_SEP = r"[-./ ]?"
_CPR = re.compile(
    rf"(?<![0-9])(?P<dd>[0-9]{{2}}){_DATE_SEP}(?P<mm>[0-9]{{2}}){_DATE_SEP}"
    rf"(?P<yy>(?:19|20)?[0-9]{{2}}){_GAP}(?P<serial>[0-9]{{4}})"
    r"(?![0-9])(?![ ]?-[ ]?[0-9])(?![.,][0-9])",
    re.ASCII,
)
_PHONE = re.compile(
    r"(?<![0-9A-Za-z])(?<![0-9][.,])(?P<prefix>(?:\+[ ]?|00)45[ ]?|\(\+?45\)[ ]?)?"
    r"(?P<body>[0-9](?:[ .-]?[0-9]){7})(?![0-9])(?![.,-][0-9])",
    re.ASCII,
)
_DOMAIN = r"[\w-]+(?:(?:\.|[ ]?[(\[{][ ]?(?:dot|punktum)[ ]?[)\]}][ ]?)[\w-]+)*"
_AT = r"(?:@|[ ]?[(\[{][ ]?(?:at|snabel-a)[ ]?[)\]}][ ]?)"
_OBFUSCATED_AT = re.compile(r"[(\[{][ ]?(?:at|snabel-a)[ ]?[)\]}]", re.IGNORECASE)
_EMAIL = re.compile(
    rf'(?:"[^"\n@]{{1,64}}"|(?<![\w.+-])[\w.+-]*\w){_AT}{_DOMAIN}',
    re.IGNORECASE,
)

_PHONE_LABEL = re.compile(
    r"(?:tlf|telefon|mobil|mob|tel|fax|sms|ring(?:es)?(?:\s+på)?)\.?(?:\s*-?nr\.?|\s*nummer)?[\s:.]*$",
    re.IGNORECASE,
)
_OTHER_NUMBER_LABEL = re.compile(
    r"(?:\b(?:cvr|ean)(?:[-\s]?(?:nr|nummer))?|\bsagsnummer|\b(?:se|sags?|sag\s|journal|j\.\s?|p|"
    r"konto|reg\.?\s?|faktura|ordre|kunde|bilags?|dokument|id|løbe)[-\s]?(?:nr|nummer|id|no))"
    r"\.?[\s:#.-]*$",
    re.IGNORECASE,
)
_AMOUNT_AFTER = re.compile(r"[ ]?(?:kr\b|kroner|dkk|,-|,[0-9]{2}\b|euro|€)", re.IGNORECASE)
_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def valid_date(day: int, month: int) -> bool:
    """A day and month that exist in some year (29 February included)."""
    return 1 <= month <= 12 and 1 <= day <= _DAYS[month - 1]


def _valid_cpr(match: re.Match) -> bool:
    day, month = int(match["dd"]), int(match["mm"])
    if day > 60:  # replacement numbers (erstatningspersonnumre) add 60 to the day
        day -= 60
    return valid_date(day, month)


def _is_date(digits: str, separators: set[str]) -> bool:
    """Eight digits that read as ddmmyyyy (``15032024``, ``14.03.2024``)."""
    day, month, year = int(digits[:2]), int(digits[2:4]), int(digits[4:])
    return len(separators) <= 1 and valid_date(day, month) and 1900 <= year <= 2099


def _is_years(body: str) -> bool:
    """Two years side by side (``2019 2020``, ``2019-2020``)."""
    parts = re.split(r"[ .-]", body)
    return len(parts) == 2 and all(len(p) == 4 and 1900 <= int(p) <= 2099 for p in parts)


def _is_time_range(body: str) -> bool:
    """``1400-1530``: two clock times joined by a dash."""
    parts = body.split("-")
    return len(parts) == 2 and all(
        len(p) == 4 and int(p[:2]) <= 24 and int(p[2:]) < 60 for p in parts
    )


def _is_amount(body: str, after: str) -> bool:
    """Thousands grouping (``12.345.678``), or spaces grouping followed by kr."""
    if re.fullmatch(r"[0-9]{1,3}(?:\.[0-9]{3})+", body):
        return True
    return bool(re.fullmatch(r"[0-9]{1,3}(?: [0-9]{3})+", body)) and bool(
        _AMOUNT_AFTER.match(after)
    )


def _keep_phone(match: re.Match, text: str) -> bool:
    """True when an eight-digit candidate is demonstrably not a phone number."""
    before = text[max(0, match.start() - 30) : match.start()]
    if _PHONE_LABEL.search(before):
        return False
    body = match["body"]
    separators = set(re.findall(r"[ .-]", body))
    if match["prefix"]:
        return len(separators) > 1
    digits = re.sub(r"[^0-9]", "", body)
    after = text[match.end() : match.end() + 8]
    return (
        len(separators) > 1  # ``10.00-12.00``: a time range, not a grouping
        or _is_date(digits, separators)
        or _is_years(body)
        or _is_time_range(body)
        or _is_amount(body, after)
        or bool(_OTHER_NUMBER_LABEL.search(before))
    )


@dataclass
class MaskResult:
    text: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


Span = tuple[int, int, str]


def _spans(view: str) -> list[Span]:
    """(start, end, kind) in the normalised view, without overlaps, in order."""
    found: list[Span] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e, _ in found)

    if "@" in view or _OBFUSCATED_AT.search(view):  # the e-mail pattern is the slow one
        for m in _EMAIL.finditer(view):
            found.append((m.start(), m.end(), "email"))
    for m in _CPR.finditer(view):
        if _valid_cpr(m) and free(m.start(), m.end()):
            found.append((m.start(), m.end(), "cpr"))
    for m in _PHONE.finditer(view):
        if free(m.start(), m.end()) and not _keep_phone(m, view):
            found.append((m.start(), m.end(), "phone"))
    return sorted(found)


def mask(text: str) -> MaskResult:
    """Replace CPR numbers, phone numbers and e-mail addresses by tags; count each kind."""
    view = normalise(text)
    counts: dict[str, int] = {}
    pieces: list[str] = []
    cursor = 0
    for start, end, kind in _spans(view.text):
        first, last = view.origin[start], view.origin[end - 1] + 1
        pieces.append(text[cursor:first])
        pieces.append(TAGS[kind])
        counts[kind] = counts.get(kind, 0) + 1
        cursor = last
    pieces.append(text[cursor:])
    return MaskResult("".join(pieces), counts)


def mask_text(text: str) -> str:
    """The masked text alone: for names, notes and other short strings."""
    return mask(text).text


def pseudonym(reference: str) -> str:
    """A case reference without identifiers: kept when clean, else a stable pseudonym.

    Control characters and escape sequences are removed and the name is NFC
    (``sag-å`` typed two ways is one case). A folder named
    ``Jens Hansen 010190-1234`` becomes ``sag-`` and ten hex
    digits of its hash, the same on every machine and every import, so a
    second import of the same folder finds the same case.
    """
    clean = unicodedata.normalize("NFC", printable(reference).strip())
    if not mask(clean).counts:
        return clean
    key = " ".join(normalise(clean).text.split())  # dash and space variants hash alike
    return "sag-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:10]


Masker = Callable[[str], MaskResult]
