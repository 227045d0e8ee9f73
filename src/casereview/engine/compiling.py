"""Compiling a rule set's patterns into the indexes the matcher scans.

Every pattern of the targets, pseudo-triggers and context cues is compiled
once (:func:`~casereview.engine.patterns.compile_pattern`) and indexed by the
words that can start it (:class:`PatternIndex`); the terms' constraints are
resolved into :class:`TermInfo`. What happens per document is in
:mod:`casereview.engine.matching`.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.vocab import Vocab

from casereview.engine.loader import RuleSet
from casereview.engine.patterns import CompiledToken, compile_pattern
from casereview.engine.schema import Cue, Kind, Pseudo, Temporality


@dataclass(frozen=True, slots=True)
class TermInfo:
    id: str
    indicators: tuple[str, ...]
    kind: Kind
    temporality: Temporality | None
    mention_only: bool
    priority: int
    not_after: frozenset[str] = frozenset()
    counts_experiencer: tuple[str, ...] | None = None
    only_after: frozenset[str] | None = None
    needs_subject: bool = False
    not_before: frozenset[str] = frozenset()


def _lemma_expander():
    from casereview.engine.lemmas import expand_lemma

    return expand_lemma


class PatternIndex:
    """Compiled patterns indexed by the words that can start them."""

    def __init__(self, strings) -> None:
        self.strings = strings
        self.patterns: list[tuple[str, tuple[CompiledToken, ...]]] = []
        # Word sets each pattern cannot match without: a sentence lacking one is skipped.
        self.required: list[tuple[frozenset[int], ...]] = []
        # Patterns that are a fixed run of words (no gap, optional or regex) take a fast path.
        self.fixed: list[bool] = []
        self.by_first: dict[int, list[int]] = {}
        self.regex_first: list[int] = []
        # Per word hash: the regex-first patterns that can start there (filled as words are seen).
        self._regex_starts: dict[int, list[int]] = {}
        self.case_sensitive = False

    def add(self, key: str, tokens: tuple[CompiledToken, ...]) -> None:
        index = len(self.patterns)
        self.patterns.append((key, tokens))
        self.required.append(tuple(t.ids for t in tokens[1:] if t.kind == "in" and not t.optional))
        self.fixed.append(all(t.kind == "in" and not t.optional for t in tokens))
        self.case_sensitive |= any(t.case_sensitive for t in tokens)
        for token in tokens:  # the first set: up to and including the first required token
            if token.kind == "in":
                for word in token.ids:
                    self.by_first.setdefault(word, []).append(index)
            else:
                self.regex_first.append(index)
                break
            if not token.optional:
                break


class CompiledRules:
    """A rule set's patterns, compiled: two indexes (targets and pseudo-triggers; cues),
    the terms' constraints, the pseudo-triggers and the cues by id."""

    def __init__(self, ruleset: RuleSet, vocab: Vocab) -> None:
        self.ruleset = ruleset
        self.strings = vocab.strings
        # Two phases (medspaCy PR #328): targets over the whole document, cues only in
        # the sentences that hold a target.
        self.target_index = PatternIndex(vocab.strings)
        self.cue_index = PatternIndex(vocab.strings)
        self.terms: dict[str, TermInfo] = {}
        self.pseudo: dict[str, Pseudo] = {p.id: p for p in ruleset.pseudo}
        self.cues: dict[str, Cue] = {c.id: c for c in ruleset.cues}
        expander = _lemma_expander() if self._uses_lemmas() else None
        wordlists = ruleset.wordlists
        group_rules: dict[str, list[str]] = {}
        for rule in ruleset.rules:
            for group_name in rule.term_groups:
                group_rules.setdefault(group_name, []).append(rule.id)
        for name, group in ruleset.term_groups.items():
            for term in group.terms:
                self.terms[term.id] = TermInfo(
                    id=term.id,
                    indicators=tuple(group_rules.get(name, ())),
                    kind=term.kind or group.kind,
                    temporality=term.temporality,
                    mention_only=group.mention_only
                    if term.mention_only is None
                    else term.mention_only,
                    priority=term.priority,
                    not_after=_words(term.not_after, wordlists),
                    counts_experiencer=tuple(e.value for e in term.counts_experiencer)
                    if term.counts_experiencer
                    else None,
                    only_after=_words(term.only_after, wordlists) if term.only_after else None,
                    needs_subject=term.needs_subject,
                    not_before=_words(term.not_before, wordlists),
                )
                self._add("T", term.id, term.patterns, wordlists, expander)
        for pseudo in ruleset.pseudo:
            self._add("P", pseudo.id, pseudo.patterns, wordlists, expander)
        for cue in ruleset.cues:
            patterns = list(cue.patterns)
            if cue.patterns_from:
                patterns += [
                    p for t in ruleset.term_groups[cue.patterns_from].terms for p in t.patterns
                ]
            self._add("C", cue.id, patterns, wordlists, expander)

    def _uses_lemmas(self) -> bool:
        rs = self.ruleset
        patterns = [p for g in rs.term_groups.values() for t in g.terms for p in t.patterns]
        patterns += [p for c in rs.cues for p in c.patterns] + [
            p for s in rs.pseudo for p in s.patterns
        ]
        return any(tok.startswith("~") for p in patterns for tok in p.split())

    def _add(self, prefix: str, ident: str, patterns: list[str], wordlists, expander) -> None:
        index = self.cue_index if prefix == "C" else self.target_index
        for pattern in patterns:
            index.add(
                f"{prefix}|{ident}", compile_pattern(pattern, wordlists, self.strings, expander)
            )


def _words(names: list[str], wordlists) -> frozenset[str]:
    """Expand word-list names (or literal words) into one set of lower-case words."""
    out: set[str] = set()
    for name in names:
        out |= wordlists.get(name, {name.lower()})
    return frozenset(out)
