"""Escaping text for Textual's markup.

Textual 8 reads any ``[WORD]`` as a style tag, so the masked identifiers in
case text (``[CPR]``, ``[TLF]``) vanished from the screen with rich's
``escape``, which only escapes lower-case tags. Every opening bracket is
escaped here, so case text, notes and names always show as written.
"""

from __future__ import annotations


def escape(text: str) -> str:
    """``text`` shown literally inside Textual markup."""
    return text.replace("[", "\\[")
