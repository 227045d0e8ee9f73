"""A sentence splitter for Danish case documents.

spaCy's blank Danish pipeline has no sentence splitter, and the plain
``sentencizer`` joins an empty heading with the next line
(*"Borgerens ønsker:\\nIkke udfyldt\\nRessourcer: …"* becomes one sentence, so a
forward *ikke* reaches the next heading). Here every line is a sentence of
its own unless it is a wrapped continuation (PDF print-outs), a heading is
always a sentence of its own, and inside a line a sentence ends at ``.!?``
before a capital letter, except after abbreviations such as *bl.a.*, *jf.*.

The boundaries are computed on the raw text with regular expressions and set
on the Doc with one array write, so the cost per token is close to zero.
"""

from __future__ import annotations

import re

import numpy
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from casereview.engine.components import RuleSetComponent, ruleset_loader
from casereview.engine.loader import RuleSet
from casereview.engine.sections import SectionMatcher, doc_text

_END = re.compile(r"[.!?…]+[\"»”'’)]*\s+(?=[\"»„“(]?[A-ZÆØÅ0-9])")
_LINE_END_CLOSED = re.compile(r"[.!?:;\"»”)…]\s*$")
_BULLET = re.compile(r"^\s*(?:[-•*–·]|\d{1,2}[.)])\s+")
_LAST_WORD = re.compile(r"(\S+)$")


def sentence_starts(
    text: str, abbreviations: frozenset[str], heading_cuts: list[int] | None = None
) -> list[int]:
    """Character offsets where sentences start (the first is always 0)."""
    starts = {0}
    pos = 0
    prev_open = False  # the previous non-empty line ran on without closing punctuation
    for raw in text.split("\n"):
        line_start = pos
        pos += len(raw) + 1
        content = raw.strip()
        if not content:
            prev_open = False
            continue
        lead = line_start + (len(raw) - len(raw.lstrip()))
        continuation = prev_open and content[0].islower() and not _BULLET.match(raw)
        if not continuation:
            starts.add(lead)
        for match in _END.finditer(raw):
            before = raw[: match.start() + 1]
            word = _LAST_WORD.search(before)
            if word and word.group(1).lower() in abbreviations:
                continue
            starts.add(line_start + match.end())
        prev_open = not _LINE_END_CLOSED.search(content)
    for cut in heading_cuts or ():
        starts.add(cut)
    return sorted(s for s in starts if s < len(text))


def set_sentence_starts(doc: Doc, starts: list[int]) -> None:
    """Mark the tokens at these character offsets as sentence starts (one array write)."""
    if not len(doc):
        return
    idx = doc.to_array([IDX]).astype(numpy.int64).ravel()
    flags = numpy.full(len(doc), -1, dtype=numpy.int64)
    positions = numpy.searchsorted(idx, numpy.asarray(starts, dtype=numpy.int64))
    positions = positions[positions < len(doc)]
    flags[positions] = 1
    flags[0] = 1
    doc.from_array([SENT_START], flags.reshape(-1, 1).astype(numpy.uint64))


class SentenceSplitter(RuleSetComponent):
    """Pipeline component setting sentence starts; uses ``doc._.cr_sections`` when present."""

    def _build(self, ruleset: RuleSet) -> None:
        self.abbreviations = ruleset.wordlists.get("abbreviations", frozenset())
        self.sections = SectionMatcher(ruleset)

    def __call__(self, doc: Doc) -> Doc:
        self.ready()
        text = doc_text(doc)
        sections = doc._.cr_sections
        if sections is None:
            sections = self.sections.find(text)
        cuts = [c for s in sections for c in (s.heading_start, s.body_start)]
        set_sentence_starts(doc, sentence_starts(text, self.abbreviations, cuts))
        return doc


@Language.factory("casereview_sentences", default_config={"rules_dir": None, "lexicons_dir": None})
def make_sentences(
    nlp: Language, name: str, rules_dir: str | None, lexicons_dir: str | None
) -> SentenceSplitter:
    return SentenceSplitter(ruleset_loader(rules_dir, lexicons_dir))
