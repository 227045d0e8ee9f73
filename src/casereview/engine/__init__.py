"""The rule-based Danish engine: sections, sentences, matching, context, indicators.

Heavy imports (spaCy) happen only when :class:`Engine` is used, so that
``import casereview.engine`` stays cheap for the CLI's fast paths.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from casereview.engine.engine import Engine
    from casereview.engine.findings import DocumentResult, Finding

__all__ = ["DocumentResult", "Engine", "Finding"]


def __getattr__(name: str):
    if name == "Engine":
        from casereview.engine.engine import Engine

        return Engine
    if name in {"DocumentResult", "Finding"}:
        from casereview.engine import findings

        return getattr(findings, name)
    raise AttributeError(name)
