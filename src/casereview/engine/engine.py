"""The engine's public face: text in, :class:`DocumentResult` out.

The CLI, the store and the TUI use only this class; they never touch spaCy.

A long document is scored in chunks of at most :data:`CHUNK_CHARS`
characters, cut at a blank line where possible (else a line break, else a
space), with every finding's offsets shifted back into the whole text: spaCy
refuses texts over ``nlp.max_length`` (E088) and its memory grows with the
length of one text. A heading's scope and the document's citizen do not
cross a cut, which at 100,000 characters (about 40 pages) is rare.

In :meth:`Engine.score_many` one document that fails never takes its batch
with it: the batch is scored again one document at a time, and the failing
document goes to ``on_error`` (or raises, when no handler is given).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from casereview.catalogue import Catalogue
from casereview.engine.findings import DocumentResult, Finding
from casereview.engine.loader import RuleSet
from casereview.engine.registry import get_ruleset

CHUNK_CHARS = 100_000

OnError = Callable[[str, Exception], None]


def split_long(text: str, size: int | None = None) -> list[tuple[int, str]]:
    """(offset, piece) covering ``text`` in order, each piece at most ``size`` characters."""
    size = size or CHUNK_CHARS
    pieces: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = min(start + size, len(text))
        if end < len(text):
            floor = start + size // 2
            for separator in ("\n\n", "\n", " "):
                cut = text.rfind(separator, floor, end)
                if cut != -1:
                    end = cut + len(separator)
                    break
        pieces.append((start, text[start:end]))
        start = end
    return pieces


def _shifted(findings: list[Finding], offset: int) -> list[Finding]:
    for finding in findings:
        finding.start += offset
        finding.end += offset
        for cue in finding.cues:
            cue.start += offset
            cue.end += offset
    return findings


class Engine:
    """A loaded rule set and pipeline. Build once, score many documents."""

    def __init__(
        self,
        rules_dir: str | Path | None = None,
        lexicons_dir: str | Path | None = None,
        model: str | None = None,
        lemmatize: bool = False,
    ) -> None:
        # Validate the rule files first: a broken file is reported before spaCy loads.
        self.ruleset: RuleSet = get_ruleset(rules_dir, lexicons_dir)
        from casereview.engine.pipeline import build_pipeline

        self.nlp = build_pipeline(rules_dir, lexicons_dir, model=model, lemmatize=lemmatize)
        self.model = model

    @property
    def version(self) -> str:
        """Engine version and rule-set hash: what a stored score was made with."""
        return self.ruleset.engine_version

    @property
    def indicators(self) -> list[str]:
        return self.ruleset.indicator_ids

    @property
    def catalogue(self) -> Catalogue:
        """How this engine's indicators are shown (from its rule files)."""
        return self.ruleset.catalogue

    def _make_doc(self, text: str):
        # The components need the text many times; Doc.text rebuilds it from every token.
        doc = self.nlp.make_doc(text)
        doc._.cr_text = text
        return doc

    def score(self, text: str, doc_id: str = "") -> DocumentResult:
        """Score one text (in chunks when it is long)."""
        if len(text) <= CHUNK_CHARS:
            doc = self.nlp(self._make_doc(text))
            return DocumentResult(doc_id, text, dict(doc._.cr_flags), list(doc._.cr_findings))
        flags = dict.fromkeys(self.indicators, False)
        findings: list[Finding] = []
        for offset, piece in split_long(text):
            doc = self.nlp(self._make_doc(piece))
            findings.extend(_shifted(list(doc._.cr_findings), offset))
            for indicator, flag in doc._.cr_flags.items():
                flags[indicator] = flags.get(indicator, False) or flag
        return DocumentResult(doc_id, text, flags, findings)

    def score_many(
        self,
        items: Iterable[tuple[str, str]],
        batch_size: int = 32,
        on_error: OnError | None = None,
    ) -> Iterator[DocumentResult]:
        """Score ``(id, text)`` pairs lazily; memory does not grow with their number."""
        batch: list[tuple[str, str]] = []
        for item in items:
            batch.append(item)
            if len(batch) >= batch_size:
                yield from self._score_batch(batch, on_error)
                batch = []
        if batch:
            yield from self._score_batch(batch, on_error)

    def _score_batch(
        self, batch: list[tuple[str, str]], on_error: OnError | None
    ) -> list[DocumentResult]:
        try:
            return list(self._pipe(batch))
        except Exception:  # noqa: BLE001 - find the one document to blame, below
            pass
        results = []
        for doc_id, text in batch:
            try:
                results.append(self.score(text, doc_id))
            except Exception as exc:
                if on_error is None:
                    raise
                on_error(doc_id, exc)
        return results

    def _pipe(self, batch: list[tuple[str, str]]) -> Iterator[DocumentResult]:
        short = ((self._make_doc(t), i) for i, t in batch if len(t) <= CHUNK_CHARS)
        piped = self.nlp.pipe(short, as_tuples=True, batch_size=len(batch))
        for doc_id, text in batch:
            if len(text) > CHUNK_CHARS:
                yield self.score(text, doc_id)
                continue
            doc, _ = next(piped)
            yield DocumentResult(doc_id, text, dict(doc._.cr_flags), list(doc._.cr_findings))
