"""One spaCy Matcher for all targets, pseudo-triggers and context cues.

All patterns of a rule set are compiled into a single Matcher, so a document
is scanned once. Overlaps are then resolved deterministically, as the users
of medspaCy asked for (medspacy#232): the longest match wins, then the higher
priority, then the earlier start, then the id in alphabetical order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy
from spacy.attrs import SENT_START
from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from casereview.engine.loader import RuleSet
from casereview.engine.patterns import compile_pattern
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


@dataclass(frozen=True, slots=True)
class Match:
    """A resolved match: what it is (``T`` target, ``P`` pseudo, ``C`` cue), its id and token span."""

    type: str
    id: str
    start: int
    end: int
    priority: int = 0

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass(slots=True)
class DocMatches:
    targets: dict[str, list[Match]]  # indicator -> targets and pseudo-triggers, resolved
    cues: dict[str, list[Match]]  # category -> cues, resolved
    sent_ids: numpy.ndarray  # sentence number per token


def _lemma_expander():
    from casereview.engine.lemmas import expand_lemma

    return expand_lemma


def resolve_overlaps(matches: Iterable[Match]) -> list[Match]:
    """Keep non-overlapping matches: longest, then priority, then earliest, then id (deterministic)."""
    ordered = sorted(matches, key=lambda m: (-m.length, -m.priority, m.start, m.type, m.id))
    taken: list[Match] = []
    occupied: set[int] = set()
    for match in ordered:
        span = range(match.start, match.end)
        if any(i in occupied for i in span):
            continue
        occupied.update(span)
        taken.append(match)
    return sorted(taken, key=lambda m: (m.start, m.end, m.id))


def _resolve_per_id(matches: list[Match]) -> list[Match]:
    by_id: dict[str, list[Match]] = {}
    for match in matches:
        by_id.setdefault(match.id, []).append(match)
    return sorted((m for group in by_id.values() for m in resolve_overlaps(group)), key=lambda m: (m.start, m.id))


def sentence_ids(doc: Doc) -> numpy.ndarray:
    """Sentence number of every token, from the SENT_START column."""
    if not len(doc):
        return numpy.zeros(0, dtype=numpy.int64)
    starts = doc.to_array([SENT_START]).astype(numpy.int64).ravel()
    starts[0] = 1
    return numpy.cumsum(starts == 1) - 1


class RuleMatcher:
    """Compiled patterns of one rule set."""

    def __init__(self, ruleset: RuleSet, vocab: Vocab) -> None:
        self.ruleset = ruleset
        self.matcher = Matcher(vocab, validate=True)
        self.terms: dict[str, TermInfo] = {}
        self.pseudo: dict[str, Pseudo] = {p.id: p for p in ruleset.pseudo}
        self.cues: dict[str, Cue] = {c.id: c for c in ruleset.cues}
        expander = _lemma_expander() if self._uses_lemmas() else None
        wordlists = ruleset.wordlists
        group_rules: dict[str, list[str]] = {}
        for rule in ruleset.rules:
            for group in rule.term_groups:
                group_rules.setdefault(group, []).append(rule.id)
        for name, group in ruleset.term_groups.items():
            for term in group.terms:
                self.terms[term.id] = TermInfo(
                    id=term.id,
                    indicators=tuple(group_rules.get(name, ())),
                    kind=term.kind or group.kind,
                    temporality=term.temporality,
                    mention_only=group.mention_only if term.mention_only is None else term.mention_only,
                    priority=term.priority,
                    not_after=_words(term.not_after, wordlists),
                    counts_experiencer=tuple(e.value for e in term.counts_experiencer) if term.counts_experiencer else None,
                    only_after=_words(term.only_after, wordlists) if term.only_after else None,
                )
                self._add("T", term.id, term.patterns, wordlists, expander)
        for pseudo in ruleset.pseudo:
            self._add("P", pseudo.id, pseudo.patterns, wordlists, expander)
        for cue in ruleset.cues:
            patterns = list(cue.patterns)
            if cue.patterns_from:
                patterns += [p for t in ruleset.term_groups[cue.patterns_from].terms for p in t.patterns]
            self._add("C", cue.id, patterns, wordlists, expander)

    @staticmethod
    def _context_ok(doc: Doc, info: TermInfo, start: int, sent: numpy.ndarray) -> bool:
        """Check the term's not_after / only_after constraints on the preceding token."""
        if not info.not_after and info.only_after is None:
            return True
        prev = doc[start - 1].lower_ if start > 0 and sent[start - 1] == sent[start] else None
        if prev is not None and prev in info.not_after:
            return False
        if info.only_after is not None and (prev is None or prev not in info.only_after):
            return False
        return True

    def _uses_lemmas(self) -> bool:
        rs = self.ruleset
        patterns = [p for g in rs.term_groups.values() for t in g.terms for p in t.patterns]
        patterns += [p for c in rs.cues for p in c.patterns] + [p for s in rs.pseudo for p in s.patterns]
        return any(tok.startswith("~") for p in patterns for tok in p.split())

    def _add(self, prefix: str, ident: str, patterns: list[str], wordlists, expander) -> None:
        compiled = [compile_pattern(p, wordlists, expander) for p in patterns]
        self.matcher.add(f"{prefix}|{ident}", compiled)

    def __call__(self, doc: Doc, generic_spans: list[tuple[int, int]]) -> DocMatches:
        """Match the document; drop targets inside headings and matches that cross sentences."""
        sent = sentence_ids(doc)
        strings = doc.vocab.strings
        targets: dict[str, list[Match]] = {}
        cues: dict[str, list[Match]] = {}
        generic = _token_mask(doc, generic_spans)
        for key, start, end in self.matcher(doc):
            if sent[start] != sent[end - 1]:
                continue
            prefix, ident = strings[key].split("|", 1)
            if prefix == "T":
                if generic is not None and generic[start:end].any():
                    continue
                info = self.terms[ident]
                if not self._context_ok(doc, info, start, sent):
                    continue
                for indicator in info.indicators:
                    targets.setdefault(indicator, []).append(Match("T", ident, start, end, info.priority))
            elif prefix == "P":
                pseudo = self.pseudo[ident]
                for indicator in pseudo.indicators:
                    targets.setdefault(indicator, []).append(Match("P", ident, start, end, pseudo.priority))
            else:
                cue = self.cues[ident]
                cues.setdefault(cue.category.value, []).append(Match("C", ident, start, end, cue.priority))
        return DocMatches(
            targets={k: resolve_overlaps(v) for k, v in targets.items()},
            # Cues are pruned only against variants of the same cue: two different cues on
            # one word may apply to different targets, and both must survive (medspacy#232).
            cues={k: _resolve_per_id(v) for k, v in cues.items()},
            sent_ids=sent,
        )


def _words(names: list[str], wordlists) -> frozenset[str]:
    """Expand word-list names (or literal words) into one set of lower-case words."""
    out: set[str] = set()
    for name in names:
        out |= wordlists.get(name, {name.lower()})
    return frozenset(out)


def _token_mask(doc: Doc, char_spans: list[tuple[int, int]]) -> numpy.ndarray | None:
    """Boolean mask of the tokens that lie inside the given character spans."""
    if not char_spans:
        return None
    from spacy.attrs import IDX

    idx = doc.to_array([IDX]).astype(numpy.int64).ravel()
    mask = numpy.zeros(len(doc), dtype=bool)
    for start, end in char_spans:
        lo = numpy.searchsorted(idx, start)
        hi = numpy.searchsorted(idx, end)
        mask[lo:hi] = True
    return mask
