"""The Danish lemma lookup table from spacy-lookups-data (optional: ``casereview[lemmas]``).

Two uses, measured against each other in ``benchmarks/bench_engine.py``:

* :func:`expand_lemma` turns ``~lemma`` pattern tokens into every surface form
  the table maps to that lemma, once, at compile time (the default: scoring
  then needs no lemma at all);
* the ``casereview_lemmas`` component sets ``token.lemma_`` for every token,
  for users who want lemmas on the Doc (and for the comparison).

The table ignores part of speech and has known errors (*med -> mede*), and it
is case-sensitive: tokens are lower-cased before lookup.
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc

from casereview.errors import RuleFileError


@lru_cache(maxsize=1)
def lemma_table() -> dict[str, str]:
    """The surface form -> lemma table (about 550,000 entries; loaded once, lazily)."""
    try:
        data = resources.files("spacy_lookups_data") / "data" / "da_lemma_lookup.json.gz"
    except ModuleNotFoundError:
        raise RuleFileError(
            "~lemma-mønstre og komponenten casereview_lemmas kræver den danske lemmatabel "
            "fra spacy-lookups-data; installer den med: pip install 'casereview[lemmas]'"
        ) from None
    with data.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as handle:
        return json.load(handle)


@lru_cache(maxsize=1)
def _inverse_table() -> dict[str, frozenset[str]]:
    inverse: dict[str, set[str]] = {}
    for form, lemma in lemma_table().items():
        inverse.setdefault(lemma, set()).add(form)
    return {lemma: frozenset(forms) for lemma, forms in inverse.items()}


def expand_lemma(lemma: str) -> set[str]:
    """All lower-case surface forms whose lemma is ``lemma`` (and the lemma itself)."""
    return {f.lower() for f in _inverse_table().get(lemma, frozenset())} | {lemma}


class LookupLemmatizer:
    """Set ``token.lemma_`` from the lookup table, on lower-cased forms."""

    def __init__(self) -> None:
        self.table = lemma_table()

    def __call__(self, doc: Doc) -> Doc:
        table = self.table
        for token in doc:
            lower = token.lower_
            token.lemma_ = table.get(lower, lower)
        return doc


@Language.factory("casereview_lemmas")
def make_lemmatizer(nlp: Language, name: str) -> LookupLemmatizer:
    return LookupLemmatizer()
