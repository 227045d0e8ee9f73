"""The case text, read-only, with findings highlighted by character offsets.

A ScrollView that wraps the text itself and renders only the visible lines
(as toolong's LogLines does), each through an LRU cache, so a 50,000-word
document scrolls without lag. Highlights are ``(start, end, style)`` in
Python string offsets, exactly as the engine emits them; Danish letters
shift nothing. A line cursor (arrows) and a marked range (``v``), or a mouse
selection, give the character range a reviewer tags as evidence.
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
        Binding("v", "toggle_mark", "Markér linjer", id="mark"),
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
        self.mark_anchor: int | None = None
        self.search_hit: tuple[int, int] | None = None

    # -- content ------------------------------------------------------------
    def set_document(self, text: str, highlights: list[tuple[int, int, Style]]) -> None:
        self.text = text
        self.set_highlights(highlights)
        self.mark_anchor = None
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
        """The characters to tag: the mouse selection, else the marked lines, else the cursor line."""
        selection = self.text_selection
        if selection is not None and selection.start is not None and selection.end is not None:
            start = self._offset_at(selection.start.y, selection.start.x)
            end = self._offset_at(selection.end.y, selection.end.x)
        else:
            first = (
                self.cursor_line
                if self.mark_anchor is None
                else min(self.mark_anchor, self.cursor_line)
            )
            last = (
                self.cursor_line
                if self.mark_anchor is None
                else max(self.mark_anchor, self.cursor_line)
            )
            start, end = self._lines[first][0], self._lines[last][1]
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return (start, end) if end > start else None

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
        # Cursor and mark are painted at render time, over cached strips: repaint only what moved.
        if self.mark_anchor is not None:
            lo, hi = min(old, new, self.mark_anchor), max(old, new, self.mark_anchor)
            self.refresh_lines(lo, hi - lo + 1)
        else:
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
        self.mark_anchor = None if self.mark_anchor is not None else self.cursor_line
        self.refresh()

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
        if self.mark_anchor is not None and min(self.mark_anchor, self.cursor_line) <= line <= max(
            self.mark_anchor, self.cursor_line
        ):
            strip = strip.apply_style(self.get_component_rich_style("document-view--mark"))
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
