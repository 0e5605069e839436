"""A vertical scrollbar drawn from kept rows: the same look as Textual's, without its cost.

Textual redraws a scrollbar whose thumb moved through Rich: a renderable, a console render,
then every row finished again by the styles cache, about a millisecond a bar, on every key that
scrolls a view (page down, a search jump, a filter keystroke in a list). Yet a bar has only a
handful of different rows: track above the thumb, track below, thumb, and the eighth-cell
glyphs at the thumb's ends. ``FastScrollBar`` works out the rows the cheap way (the
renderer's own ``render_bar``, a list of segments, one a row) and keeps each different row's
drawing; every later frame is a lookup per row, and a frame in which the bar was not marked
dirty reuses its last drawing outright (every frame draws every widget under the changed
regions, the bar included).

A row seen for the first time is drawn as Textual's pipeline would draw it: the widget's base
style under the segment's, when the bar's styles leave nothing else to do (no padding, border,
tint, opacity, alignment or selection); otherwise Textual draws the bar and the row is taken
from it. A horizontal bar, a custom renderer or a transparent screen scrollbar colour go the
stock way. tests/tui/test_fast_drawing.py checks the drawing against Textual's for any thumb.

A widget gets the fast bar by putting ``FastScrollBars`` before its Textual base class
(``class MyList(FastScrollBars, ScrollView)``).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.filter import LineFilter
from textual.geometry import Region, Spacing
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip
from textual.widget import Widget

from annotator.tui.widgets.drawn_scrollbars import bar_segments

#: Rows kept at most (a bar has about twenty kinds for one look; a look change starts over).
MAX_KEPT = 256

_NO_SPACE = Spacing(0, 0, 0, 0)


class FastScrollBar(ScrollBar):
    """Textual's ScrollBar, its rows kept by what they show (see the module docstring)."""

    def __init__(
        self, vertical: bool = True, name: str | None = None, *, thickness: int = 1
    ) -> None:
        super().__init__(vertical, name, thickness=thickness)
        self._rows: dict[Hashable, Strip] = {}
        self._rows_context: Hashable = None
        #: The last drawing and its crop, until the bar is marked dirty (every frame draws
        #: every widget under the changed regions: mostly the bar did not change).
        self._drawn: tuple[Region, list[Strip]] | None = None

    def _set_dirty(self, *regions: Region) -> None:
        self._drawn = None
        super()._set_dirty(*regions)

    def _row_segments(self) -> list[Segment] | None:
        """The bar's rows as ``ScrollBarRender`` makes them, one segment a row, or None when
        the stock drawing must be used."""
        if not self.vertical:
            return None
        renderable = self.render()
        if (
            not isinstance(renderable, ScrollBarRender)
            or type(renderable).__rich_console__ is not ScrollBarRender.__rich_console__
            or not isinstance(renderable.style, Style)
        ):
            return None
        width, height = self.size
        segments = bar_segments(
            height,
            renderable.virtual_size,
            renderable.window_size,
            renderable.position,
            width,
            True,
            renderable.style,
            keep_actions=True,
        )
        return segments if len(segments) == height else None

    def render_lines(self, crop: Region) -> list[Strip]:
        drawn = self._drawn
        if drawn is not None and drawn[0] == crop:
            return drawn[1]
        strips = self._render_rows(crop)
        self._drawn = (crop, strips)
        return strips

    def _render_rows(self, crop: Region) -> list[Strip]:
        segments = self._row_segments()
        if segments is None or crop.bottom > len(segments):
            return super().render_lines(crop)
        size = self.size
        filters = self.get_line_filters()
        context = (
            size,
            self.background_colors,
            self.styles.tint,
            self.opacity,
            tuple(map(id, filters)),
            id(self.app.ansi_theme),
            self.app.native_ansi_color,
        )
        rows = self._rows
        if context != self._rows_context or len(rows) > MAX_KEPT:
            rows.clear()
            self._rows_context = context
        strips: list[Strip] = []
        for y in crop.line_range:
            segment = segments[y]
            strip = rows.get(segment)
            if strip is None:
                strip = self._new_row(segment, y, filters)
                rows[segment] = strip
            strips.append(strip)
        if crop.column_span != (0, size.width):
            x1, x2 = crop.column_span
            strips = [strip.crop(x1, x2) for strip in strips]
        return strips

    def _new_row(self, segment: Segment, y: int, filters: Sequence[LineFilter]) -> Strip:
        """Row ``y``, showing ``segment``, as Textual draws it.

        When the bar's styles leave Textual nothing to do but lay the widget's base style
        under the segment's (no padding, border, tint, opacity, alignment or selection), that
        is done here; otherwise Textual draws the bar and its row ``y`` is taken."""
        styles = self.styles
        width = self.size.width
        if (
            styles.gutter == _NO_SPACE
            and not styles.outline.spacing
            and not styles.tint.a
            and self.opacity == 1.0
            and styles.text_opacity == 1.0
            and not styles.has_rule("hatch")
            and styles.content_align == ("left", "top")
            and self.text_selection is None
            and not self.auto_links
            and cell_len(segment.text) == width
        ):
            base = self.visual_style.rich_style
            strip = Strip([Segment(segment.text, base + segment.style)], width)
            _, background = self.background_colors
            for line_filter in filters:
                strip = strip.apply_filter(line_filter, background)
            return strip
        return super().render_lines(Region(0, y, width, 1))[0]


if TYPE_CHECKING:
    _Mixin = Widget
else:
    # A plain class at run time: a Widget here would bring Widget's default CSS in after
    # the scrolling base class's, and its `overflow: hidden` would win.
    _Mixin = object


class FastScrollBars(_Mixin):
    """Put before a scrolling widget's Textual base class: its vertical scrollbar is a
    ``FastScrollBar``."""

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        if self._vertical_scrollbar is not None:
            return self._vertical_scrollbar
        self._vertical_scrollbar = scroll_bar = FastScrollBar(
            vertical=True, name="vertical", thickness=self.scrollbar_size_vertical
        )
        scroll_bar.display = False
        self.app._start_widget(self, scroll_bar)
        return scroll_bar
