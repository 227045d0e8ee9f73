"""The case text, read-only, with findings highlighted by character offsets.

A ScrollView that wraps the text itself and renders only the visible lines
(as toolong's LogLines does), each through an LRU cache, so a 50,000-word
document scrolls without lag. Highlights are ``(start, end, style)`` in
Python string offsets, exactly as the engine emits them; Danish letters
shift nothing. A line cursor (arrows) and a marked range, or a mouse
selection, give the character range a reviewer tags as evidence: ``v`` marks
the sentence under the cursor, → and ← extend and shrink its end by a word,
Shift+← and Shift+→ its start, so evidence is a phrase, never cut words.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

_CHUNK = re.compile(r"\S+\s*|\s+")
_WORD = re.compile(r"\S+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def sentence_at(text: str, offset: int) -> tuple[int, int]:
    """The sentence holding ``offset``: within its line, split after ``.!?`` and a space."""
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    line_end = len(text) if line_end < 0 else line_end
    start = line_start
    for match in _SENTENCE_END.finditer(text, line_start, line_end):
        if match.end() > offset:
            return _trim(text, start, match.start())
        start = match.end()
    return _trim(text, start, line_end)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def wrap_offsets(text: str, width: int) -> list[tuple[int, int]]:
    """Visual lines as (start, end) character offsets: words wrapped at ``width``, newlines kept."""
    width = max(width, 8)
    lines: list[tuple[int, int]] = []
    pos = 0
    for paragraph in text.split("\n"):
        start = pos
        end = pos + len(paragraph)
        line_start = start
        line_len = 0
        for match in _CHUNK.finditer(paragraph):
            chunk_start = start + match.start()
            word = match.group(0)
            visible = len(word.rstrip())
            if line_len and line_len + visible > width:
                lines.append((line_start, chunk_start))
                line_start, line_len = chunk_start, 0
            while visible > width:  # a word longer than the line
                lines.append((line_start, line_start + width))
                line_start += width
                visible -= width
                word = word[width:]
                line_len = 0
            line_len += len(word)
        lines.append((line_start, end))
        pos = end + 1
    return lines


class DocumentView(ScrollView, can_focus=True):
    """Scrollable, highlighted, read-only text with a line cursor and a marked range."""

    BINDINGS = [
        Binding("up", "cursor(-1)", "Op", show=False),
        Binding("down", "cursor(1)", "Ned", show=False),
        Binding("pageup", "cursor_page(-1)", "Side op", show=False),
        Binding("pagedown", "cursor_page(1)", "Side ned", show=False),
        Binding("home", "cursor_to(0)", "Start", show=False),
        Binding("end", "cursor_to(-1)", "Slut", show=False),
        Binding("v", "toggle_mark", "Markér sætning", id="mark"),
        Binding("right", "mark_end(1)", "Markering: et ord mere", show=False),
        Binding("left", "mark_end(-1)", "Markering: et ord mindre", show=False),
        Binding("shift+left", "mark_start(-1)", "Markering: et ord mere foran", show=False),
        Binding("shift+right", "mark_start(1)", "Markering: et ord mindre foran", show=False),
    ]

    DEFAULT_CSS = """
    DocumentView { background: $surface; padding: 0 1; }
    """

    COMPONENT_CLASSES = {"document-view--cursor", "document-view--mark", "document-view--search"}

    cursor_line: reactive[int] = reactive(0)
    """The visual line the keyboard cursor is on."""

    def __init__(
        self, text: str = "", highlights: list[tuple[int, int, Style]] | None = None, **kwargs
    ) -> None:
        super().__init__(**kwargs)
        self.text = text
        self._highlights: list[tuple[int, int, Style]] = sorted(
            highlights or [], key=lambda h: h[0]
        )
        self._starts: list[int] = [h[0] for h in self._highlights]
        self._max_len = max((e - s for s, e, _ in self._highlights), default=0)
        self._lines: list[tuple[int, int]] = [(0, len(text))]
        self._line_starts: list[int] = [0]
        self._width = 0
        self._cache: LRUCache[tuple[int, int, Style], Strip] = LRUCache(2048)
        self.mark: tuple[int, int] | None = None  # the marked characters (start, end)
        self._words: list[tuple[int, int]] = []
        self.search_hit: tuple[int, int] | None = None

    # -- content ------------------------------------------------------------
    def set_document(self, text: str, highlights: list[tuple[int, int, Style]]) -> None:
        self.text = text
        self.set_highlights(highlights)
        self.mark = None
        self._words = []
        self.search_hit = None
        self._width = 0
        self._relayout()
        self.cursor_line = 0
        self.scroll_to(y=0, animate=False)

    def set_highlights(self, highlights: list[tuple[int, int, Style]]) -> None:
        self._highlights = sorted(highlights, key=lambda h: h[0])
        self._starts = [h[0] for h in self._highlights]
        self._max_len = max((e - s for s, e, _ in self._highlights), default=0)
        self._cache.clear()
        self.refresh()

    def _relayout(self) -> None:
        width = max(self.scrollable_content_region.width, 20)
        if width == self._width:
            return
        self._width = width
        self._lines = wrap_offsets(self.text, width)
        self._line_starts = [s for s, _ in self._lines]
        self._cache.clear()
        self.virtual_size = Size(width, len(self._lines))
        self.refresh()

    def on_resize(self) -> None:
        self._relayout()

    def on_mount(self) -> None:
        self._relayout()

    # -- offsets --------------------------------------------------------------
    def line_of(self, offset: int) -> int:
        return max(0, bisect_right(self._line_starts, offset) - 1)

    @property
    def cursor_offset(self) -> int:
        return self._lines[min(self.cursor_line, len(self._lines) - 1)][0]

    def selected_range(self) -> tuple[int, int] | None:
        """The characters to tag: the mouse selection, else the mark, else the cursor's sentence."""
        selection = self.text_selection
        if selection is not None and selection.start is not None and selection.end is not None:
            start = self._offset_at(selection.start.y, selection.start.x)
            end = self._offset_at(selection.end.y, selection.end.x)
        elif self.mark is not None:
            start, end = self.mark
        else:
            start, end = sentence_at(self.text, self._cursor_text_offset())
        start, end = _trim(self.text, start, end)
        return (start, end) if end > start else None

    def _cursor_text_offset(self) -> int:
        start, end = self._lines[min(self.cursor_line, len(self._lines) - 1)]
        return _trim(self.text, start, end)[0]

    # -- the mark: a sentence, then word by word ------------------------------------
    def _word_spans(self) -> list[tuple[int, int]]:
        if not self._words and self.text:
            self._words = [m.span() for m in _WORD.finditer(self.text)]
        return self._words

    def _set_mark(self, mark: tuple[int, int] | None) -> None:
        self.mark = mark
        self._cache.clear()
        self.refresh()

    def clear_mark(self) -> None:
        self._set_mark(None)

    def action_mark_end(self, step: int) -> None:
        """Move the mark's end one word right (extend) or left (shrink, never below one word)."""
        if self.mark is None:
            return
        start, end = self.mark
        words = self._word_spans()
        ends = [e for _, e in words]
        if step > 0:
            index = bisect_right(ends, end)
            if index < len(words):
                self._set_mark((start, ends[index]))
        else:
            index = bisect_right(ends, end - 1) - 1  # the word before the last one marked
            if index >= 0 and ends[index] > start:
                self._set_mark((start, ends[index]))

    def action_mark_start(self, step: int) -> None:
        """Move the mark's start one word left (extend) or right (shrink, never below one word)."""
        if self.mark is None:
            return
        start, end = self.mark
        words = self._word_spans()
        starts = [s for s, _ in words]
        if step < 0:
            index = bisect_right(starts, start - 1) - 1
            if index >= 0:
                self._set_mark((starts[index], end))
        else:
            index = bisect_right(starts, start)
            if index < len(words) and starts[index] < end:
                self._set_mark((starts[index], end))

    def _offset_at(self, y: int, x: int) -> int:
        y = max(0, min(y, len(self._lines) - 1))
        start, end = self._lines[y]
        return min(start + max(x, 0), end)

    def get_selection(self, selection):  # Textual's copy-to-clipboard hook
        text = "\n".join(self.text[s:e] for s, e in self._lines)
        return selection.extract(text), "\n"

    def selection_updated(self, selection) -> None:
        self._cache.clear()
        self.refresh()

    # -- movement -------------------------------------------------------------
    def scroll_to_offset(self, offset: int, length: int = 0) -> None:
        """Put the line holding ``offset`` under the cursor, a third from the top."""
        self._relayout()
        self.cursor_line = self.line_of(offset)
        self.scroll_to(
            y=max(0, self.cursor_line - self.scrollable_content_region.height // 3), animate=False
        )

    def watch_cursor_line(self, old: int, new: int) -> None:
        # The cursor is painted at render time, over cached strips: repaint only what moved.
        self.refresh_lines(old)
        self.refresh_lines(new)

    def _move_to(self, line: int) -> None:
        self.cursor_line = max(0, min(line, len(self._lines) - 1))
        height = self.scrollable_content_region.height
        top = self.scroll_offset.y
        if self.cursor_line < top:
            self.scroll_to(y=self.cursor_line, animate=False)
        elif self.cursor_line >= top + height:
            self.scroll_to(y=self.cursor_line - height + 1, animate=False)

    def action_cursor(self, delta: int) -> None:
        self._move_to(self.cursor_line + delta)

    def action_cursor_page(self, direction: int) -> None:
        self._move_to(
            self.cursor_line + direction * max(1, self.scrollable_content_region.height - 1)
        )

    def action_cursor_to(self, line: int) -> None:
        self._move_to(line if line >= 0 else len(self._lines) - 1)

    def action_toggle_mark(self) -> None:
        """Mark the sentence under the cursor (or take the mark away)."""
        if self.mark is not None:
            self.clear_mark()
            return
        start, end = sentence_at(self.text, self._cursor_text_offset())
        self._set_mark((start, end) if end > start else None)

    def on_click(self, event) -> None:
        self._move_to(self.scroll_offset.y + event.y)

    def find(self, needle: str, after: int) -> tuple[int, int] | None:
        """The next case-insensitive match after ``after`` (wrapping around)."""
        if not needle:
            return None
        haystack = self.text.casefold()
        key = needle.casefold()
        index = haystack.find(key, after)
        if index < 0:
            index = haystack.find(key)
        if index < 0:
            return None
        self.search_hit = (index, index + len(needle))
        self._cache.clear()
        self.scroll_to_offset(index)
        return self.search_hit

    # -- rendering ------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        line = scroll_y + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if line >= len(self._lines):
            return Strip.blank(width, base)
        key = (line, width, base)  # the base style changes with focus and theme
        strip = self._cache.get(key)
        if strip is None:
            strip = self._render_visual_line(line, base)
            self._cache[key] = strip
        strip = strip.crop_extend(scroll_x, scroll_x + width, base)
        if line == self.cursor_line and self.has_focus:
            strip = strip.apply_style(self.get_component_rich_style("document-view--cursor"))
        return strip.apply_offsets(scroll_x, line)

    def _render_visual_line(self, line: int, base: Style) -> Strip:
        start, end = self._lines[line]
        text = Text(self.text[start:end].rstrip("\n"), no_wrap=True, end="")
        text.stylize(base)  # first span, lowest priority: findings and marks paint over it
        length = len(text.plain)
        lo = bisect_right(self._starts, start - self._max_len - 1)
        for s, e, style in self._highlights[lo:]:
            if s >= end:
                break
            if e > start:
                text.stylize(style, max(s, start) - start, min(e, end) - start)
        if self.mark and self.mark[0] < end and self.mark[1] > start:
            text.stylize(
                self.get_component_rich_style("document-view--mark"),
                max(self.mark[0], start) - start,
                min(self.mark[1], end) - start,
            )
        if self.search_hit and self.search_hit[0] < end and self.search_hit[1] > start:
            style = self.get_component_rich_style("document-view--search")
            text.stylize(
                style, max(self.search_hit[0], start) - start, min(self.search_hit[1], end) - start
            )
        selection = self.text_selection
        if selection is not None and (span := selection.get_span(line)) is not None:
            s, e = span
            text.stylize(
                self.screen.get_component_rich_style("screen--selection"),
                s,
                length if e == -1 else e,
            )
        return Strip(text.render(self.app.console), text.cell_len)

    def on_focus(self) -> None:
        self.refresh_lines(self.cursor_line)

    def on_blur(self) -> None:
        self.refresh_lines(self.cursor_line)
