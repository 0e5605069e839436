"""The article, drawn right to left through the layout engine, with spans, cursor and selection.

A Line API widget (like Textual's Log): only the visual lines on screen are laid out and
rendered, and rendered lines are cached until something on them changes. Every position is a
logical offset; the layout engine's maps turn cells into offsets (mouse) and offsets into
cells (cursor, highlights), so a selection is always a logical range even when bidi splits it
on screen.

The cursor is a block on one character (the cell that covers it); a selection covers the
characters from the anchor to the cursor, both included.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar, Protocol

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from annotator.layout import DEFAULT_OPTIONS, Cell, DocumentLayout, LayoutOptions, VisualLine
from annotator.model import Span
from annotator.text.tokens import tokenize, word_at
from annotator.tui import theme


class SpanLayer(Protocol):
    """What the view highlights: an AnnotationSet, or the adjudication screen's union of sets."""

    def spans_overlapping(self, start: int, end: int) -> Sequence[Span]: ...


#: Chooses a span's look: (span, nesting depth, is it the current span) -> style.
SpanStyler = Callable[[Span, int, bool], Style]

_LAM_ALEF_SECOND = frozenset("اأإآ")


@dataclass(frozen=True, slots=True)
class _LineKey:
    cursor: int | None
    selection: tuple[int, int] | None
    current: tuple[int, int] | None
    matches: int
    focused: bool


