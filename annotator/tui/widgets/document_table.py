"""A table of documents that builds only the rows on screen, for corpora of any size.

Textual's DataTable builds every row when it is added and again on each ``clear``: 10,000
documents cost seconds to show and a filter keystroke costs as much. Here the table holds only
the list of row keys (document ids) in display order; the cells of a row are asked for
(``cells(key)``) when the row is drawn, and the drawn line is kept in a small cache until the
row's data changes (``refresh_rows``). Filtering is replacing the key list: no row is built for
documents that are not on screen.

The header is the first line and stays put; rows scroll under it. Up/Down/PageUp/PageDown/
Home/End move the cursor, Enter or a second click on a row posts ``RowSelected``.

The scrollbars are drawn as part of the table's own lines (drawn_scrollbars.py), looking as
Textual's do: a filter that makes the vertical bar come or go then costs no layout pass of the
screen and no second screen update.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
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

from annotator.layout import DEFAULT_OPTIONS
from annotator.tui.visual import fit, pad
from annotator.tui.widgets.drawn_scrollbars import (
    BarLayout,
    BarState,
    bar_layout,
    bar_style,
    corner,
    horizontal_bar,
    thumb_cells,
    thumbless,
    vertical_bar,
)

#: A cell: its text and, optionally, its own style over the row's.
Cell = tuple[str, Style | None]


@dataclass(frozen=True, slots=True)
class _Drawing:
    """What every line of one update is drawn with."""

    width: int
    x: int
    y: int
    base: Style
    even: Style
    cursor: Style
    bars: BarLayout
    #: The vertical bar's lines (one per line of the body), when it shows.
    vertical: tuple[Strip, ...] | None
    #: The horizontal bar's lines, with the corner when both bars show.
    horizontal: tuple[Strip, ...] | None


@dataclass(frozen=True, slots=True)
class _Grab:
    """A bar's thumb held with the mouse: which bar, where the mouse took it (screen cell on
    the bar's axis) and the scroll position then."""

    vertical: bool
    at: int
    position: float


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    title: str
    width: int
    numeric: bool = False
    title_style: Style | None = None


