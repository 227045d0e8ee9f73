"""Masking of CPR numbers, phone numbers and e-mail addresses before storage."""

from __future__ import annotations

import pytest

from casereview.ingest.masking import mask


@pytest.mark.parametrize(
    "cpr",
    [
        "010190-1234",
        "0101901234",
        "010190 1234",
        "01.01.90-1234",
        "010190 - 1234",
        "311299-0000",
        "610190-1234",
    ],
)
def test_cpr_forms_are_masked(cpr):
    result = mask(f"Borgerens cpr.nr. er {cpr}.")
    assert result.text == "Borgerens cpr.nr. er [CPR]."
    assert result.counts == {"cpr": 1}


def test_numbers_without_modulus_11_are_masked():
    # 010190-1235 fails the old modulus-11 check; numbers issued since 2007 need not pass it.
    assert mask("010190-1235").text == "[CPR]"


@pytest.mark.parametrize(
    "phone", ["22 33 44 55", "22334455", "2233 4455", "+45 22 33 44 55", "0045 22334455"]
)
def test_phone_numbers_are_masked(phone):
    assert mask(f"Ring på {phone} efter kl. 10.").text == "Ring på [TLF] efter kl. 10."


def test_email_is_masked():
    result = mask("Skriv til anne.b-hansen@kommune.dk i dag.")
    assert result.text == "Skriv til [EMAIL] i dag." and result.counts == {"email": 1}


@pytest.mark.parametrize(
    "text",
    [
        "Dato: 14.03.2024",
        "SEL § 85",
        "8-10 genstande",
        "cpr.nr. xxxxxx-xxxx",
        "991390-1234",
        "kl. 10.30",
    ],
)
def test_ordinary_numbers_are_left(text):
    assert mask(text).text == text
