"""Findings as spaCy spans: ``doc.spans["casereview"]`` and ``Span._`` attributes.

Each finding is a :class:`~spacy.tokens.Span` labelled with its indicator in
the span group ``casereview``, in the order of ``doc._.cr_findings``. Its
attributes are read through registered extensions, in the style of
medspaCy's ``is_negated``/``is_historical`` (prefixed ``cr_`` so that they
never clash with medspaCy's own in the same pipeline):

==========================  ==================================================
``span._.cr_finding``       the :class:`~casereview.engine.findings.Finding`
``span._.cr_counts``        counts toward the indicator's flag
``span._.cr_is_negated``    the existence is denied
``span._.cr_is_historical`` past only
``span._.cr_is_hypothetical`` not yet settled
``span._.cr_experiencer``   citizen, professional, relative or other
``span._.cr_temporality``   current, historical or hypothetical
``span._.cr_reason``        why it counts or not (``casereview.values.Reason``)
``span._.cr_rule``          the rule that found it
``span._.cr_cues``          the cues that changed it (id, category, words)
``span._.cr_section``       the template heading it sits under
``span._.cr_detail``        what decided it, when a word says it
==========================  ==================================================

A span covers whole tokens; the finding keeps the exact character offsets.
The values live in the finding, not in ``doc.user_data``, so findings of two
indicators over the same words never overwrite each other.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from spacy.tokens import Doc, Span

from casereview.engine.findings import Finding

SPAN_KEY = "casereview"


def span_finding(span: Span) -> Finding | None:
    """The finding behind a span of the ``casereview`` group (None for any other span)."""
    findings = span.doc._.cr_findings
    index = span.id
    if not findings or not 0 <= index < len(findings):
        return None
    finding = findings[index]
    if finding.indicator != span.label_:
        return None
    if finding.end <= span.start_char or finding.start >= span.end_char:
        return None
    return finding


def _attribute(read: Callable[[Finding], Any]) -> Callable[[Span], Any]:
    def getter(span: Span) -> Any:
        finding = span_finding(span)
        return None if finding is None else read(finding)

    return getter


SPAN_ATTRIBUTES: dict[str, Callable[[Finding], Any]] = {
    "cr_counts": lambda f: f.counts,
    "cr_is_negated": lambda f: f.negated,
    "cr_is_historical": lambda f: f.temporality == "historical",
    "cr_is_hypothetical": lambda f: f.temporality == "hypothetical",
    "cr_experiencer": lambda f: f.experiencer,
    "cr_temporality": lambda f: f.temporality,
    "cr_reason": lambda f: f.reason,
    "cr_rule": lambda f: f.rule,
    "cr_cues": lambda f: list(f.cues),
    "cr_section": lambda f: f.section,
    "cr_detail": lambda f: f.detail,
}

if not Span.has_extension("cr_finding"):
    Span.set_extension("cr_finding", getter=span_finding)
for _name, _read in SPAN_ATTRIBUTES.items():
    if not Span.has_extension(_name):
        Span.set_extension(_name, getter=_attribute(_read))


def set_finding_spans(doc: Doc, findings: list[Finding]) -> None:
    """Put one span per finding into ``doc.spans["casereview"]``, in the findings' order."""
    spans = []
    for index, finding in enumerate(findings):
        span = doc.char_span(
            finding.start,
            finding.end,
            label=finding.indicator,
            alignment_mode="expand",
            span_id=index,
        )
        if span is not None:
            spans.append(span)
    doc.spans[SPAN_KEY] = spans