class DocumentTable(ScrollView, can_focus=True):
    DEFAULT_CSS = """
    DocumentTable { background: $surface; color: $foreground; overflow: hidden hidden; }
    DocumentTable > .document-table--header { text-style: bold; background: $panel; }
    DocumentTable > .document-table--cursor { background: $accent 50%; text-style: bold; }
    DocumentTable > .document-table--even { background: $surface-lighten-1; }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "document-table--header",
        "document-table--cursor",
        "document-table--even",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", "Previous document", show=False),
        Binding("down", "move(1)", "Next document", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "edge(0)", "First document", show=False),
        Binding("end", "edge(1)", "Last document", show=False),
        Binding("enter", "select", "Open", show=False),
    ]

    class RowSelected(Message):
        """Enter (or a second click) on a row."""

        def __init__(self, table: DocumentTable, key: str) -> None:
            super().__init__()
            self.table = table
            self.key = key

    class RowHighlighted(Message):
        def __init__(self, table: DocumentTable, key: str | None) -> None:
            super().__init__()
            self.table = table
            self.key = key

    def __init__(
        self,
        columns: Sequence[Column],
        cells: Callable[[str], Sequence[Cell]],
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.columns = list(columns)
        self.cells_of = cells
        self.keys: list[str] = []
        self._index: dict[str, int] | None = {}
        self.cursor_row = 0
        #: Drawn rows by (key, width, cursor, zebra); dropped by refresh_rows.
        self._cache: LRUCache[tuple[str, int, bool, bool], Strip] = LRUCache(1024)
        #: How many rows were built (their cells asked for): what the virtual table saves.
        self.rows_built = 0
        #: Set while an update draws its lines (render_lines).
        self._drawing: _Drawing | None = None
        #: The bar under the mouse (True: vertical, False: horizontal), and a held thumb.
        self._hover: bool | None = None
        self._grab: _Grab | None = None

    # -- data ----------------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self.keys)

    @property
    def cursor_key(self) -> str | None:
        return self.keys[self.cursor_row] if 0 <= self.cursor_row < len(self.keys) else None

    def set_rows(self, keys: list[str]) -> None:
        """Show ``keys`` in this order (all documents, or those a filter keeps); the cursor
        stays on its document when it is still listed. Only the lines whose row changed are
        drawn again: a filter keystroke that keeps the first rows costs no table repaint."""
        if keys == self.keys:
            return
        keep = self.cursor_key
        shown = self._shown_rows()
        bars = self._bars()
        self.keys = keys
        self._index = None
        row = 0
        if keep is not None:
            try:
                row = keys.index(keep)
            except ValueError:
                row = 0
        self.cursor_row = row
        self._update_virtual_size()
        if self._scroll_to_cursor():
            return
        if self._bars() != bars:  # a bar came or went: every line is drawn otherwise
            self.refresh()
            return
        self._refresh_changed(shown, self._shown_rows())
        if bars.vertical:  # the thumb follows the number of rows
            self.refresh(
                Region(bars.body.width, 0, self.size.width - bars.body.width, bars.body.height)
            )

    def refresh_rows(self, keys: Iterable[str] | None = None) -> None:
        """The data of ``keys`` (default: every row) changed: draw them again when shown."""
        if keys is None:
            self._cache.clear()
            self.refresh()
            return
        changed = set(keys)
        for cached in list(self._cache.keys()):
            if cached[0] in changed:
                self._cache.discard(cached)
        top = round(self.scroll_offset.y)
        height = self._bars().body.height
        positions = self._positions()
        for key in changed:
            row = positions.get(key)
            if row is not None and top <= row < top + height - 1:
                self._refresh_line(row - top + 1)

    def get_row_index(self, key: str) -> int:
        return self._positions()[key]

    def get_row(self, key: str) -> list[str]:
        """The texts of a row's cells (as shown, before cutting to the column's width)."""
        return [text for text, _ in self.cells_of(key)]

    def get_row_at(self, row: int) -> list[str]:
        return self.get_row(self.keys[row])

    def move_cursor(self, *, row: int) -> None:
        self._set_cursor(row)

    # -- size and scrollbars --------------------------------------------------------------------

    def _content_size(self) -> Size:
        """The columns and lines of the table itself (the header is a line)."""
        return Size(self._width(), len(self.keys) + 1)

    def _bars(self) -> BarLayout:
        """Which bars show and the room left for the table: Textual's rule for overflow
        ``auto``, applied by the table since it draws its bars itself."""
        styles = self.styles
        return bar_layout(
            self._content_size(),
            self.scrollable_content_region.size,
            styles.scrollbar_size_vertical,
            styles.scrollbar_size_horizontal,
        )

    def _update_virtual_size(self) -> None:
        """Set the scrollable size without a layout pass of the screen (the table's own size
        never follows its content), counting the bars' room so that Textual's scroll limits
        are the table's; the scroll position is kept within them."""
        bars = self._bars()
        content = self._content_size()
        styles = self.styles
        size = Size(
            content.width + (styles.scrollbar_size_vertical if bars.vertical else 0),
            content.height + (styles.scrollbar_size_horizontal if bars.horizontal else 0),
        )
        if size == self.virtual_size:
            return
        self.set_reactive(DocumentTable.virtual_size, size)
        x, y = self.validate_scroll_x(self.scroll_x), self.validate_scroll_y(self.scroll_y)
        if (x, y) != (self.scroll_x, self.scroll_y):
            self.scroll_to(x=x, y=y, animate=False)

    @property
    def allow_vertical_scroll(self) -> bool:
        return not self._check_disabled() and self._bars().vertical

    @property
    def allow_horizontal_scroll(self) -> bool:
        return not self._check_disabled() and self._bars().horizontal

    def _shown_rows(self) -> list[tuple[str | None, bool]]:
        """What each line under the header shows: its row's key (None past the last row)
        and whether the cursor is on it (a line's zebra stripe follows its row number)."""
        top = round(self.scroll_offset.y)
        lines = max(self._bars().body.height - 1, 0)
        return [
            (self.keys[row] if row < len(self.keys) else None, row == self.cursor_row)
            for row in range(top, top + lines)
        ]

    def _refresh_changed(
        self, before: list[tuple[str | None, bool]], after: list[tuple[str | None, bool]]
    ) -> None:
        """Draw again the lines that show something else now, in runs of adjacent lines."""
        if len(before) != len(after):  # a scrollbar came or went: every line moved
            self.refresh()
            return
        width = self._bars().body.width
        y = 0
        while y < len(after):
            if before[y] == after[y]:
                y += 1
                continue
            end = y + 1
            while end < len(after) and before[end] != after[end]:
                end += 1
            self.refresh(Region(0, y + 1, width, end - y))  # the header is line 0
            y = end

    def _positions(self) -> dict[str, int]:
        if self._index is None:
            self._index = {key: n for n, key in enumerate(self.keys)}
        return self._index

    def _width(self) -> int:
        return sum(c.width + 1 for c in self.columns)

    # -- drawing -------------------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        # The lines of one update share their width, scroll offset and styles, which Textual
        # computes anew on each call (``rich_style`` walks every ancestor): a filter keystroke
        # that draws a screenful of rows looks them up once, not once per line.
        self._drawing = self._draw_state()
        try:
            return super().render_lines(crop)
        finally:
            self._drawing = None

    def _draw_state(self) -> _Drawing:
        bars = self._bars()
        base = self.rich_style
        content = self._content_size()
        styles = self.styles
        body = bars.body
        vertical = horizontal = None
        if bars.vertical:
            vertical = vertical_bar(
                body.height,
                content.height,
                0 if thumbless(self) else body.height,
                self.scroll_y,
                styles.scrollbar_size_vertical,
                base,
                bar_style(self, self._bar_state(vertical=True)),
            )
        if bars.horizontal:
            horizontal = horizontal_bar(
                body.width,
                content.width,
                0 if thumbless(self) else body.width,
                self.scroll_x,
                styles.scrollbar_size_horizontal,
                base,
                bar_style(self, self._bar_state(vertical=False)),
            )
            if bars.vertical:
                gap = corner(styles.scrollbar_size_vertical, styles.scrollbar_corner_color)
                horizontal = tuple(Strip.join([line, gap]) for line in horizontal)
        return _Drawing(
            width=body.width,
            x=round(self.scroll_offset.x),
            y=round(self.scroll_offset.y),
            base=base,
            even=self.get_component_rich_style("document-table--even", partial=True),
            cursor=self.get_component_rich_style("document-table--cursor", partial=True),
            bars=bars,
            vertical=vertical,
            horizontal=horizontal,
        )

    def _bar_state(self, *, vertical: bool) -> BarState:
        if self._grab is not None and self._grab.vertical == vertical:
            return "grabbed"
        return "hover" if self._hover == vertical else "idle"

    def render_line(self, y: int) -> Strip:
        drawing = self._drawing or self._draw_state()
        body = drawing.bars.body
        if y >= body.height:
            if drawing.horizontal is None or y - body.height >= len(drawing.horizontal):
                return Strip.blank(self.size.width, drawing.base)
            return drawing.horizontal[y - body.height]
        line = self._content_line(y, drawing)
        if drawing.vertical is not None:
            return Strip.join([line, drawing.vertical[y]])
        return line

    def _content_line(self, y: int, drawing: _Drawing) -> Strip:
        """Line ``y`` of the table itself: the header or a row, without the bars."""
        width = drawing.width
        if y == 0:
            return self._header(width)
        row = drawing.y + y - 1
        if row >= len(self.keys):
            return Strip.blank(width, drawing.base)
        key = self.keys[row]
        cursor = row == self.cursor_row  # shown while the filter box has focus too
        cache_key = (key, width, cursor, row % 2 == 1)
        strip = self._cache.get(cache_key)
        if strip is None:
            strip = self._row(key, width, cursor, row % 2 == 1)
            self._cache[cache_key] = strip
        return strip.crop(drawing.x, drawing.x + width)

    def _header(self, width: int) -> Strip:
        drawing = self._drawing or self._draw_state()
        base = drawing.base + self.get_component_rich_style("document-table--header")
        segments = []
        for column in self.columns:
            title = column.title[: column.width]
            text = pad(title, column.width, right=column.numeric)
            segments.append(
                Segment(text, base + column.title_style if column.title_style else base)
            )
            segments.append(Segment(" ", base))
        strip = Strip(segments).extend_cell_length(width + drawing.x, base)
        return strip.crop(drawing.x, drawing.x + width)

    def _row(self, key: str, width: int, cursor: bool, even: bool) -> Strip:
        self.rows_built += 1
        drawing = self._drawing or self._draw_state()
        base = drawing.base
        if even:
            base = base + drawing.even
        if cursor:
            base = base + drawing.cursor
        segments = []
        options = getattr(self.app, "layout_options", DEFAULT_OPTIONS)
        for column, (text, style) in zip(self.columns, self.cells_of(key), strict=False):
            shown = fit(text, column.width, options)  # Arabic ids through the layout engine
            cell = pad(shown, column.width, right=column.numeric)
            segments.append(Segment(cell, base + style if style else base))
            segments.append(Segment(" ", base))
        total = max(width, self._width())
        return Strip(Segment.simplify(segments)).extend_cell_length(total, base)

    def _refresh_line(self, y: int) -> None:
        self.refresh(Region(0, y, self._bars().body.width, 1))

    # -- cursor --------------------------------------------------------------------------------

    def _set_cursor(self, row: int) -> None:
        if not self.keys:
            return
        row = max(0, min(row, len(self.keys) - 1))
        old, self.cursor_row = self.cursor_row, row
        if not self._scroll_to_cursor():
            top = round(self.scroll_offset.y)
            for r in (old, row):
                self._refresh_line(r - top + 1)
        self.post_message(self.RowHighlighted(self, self.cursor_key))

    def _scroll_to_cursor(self) -> bool:
        """Scroll so the cursor row is visible; whether it scrolled (and so repaints)."""
        visible = max(self._bars().body.height - 1, 1)
        top = round(self.scroll_offset.y)
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False)
        elif self.cursor_row >= top + visible:
            self.scroll_to(y=self.cursor_row - visible + 1, animate=False)
        else:
            return False
        self.refresh()
        return True

    def action_move(self, delta: int) -> None:
        self._set_cursor(self.cursor_row + delta)

    def action_page(self, direction: int) -> None:
        step = max(self._bars().body.height - 2, 1)
        self._set_cursor(self.cursor_row + direction * step)

    def action_edge(self, end: int) -> None:
        self._set_cursor(len(self.keys) - 1 if end else 0)

    def action_select(self) -> None:
        key = self.cursor_key
        if key is not None:
            self.post_message(self.RowSelected(self, key))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0 or self._on_bars(offset.x, offset.y) is not None:
            return
        row = round(self.scroll_offset.y) + offset.y - 1
        if row >= len(self.keys):
            return
        if row == self.cursor_row or event.chain >= 2:
            self._set_cursor(row)
            self.action_select()
        else:
            self._set_cursor(row)

    def on_resize(self, event: events.Resize) -> None:
        self._cache.clear()
        self._update_virtual_size()

    # -- the bars under the mouse (as Textual's ScrollBar widgets answer it) ----------------------

    def _on_bars(self, x: int, y: int) -> bool | None:
        """Which bar content cell (x, y) is on: True vertical, False horizontal, None neither
        (the corner belongs to no bar)."""
        bars = self._bars()
        body = bars.body
        if bars.vertical and x >= body.width and y < body.height:
            return True
        if bars.horizontal and y >= body.height and x < body.width:
            return False
        return None

    def on_mouse_down(self, event: events.MouseDown) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        which = self._on_bars(offset.x, offset.y)
        if which is None:
            return
        event.stop()
        body = self._bars().body
        content = self._content_size()
        if which:
            size, virtual, at, position = body.height, content.height, offset.y, self.scroll_y
        else:
            size, virtual, at, position = body.width, content.width, offset.x, self.scroll_x
        thumb = None if thumbless(self) else thumb_cells(size, virtual, size, position)
        if thumb is None:
            return
        if thumb[0] <= at < thumb[1]:
            self._grab = _Grab(which, event.screen_y if which else event.screen_x, position)
            self.capture_mouse()
            self.release_anchor()
            self.refresh()
            return
        step = size if at >= thumb[1] else -size  # a page, as ScrollUp/ScrollDown do
        if which:
            self.scroll_to(y=self.scroll_y + step)
        else:
            self.scroll_to(x=self.scroll_x + step)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        grab = self._grab
        if grab is not None:
            body = self._bars().body
            content = self._content_size()
            animate = not self.app.supports_smooth_scrolling
            if grab.vertical and body.height:
                y = grab.position + (event.screen_y - grab.at) * (content.height / body.height)
                self.scroll_to(y=y, animate=animate, duration=0.1)
            elif not grab.vertical and body.width:
                x = grab.position + (event.screen_x - grab.at) * (content.width / body.width)
                self.scroll_to(x=x, animate=animate, duration=0.1)
            event.stop()
            return
        offset = event.get_content_offset(self)
        self._set_hover(None if offset is None else self._on_bars(offset.x, offset.y))

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._grab is not None:
            self._grab = None
            self.release_mouse()
            self.refresh()
            event.stop()

    def on_leave(self, event: events.Leave) -> None:
        self._set_hover(None)

    def _set_hover(self, which: bool | None) -> None:
        if which != self._hover:
            self._hover = which
            self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()  # drawn rows hold the old colours (a theme change)
