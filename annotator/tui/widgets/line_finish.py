"""Textual's finishing of a widget's content lines (padding, background, borders, tint), done
once per drawn line instead of once per repaint of a screen row.

Textual's styles cache keeps a widget's finished rows by row on screen: when a view scrolls,
every row shows another line and all of them are finished again (padding, borders, tint,
opacity), about 70 microseconds a row, a few milliseconds for a page down on the article. A
line that scrolls keeps its drawing (the views cache their content strips), so its finished
form can be kept with it: ``LineFinisher`` remembers, for each content strip, the strip
Textual's own ``StylesCache.render_line`` made of it, and reuses it while the widget's look
(size, padding, borders, colours, tint, opacity) stays the same.

Rows not marked dirty since they were drawn still come from Textual's cache of rows (a
cursor move repaints two rows, not all). Only widgets whose rows Textual finishes from the
content line alone are drawn this way (no top or bottom padding, border or outline); anything
else (and a link under the mouse) goes the stock way, so what is drawn is always what
Textual would draw.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence

from rich.console import Console
from rich.terminal_theme import TerminalTheme
from textual.color import Color
from textual.dom import NoScreen
from textual.filter import LineFilter
from textual.geometry import Region, Size, Spacing
from textual.strip import Strip
from textual.widget import Widget

from annotator.tui.strip_cuts import divide

#: Finished lines kept at most (about a hundred pages of a long article); beyond that the
#: memo starts again, which only costs the next frames their finishing.
MAX_KEPT = 8192


class LineFinisher:
    """Finished strips of one widget, by content strip (see the module docstring)."""

    def __init__(self) -> None:
        self._context: Hashable = None
        #: id(content strip) -> (content strip, finished strip). The content strip is kept so
        #: that an id reused by another object is never mistaken for it.
        self._finished: dict[int, tuple[Strip, Strip]] = {}
        self._widget: Widget | None = None
        self._args: tuple[Size, Size, Spacing, Color, Color] | None = None
        self._opacity = 1.0
        self._ansi_theme: TerminalTheme | None = None
        self._native_ansi = False
        self._filters: Sequence[LineFilter] = ()
        self._console: Console | None = None

    def begin(self, widget: Widget) -> bool:
        """Take the widget's look now (once per repaint or slice of drawing ahead); False when
        its rows cannot be finished from their content lines alone (stock path)."""
        self._widget = widget
        styles = widget.styles
        border = styles.border
        outline = styles.outline
        padding = styles.padding
        if border[0][0] or border[2][0] or outline[0][0] or outline[2][0]:
            return False
        if padding.top or padding.bottom:
            return False
        if widget.auto_links:
            hover = widget.hover_style
            if hover._link_id and hover._meta and "@click" in hover.meta:
                return False
        size = widget.region.size
        if not size.width or not size.height:
            return False
        base_background, background = widget.background_colors
        app = widget.app
        self._args = (
            size,
            widget.content_region.size,
            padding,
            base_background,
            background,
        )
        self._opacity = widget.opacity
        self._filters = widget.get_line_filters()
        self._console = app.console
        self._ansi_theme = app.ansi_theme
        self._native_ansi = app.native_ansi_color
        context = (
            *self._args,
            border,
            outline,
            styles.tint,
            styles.text_opacity,
            styles.hatch if styles.has_rule("hatch") else None,
            self._opacity,
            id(self._ansi_theme),
            self._native_ansi,
        )
        if context != self._context or len(self._finished) > MAX_KEPT:
            self._finished.clear()
            self._context = context
        return True

    def finish(self, content: Strip) -> Strip:
        """``content`` as a finished row (after ``begin``), from the memo when done before."""
        kept = self._finished.get(id(content))
        if kept is not None and kept[0] is content:
            return kept[1]
        widget = self._widget
        assert widget is not None and self._args is not None, "begin() first"
        assert self._ansi_theme is not None
        size, content_size, padding, base_background, background = self._args
        strip = widget._styles_cache.render_line(
            widget.styles,
            0,  # a content row: only the gutter rows depend on where the row is
            size,
            content_size,
            padding,
            base_background,
            background,
            lambda _y: content,
            None,
            None,
            self._opacity,
            self._ansi_theme,
            self._native_ansi,
        )
        self._finished[id(content)] = (content, strip)
        return strip

    def finish_ahead(self, content: Strip, pieces: Sequence[int] | None) -> None:
        """Do ahead (after ``begin``) everything a frame does to a line once drawn: finish it,
        apply the app's line filters, cut it into the pieces the compositor takes (``pieces``,
        see ``screen_pieces``) and turn those into what the terminal is sent. Strips keep
        their filtered and cut forms and their terminal bytes, so the frame that shows the
        line finds them ready: a page down shows 37 lines at once."""
        strip = self.finish(content)
        assert self._args is not None
        background = self._args[4]
        for line_filter in self._filters:
            strip = strip.apply_filter(line_filter, background)
        if pieces:
            console = self._console
            assert console is not None
            for piece in divide(strip, pieces):
                piece.render(console)  # the terminal's bytes, kept by the piece

    def render_lines(
        self, widget: Widget, crop: Region, content_line: Callable[[int], Strip]
    ) -> list[Strip] | None:
        """The rows of ``crop`` as ``widget.render_lines`` draws them, finishing only lines not
        finished before; None when the stock path must draw (the caller then calls it)."""
        if not self.begin(widget):
            return None
        assert self._args is not None
        size, content_size = self._args[0], self._args[1]
        if crop.bottom > min(size.height, content_size.height):
            return None
        background = self._args[4]
        filters = self._filters
        finish = self.finish
        # Rows not marked dirty since they were drawn are taken from Textual's own cache of
        # the widget's rows, as its render does (a cursor move repaints two rows, not all).
        cache = widget._styles_cache
        if cache._width != size.width:
            cache.clear()
            cache._width = size.width
        rows = cache._cache
        dirty = cache._dirty_lines
        strips: list[Strip] = []
        for y in crop.line_range:
            strip = rows.get(y) if y not in dirty else None
            if strip is None:
                strip = rows[y] = finish(content_line(y))
            for line_filter in filters:
                strip = strip.apply_filter(line_filter, background)
            strips.append(strip)
        dirty.difference_update(crop.line_range)
        if crop.column_span != (0, size.width):
            x1, x2 = crop.column_span
            strips = [strip.crop(x1, x2) for strip in strips]
        return strips

    @staticmethod
    def screen_pieces(widget: Widget) -> list[int] | None:
        """Where the compositor cuts the widget's rows (its first row's cuts, relative to the
        widget, as Textual's ``_render_chops`` passes them to ``Strip.divide``), or None when
        the widget is not on screen or the screen's arrangement is being worked out. Only
        what the last frame computed is read: asking the compositor would arrange the screen
        from here, between frames."""
        try:
            compositor = widget.screen._compositor
        except NoScreen:
            return None
        visible, cuts = compositor._visible_widgets, compositor._cuts
        if visible is None or cuts is None or widget not in visible:
            return None
        region, clip = visible[widget]
        x, y, width, height = region.intersection(clip)
        if not (width and height) or y >= len(cuts):
            return None
        return [cut - x for cut in cuts[y] if x + width >= cut >= x][1:]

    def clear(self) -> None:
        self._finished.clear()
