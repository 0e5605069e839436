"""A table of documents that builds only the rows on screen, for corpora of any size.

Textual's DataTable builds every row when it is added and again on each ``clear``: 10,000
documents cost seconds to show and a filter keystroke costs as much. Here the table holds only
the list of row keys (document ids) in display order; the cells of a row are asked for
(``cells(key)``) when the row is drawn, and the drawn line is kept in a small cache until the
row's data changes (``refresh_rows``). Filtering is replacing the key list: no row is built for
documents that are not on screen.

The header is the first line and stays put; rows scroll under it. Up/Down/PageUp/PageDown/
Home/End move the cursor, Enter or a second click on a row posts ``RowSelected``.
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


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    title: str
    width: int
    numeric: bool = False
    title_style: Style | None = None


class DocumentTable(ScrollView, can_focus=True):
    DEFAULT_CSS = """
    DocumentTable { background: $surface; color: $foreground; }
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
        self.keys = keys
        self._index = None
        row = 0
        if keep is not None:
            try:
                row = keys.index(keep)
            except ValueError:
                row = 0
        self.cursor_row = row
        self._set_height(len(keys) + 1)
        if not self._scroll_to_cursor():
            self._refresh_changed(shown, self._shown_rows())

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
        height = self.scrollable_content_region.height
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

    def _set_height(self, lines: int) -> None:
        """Change the scrollable height without the layout pass of the whole screen that
        setting ``virtual_size`` costs (more than a keystroke may), unless the scrollbar
        has to appear or go (as SpanList does)."""
        size = Size(self._width(), lines)
        if size == self.virtual_size:
            return
        visible = self.scrollable_content_region.height
        if (lines > visible) != (self.virtual_size.height > visible) or not self.is_mounted:
            self.virtual_size = size
            if self.is_mounted:
                # Show or hide the scrollbar now: left to the layout pass, it would ask for a
                # second pass, and the rows would wait a frame more.
                self._refresh_scrollbars()
            return
        self.set_reactive(DocumentTable.virtual_size, size)
        if self.show_vertical_scrollbar:
            self.vertical_scrollbar.window_virtual_size = lines
        top = min(self.scroll_y, max(lines - visible, 0))
        if top != self.scroll_y:
            self.scroll_to(y=top, animate=False)

    def _shown_rows(self) -> list[tuple[str | None, bool]]:
        """What each line under the header shows: its row's key (None past the last row)
        and whether the cursor is on it (a line's zebra stripe follows its row number)."""
        top = round(self.scroll_offset.y)
        lines = max(self.scrollable_content_region.height - 1, 0)
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
        width = self.scrollable_content_region.width
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
        return _Drawing(
            width=self.scrollable_content_region.width,
            x=round(self.scroll_offset.x),
            y=round(self.scroll_offset.y),
            base=self.rich_style,
            even=self.get_component_rich_style("document-table--even", partial=True),
            cursor=self.get_component_rich_style("document-table--cursor", partial=True),
        )

    def render_line(self, y: int) -> Strip:
        drawing = self._drawing or self._draw_state()
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
        self.refresh(Region(0, y, self.scrollable_content_region.width, 1))

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
        visible = max(self.scrollable_content_region.height - 1, 1)
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
        step = max(self.scrollable_content_region.height - 2, 1)
        self._set_cursor(self.cursor_row + direction * step)

    def action_edge(self, end: int) -> None:
        self._set_cursor(len(self.keys) - 1 if end else 0)

    def action_select(self) -> None:
        key = self.cursor_key
        if key is not None:
            self.post_message(self.RowSelected(self, key))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0:
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

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()  # drawn rows hold the old colours (a theme change)
