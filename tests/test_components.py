"""Each pipeline component alone, on Docs from a blank Danish pipeline."""

from __future__ import annotations

import pytest
import spacy

from casereview.engine.matching import Match, resolve_overlaps
from casereview.engine.patterns import PatternError, compile_pattern, parse_pattern
from casereview.engine.registry import get_ruleset
from casereview.engine.sections import SectionMatcher
from casereview.engine.sentences import sentence_starts


def _sentences(text: str) -> list[str]:
    nlp = spacy.blank("da")
    nlp.add_pipe("casereview_sentences")
    return [s.text.strip() for s in nlp(text).sents if s.text.strip()]


def test_sentences_respect_danish_abbreviations():
    text = "Han har bl.a. arbejdet som smed, jf. journalen. Hun går til f.eks. yoga ca. hver uge. Ny sætning."
    assert _sentences(text) == [
        "Han har bl.a. arbejdet som smed, jf. journalen.",
        "Hun går til f.eks. yoga ca. hver uge.",
        "Ny sætning.",
    ]


def test_sentences_split_lines_headings_and_bullets():
    text = "Borgerens ønsker:\nIkke udfyldt\nRessourcer: Kreativ.\n- punkt et\n- punkt to"
    assert _sentences(text) == [
        "Borgerens ønsker:",
        "Ikke udfyldt",
        "Ressourcer:",
        "Kreativ.",
        "- punkt et",
        "- punkt to",
    ]


def test_sentences_join_wrapped_pdf_lines():
    text = "Hun har været indlagt i\nperioden og ønsker nu at komme hjem.\nNy linje."
    assert _sentences(text) == [
        "Hun har været indlagt i\nperioden og ønsker nu at komme hjem.",
        "Ny linje.",
    ]


def test_sentence_starts_keeps_quotes_together():
    text = 'Han siger: "Jeg vil gerne arbejde." Han er træt.'
    starts = sentence_starts(text, frozenset())
    assert [text[s : s + 3] for s in starts] == ["Han", "Han"]


def test_sections_recognise_heading_styles():
    matcher = SectionMatcher(get_ruleset())
    text = (
        "BORGERENS ØNSKER OG MÅL\nUdfyldes senere.\n\n"
        "2. Ressourcer\nKreativ.\n\n"
        "## Netværk\nEn søster.\n"
        "Opfølgning: Om 3 måneder.\n"
        "Helbred — Diabetes.\n"
        "Interesser | Strik\n"
    )
    sections = matcher.find(text)
    assert [(s.title, s.category, s.status) for s in sections] == [
        ("BORGERENS ØNSKER OG MÅL", "hwd", "placeholder"),
        ("Ressourcer", "resources", "filled"),
        ("Netværk", "network", "filled"),
        ("Opfølgning", "follow_up", "filled"),
        ("Helbred", "professional", "filled"),
        ("Interesser", "resources", "filled"),
    ]


def test_heading_directly_followed_by_heading_is_empty():
    matcher = SectionMatcher(get_ruleset())
    sections = matcher.find("Borgerens ønsker og mål:\nRessourcer:\nHar kørekort.")
    assert [s.status for s in sections] == ["empty", "filled"]


def test_template_help_text_is_a_placeholder():
    matcher = SectionMatcher(get_ruleset())
    (section,) = matcher.find(
        "Borgerens ønsker for fremtiden:\n(beskrivelse med borgerens egne ord)\n"
    )
    assert section.status == "placeholder"


def test_speech_is_not_an_inline_heading():
    matcher = SectionMatcher(get_ruleset())
    assert matcher.find('Hun siger: "Jeg vil gerne."') == []


def test_overlap_resolution_is_deterministic_on_ties():
    a = Match("T", "b.rule", 0, 2, 0)
    b = Match("T", "a.rule", 1, 3, 0)
    c = Match("T", "c.rule", 1, 3, 5)
    assert (
        resolve_overlaps([a, b]) == resolve_overlaps([b, a]) == [a]
    )  # same length: earlier start wins
    assert resolve_overlaps([a, c]) == [c]  # same length: higher priority wins
    longer = Match("P", "z.pseudo", 0, 4, 0)
    assert resolve_overlaps([a, b, longer]) == [longer]


def test_pattern_syntax():
    from spacy.strings import StringStore

    strings = StringStore()
    vil, gap, gerne = compile_pattern("vil *0..2 gerne", {}, strings)
    assert vil.ids == {strings["vil"]} and (gap.kind, gap.min, gap.max) == ("gap", 0, 2)
    mixed, optional = compile_pattern("@x|b a?", {"x": frozenset({"c"})}, strings)
    assert mixed.ids == {strings["b"], strings["c"]} and optional.optional
    for bad in ("", "*2 ord", "ord *3", "a? b?", "re:(", "a *3..1 b"):
        try:
            parse_pattern(bad)
        except PatternError:
            continue
        raise AssertionError(f"accepted {bad!r}")


def test_findings_component_alone():
    nlp = spacy.blank("da")
    nlp.add_pipe("casereview_findings")
    doc = nlp("Hun drømmer om at få en hund.")
    assert doc._.cr_flags["hwd"] is True
    assert [f.text for f in doc._.cr_findings if f.indicator == "hwd"] == ["drømmer om"]


def test_lemma_component_sets_lookup_lemmas():
    nlp = spacy.blank("da")
    nlp.add_pipe("casereview_lemmas")
    doc = nlp("Borgeren ønsker drømme")
    assert [t.lemma_ for t in doc] == ["borger", "ønske", "drøm"]


def test_lemma_table_missing_is_a_danish_error_naming_the_extra(monkeypatch):
    from casereview.engine import lemmas
    from casereview.errors import RuleFileError

    def missing(name):
        raise ModuleNotFoundError(name)

    lemmas.lemma_table.cache_clear()
    lemmas._inverse_table.cache_clear()
    monkeypatch.setattr(lemmas.resources, "files", missing)
    try:
        with pytest.raises(RuleFileError, match=r"casereview\[lemmas\]"):
            lemmas.expand_lemma("ønske")
    finally:
        lemmas.lemma_table.cache_clear()
        lemmas._inverse_table.cache_clear()
