"""Refusing regular expressions that backtrack catastrophically.

Python's ``re`` backtracks: ``^(a+)+$`` against thirty a's and a ``!`` tries
about 2^30 ways before it fails, and a lexicon entry like that makes scoring
one word take seconds, then hours. The classic shape is a repeated group
whose body can match using nothing but another repetition (``(a+)+``,
``(\\w*)*``, ``(?:a+b?)+``); such an expression is refused when the rule files
are loaded or checked, with a message saying how to write it instead.
Expressions are parsed with the standard library's own parser, so what is
checked is exactly what ``re`` runs.
"""

from __future__ import annotations

try:  # Python 3.11+
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT}
_ZERO_WIDTH = {_c.AT, _c.ASSERT, _c.ASSERT_NOT}
UNBOUNDED_FROM = 10  # {0,10} and more count as unbounded: 2^10 per attempt is already slow


def _items(subpattern) -> list:
    return list(subpattern.data if hasattr(subpattern, "data") else subpattern)


def _nullable(item) -> bool:
    op, av = item
    if op in _REPEATS:
        return av[0] == 0 or all(_nullable(i) for i in _items(av[2]))
    if op == _c.SUBPATTERN:
        return all(_nullable(i) for i in _items(av[-1]))
    if op == _c.BRANCH:
        return any(all(_nullable(i) for i in _items(alt)) for alt in av[1])
    return op in _ZERO_WIDTH


def _repeats_alone(items: list) -> bool:
    """True when the sequence can match through one unbounded repetition and nothing else."""
    for index, item in enumerate(items):
        others = items[:index] + items[index + 1 :]
        if not all(_nullable(o) for o in others):
            continue
        op, av = item
        if op in _REPEATS and av[1] >= UNBOUNDED_FROM:
            return True
        if op == _c.SUBPATTERN and _repeats_alone(_items(av[-1])):
            return True
        if op == _c.BRANCH and any(_repeats_alone(_items(alt)) for alt in av[1]):
            return True
    return False


def _walk(items: list) -> bool:
    for op, av in items:
        if op in _REPEATS:
            body = _items(av[2])
            if av[1] >= UNBOUNDED_FROM and _repeats_alone(body):
                return True
            if _walk(body):
                return True
        elif op == _c.SUBPATTERN:
            if _walk(_items(av[-1])):
                return True
        elif op == _c.BRANCH:
            if any(_walk(_items(alt)) for alt in av[1]):
                return True
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            if _walk(_items(av[1])):
                return True
    return False


def backtracking_problem(expression: str) -> str | None:
    """A Danish explanation when ``expression`` can backtrack catastrophically, else None."""
    try:
        parsed = _sre_parse.parse(expression)
    except Exception:  # noqa: BLE001 - invalid expressions are reported by re.compile
        return None
    if _walk(_items(parsed)):
        return (
            "en gentagelse inde i en gentagelse (fx (a+)+) kan få søgningen til at tage "
            "timer; skriv den uden den indre gentagelse (fx a+)"
        )
    return None
