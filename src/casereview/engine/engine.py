"""The engine's public face: text in, :class:`DocumentResult` out.

The CLI, the store and the TUI use only this class; they never touch spaCy.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from casereview.catalogue import Catalogue
from casereview.engine.findings import DocumentResult
from casereview.engine.loader import RuleSet
from casereview.engine.registry import get_ruleset


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
        """Score one text."""
        doc = self.nlp(self._make_doc(text))
        return DocumentResult(doc_id, text, dict(doc._.cr_flags), list(doc._.cr_findings))

    def score_many(
        self, items: Iterable[tuple[str, str]], batch_size: int = 32
    ) -> Iterator[DocumentResult]:
        """Score ``(id, text)`` pairs lazily; memory does not grow with their number."""
        stream = ((self._make_doc(text), doc_id) for doc_id, text in items)
        for doc, doc_id in self.nlp.pipe(stream, as_tuples=True, batch_size=batch_size):
            yield DocumentResult(
                doc_id, doc._.cr_text, dict(doc._.cr_flags), list(doc._.cr_findings)
            )
