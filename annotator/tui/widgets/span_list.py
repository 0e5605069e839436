"""The span panel: every span in reading order with its label, text, attributes and source.

A Line API list, so a set of 10,000 spans costs nothing until rows are on screen. Span text is
drawn through the layout engine (``visual.one_line``); spans inside other spans are indented.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from math import ceil
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from annotator.layout import DEFAULT_OPTIONS, LayoutOptions
from annotator.model import AnnotationSet, Span
from annotator.tui import theme
from annotator.tui.visual import one_line, pad
from annotator.tui.widgets.ahead_view import AheadView

#: Rows of the list kept visible before the highlighted span when the list scrolls to it.
CONTEXT_ROWS = 3


def _thumb(visible: int, rows: int, top: float) -> tuple[int, int]:
    """Where the scrollbar draws its thumb, in eighths of a cell, for ``rows`` rows seen
    ``visible`` at a time from row ``top``: the computation of Textual's ``ScrollBarRender``,
    so that the bar is repainted exactly when it would look different."""
    if not visible or rows <= visible:
        return (0, 0)
    thumb = max(1, visible / (rows / visible))
    start = int((visible - thumb) * (top / (rows - visible)) * 8)
    return (start, start + ceil(thumb * 8))


class SpanList(AheadView, can_focus=True, inherit_bindings=False):
    DEFAULT_CSS = """
    SpanList {
        background: $panel;
        color: $foreground;
        overflow-x: hidden;
    }
    SpanList > .span-list--cursor { background: $accent 40%; text-style: bold; }
    SpanList > .span-list--dim { color: $text-muted; }
    """
    CUT_AHEAD = False  # see AheadView.CUT_AHEAD

    COMPONENT_CLASSES: ClassVar[set[str]] = {"span-list--cursor", "span-list--dim"}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", "Previous span", show=False, id="spans.up"),
        Binding("down", "move(1)", "Next span", show=False, id="spans.down"),
        Binding("pageup", "move(-10)", "Page up", show=False),
        Binding("pagedown", "move(10)", "Page down", show=False),
        Binding("home", "edge(0)", "First span", show=False),
        Binding("end", "edge(1)", "Last span", show=False),
        Binding("enter", "choose", "Jump to span", id="spans.jump"),
    ]

    class Highlighted(Message):
        def __init__(self, span: Span | None) -> None:
            super().__init__()
            self.span = span

    class Chosen(Message):
        """Enter (or a click) on a span: the article jumps to it."""

        def __init__(self, span: Span) -> None:
            super().__init__()
            self.span = span

    def __init__(
        self,
        aset: AnnotationSet,
        colors: dict[str, str],
        *,
        options: LayoutOptions = DEFAULT_OPTIONS,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._frame_width: int | None = None  # the row width during a repaint
        self.aset = aset
        self.label_colors = colors
        self.layout_options = options
        self.row = 0
        #: Rendered rows by content: an edit elsewhere in the set leaves them valid.
        self._cache: LRUCache[tuple[Span, int, bool, str], Strip] = LRUCache(2048)
        self._extra_rows: range = range(0)

    @property
    def highlighted(self) -> Span | None:
        spans = self.aset.spans
        return spans[self.row] if 0 <= self.row < len(spans) else None

    def set_set(self, aset: AnnotationSet) -> None:
        """Show another version of the set, repainting only the rows on screen that changed.

        An edit usually changes one row. An insertion or a deletion moves the rows on one side
        of it; the list then scrolls by one row when that leaves fewer rows to repaint (after
        a span tagged below the highlighted one, the rows above move up and the rows below
        stay where they were), never losing the highlighted span from the screen.
        """
        old, old_row = self.aset, self.row
        keep = self.highlighted
        self.aset = aset
        if keep is not None and aset.has_span(keep.id):
            self.row = aset.position(aset.span(keep.id))
        self.row = max(0, min(self.row, len(aset.spans) - 1))
        self._set_height(len(aset.spans))
        top = round(self.scroll_offset.y)
        if old.relations is not aset.relations or not self.scrollable_content_region.height:
            self.refresh()
            return
        choices = [
            (len(rows), abs(shift), shift, rows)
            for shift in (0, 1, -1)
            if (rows := self._changed_rows(old, old_row, top, top + shift)) is not None
        ]
        if not choices:
            self.refresh()
            return
        _, _, shift, rows = min(choices)
        if shift:
            self._shift_window(top + shift)
        for y in rows:
            self._refresh_row(y)

    def _changed_rows(
        self, old: AnnotationSet, old_row: int, top: int, new_top: int
    ) -> list[int] | None:
        """The screen rows that differ between ``old`` shown from row ``top`` and the current
        set shown from ``new_top`` (None when the list cannot or should not start there)."""
        height = self.scrollable_content_region.height
        spans = self.aset.spans
        if not 0 <= new_top <= max(len(spans) - height, 0):
            return None
        if new_top != top and not new_top <= self.row < new_top + height:
            return None
        before, after = old.spans[top : top + height], spans[new_top : new_top + height]
        return [
            y
            for y in range(height)
            if (before[y] if y < len(before) else None)
            is not (after[y] if y < len(after) else None)
            or y in (old_row - top, self.row - new_top)
        ]

    def _shift_window(self, top: int) -> None:
        """Scroll to ``top`` without the full repaint a scroll does, for an edit that inserts
        or removes a row: scrolling by one then leaves more rows where they were on screen
        (the rows above an insertion move up instead of all the rows below it moving down),
        and set_set repaints only the rows whose content changed."""
        old = self.scroll_y
        self.set_reactive(ScrollView.scroll_y, float(top))
        self.set_reactive(ScrollView.scroll_target_y, float(top))
        if not self.show_vertical_scrollbar:
            return
        bar = self.vertical_scrollbar
        if _thumb(bar.window_size, bar.window_virtual_size, old) != _thumb(
            bar.window_size, bar.window_virtual_size, top
        ):
            bar.position = top
        else:
            bar.set_reactive(type(bar).position, top)

    def _refresh_row(self, y: int) -> None:
        # refresh() takes regions relative to the content, like ArticleView._refresh_line_range
        self.refresh(Region(0, y, self.scrollable_content_region.width, 1))

    def _set_height(self, rows: int) -> None:
        """Change the scrollable height without a layout pass of the whole screen (which
        setting ``virtual_size`` does, and which costs more than a keystroke may) unless the
        scrollbar has to appear or go."""
        size = Size(1, rows)
        if size == self.virtual_size:
            return
        visible = self.scrollable_content_region.height
        if (rows > visible) != (self.virtual_size.height > visible) or not self.is_mounted:
            self.virtual_size = size
            return
        old_rows = self.virtual_size.height
        self.set_reactive(SpanList.virtual_size, size)
        # The scrollbar repaints its whole height when told; tell it only when its thumb would
        # look different (one span more in ten thousand does not show).
        top = self.scroll_y
        if self.show_vertical_scrollbar and _thumb(visible, old_rows, top) != _thumb(
            visible, rows, top
        ):
            self.vertical_scrollbar.window_virtual_size = rows

    def show_span(self, span: Span | None) -> None:
        """Highlight ``span`` (the article's current span) without taking focus."""
        if span is None or not self.aset.has_span(span.id):
            return
        row = self.aset.position(self.aset.span(span.id))
        if row != self.row:
            self._move_highlight(row)

    def _move_highlight(self, row: int) -> None:
        """Put the highlight on ``row``: a full repaint only when the list has to scroll,
        else just the row left and the row reached (the article's cursor moves it on every
        keystroke)."""
        old, self.row = self.row, row
        top = round(self.scroll_offset.y)
        height = self.scrollable_content_region.height
        if not top <= row < top + height:
            self._scroll_to_row()
            self.refresh()
            return
        for r in (old, row):
            if top <= r < top + height:
                self._refresh_row(r - top)

    def on_mount(self) -> None:
        self.virtual_size = Size(1, len(self.aset.spans))

    def on_resize(self, event: events.Resize) -> None:
        self._cache.clear()
        self.virtual_size = Size(1, len(self.aset.spans))

    def begin_frame(self) -> None:
        super().begin_frame()
        self._frame_width = self.scrollable_content_region.width

    def end_frame(self) -> None:
        super().end_frame()
        self._frame_width = None

    def render_line(self, y: int) -> Strip:
        width = (
            self._frame_width
            if self._frame_width is not None
            else self.scrollable_content_region.width
        )
        index = round(self.scroll_offset.y) + y
        spans = self.aset.spans
        if index >= len(spans):
            if not spans and y == 0:
                dim = self.get_component_rich_style("span-list--dim")
                return Strip([Segment(pad(" no spans yet", width), dim)], width)
            return Strip.blank(width, self.rich_style)
        return self._row_strip(index, width)

    def _row_strip(self, index: int, width: int) -> Strip:
        """Row ``index`` drawn, from the cache when its span and look are unchanged."""
        span = self.aset.spans[index]
        selected = index == self.row
        key = (span, width, selected, self._source_of(span))
        strip = self._cache.get(key)
        if strip is None:
            strip = self._render_row(span, width, selected)
            self._cache[key] = strip
        return strip

    # -- drawing ahead (AheadView) -------------------------------------------------------------
    #
    # The list follows the article's cursor: a page down or a search jump scrolls it to rows
    # never drawn. Drawn ahead: the screenfuls below and above, and the rows of the spans on
    # the article's next pages (``prefetch_spans``, told by the screen).

    def prefetch_spans(self, start: int, end: int) -> None:
        """Draw ahead the rows the list shows when the cursor lands on a span starting in
        ``[start, end)``: those spans' rows and a screenful after them."""
        spans = self.aset.spans
        first = bisect_left(spans, start, key=lambda s: s.start)
        last = bisect_left(spans, end, key=lambda s: s.start)
        height = max(self.scrollable_content_region.height, 1)
        first = max(0, first - CONTEXT_ROWS)
        last = min(len(spans), max(last, first) + height)
        self._extra_rows = range(first, last)
        self._schedule_prefetch()

    def lines_ahead(self) -> Iterable[int]:
        top = round(self.scroll_offset.y)
        height = max(self.scrollable_content_region.height, 1)
        count = len(self.aset.spans)
        below = range(top + height, min(count, top + 2 * height))
        above = range(max(0, top - height), top)
        return (*below, *reversed(above), *self._extra_rows)

    def draw_ahead(self, index: int) -> Strip | None:
        width = self.scrollable_content_region.width
        if width > 0 and index < len(self.aset.spans):
            return self._row_strip(index, width)
        return None

    def _depth(self, span: Span) -> int:
        return sum(
            1
            for other in self.aset.spans_overlapping(span.start, span.end)
            if other is not span
            and other.start <= span.start
            and span.end <= other.end
            and (other.end - other.start) > (span.end - span.start)
        )

    def _source_of(self, span: Span) -> str:
        """The span's sources in logical order ("→ وزير الخارجية"); drawn with the rest of the
        row's extra text, so a cut takes the logical end, never the start of a name."""
        links = self.aset.relations_from(span.id)
        if not links:
            return ""
        names = [
            self.aset.span_text(self.aset.span(rel.to_id)).replace("\n", " ")
            for rel in links
            if self.aset.has_span(rel.to_id)
        ]
        return "→ " + "، ".join(names) if names else ""

    def _render_row(self, span: Span, width: int, selected: bool) -> Strip:
        base = self._base
        if selected:
            base = base + self.get_component_rich_style("span-list--cursor", partial=True)
        dim = self.get_component_rich_style("span-list--dim", partial=True)
        indent = "  " * min(self._depth(span), 3)
        label = f" {span.label[:8]:<8} "
        badge = theme.label_badge(self.label_colors.get(span.label, "#888888"))
        if span.imported:
            badge = badge + Style(italic=True, underline=True)
        attrs = " ".join(f"{v}" for v in span.attributes.values())
        source = self._source_of(span)
        extra = " ".join(part for part in (attrs, source, "✎" if span.note else "") if part)
        room = max(width - len(indent) - len(label) - 1, 4)
        text_room = max(room - (len(extra) + 1 if extra else 0), min(room, 12))
        text = one_line(self.aset.span_text(span), text_room, self.layout_options)
        segments = [
            Segment(indent, base),
            Segment(label, badge),
            Segment(" ", base),
            Segment(pad(text, text_room), base),
        ]
        if extra and room - text_room > 1:
            drawn = one_line(extra, room - text_room - 1, self.layout_options)
            segments.append(Segment(" " + drawn, base + dim))
        strip = Strip(Segment.simplify(segments)).extend_cell_length(width, base)
        return strip.crop(0, width)

    # -- actions -----------------------------------------------------------------------------

    def _scroll_to_row(self) -> None:
        """Bring the highlighted row on screen with room ahead of it in the direction it went
        (a few rows of context behind it): it then moves through the window for a while
        instead of scrolling the whole list on every step, and a span tagged next to it lands
        on screen."""
        height = max(self.scrollable_content_region.height, 1)
        top = round(self.scroll_offset.y)
        behind = min(CONTEXT_ROWS, height // 4)
        if self.row < top:
            self.scroll_to(y=max(self.row - (height - 1 - behind), 0), animate=False)
        elif self.row >= top + height:
            self.scroll_to(y=self.row - behind, animate=False)

    def _set_row(self, row: int) -> None:
        count = len(self.aset.spans)
        if not count:
            return
        self._move_highlight(max(0, min(row, count - 1)))
        self.post_message(self.Highlighted(self.highlighted))

    def action_move(self, delta: int) -> None:
        self._set_row(self.row + delta)

    def action_edge(self, end: int) -> None:
        self._set_row(len(self.aset.spans) - 1 if end else 0)

    def action_choose(self) -> None:
        span = self.highlighted
        if span is not None:
            self.post_message(self.Chosen(span))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        self._set_row(round(self.scroll_offset.y) + offset.y)
        if event.chain >= 2:
            self.action_choose()
