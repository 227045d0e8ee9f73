"""The engine as spaCy components: findings as spans, attributes in ``Span._``, a pipeline that saves.

``nlp.to_disk(path)`` followed by ``spacy.load(path)`` must give the same
findings on every gold document, also after the rule folders the pipeline
was built from are gone (the components carry their rules). The components
also work when added by name to one's own Danish pipeline, as the README
shows.
"""

from __future__ import annotations

import shutil

import pytest
import spacy

from casereview.engine.spans import SPAN_KEY
from casereview.evaluation import read_gold
from casereview.paths import default_lexicons_dir, default_rules_dir
from tests.conftest import DATA

TEXT = (
    "Borgerens ønsker:\nHan har ingen ønsker for fremtiden lige nu. Som ung drømte han om at "
    "blive pilot. Hun drømmer om at få en hund.\n\nRessourcer:\nHun er god til at tegne.\n"
)


def _gold_texts() -> list[str]:
    return [doc.text for path in sorted(DATA.glob("*.jsonl")) for doc in read_gold(path)]


def _findings(nlp, text: str) -> tuple[dict, list[dict]]:
    doc = nlp(text)
    spans = doc.spans[SPAN_KEY]
    return dict(doc._.cr_flags), [s._.cr_finding.to_json() for s in spans]


def test_findings_are_spans_with_their_attributes(engine):
    doc = engine.nlp(TEXT)
    spans = list(doc.spans[SPAN_KEY])
    assert [s._.cr_finding for s in spans] == doc._.cr_findings
    assert spans, "the text has findings"
    for span in spans:
        finding = span._.cr_finding
        assert span.label_ == finding.indicator
        assert span.start_char <= finding.start < finding.end <= span.end_char
        assert span._.cr_counts == finding.counts
        assert span._.cr_reason == finding.reason
        assert span._.cr_rule == finding.rule
    negated = next(s for s in spans if s.text == "ønsker" and s._.cr_reason == "negated")
    assert negated._.cr_is_negated and not negated._.cr_counts
    assert [c.text for c in negated._.cr_cues][0] == "ingen"
    past = next(s for s in spans if s.text.startswith("drømte"))
    assert past._.cr_is_historical and past._.cr_temporality == "historical"
    dog = next(s for s in spans if s.text.startswith("drømmer"))
    assert dog._.cr_counts and dog._.cr_experiencer == "citizen" and not dog._.cr_is_negated
    # A span that is not one of ours has no finding, and no attribute values.
    other = doc[0:2]
    assert other._.cr_finding is None and other._.cr_counts is None


@pytest.mark.slow
def test_saved_pipeline_gives_identical_findings_on_the_gold_sets(tmp_path):
    from casereview.engine import Engine

    rules, lexicons = tmp_path / "regler", tmp_path / "leksikoner"
    shutil.copytree(default_rules_dir(), rules)
    shutil.copytree(default_lexicons_dir(), lexicons)
    original = Engine(rules, lexicons).nlp
    original.to_disk(tmp_path / "pipeline")
    shutil.rmtree(rules)  # the saved pipeline must carry its rules, not point at them
    shutil.rmtree(lexicons)
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.pipe_names == original.pipe_names
    texts = _gold_texts()
    assert len(texts) > 400
    for text in texts:
        assert _findings(loaded, text) == _findings(original, text)


def test_components_added_to_ones_own_danish_pipeline(engine):
    nlp = spacy.blank("da")
    nlp.add_pipe("casereview_sections")
    nlp.add_pipe("casereview_sentences")
    nlp.add_pipe("casereview_findings")
    for text in [TEXT, *_gold_texts()[:40]]:
        assert _findings(nlp, text) == _findings(engine.nlp, text)
