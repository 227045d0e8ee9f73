"""Property tests: any text scores without error and every offset slices the original text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

DANISH_BITS = st.sampled_from(
    [
        "Borgerens ønsker:",
        "Ressourcer:",
        "ikke",
        "ønsker",
        "drømmer om",
        "vil gerne",
        "Udfyldes senere",
        "\n",
        "\n\n",
        "  ",
        ".",
        ",",
        "»",
        "«",
        '"',
        "æøå",
        "ÆØÅ",
        "## ",
        "1. ",
        "- ",
        "|",
        "\t",
        "bl.a.",
        "Han",
        "hun",
        "kan selv",
        "er god til",
        "mareridt",
        "🙂",
        "\u00a0",
        "\r\n",
        "Kommunen",
        "(hjælpetekst)",
        "—",
        ":",
    ]
)
TEXTS = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(DANISH_BITS, st.text(max_size=8)), max_size=60).map(" ".join),
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=TEXTS)
def test_any_text_scores_and_offsets_slice(engine, text):
    result = engine.score(text)
    assert set(result.flags) == set(engine.indicators)
    for finding in result.findings:
        assert 0 <= finding.start <= finding.end <= len(text)
        assert text[finding.start : finding.end] == finding.text
        for cue in finding.cues:
            assert text[cue.start : cue.end] == cue.text
