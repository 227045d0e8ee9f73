"""The compact pattern language of the lexicons, compiled for :class:`~casereview.engine.matching.PatternIndex`.

Writing token patterns by hand in YAML is verbose and error prone; the
lexicons use one string per pattern instead (syntax in
:mod:`casereview.engine.schema`). Matching is on the lower-cased surface form
(``LOWER`` hashes of the string store): ``~lemma`` tokens are expanded into
surface forms once, when the rules are compiled, so no per-token lemma lookup
is needed while scoring.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from casereview.engine.regex_safety import backtracking_problem

_QUANT = re.compile(r"^\*(?:(\d+)(?:\.\.(\d+))?)?$")


class PatternError(ValueError):
    """A pattern string that cannot be compiled (message in Danish)."""


@dataclass(frozen=True, slots=True)
class TokenSpec:
    """One parsed pattern token."""

    op: str  # "words", "not", "list", "lemma", "regex", "REGEX", "any"
    values: tuple[str, ...] = ()
    optional: bool = False
    min: int = 1
    max: int = 1


def parse_pattern(pattern: str) -> list[TokenSpec]:
    """Parse one pattern string into token specs; raise :class:`PatternError` when it is malformed."""
    parts = pattern.split()
    if not parts:
        raise PatternError("mønsteret er tomt")
    specs = [_parse_token(part) for part in parts]
    if specs[0].op == "any" or specs[-1].op == "any":
        raise PatternError("et mønster må ikke begynde eller slutte med *")
    if all(s.optional for s in specs):
        raise PatternError("mindst ét ord skal være obligatorisk")
    if specs[0].op == "REGEX":
        raise PatternError("et mønster må ikke begynde med RE: (brug re: på små bogstaver)")
    return specs


def _parse_token(part: str) -> TokenSpec:
    quant = _QUANT.match(part)
    if quant:
        low, high = quant.groups()
        if low is None:
            return TokenSpec("any", min=1, max=1)
        if high is None:
            return TokenSpec("any", min=0, max=int(low))
        if int(low) > int(high):
            raise PatternError(f"'{part}': første tal skal være mindst lige så lille som det andet")
        return TokenSpec("any", min=int(low), max=int(high))
    optional = part.endswith("?") and len(part) > 1
    if optional:
        part = part[:-1]
    if part.startswith(("re:", "RE:")):
        expr = part[3:]
        try:
            re.compile(expr)
        except re.error as exc:
            raise PatternError(f"'{part}': ugyldigt regulært udtryk ({exc})") from None
        problem = backtracking_problem(expr)
        if problem:
            raise PatternError(f"'{part}': {problem}")
        return TokenSpec("regex" if part.startswith("re:") else "REGEX", (expr,), optional)
    if part.startswith("@") and "|" not in part:
        return TokenSpec("list", (part[1:],), optional)
    if part.startswith("~"):
        return TokenSpec("lemma", tuple(w.lower() for w in part[1:].split("|")), optional)
    if part.startswith("!"):
        return TokenSpec("not", tuple(w.lower() for w in part[1:].split("|")), optional)
    words = tuple(w.lower() for w in part.split("|"))
    if any(not w for w in words):
        raise PatternError(f"'{part}': tomt alternativ")
    return TokenSpec("words", words, optional)


LemmaExpander = Callable[[str], set[str]]


@dataclass(frozen=True, slots=True)
class CompiledToken:
    """One pattern token over string-store hashes of lower-cased words."""

    kind: str  # "in", "not", "regex" or "gap"
    ids: frozenset[int] = frozenset()
    regex: re.Pattern | None = None
    case_sensitive: bool = False
    optional: bool = False
    min: int = 1
    max: int = 1


def compile_pattern(
    pattern: str,
    wordlists: Mapping[str, frozenset[str]],
    strings,
    expand_lemma: LemmaExpander | None = None,
) -> tuple[CompiledToken, ...]:
    """Compile one pattern string into tokens matched against ``LOWER`` hashes of ``strings``."""
    out: list[CompiledToken] = []
    for spec in parse_pattern(pattern):
        if spec.op == "any":
            out.append(CompiledToken("gap", min=spec.min, max=spec.max))
        elif spec.op in {"regex", "REGEX"}:
            out.append(
                CompiledToken(
                    "regex",
                    regex=re.compile(spec.values[0]),
                    case_sensitive=spec.op == "REGEX",
                    optional=spec.optional,
                )
            )
        else:
            words: set[str] = set()
            if spec.op == "list":
                words = set(wordlists[spec.values[0]])
            elif spec.op == "lemma":
                for lemma in spec.values:
                    words |= expand_lemma(lemma) if expand_lemma else {lemma}
            else:
                for value in spec.values:  # "@list|word" mixes a word list with single words
                    words |= wordlists[value[1:]] if value.startswith("@") else {value}
            ids = frozenset(strings.add(w) for w in words)
            out.append(
                CompiledToken("not" if spec.op == "not" else "in", ids=ids, optional=spec.optional)
            )
    return tuple(out)
