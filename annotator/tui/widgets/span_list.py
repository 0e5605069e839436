"""The span panel: every span in reading order with its label, text, attributes and source.

A Line API list, so a set of 10,000 spans costs nothing until rows are on screen. Span text is
drawn through the layout engine (``visual.one_line``); spans inside other spans are indented.
"""

from __future__ import annotations

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


def _thumb(visible: int, rows: int) -> int:
    """The scrollbar thumb's length in cells for ``rows`` rows seen ``visible`` at a time."""
    return round(visible * visible / max(rows, 1))


class SpanList(ScrollView, can_focus=True):
    DEFAULT_CSS = """
    SpanList {
        background: $panel;
        color: $foreground;
        overflow-x: hidden;
    }
    SpanList > .span-list--cursor { background: $accent 40%; text-style: bold; }
    SpanList > .span-list--dim { color: $text-muted; }
    """

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
        self.aset = aset
        self.label_colors = colors
        self.layout_options = options
        self.row = 0
        #: Rendered rows by content: an edit elsewhere in the set leaves them valid.
        self._cache: LRUCache[tuple[Span, int, bool, str], Strip] = LRUCache(2048)

    @property
    def highlighted(self) -> Span | None:
        spans = self.aset.spans
        return spans[self.row] if 0 <= self.row < len(spans) else None

    def set_set(self, aset: AnnotationSet) -> None:
        """Show another version of the set, repainting only the rows on screen that changed
        (an edit usually changes one row; an insertion shifts only the rows below it)."""
        old, old_row = self.aset, self.row
        keep = self.highlighted
        self.aset = aset
        if keep is not None and aset.has_span(keep.id):
            self.row = aset.position(aset.span(keep.id))
        self.row = max(0, min(self.row, len(aset.spans) - 1))
        self._set_height(len(aset.spans))
        top = round(self.scroll_offset.y)
        height = self.scrollable_content_region.height
        if old.relations is not aset.relations or not height:
            self.refresh()
            return
        before, after = old.spans[top : top + height], aset.spans[top : top + height]
        for y in range(height):
            a = before[y] if y < len(before) else None
            b = after[y] if y < len(after) else None
            if a is not b or top + y in (old_row, self.row):
                self._refresh_row(y)

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
        # change by a cell (one span more in ten thousand does not show).
        if self.show_vertical_scrollbar and _thumb(visible, old_rows) != _thumb(visible, rows):
            self.vertical_scrollbar.window_virtual_size = rows

    def show_span(self, span: Span | None) -> None:
        """Highlight ``span`` (the article's current span) without taking focus."""
        if span is None or not self.aset.has_span(span.id):
            return
        row = self.aset.position(self.aset.span(span.id))
        if row != self.row:
            self.row = row
            self._scroll_to_row()
            self.refresh()

    def on_mount(self) -> None:
        self.virtual_size = Size(1, len(self.aset.spans))

    def on_resize(self, event: events.Resize) -> None:
        self._cache.clear()
        self.virtual_size = Size(1, len(self.aset.spans))

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = round(self.scroll_offset.y) + y
        spans = self.aset.spans
        if index >= len(spans):
            if not spans and y == 0:
                dim = self.get_component_rich_style("span-list--dim")
                return Strip([Segment(pad(" no spans yet", width), dim)], width)
            return Strip.blank(width, self.rich_style)
        span = spans[index]
        selected = index == self.row
        key = (span, width, selected, self._source_of(span))
        strip = self._cache.get(key)
        if strip is None:
            strip = self._render_row(span, width, selected)
            self._cache[key] = strip
        return strip

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
        links = self.aset.relations_from(span.id)
        if not links:
            return ""
        names = []
        for rel in links:
            if self.aset.has_span(rel.to_id):
                target = self.aset.span(rel.to_id)
                names.append(one_line(self.aset.span_text(target), 16, self.layout_options))
        return "→ " + "، ".join(names)

    def _render_row(self, span: Span, width: int, selected: bool) -> Strip:
        base = self.rich_style
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
            segments.append(Segment(" " + extra[: room - text_room - 1], base + dim))
        strip = Strip(Segment.simplify(segments)).extend_cell_length(width, base)
        return strip.crop(0, width)

    # -- actions -----------------------------------------------------------------------------

    def _scroll_to_row(self) -> None:
        height = max(self.scrollable_content_region.height, 1)
        top = round(self.scroll_offset.y)
        if self.row < top:
            self.scroll_to(y=self.row, animate=False)
        elif self.row >= top + height:
            self.scroll_to(y=self.row - height + 1, animate=False)

    def _set_row(self, row: int) -> None:
        count = len(self.aset.spans)
        if not count:
            return
        self.row = max(0, min(row, count - 1))
        self._scroll_to_row()
        self.refresh()
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
