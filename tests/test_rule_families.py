"""Behaviour per rule family, on new sentences written to the guidelines' hard cases."""

from __future__ import annotations

import pytest

from tests.cases import HWD_FALSE, HWD_TRUE, LONG_DOCUMENTS, RESOURCES_FALSE, RESOURCES_TRUE


def _flat(groups: dict[str, list[str]]) -> list[tuple[str, str]]:
    return [(family, text) for family, texts in groups.items() for text in texts]


def _why(result, indicator: str) -> str:
    return "; ".join(f"{f.text!r}:{f.reason}" for f in result.findings if f.indicator == indicator)


@pytest.mark.parametrize("text", HWD_TRUE)
def test_hwd_true(engine, text):
    result = engine.score(text)
    assert result.flags["hwd"], _why(result, "hwd")


@pytest.mark.parametrize(("family", "text"), _flat(HWD_FALSE))
def test_hwd_false(engine, family, text):
    result = engine.score(text)
    assert not result.flags["hwd"], f"{family}: {_why(result, 'hwd')}"


@pytest.mark.parametrize("text", RESOURCES_TRUE)
def test_resources_true(engine, text):
    result = engine.score(text)
    assert result.flags["resources"], _why(result, "resources")


@pytest.mark.parametrize(("family", "text"), _flat(RESOURCES_FALSE))
def test_resources_false(engine, family, text):
    result = engine.score(text)
    assert not result.flags["resources"], f"{family}: {_why(result, 'resources')}"


def test_negated_wish_content_is_still_a_wish(engine):
    result = engine.score("Borgeren ønsker ikke at bo på bosted igen.")
    (finding,) = [f for f in result.findings if f.indicator == "hwd"]
    assert finding.counts and not finding.negated


def test_negated_existence_is_marked_with_its_cue(engine):
    result = engine.score("Han siger, at han ikke har nogen drømme længere.")
    (finding,) = [f for f in result.findings if f.indicator == "hwd"]
    assert finding.negated and not finding.counts
    assert any(c.category == "negated" for c in finding.cues)
    assert finding.reason == "negated"


@pytest.mark.parametrize(
    ("text", "experiencer"),
    [
        ("Kommunen ønsker en vurdering.", "professional"),
        ("Moren ønsker, at han flytter hjem.", "relative"),
        ("Det er personalets ønske, at hun deltager.", None),
        ("Derfor ønsker han at flytte.", "citizen"),
        ("Henvendelsen kommer fra hans søster, som ønsker, at han får et botilbud.", "relative"),
        ("Vi håber, at hun tager imod tilbuddet.", "professional"),
    ],
)
def test_experiencer(engine, text, experiencer):
    findings = [
        f for f in engine.score(text).findings if f.indicator == "hwd" and f.source == "term"
    ]
    if experiencer is None:
        assert not any(f.counts for f in findings)
    else:
        assert findings and findings[0].experiencer == experiencer


@pytest.mark.parametrize(
    ("text", "temporality"),
    [
        ("Som ung drømte han om at blive kok.", "historical"),
        ("Han drømte om at blive kok.", "historical"),
        ("Han fortalte, at han drømte om at blive kok.", "current"),
        ("Det skal undersøges, hvilke ønsker hun har.", "hypothetical"),
        ("Hun drømmer om at blive kok.", "current"),
    ],
)
def test_temporality(engine, text, temporality):
    findings = [
        f for f in engine.score(text).findings if f.indicator == "hwd" and f.source == "term"
    ]
    assert findings[0].temporality == temporality


def test_past_experience_counts_as_resource(engine):
    result = engine.score("Han arbejdede tidligere som buschauffør i tolv år.")
    assert result.flags["resources"]


def test_sleep_dreams_are_set_aside_with_reason(engine):
    result = engine.score("Hun vågner ofte af dårlige drømme.")
    (finding,) = [f for f in result.findings if f.indicator == "hwd"]
    assert finding.reason == "sleep" and not finding.counts


def test_pseudo_trigger_is_shown_not_counted(engine):
    result = engine.score("Han flyttede efter eget ønske.")
    (finding,) = [f for f in result.findings if f.indicator == "hwd"]
    assert finding.source == "pseudo" and not finding.counts and finding.text == "efter eget ønske"


def test_empty_heading_followed_by_heading_is_empty(engine):
    result = engine.score("Borgerens ønsker:\nRessourcer: Er kreativ.")
    hwd = [f for f in result.findings if f.indicator == "hwd"]
    assert [f.reason for f in hwd] == ["empty_heading"]
    assert result.flags["resources"]


def test_every_finding_names_rule_and_cues(engine):
    result = engine.score("Han siger, at han ikke har nogen drømme. Kommunen ønsker en vurdering.")
    for finding in result.findings:
        assert finding.rule
        assert all(c.id and c.text for c in finding.cues)


@pytest.mark.parametrize(("text", "hwd", "resources"), LONG_DOCUMENTS)
def test_long_documents(engine, text, hwd, resources):
    result = engine.score(text)
    assert (result.flags["hwd"], result.flags["resources"]) == (hwd, resources), (
        _why(result, "hwd"),
        _why(result, "resources"),
    )
