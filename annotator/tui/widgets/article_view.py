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
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar, Protocol

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip

from annotator.layout import DEFAULT_OPTIONS, Cell, DocumentLayout, LayoutOptions, VisualLine
from annotator.model import Span
from annotator.text.tokens import (
    next_word_start,
    previous_word_start,
    word_at,
    word_motion,
)
from annotator.tui import theme
from annotator.tui.widgets.ahead_view import AheadView


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
    matches: tuple[tuple[int, int], ...]
    focused: bool


class ArticleView(AheadView, can_focus=True, inherit_bindings=False):
    """The document; see the module docstring. (ScrollView's own bindings are not inherited:
    its Ctrl+PageUp/PageDown scroll sideways and hid the screen's other-document keys.)"""

    DEFAULT_CSS = """
    ArticleView {
        background: $surface;
        color: $foreground;
        padding: 0 1;
        overflow-x: hidden;
        overflow-y: scroll;
    }
    ArticleView > .article--cursor { text-style: reverse; }
    ArticleView > .article--selection { background: #e6e6e6; color: #000000; }
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
        Binding(
            "shift+left", "move(-1, True)", "Extend left", show=False, id="article.select_left"
        ),
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
        id: str | None = None,
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
        self._match_reach = 0  # the longest match's length: how far back one can start
        self._breaks: list[int] = []
        self._break_counts: Counter[int] = Counter()
        self._goal_col: int | None = None
        #: Drawn lines by index: the line's logical range, what it showed, the drawing, and
        #: the look it had before (what it showed, the drawing) or None. The range lets a
        #: cached line be checked without laying its paragraph out again; the look before
        #: comes back when the cursor, a selection or a search match leaves the line, so the
        #: line is not drawn again (search next moves the selection from one line to
        #: another). Forgetting a line forgets both looks.
        self._cache: dict[
            int, tuple[tuple[int, int], _LineKey, Strip, tuple[_LineKey, Strip] | None]
        ] = {}
        self._dragging = False
        #: What a selection becomes when it is used (the screen's word snapping): the view
        #: highlights that, so what is highlighted is what a label key saves.
        self.selection_filter: Callable[[int, int], tuple[int, int]] | None = None
        #: Called right after every cursor or selection change, in the same call, so that
        #: whatever the owner redraws lands in the same frame as the cursor. Without one,
        #: a CursorMoved message is posted instead.
        self.cursor_listener: Callable[[ArticleView], None] | None = None
        #: During a repaint or a slice of drawing ahead: the shown selection (word snapping
        #: costs tens of microseconds, and every line's look depends on it) and the width.
        self._frame: tuple[tuple[int, int] | None, int] | None = None
        self._blank: tuple[int, Style, Strip] | None = None

    # -- public API used by the screens ---------------------------------------------------------

    @property
    def selection(self) -> tuple[int, int] | None:
        """The selected logical range ``[start, end)``, or None."""
        if self.anchor_offset is None:
            return None
        return (min(self.anchor_offset, self.cursor), max(self.anchor_offset, self.cursor) + 1)

    @property
    def shown_selection(self) -> tuple[int, int] | None:
        """The range highlighted as selected: the selection as the label keys will use it."""
        selection = self.selection
        if selection is None or self.selection_filter is None:
            return selection
        return self.selection_filter(*selection)

    def set_layer(self, layer: SpanLayer, changed: Sequence[tuple[int, int]] | None = None) -> None:
        """Show other spans; repaint only the lines of ``changed`` ranges (all if None)."""
        self.span_layer = layer
        if changed is None:
            self._cache.clear()
            self.refresh()
            return
        for start, end in changed:
            self.invalidate_range(start, end)

    def _splits_ligature(self, offset: int) -> bool:
        text = self.text
        return (
            0 < offset < len(text) and text[offset - 1] == "ل" and text[offset] in _LAM_ALEF_SECOND
        )

    def set_breaks(self, breaks: Sequence[int]) -> None:
        """All span boundaries; only those inside a lam-alef pair change the drawing."""
        self._break_counts = Counter(b for b in breaks if self._splits_ligature(b))
        self._apply_breaks()

    def update_breaks(self, added: Sequence[int], removed: Sequence[int]) -> None:
        """Boundaries of spans added and removed by one edit (no pass over every span)."""
        counts = self._break_counts
        for b in added:
            if self._splits_ligature(b):
                counts[b] += 1
        for b in removed:
            if self._splits_ligature(b):
                counts[b] -= 1
                if counts[b] <= 0:
                    del counts[b]
        self._apply_breaks()

    def _apply_breaks(self) -> None:
        relevant = sorted(self._break_counts)
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
        self._match_reach = max((e - s for s, e in matches), default=0)
        self.refresh()  # lines with no match old or new keep their cached drawing
        self._schedule_prefetch()

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

    def invalidate_selection(self) -> None:
        """Repaint the selection (after the way it is shown changed)."""
        shown = self.shown_selection
        if self.selection is not None and shown is not None:
            self.invalidate_range(
                min(shown[0], self.selection[0]), max(shown[1], self.selection[1])
            )

    def invalidate_range(self, start: int, end: int) -> None:
        """Forget and repaint the lines showing ``[start, end)``."""
        if self.doc_layout is None or not self.text:
            return
        first = self.doc_layout.line_of(max(0, min(start, len(self.text))))
        last = self.doc_layout.line_of(max(0, min(max(end - 1, start), len(self.text))))
        for index in range(first, last + 1):
            self._cache.pop(index, None)
        self._refresh_line_range(first, last)

    def pages_around(self) -> tuple[int, int] | None:
        """The logical range shown by the screenfuls above and below the one on screen and by
        it (what the next page keys show), or None before the first layout."""
        if self.doc_layout is None or not self.doc_layout.line_count:
            return None
        top = round(self.scroll_offset.y)
        height = max(self.scrollable_content_region.height, 1)
        last = self.doc_layout.line_count - 1
        first_line = self.doc_layout.line_range(max(0, min(top - height, last)))
        last_line = self.doc_layout.line_range(max(0, min(top + 2 * height - 1, last)))
        return first_line[0], last_line[1]

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
        self._schedule_prefetch()

    def begin_frame(self) -> None:
        super().begin_frame()
        self._frame = (self.shown_selection, self._content_width)

    def end_frame(self) -> None:
        super().end_frame()
        self._frame = None

    def _shown_now(self) -> tuple[int, int] | None:
        return self._frame[0] if self._frame is not None else self.shown_selection

    def _update_virtual_size(self) -> None:
        assert self.doc_layout is not None
        # Width 1: lines are wrapped to the view, never scrolled sideways.
        self.virtual_size = Size(1, self.doc_layout.line_count)

    # -- drawing ------------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        return self._line_strip(round(self.scroll_offset.y) + y)

    def _line_strip(self, index: int) -> Strip:
        """Visual line ``index`` drawn, from the cache when nothing on it changed."""
        width = self._frame[1] if self._frame is not None else self._content_width
        if self.doc_layout is None:
            self._relayout()
        assert self.doc_layout is not None
        if index >= self.doc_layout.line_count:
            return self._blank_line(width)
        cached = self._cache.get(index)
        before: tuple[_LineKey, Strip] | None = None
        if cached is not None:
            bounds, shown, drawn, before = cached
            key = self._line_key(*bounds)
            if shown == key:
                return drawn
            if before is not None and before[0] == key:  # the look it had before is back
                self._cache[index] = (bounds, key, before[1], (shown, drawn))
                return before[1]
            before = (shown, drawn)
        line = self.doc_layout.line(index)
        bounds = (line.start, line.end)
        strip = self._render_visual_line(line, width)
        if cached is not None and cached[0] != bounds:
            before = None
        self._cache[index] = (bounds, self._line_key(*bounds), strip, before)
        return strip

    def _blank_line(self, width: int) -> Strip:
        """The row below the last line: one strip while width and style hold, so that its
        finished form is kept too (line_finish.py keeps finished rows by content strip)."""
        base = self._base
        if self._blank is None or self._blank[:2] != (width, base):
            self._blank = (width, base, Strip.blank(width, base))
        return self._blank[2]

    def _line_key(self, start: int, end: int) -> _LineKey:
        """What decides how the line ``[start, end)`` looks, besides its spans."""
        end = max(end, start + 1)
        cursor = self.cursor if start <= self.cursor < end else None
        selection = None
        shown = self._shown_now()
        if shown is not None:
            a, b = shown
            if a < end and start < b:
                selection = (max(a, start), min(b, end))
        current = None
        if self.current_span is not None:
            s = self.current_span
            if s.start < end and start < s.end:
                current = (s.start, s.end)
        return _LineKey(cursor, selection, current, self._matches_on(start, end), self.has_focus)

    def _matches_on(self, start: int, end: int) -> tuple[tuple[int, int], ...]:
        """The search matches sharing a character with ``[start, end)``."""
        if not self.matches:
            return ()
        first = bisect_left(self._match_starts, start - self._match_reach + 1)
        last = bisect_left(self._match_starts, end)
        return tuple(m for m in self.matches[first:last] if m[1] > start)

    def _render_visual_line(self, line: VisualLine, width: int) -> Strip:
        """One line as segments: cells with the same look are merged into one segment and
        each look is composed once per line, so a line costs about one pass over its cells."""
        base = self._base
        inner, depth = self._coverage(line)
        lo = line.start
        selection = self._shown_now()
        current = self.current_span
        looks: dict[tuple[object, ...], Style] = {}
        segments: list[Segment] = []
        run: list[str] = []
        run_key: tuple[object, ...] | None = None
        column = 0
        for cell in line.cells:
            if cell.width == 0:
                continue
            i = cell.start - lo
            span = inner[i] if 0 <= i < len(inner) else None
            key = (
                span,
                depth[i] if span is not None else 0,
                current is not None and current.start <= cell.start < current.end,
                self._in_match(cell),
                selection is not None and selection[0] < cell.end and cell.start < selection[1],
                cell.start <= self.cursor < cell.end,
            )
            if cell.col > column or key != run_key:
                if run:
                    segments.append(Segment("".join(run), looks[run_key]))  # type: ignore[index]
                    run = []
                if cell.col > column:
                    segments.append(Segment(" " * (cell.col - column), base))
                if key not in looks:
                    looks[key] = self._look(base, key)
                run_key = key
            run.append(cell.text or " ")
            column = cell.col + cell.width
        if run:
            segments.append(Segment("".join(run), looks[run_key]))  # type: ignore[index]
        if column < width:
            segments.append(Segment(" " * (width - column), base))
        return Strip(segments, max(width, column)).crop(0, width)

    def _coverage(self, line: VisualLine) -> tuple[list[Span | None], list[int]]:
        """For each logical offset of the line: the innermost span covering it and how many
        spans cover it (innermost = shortest, then first, then by label)."""
        lo, hi = line.start, max(line.end, line.start + 1)
        inner: list[Span | None] = [None] * (hi - lo)
        depth = [0] * (hi - lo)
        if not line.cells:
            return inner, depth
        spans = sorted(
            self.span_layer.spans_overlapping(lo, hi),
            key=lambda s: (s.end - s.start, s.start, s.label),
            reverse=True,
        )
        for span in spans:
            for i in range(max(span.start, lo) - lo, min(span.end, hi) - lo):
                depth[i] += 1
                inner[i] = span
        return inner, depth

    def _look(self, base: Style, key: tuple[object, ...]) -> Style:
        span, depth, current, match, selected, cursor = key
        style = base
        if span is not None:
            style += self.styler(span, depth, current)  # type: ignore[arg-type]
        if match:
            style += self.get_component_rich_style("article--match", partial=True)
        if selected:
            style += self.get_component_rich_style("article--selection", partial=True)
        if cursor:
            if self.has_focus:
                style += self.get_component_rich_style("article--cursor", partial=True)
            else:
                style += Style(underline=True)
        return style

    def _default_style(self, span: Span, depth: int, current: bool) -> Style:
        return theme.span_style(
            self.label_colors.get(span.label, "#888888"), depth, span.imported, current
        )

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
        shown = self.shown_selection
        if shown is not None:
            lo, hi = min(lo, shown[0]), max(hi, shown[1] - 1)
        return (self.doc_layout.line_of(lo), self.doc_layout.line_of(hi), 0)

    def _after_move(self, old: tuple[int, int, int] | None) -> None:
        new = self._state_lines()
        for lines in (old, new):
            if lines is not None:
                self._refresh_line_range(lines[0], lines[1])
        self.scroll_to_offset(self.cursor)
        if self.matches:  # the next match's page, for the next search key
            self._schedule_prefetch()
        if self.cursor_listener is not None:
            self.cursor_listener(self)
        else:
            self.post_message(self.CursorMoved(self))

    # -- drawing ahead (AheadView) -------------------------------------------------------------
    #
    # The lines the next key is likely to show: the page where the next search match is (when
    # there are matches), the page below, the page above (a page is about 40 lines).

    def _next_match_page(self, height: int) -> range:
        """The lines on screen once the next search match is shown (if it is off screen)."""
        if not self.matches or self.doc_layout is None:
            return range(0)
        here = self.selection[0] if self.selection is not None else self.cursor
        index = self.match_index_after(here, 1)
        if index is None:
            return range(0)
        line = self.doc_layout.line_of(self.matches[index][0])
        top = round(self.scroll_offset.y)
        if top <= line < top + height:
            return range(0)
        first = line if line < top else max(0, line - height + 1)  # as scroll_to_offset does
        return range(first, min(self.doc_layout.line_count, first + height))

    def lines_ahead(self) -> Iterable[int]:
        if self.doc_layout is None:
            return ()
        top = round(self.scroll_offset.y)
        height = max(self.scrollable_content_region.height, 1)
        count = self.doc_layout.line_count
        below = range(top + height, min(count, top + 2 * height))
        above = range(max(0, top - height), top)
        return (*self._next_match_page(height), *below, *reversed(above))

    def draw_ahead(self, index: int) -> Strip | None:
        if self.doc_layout is not None and index < self.doc_layout.line_count:
            return self._line_strip(index)  # drawn only if not cached as it looks now
        return None

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
        forward = (direction < 0) == self.doc_layout.reads_rtl(index)
        if forward and index + 1 < self.doc_layout.line_count:
            self.move_to(self.doc_layout.line(index + 1).start, select=select)
        elif not forward and index > 0:
            self.move_to(_last_position(self.doc_layout.line(index - 1)), select=select)

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
        self.move_to(line.start if not end else _last_position(line), select=select)

    def action_move_word(self, direction: int, select: bool = False) -> None:
        """Ctrl+arrow: to the next word in the arrow's direction on screen (in right-to-left
        text, left is forward in reading order). Without Shift the cursor lands on a word's
        first character; with Shift the selection's moving edge lands on the end of the next
        word (forward) or the start of the previous one (backward), and its other edge on a
        word boundary, so a selection made this way is always whole words."""
        if self.doc_layout is None or not self.text:
            return
        forward = (direction < 0) == self.doc_layout.reads_rtl(self.doc_layout.line_of(self.cursor))
        self._goal_col = None
        if not select:
            step = next_word_start if forward else previous_word_start
            target = step(self.text, self.cursor)
            if target is not None:
                self.move_to(target)
            elif self.anchor_offset is not None:
                self.clear_selection()
            return
        anchor, edge = self.selection_edges()
        moved = word_motion(self.text, anchor, edge, forward)
        if moved is None:
            return
        self.set_selection_edges(*moved)

    def selection_edges(self) -> tuple[int | None, int]:
        """The selection as boundaries between characters: (anchor, moving edge); the anchor is
        None without a selection, and the edge is then just before the cursor's character."""
        if self.anchor_offset is None:
            return (None, self.cursor)
        if self.cursor >= self.anchor_offset:
            return (self.anchor_offset, self.cursor + 1)
        return (self.anchor_offset + 1, self.cursor)

    def set_selection_edges(self, anchor: int, edge: int) -> None:
        """Select between two boundaries (the cursor on the character inside the moving edge);
        equal boundaries leave no selection, with the cursor there."""
        if anchor == edge:
            self.move_to(anchor)
        elif edge > anchor:
            self.move_to(edge - 1, anchor=anchor)
        else:
            self.move_to(edge, anchor=anchor - 1)

    def action_paragraph(self, delta: int) -> None:
        if self.doc_layout is None or not self.text:
            return
        starts = [s for s, _ in self.doc_layout.paragraph_spans]
        i = bisect_right(starts, self.cursor) - 1
        within = delta < 0 and starts[i] < self.cursor  # back to this paragraph's start first
        target = starts[i] if within else starts[max(0, min(i + delta, len(starts) - 1))]
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
            self.move_to(
                offset, anchor=self.anchor_offset if self.anchor_offset is not None else offset
            )

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


def _last_position(line: VisualLine) -> int:
    """Where the cursor sits at a line's end: the start of the cell holding its last character
    (a CRLF, a letter with its harakat or a lam-alef is one cell), not inside it."""
    if line.end <= line.start:
        return line.start
    cell = line.cell_of(line.end - 1)
    return cell.start if cell is not None else line.end - 1
