"""Property: an identifier in any layout, anywhere in Danish text, never survives masking.

The generated text has no digits of its own, so the assertion is strict: after
masking, no digit is left at all and exactly one tag was put in.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casereview.ingest.masking import mask, valid_date

WORDS = (
    "borgeren ønsker at få sin egen lejlighed og hun har en søster som hun ser hver uge "
    "han drømmer om et arbejde tlf ring til mail cpr personnummer kontakt mødet aftalt "
    "Ressourcer: Netværk — god til at lave mad. – støtte, jf. bl.a. f.eks. § SEL"
).split()

DASHES = ["-", "\u2010", "\u2011", "\u2013", "\u2014", "\u2212", "\ufe63", "\uff0d"]
SPACES = [" ", "\u00a0", "\u2009", "\u202f", "\u2007"]


@st.composite
def cpr(draw) -> str:
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, 31).filter(lambda d: valid_date(d, month)))
    day += draw(st.sampled_from([0, 0, 0, 60]))
    year = draw(st.integers(1900, 2025))
    yy = f"{year}" if draw(st.booleans()) else f"{year % 100:02d}"
    date_sep = draw(st.sampled_from(["", ".", "-", "/", " ", "\u00a0"]))
    gap = draw(
        st.sampled_from(
            ["", " ", "/", "_", " | ", "\n", "\r\n"]
            + DASHES
            + SPACES
            + [f"{s}{d}{s}" for s in (" ", "\u00a0") for d in ("-", "\u2013")]
            + ["-\n", "\u2011\n", "\n-"]
        )
    )
    serial = f"{draw(st.integers(0, 9999)):04d}"
    invisible = draw(st.sampled_from(["", "", "\u200b", "\u00ad"]))
    body = f"{day:02d}{date_sep}{month:02d}{date_sep}{yy}{gap}{serial}"
    if invisible:
        cut = draw(st.integers(1, len(body) - 1))
        body = body[:cut] + invisible + body[cut:]
    label = draw(st.sampled_from(["", "", "CPR ", "CPRnr", "cpr.nr. ", "personnr_", "cpr: "]))
    return label + body


@st.composite
def phone(draw) -> str:
    # First digit 4-9: never a date (ddmmyyyy), a year pair, a clock time or an amount.
    digits = str(draw(st.integers(4, 9))) + "".join(str(draw(st.integers(0, 9))) for _ in range(7))
    grouping = draw(st.sampled_from([(2, 2, 2, 2), (4, 4), (3, 2, 3), (8,)]))
    sep = draw(st.sampled_from([" ", "-", ".", "\u00a0", "\u2011"]))
    parts, at = [], 0
    for size in grouping:
        parts.append(digits[at : at + size])
        at += size
    prefix = draw(st.sampled_from(["", "", "+45 ", "0045 ", "(+45) ", "tlf. ", "mobil: "]))
    return prefix + sep.join(parts)


@st.composite
def email(draw) -> str:
    local = draw(st.from_regex(r"[a-zæøå][a-zæøå0-9._-]{0,12}[a-zæøå0-9]", fullmatch=True))
    domain = draw(st.from_regex(r"[a-z][a-z0-9-]{1,10}\.(?:dk|com|org)", fullmatch=True))
    at = draw(st.sampled_from(["@", " (at) ", "[at]", " [at] ", "\uff20"]))
    return f"{local}{at}{domain}"


def _in_text(draw, identifier: str) -> str:
    before = draw(st.lists(st.sampled_from(WORDS), max_size=12))
    after = draw(st.lists(st.sampled_from(WORDS), max_size=12))
    left = draw(st.sampled_from([" ", "\n", " (", ": ", "\t", " «"]))
    right = draw(st.sampled_from([" ", "\n", ").", ", ", ".\n", "»"]))
    return " ".join(before) + left + identifier + right + " ".join(after)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_no_cpr_survives(data):
    text = _in_text(data.draw, data.draw(cpr()))
    result = mask(text)
    assert not any(ch.isdigit() for ch in result.text), (text, result.text)
    assert result.counts == {"cpr": 1}, (text, result.text)


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_no_phone_survives(data):
    text = _in_text(data.draw, data.draw(phone()))
    result = mask(text)
    assert not any(ch.isdigit() for ch in result.text), (text, result.text)
    assert result.counts == {"phone": 1}, (text, result.text)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_no_email_survives(data):
    address = data.draw(email())
    text = _in_text(data.draw, address)
    result = mask(text)
    assert result.counts == {"email": 1}, (text, result.text)
    assert address.split("@")[0].split(" ")[0].split("[")[0] not in result.text.split(), (
        text,
        result.text,
    )
