"""The compact pattern language of the lexicons, compiled to spaCy Matcher patterns.

Writing spaCy token patterns by hand in YAML is verbose and error prone; the
lexicons use one string per pattern instead (syntax in
:mod:`casereview.engine.schema`). Matching is on the lower-cased surface form
(``LOWER``): ``~lemma`` tokens are expanded into surface forms once, when the
rules are compiled, so no per-token lemma lookup is needed while scoring.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

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


def compile_pattern(
    pattern: str,
    wordlists: Mapping[str, frozenset[str]],
    expand_lemma: LemmaExpander | None = None,
) -> list[dict]:
    """Compile one pattern string into a spaCy Matcher pattern."""
    out: list[dict] = []
    for spec in parse_pattern(pattern):
        token: dict
        if spec.op == "any":
            # Gaps never cross a sentence start: a finding lives in one sentence.
            token = {"IS_SENT_START": False, "OP": f"{{{spec.min},{spec.max}}}"}
            out.append(token)
            continue
        if spec.op == "words":
            words: set[str] = set()
            for value in spec.values:  # "@list|word" mixes a word list with single words
                words |= wordlists[value[1:]] if value.startswith("@") else {value}
            token = {"LOWER": next(iter(words))} if len(words) == 1 else {"LOWER": {"IN": sorted(words)}}
        elif spec.op == "not":
            token = {"LOWER": {"NOT_IN": list(spec.values)}}
        elif spec.op == "list":
            token = {"LOWER": {"IN": sorted(wordlists[spec.values[0]])}}
        elif spec.op == "lemma":
            forms: set[str] = set(spec.values)
            if expand_lemma is not None:
                for lemma in spec.values:
                    forms |= expand_lemma(lemma)
            token = {"LOWER": {"IN": sorted(forms)}}
        elif spec.op == "regex":
            token = {"LOWER": {"REGEX": spec.values[0]}}
        else:
            token = {"TEXT": {"REGEX": spec.values[0]}}
        if spec.optional:
            token["OP"] = "?"
        out.append(token)
    return out
