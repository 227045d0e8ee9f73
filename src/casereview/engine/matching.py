"""Matching a document against the compiled rule set (:mod:`casereview.engine.compiling`).

All patterns of a rule set are compiled into one
:class:`~casereview.engine.compiling.PatternIndex`, keyed by the words that
can start each pattern. A document is scanned once (:func:`scan`):
one vectorised ``isin`` over its LOWER hashes finds the few positions where
any pattern can start, and only there are patterns tried (by backtracking
over optional tokens and gaps). spaCy's Matcher starts every pattern at every
token and tests word lists through Python predicates; with a few hundred
patterns that made the engine 16 times slower than the tokenizer
(``benchmarks/bench_engine.py``).

Overlaps are then resolved deterministically, as the users of medspaCy asked
for (medspacy#232): the longest match wins, then the higher priority, then
the earlier start, then the id in alphabetical order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy
from spacy.attrs import IDX, LOWER, ORTH, SENT_START
from spacy.tokens import Doc

from casereview.engine.compiling import CompiledRules, PatternIndex, TermInfo
from casereview.engine.patterns import CompiledToken


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
    cues_by_sentence: dict[int, list[Match]] = field(default_factory=dict)
    sentence_bounds: dict[int, tuple[int, int]] = field(
        default_factory=dict
    )  # sentence -> token (start, end)


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
    return sorted(
        (m for group in by_id.values() for m in resolve_overlaps(group)),
        key=lambda m: (m.start, m.id),
    )


def sentence_ids(doc: Doc) -> numpy.ndarray:
    """Sentence number of every token, from the SENT_START column."""
    if not len(doc):
        return numpy.zeros(0, dtype=numpy.int64)
    starts = doc.to_array([SENT_START]).astype(numpy.int64).ravel()
    starts[0] = 1
    return numpy.cumsum(starts == 1) - 1


@dataclass(slots=True)
class DocArrays:
    """Per-document arrays shared by both matching phases."""

    lower_arr: numpy.ndarray
    lower: list[int]
    orth: list[int] | None
    sent: list[int]
    bounds: dict[int, tuple[int, int]]
    sentence_words: dict[int, set[int]]

    @classmethod
    def of(cls, doc: Doc, sent: list[int], need_orth: bool) -> DocArrays:
        lower_arr = doc.to_array(LOWER).astype(numpy.uint64)
        orth = doc.to_array(ORTH).astype(numpy.uint64).tolist() if need_orth else None
        return cls(lower_arr, lower_arr.tolist(), orth, sent, _sentence_bounds(sent), {})

    def words_of(self, s_id: int) -> set[int]:
        words = self.sentence_words.get(s_id)
        if words is None:
            lo, hi = self.bounds[s_id]
            words = self.sentence_words[s_id] = set(self.lower[lo:hi])
        return words


def _starts(
    index: PatternIndex, arrays: DocArrays, sentences: set[int] | None
) -> list[tuple[int, list[int]]]:
    lower, sent, by_first = arrays.lower, arrays.sent, index.by_first
    # A dict lookup per token beats numpy.isin on documents of a few hundred tokens.
    if sentences is None:
        starts = [(i, by_first[w]) for i, w in enumerate(lower) if w in by_first]
    else:
        starts = [
            (i, by_first[w]) for i, w in enumerate(lower) if w in by_first and sent[i] in sentences
        ]
    if index.regex_first:
        starts += _regex_candidates(index, lower, sent, sentences)
    return starts


def _regex_candidates(
    index: PatternIndex, lower: list[int], sent: list[int], sentences: set[int] | None
):
    """Starts of patterns whose first token is a regex, testing each distinct word once."""
    cache = index._regex_starts
    for word in set(lower) - cache.keys():  # each distinct word is tested once, ever
        text = index.strings[word]
        cache[word] = [
            p
            for p in index.regex_first
            if (t := index.patterns[p][1][0]).kind == "regex"
            and t.regex is not None
            and t.regex.search(text) is not None
            or t.kind == "not"
            and word not in t.ids
        ]
    hits = {w for w in set(lower) if cache[w]}
    if not hits:
        return []
    return [
        (i, cache[w])
        for i, w in enumerate(lower)
        if w in hits and (sentences is None or sent[i] in sentences)
    ]


def scan(
    index: PatternIndex, arrays: DocArrays, sentences: set[int] | None = None
) -> list[tuple[str, int, int]]:
    """All (key, start, end) matches, each inside one sentence (optionally only in ``sentences``)."""
    lower, sent = arrays.lower, arrays.sent
    orth = arrays.orth if arrays.orth is not None else lower
    n = len(lower)
    strings = index.strings
    regex_cache: dict[tuple[int, int], bool] = {}

    def token_ok(token: CompiledToken, pos: int) -> bool:
        if token.kind == "in":
            return lower[pos] in token.ids
        if token.kind == "not":
            return lower[pos] not in token.ids
        word = orth[pos] if token.case_sensitive else lower[pos]
        cache_key = (id(token.regex), word)
        hit = regex_cache.get(cache_key)
        if hit is None:
            assert token.regex is not None
            hit = regex_cache[cache_key] = token.regex.search(strings[word]) is not None
        return hit

    def ends(tokens: tuple[CompiledToken, ...], k: int, pos: int, s_id: int, acc: set[int]) -> None:
        if k == len(tokens):
            acc.add(pos)
            return
        token = tokens[k]
        if token.kind == "gap":
            for width in range(token.min, token.max + 1):
                last = pos + width - 1
                if width and (last >= n or sent[last] != s_id):
                    break
                ends(tokens, k + 1, pos + width, s_id, acc)
            return
        if token.optional:
            ends(tokens, k + 1, pos, s_id, acc)
        if pos < n and sent[pos] == s_id and token_ok(token, pos):
            ends(tokens, k + 1, pos + 1, s_id, acc)

    found: list[tuple[str, int, int]] = []
    required, fixed, patterns = index.required, index.fixed, index.patterns
    possible: dict[tuple[int, int], bool] = {}
    for start, pattern_ids in _starts(index, arrays, sentences):
        s_id = sent[start]
        words = None
        for pattern_id in pattern_ids:
            needs = required[pattern_id]
            if needs:
                ok = possible.get((s_id, pattern_id))
                if ok is None:
                    if words is None:
                        words = arrays.words_of(s_id)
                    ok = True
                    for ids in needs:
                        if ids.isdisjoint(words):
                            ok = False
                            break
                    possible[(s_id, pattern_id)] = ok
                if not ok:
                    continue
            key, tokens = patterns[pattern_id]
            if fixed[pattern_id]:
                end = start + len(tokens)
                if (
                    end <= n
                    and sent[end - 1] == s_id
                    and all(lower[start + j] in tokens[j].ids for j in range(1, len(tokens)))
                ):
                    found.append((key, start, end))
                continue
            acc: set[int] = set()
            ends(tokens, 0, start, s_id, acc)
            found.extend((key, start, end) for end in acc if end > start)
    return found


def _sentence_bounds(sent: list[int]) -> dict[int, tuple[int, int]]:
    """(start, end) token offsets of each sentence number in a non-decreasing list."""
    bounds: dict[int, tuple[int, int]] = {}
    start = 0
    for i in range(1, len(sent) + 1):
        if i == len(sent) or sent[i] != sent[start]:
            bounds[sent[start]] = (start, i)
            start = i
    return bounds


class RuleMatcher(CompiledRules):
    """Matches a rule set's compiled patterns in a document."""

    @staticmethod
    def _context_ok(doc: Doc, info: TermInfo, start: int, sent: list[int]) -> bool:
        """Check the term's not_after / only_after constraints on the preceding token."""
        if not info.not_after and info.only_after is None:
            return True
        prev = doc[start - 1].lower_ if start > 0 and sent[start - 1] == sent[start] else None
        if prev is not None and prev in info.not_after:
            return False
        if info.only_after is not None and (prev is None or prev not in info.only_after):
            return False
        return True

    def __call__(self, doc: Doc, generic_spans: list[tuple[int, int]]) -> DocMatches:
        """Match the document; drop targets inside headings; match cues only where targets are."""
        sent_arr = sentence_ids(doc)
        sent = sent_arr.tolist()
        targets: dict[str, list[Match]] = {}
        cues: dict[str, list[Match]] = {}
        if not len(doc):
            return DocMatches(targets, cues, sent_arr)
        arrays = DocArrays.of(
            doc, sent, self.target_index.case_sensitive or self.cue_index.case_sensitive
        )
        generic = _token_mask(doc, generic_spans)
        target_sentences: set[int] = set()
        for key, start, end in scan(self.target_index, arrays):
            prefix, ident = key.split("|", 1)
            if prefix == "T":
                if generic is not None and generic[start:end].any():
                    continue
                info = self.terms[ident]
                if not self._context_ok(doc, info, start, sent):
                    continue
                for indicator in info.indicators:
                    targets.setdefault(indicator, []).append(
                        Match("T", ident, start, end, info.priority)
                    )
            else:
                pseudo = self.pseudo[ident]
                for indicator in pseudo.indicators:
                    targets.setdefault(indicator, []).append(
                        Match("P", ident, start, end, pseudo.priority)
                    )
            target_sentences.add(sent[start])
        target_sentences |= self._fill_sentences(doc, generic_spans, sent)
        for key, start, end in scan(self.cue_index, arrays, target_sentences):
            cue = self.cues[key.split("|", 1)[1]]
            cues.setdefault(cue.category.value, []).append(
                Match("C", cue.id, start, end, cue.priority)
            )
        # Cues are pruned only against variants of the same cue: two different cues on
        # one word may apply to different targets, and both must survive (medspacy#232).
        resolved_cues = {k: _resolve_per_id(v) for k, v in cues.items()}
        by_sentence: dict[int, list[Match]] = {}
        for resolved in resolved_cues.values():
            for cue_match in resolved:
                by_sentence.setdefault(sent[cue_match.start], []).append(cue_match)
        return DocMatches(
            targets={k: resolve_overlaps(v) for k, v in targets.items()},
            cues=resolved_cues,
            sent_ids=sent_arr,
            cues_by_sentence=by_sentence,
            sentence_bounds=arrays.bounds,
        )

    @staticmethod
    def _fill_sentences(
        doc: Doc, heading_spans: list[tuple[int, int]], sent: list[int]
    ) -> set[int]:
        """The sentences right after each heading: a filled field is checked for cues there."""
        out: set[int] = set()
        if not heading_spans:
            return out
        idx = doc.to_array(IDX).astype(numpy.int64)
        for _, end in heading_spans:
            i = int(numpy.searchsorted(idx, end))
            while i < len(sent) and doc[i].is_space:
                i += 1
            if i < len(sent):
                out.add(sent[i])
        return out


def _token_mask(doc: Doc, char_spans: list[tuple[int, int]]) -> numpy.ndarray | None:
    """Boolean mask of the tokens that lie inside the given character spans."""
    if not char_spans:
        return None
    idx = doc.to_array([IDX]).astype(numpy.int64).ravel()
    mask = numpy.zeros(len(doc), dtype=bool)
    for start, end in char_spans:
        lo = numpy.searchsorted(idx, start)
        hi = numpy.searchsorted(idx, end)
        mask[lo:hi] = True
    return mask
