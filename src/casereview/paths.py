"""Where casereview finds its packaged data.

In an installed wheel the rule and lexicon files sit in
``casereview/data/{rules,lexicons}``; in a source checkout (editable install,
tests) they are the top-level ``rules/`` and ``lexicons/`` folders, which are
the files people edit. Both resolve through this one module.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
_SOURCE_ROOT = _PACKAGE_DIR.parent.parent


def _data_dir(name: str) -> Path:
    packaged = _PACKAGE_DIR / "data" / name
    if packaged.is_dir():
        return packaged
    return _SOURCE_ROOT / name


def default_rules_dir() -> Path:
    """The shipped indicator rules."""
    return _data_dir("rules")


def default_lexicons_dir() -> Path:
    """The shipped word lists and cue lists."""
    return _data_dir("lexicons")