class ArticleView(ScrollView, can_focus=True):
    """The document; see the module docstring."""

    DEFAULT_CSS = """
    ArticleView {
        background: $surface;
        color: $foreground;
        padding: 0 1;
    }
    ArticleView > .article--cursor { text-style: reverse; }
    ArticleView > .article--selection { background: #3d5a99; color: #ffffff; }
    ArticleView > .article--match { background: #8a6d1f; color: #ffffff; }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article--cursor",
        "article--selection",
        "article--match",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "move(-1)", "Left", show=False, id="article.left"),
        Binding("right", "move(1)", "Right", show=False, id="article.right"),
        Binding("up", "move_line(-1)", "Up", show=False, id="article.up"),
        Binding("down", "move_line(1)", "Down", show=False, id="article.down"),
        Binding("shift+left", "move(-1, True)", "Extend left", show=False, id="article.select_left"),
        Binding(
            "shift+right", "move(1, True)", "Extend right", show=False, id="article.select_right"
        ),
        Binding("shift+up", "move_line(-1, True)", "Extend up", show=False, id="article.select_up"),
        Binding(
            "shift+down", "move_line(1, True)", "Extend down", show=False, id="article.select_down"
        ),
        Binding("ctrl+left", "move_word(-1)", "Word left", show=False, id="article.word_left"),
        Binding("ctrl+right", "move_word(1)", "Word right", show=False, id="article.word_right"),
        Binding(
            "ctrl+shift+left",
            "move_word(-1, True)",
            "Extend word left",
            show=False,
            id="article.select_word_left",
        ),
        Binding(
            "ctrl+shift+right",
            "move_word(1, True)",
            "Extend word right",
            show=False,
            id="article.select_word_right",
        ),
        Binding("home", "line_edge(0)", "Line start", show=False, id="article.home"),
        Binding("end", "line_edge(1)", "Line end", show=False, id="article.end"),
        Binding("shift+home", "line_edge(0, True)", "Extend to line start", show=False),
        Binding("shift+end", "line_edge(1, True)", "Extend to line end", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False, id="article.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="article.page_down"),
        Binding("shift+pageup", "page(-1, True)", "Extend page up", show=False),
        Binding("shift+pagedown", "page(1, True)", "Extend page down", show=False),
        Binding("ctrl+up", "paragraph(-1)", "Previous paragraph", show=False, id="article.para_up"),
        Binding("ctrl+down", "paragraph(1)", "Next paragraph", show=False, id="article.para_down"),
        Binding("ctrl+home", "document_edge(0)", "Document start", show=False, id="article.top"),
        Binding("ctrl+end", "document_edge(1)", "Document end", show=False, id="article.bottom"),
    ]

    class CursorMoved(Message):
        """The cursor or the selection changed (many per second when holding a key)."""

        def __init__(self, view: ArticleView) -> None:
            super().__init__()
            self.view = view
            self.offset = view.cursor
            self.selection = view.selection

    def __init__(
        self,
        text: str,
        layer: SpanLayer,
        colors: dict[str, str],
        *,
        options: LayoutOptions = DEFAULT_OPTIONS,
        styler: SpanStyler | None = None,
        id: str | None = None,  # noqa: A002 - Textual's name
    ) -> None:
        super().__init__(id=id)
        self.text = text
        self.span_layer = layer
        self.label_colors = colors
        self.layout_options = options
        self.styler: SpanStyler = styler or self._default_style
        self.doc_layout: DocumentLayout | None = None
        self.cursor = 0
        self.anchor_offset: int | None = None
        self.current_span: Span | None = None
        self.matches: list[tuple[int, int]] = []
        self._match_starts: list[int] = []
        self._matches_generation = 0
        self._breaks: list[int] = []
        self._goal_col: int | None = None
        self._cache: dict[int, tuple[_LineKey, Strip]] = {}
        self._dragging = False

    # -- public API used by the screens ---------------------------------------------------------

    @property
    def selection(self) -> tuple[int, int] | None:
        """The selected logical range ``[start, end)``, or None."""
        if self.anchor_offset is None:
            return None
        return (min(self.anchor_offset, self.cursor), max(self.anchor_offset, self.cursor) + 1)

    def set_layer(self, layer: SpanLayer, changed: Sequence[tuple[int, int]] | None = None) -> None:
        """Show other spans; repaint only the lines of ``changed`` ranges (all if None)."""
        self.span_layer = layer
        if changed is None:
            self._cache.clear()
            self.refresh()
            return
        for start, end in changed:
            self.invalidate_range(start, end)

    def set_breaks(self, breaks: Sequence[int]) -> None:
        """Span boundaries; only those inside a lam-alef pair change the drawing."""
        relevant = sorted(
            b
            for b in set(breaks)
            if 0 < b < len(self.text)
            and self.text[b - 1] == "ل"
            and self.text[b] in _LAM_ALEF_SECOND
        )
        if relevant == self._breaks:
            return
        old = set(self._breaks) ^ set(relevant)
        self._breaks = relevant
        if self.doc_layout is not None:
            self.doc_layout.set_breaks(relevant)
            self._update_virtual_size()
            for b in old:
                self.invalidate_range(b - 1, b + 1)

    def set_options(self, options: LayoutOptions) -> None:
        self.layout_options = options
        self.doc_layout = None
        self._cache.clear()
        self._relayout()

    def set_matches(self, matches: list[tuple[int, int]]) -> None:
        self.matches = matches
        self._match_starts = [s for s, _ in matches]
        self._matches_generation += 1
        self.refresh()

    def move_to(self, offset: int, *, select: bool = False, anchor: int | None = None) -> None:
        """Put the cursor on ``offset`` (clamped), optionally extending or setting a selection."""
        old_lines = self._state_lines()
        if anchor is not None:
            self.anchor_offset = anchor
        elif select:
            if self.anchor_offset is None:
                self.anchor_offset = self.cursor
        else:
            self.anchor_offset = None
        self.cursor = max(0, min(offset, max(len(self.text) - 1, 0)))
        self._after_move(old_lines)

    def select_range(self, start: int, end: int) -> None:
        """Select ``[start, end)`` with the cursor on its last character."""
        self.move_to(max(start, end - 1), anchor=start)

    def clear_selection(self) -> None:
        if self.anchor_offset is not None:
            self.move_to(self.cursor)

    def set_current_span(self, span: Span | None) -> None:
        if span == self.current_span:
            return
        old = self.current_span
        self.current_span = span
        for s in (old, span):
            if s is not None:
                self.invalidate_range(s.start, s.end)

    def invalidate_range(self, start: int, end: int) -> None:
        """Forget and repaint the lines showing ``[start, end)``."""
        if self.doc_layout is None or not self.text:
            return
        first = self.doc_layout.line_of(max(0, min(start, len(self.text))))
        last = self.doc_layout.line_of(max(0, min(max(end - 1, start), len(self.text))))
        for index in range(first, last + 1):
            self._cache.pop(index, None)
        self._refresh_line_range(first, last)

    def scroll_to_offset(self, offset: int, *, center: bool = False) -> None:
        if self.doc_layout is None:
            return
        line = self.doc_layout.line_of(max(0, min(offset, len(self.text))))
        height = max(self.scrollable_content_region.height, 1)
        top = round(self.scroll_offset.y)
        if center:
            self.scroll_to(y=max(0, line - height // 2), animate=False)
        elif line < top:
            self.scroll_to(y=line, animate=False)
        elif line >= top + height:
            self.scroll_to(y=line - height + 1, animate=False)

    # -- layout ------------------------------------------------------------------------------------

    @property
    def _content_width(self) -> int:
        return max(self.scrollable_content_region.width, 1)

    def on_resize(self, event: events.Resize) -> None:
        self._relayout()

    def _relayout(self) -> None:
        width = self._content_width
        if self.doc_layout is not None and self.doc_layout.width == width:
            return
        row = None
        if self.doc_layout is not None:
            row = self.doc_layout.line_of(self.cursor) - round(self.scroll_offset.y)
            self.doc_layout = self.doc_layout.with_width(width)
        else:
            self.doc_layout = DocumentLayout(self.text, width, self.layout_options, self._breaks)
        self._cache.clear()
        self._update_virtual_size()
        if row is not None:
            line = self.doc_layout.line_of(self.cursor)
            self.scroll_to(y=max(0, line - row), animate=False)
        elif self.cursor:
            # The cursor was put somewhere before the first layout (a screen opening at a given
            # place): show it once the new virtual size is in force.
            self.call_after_refresh(lambda: self.scroll_to_offset(self.cursor, center=True))
        self.refresh()

    def _update_virtual_size(self) -> None:
        assert self.doc_layout is not None
        self.virtual_size = Size(self._content_width, self.doc_layout.line_count)

    # -- drawing ------------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self._content_width
        index = round(self.scroll_offset.y) + y
        if self.doc_layout is None:
            self._relayout()
        assert self.doc_layout is not None
        if index >= self.doc_layout.line_count:
            return Strip.blank(width, self.rich_style)
        line = self.doc_layout.line(index)
        key = self._line_key(line)
        cached = self._cache.get(index)
        if cached is not None and cached[0] == key:
            return cached[1]
        strip = self._render_visual_line(line, width)
        self._cache[index] = (key, strip)
        return strip

    def _line_key(self, line: VisualLine) -> _LineKey:
        start, end = line.start, max(line.end, line.start + 1)
        cursor = self.cursor if start <= self.cursor < end else None
        selection = None
        if self.anchor_offset is not None:
            a, b = self.selection  # type: ignore[misc]
            if a < end and start < b:
                selection = (max(a, start), min(b, end))
        current = None
        if self.current_span is not None:
            s = self.current_span
            if s.start < end and start < s.end:
                current = (s.start, s.end)
        return _LineKey(cursor, selection, current, self._matches_generation, self.has_focus)

    def _render_visual_line(self, line: VisualLine, width: int) -> Strip:
        base = self.rich_style
        spans = list(self.span_layer.spans_overlapping(line.start, line.end)) if line.cells else []
        selection = self.selection
        cursor_style = self.get_component_rich_style("article--cursor", partial=True)
        if not self.has_focus:
            cursor_style = Style(underline=True)
        select_style = self.get_component_rich_style("article--selection", partial=True)
        match_style = self.get_component_rich_style("article--match", partial=True)
        segments: list[Segment] = []
        column = 0
        for cell in line.cells:
            if cell.width == 0:
                continue
            if cell.col > column:
                segments.append(Segment(" " * (cell.col - column), base))
            style = base + self._cell_style(cell, spans)
            if self._in_match(cell):
                style += match_style
            if selection is not None and selection[0] < cell.end and cell.start < selection[1]:
                style += select_style
            if cell.start <= self.cursor < cell.end:
                style += cursor_style
            segments.append(Segment(cell.text or " ", style))
            column = cell.col + cell.width
        if column < width:
            segments.append(Segment(" " * (width - column), base))
        return Strip(Segment.simplify(segments), max(width, column)).crop(0, width)

    def _cell_style(self, cell: Cell, spans: list[Span]) -> Style:
        covering = [s for s in spans if s.start < cell.end and cell.start < s.end]
        if not covering:
            return Style()
        inner = min(covering, key=lambda s: (s.end - s.start, s.start, s.label))
        current = self.current_span is not None and self.current_span in covering
        return self.styler(inner, len(covering), current)

    def _default_style(self, span: Span, depth: int, current: bool) -> Style:
        return theme.span_style(self.label_colors.get(span.label, "#888888"), depth, span.imported, current)

    def _in_match(self, cell: Cell) -> bool:
        if not self.matches:
            return False
        i = bisect_right(self._match_starts, cell.start) - 1
        for j in (i, i + 1):
            if 0 <= j < len(self.matches):
                s, e = self.matches[j]
                if s < cell.end and cell.start < e:
                    return True
        return False

    def _refresh_line_range(self, first: int, last: int) -> None:
        top = round(self.scroll_offset.y)
        height = self.scrollable_content_region.height
        lo, hi = max(first, top), min(last, top + height - 1)
        if lo > hi:
            return
        # refresh() takes regions relative to the content (it adds the content offset itself);
        # scrollable_content_region is in screen coordinates, so only its width is used.
        width = self.scrollable_content_region.width
        self.refresh(Region(0, lo - top, width, hi - lo + 1))

    def _state_lines(self) -> tuple[int, int, int] | None:
        """First and last lines touched by cursor and selection (to repaint after a move)."""
        if self.doc_layout is None or not self.text:
            return None
        lo = hi = self.cursor
        if self.anchor_offset is not None:
            lo, hi = min(lo, self.anchor_offset), max(hi, self.anchor_offset)
        return (self.doc_layout.line_of(lo), self.doc_layout.line_of(hi), 0)

    def _after_move(self, old: tuple[int, int, int] | None) -> None:
        new = self._state_lines()
        for lines in (old, new):
            if lines is not None:
                self._refresh_line_range(lines[0], lines[1])
        self.scroll_to_offset(self.cursor)
        self.post_message(self.CursorMoved(self))

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # -- movement actions ------------------------------------------------------------------------

    def _visible_cells(self, line: VisualLine) -> list[Cell]:
        return [c for c in line.cells if c.width]

    def action_move(self, direction: int, select: bool = False) -> None:
        """One cell left (-1) or right (+1) on screen, crossing to the next or previous line
        at the edges in the paragraph's reading direction."""
        if self.doc_layout is None or not self.text:
            return
        self._goal_col = None
        index, _ = self.doc_layout.position_of(self.cursor)
        line = self.doc_layout.line(index)
        cells = self._visible_cells(line)
        here = next((i for i, c in enumerate(cells) if c.start <= self.cursor < c.end), None)
        target = None if here is None else here + direction
        if target is not None and 0 <= target < len(cells):
            self.move_to(cells[target].start, select=select)
            return
        forward = (direction < 0) == (line.rtl and self.layout_options.bidi)
        if forward and index + 1 < self.doc_layout.line_count:
            self.move_to(self.doc_layout.line(index + 1).start, select=select)
        elif not forward and index > 0:
            previous = self.doc_layout.line(index - 1)
            self.move_to(max(previous.start, previous.end - 1), select=select)

    def action_move_line(self, delta: int, select: bool = False) -> None:
        if self.doc_layout is None or not self.text:
            return
        index, col = self.doc_layout.position_of(self.cursor)
        if self._goal_col is None:
            self._goal_col = col
        target = index + delta
        if 0 <= target < self.doc_layout.line_count:
            goal = self._goal_col
            self.move_to(self.doc_layout.offset_at(target, goal), select=select)
            self._goal_col = goal

    def action_page(self, delta: int, select: bool = False) -> None:
        if self.doc_layout is None or not self.text:
            return
        height = max(self.scrollable_content_region.height - 1, 1)
        index, col = self.doc_layout.position_of(self.cursor)
        goal = self._goal_col if self._goal_col is not None else col
        target = max(0, min(index + delta * height, self.doc_layout.line_count - 1))
        self.scroll_to(y=max(0, round(self.scroll_offset.y) + delta * height), animate=False)
        self.move_to(self.doc_layout.offset_at(target, goal), select=select)
        self._goal_col = goal

    def action_line_edge(self, end: int, select: bool = False) -> None:
        """Home: the line's first character in reading order; End: its last."""
        if self.doc_layout is None or not self.text:
            return
        line = self.doc_layout.line(self.doc_layout.line_of(self.cursor))
        self.move_to(line.start if not end else max(line.start, line.end - 1), select=select)

    def action_move_word(self, direction: int, select: bool = False) -> None:
        """Ctrl+arrow: to the next word in the arrow's direction on screen (in right-to-left
        text, left is forward in reading order)."""
        if self.doc_layout is None or not self.text:
            return
        line = self.doc_layout.line(self.doc_layout.line_of(self.cursor))
        forward = (direction < 0) == (line.rtl and self.layout_options.bidi)
        self.move_to(self._word_start(self.cursor, forward), select=select)

    def _word_start(self, offset: int, forward: bool) -> int:
        window = 400
        if forward:
            for token in tokenize(self.text, offset, min(len(self.text), offset + window)):
                if token.start > offset and token.kind != "punct":
                    return token.start
            return min(offset + window, len(self.text) - 1)
        lo = max(0, offset - window)
        starts = [t.start for t in tokenize(self.text, lo, offset) if t.kind != "punct"]
        here = word_at(self.text, offset)
        candidates = [s for s in starts if s < offset and (here is None or s < here[0])]
        if here is not None and here[0] < offset:
            return here[0]
        return candidates[-1] if candidates else lo

    def action_paragraph(self, delta: int) -> None:
        if self.doc_layout is None or not self.text:
            return
        starts = [s for s, _ in self.doc_layout.paragraph_spans]
        i = bisect_right(starts, self.cursor) - 1
        if delta < 0 and starts[i] < self.cursor:
            target = starts[i]
        else:
            target = starts[max(0, min(i + delta, len(starts) - 1))]
        self.move_to(target)

    def action_document_edge(self, end: int) -> None:
        self.move_to(len(self.text) - 1 if end else 0)

    def action_clear_selection(self) -> None:
        self.clear_selection()

    # -- mouse -------------------------------------------------------------------------------------

    def _offset_at_event(self, event: events.MouseEvent) -> int | None:
        if self.doc_layout is None or not self.text:
            return None
        offset = event.get_content_offset(self)
        if offset is None:
            return None
        index = round(self.scroll_offset.y) + offset.y
        if index >= self.doc_layout.line_count:
            return None
        return self.doc_layout.offset_at(index, offset.x)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        offset = self._offset_at_event(event)
        if offset is None:
            return
        self.focus()
        self.move_to(offset, select=event.shift)
        if not event.shift:
            self.anchor_offset = offset
        self._dragging = True
        self.capture_mouse()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if not self._dragging:
            return
        offset = self._offset_at_event(event)
        if offset is not None and offset != self.cursor:
            self.move_to(offset, anchor=self.anchor_offset if self.anchor_offset is not None else offset)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if not self._dragging:
            return
        self._dragging = False
        self.release_mouse()
        if self.anchor_offset == self.cursor:
            old = self._state_lines()
            self.anchor_offset = None
            self._after_move(old)

    def on_click(self, event: events.Click) -> None:
        if event.chain == 2:
            offset = self._offset_at_event(event)
            if offset is None:
                return
            word = word_at(self.text, offset)
            if word is not None:
                self.select_range(*word)

    # -- helpers for the screens --------------------------------------------------------------------

    def match_index_after(self, offset: int, direction: int) -> int | None:
        """Index of the next (+1) or previous (-1) search match from ``offset``, wrapping."""
        if not self.matches:
            return None
        if direction > 0:
            i = bisect_right(self._match_starts, offset)
            return i % len(self.matches)
        i = bisect_left(self._match_starts, offset) - 1
        return i % len(self.matches)
