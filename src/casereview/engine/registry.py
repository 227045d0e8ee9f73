"""One loaded :class:`RuleSet` per (rules, lexicons) pair, shared by all components.

spaCy factories take JSON-serialisable config only, so components receive the
directories and look the rule set up here; it is loaded and validated once.
"""

from __future__ import annotations

from pathlib import Path

from casereview.engine.loader import RuleSet, load_ruleset

_CACHE: dict[tuple[str, str], RuleSet] = {}


def _key(rules_dir: str | Path | None, lexicons_dir: str | Path | None) -> tuple[str, str]:
    return (
        str(Path(rules_dir).resolve()) if rules_dir else "",
        str(Path(lexicons_dir).resolve()) if lexicons_dir else "",
    )


def get_ruleset(
    rules_dir: str | Path | None = None, lexicons_dir: str | Path | None = None
) -> RuleSet:
    """The validated rule set for these directories (``None``: the shipped rules)."""
    key = _key(rules_dir, lexicons_dir)
    if key not in _CACHE:
        _CACHE[key] = load_ruleset(
            Path(rules_dir) if rules_dir else None, Path(lexicons_dir) if lexicons_dir else None
        )
    return _CACHE[key]
