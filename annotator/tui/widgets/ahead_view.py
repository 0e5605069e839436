"""A scrolling view of cached lines that draws ahead, between keys, the lines the next key is
likely to show.

Page down or a search jump shows lines never drawn before: laid out, shaped and rendered in the
key's frame, tens of milliseconds on a long article or a long span list. While the annotator
reads, the lines a subclass names (``lines_ahead``) are drawn into its cache (``draw_ahead``).
The work starts once the key's frame is drawn (``input_clock``) and runs in slices of at most
``PREFETCH_SLICE`` seconds, so a key arriving meanwhile waits for one slice at most.

The view's base style walks every ancestor's styles (about half a millisecond): it is computed
once per repaint or slice (``begin_frame``, ``_base``), not once per line; subclasses add what
else every line needs and no line changes.

A scroll makes Textual finish every row on screen again (padding, background, tint: a few
milliseconds a page); the view keeps each drawn line's finished form with it instead
(``LineFinisher``), and lines drawn ahead are finished ahead too, with the app's line filters
applied and cut where the compositor cuts them (strips keep both), so the frame that shows
them only looks them up. Its scrollbar is drawn from
kept rows as well (``FastScrollBars``).
"""

from __future__ import annotations

from collections.abc import Iterable
from time import perf_counter
from typing import ClassVar

from rich.style import Style
from textual.geometry import Region
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer

from annotator.tui import collector, input_clock
from annotator.tui.widgets.fast_scrollbar import FastScrollBars
from annotator.tui.widgets.line_finish import LineFinisher


class AheadView(FastScrollBars, ScrollView):
    PREFETCH_SLICE: ClassVar[float] = 0.002
    PREFETCH_DELAY: ClassVar[float] = 0.004
    #: Between slices: next to none, a turn of the event loop (a key waiting is handled then).
    #: A millisecond's pause left a third of the time between keys unused, and the next page
    #: was not drawn in time when keys came every 30 ms (a held page down).
    PREFETCH_GAP: ClassVar[float] = 0.0001  # (a timer cannot be 0)
    #: Whether lines drawn ahead are also cut and turned into terminal bytes ahead. That
    #: saves the frame a millisecond or two on a page of long article lines, but costs the
    #: drawing ahead more than the frame saves on short, many-coloured rows (the span list):
    #: there it made drawing ahead fall behind a held page down.
    CUT_AHEAD: ClassVar[bool] = True

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._base_style: Style | None = None
        self._prefetch_queue: list[int] = []
        self._prefetch_timer: Timer | None = None
        self._finisher = LineFinisher()

    def lines_ahead(self) -> Iterable[int]:
        """The lines to draw ahead now, most likely first (cached ones are checked when their
        turn comes: their look may have changed)."""
        raise NotImplementedError

    def draw_ahead(self, index: int) -> Strip | None:
        """Draw line ``index`` into the cache, unless it is cached as it looks now; its content
        strip (None if the line is gone)."""
        raise NotImplementedError

    @property
    def _base(self) -> Style:
        return self._base_style if self._base_style is not None else self.rich_style

    def begin_frame(self) -> None:
        """A repaint or a slice of drawing ahead starts: what every line needs and nothing in
        it changes is worked out here, once (subclasses add theirs)."""
        self._base_style = self.rich_style

    def end_frame(self) -> None:
        self._base_style = None

    def render_lines(self, crop: Region) -> list[Strip]:
        self.begin_frame()
        try:
            strips = self._finisher.render_lines(self, crop, self.render_line)
            return strips if strips is not None else super().render_lines(crop)
        finally:
            self.end_frame()
            input_clock.note_frame()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._schedule_prefetch()

    def _schedule_prefetch(self) -> None:
        if not self.is_mounted:
            return
        self._prefetch_queue = list(dict.fromkeys(self.lines_ahead()))
        if self._prefetch_timer is None and self._prefetch_queue:
            self._prefetch_timer = self.set_timer(self.PREFETCH_DELAY, self._prefetch_some)

    def _prefetch_some(self) -> None:
        self._prefetch_timer = None
        queue = self._prefetch_queue
        if not queue:
            return
        if wait := input_clock.wait_left():
            # A key's frame is being made: look again soon (not after the whole wait: the
            # frame usually comes within milliseconds, and this view may not be in it).
            self._prefetch_timer = self.set_timer(
                min(wait, self.PREFETCH_DELAY), self._prefetch_some
            )
            return
        deadline = perf_counter() + self.PREFETCH_SLICE
        self.begin_frame()
        finisher = self._finisher
        finish = finisher.begin(self)
        pieces = finisher.screen_pieces(self) if finish and self.CUT_AHEAD else None
        try:
            while queue and perf_counter() < deadline:
                content = self.draw_ahead(queue.pop(0))
                if content is not None and finish:
                    finisher.finish_ahead(content, pieces)
        finally:
            self.end_frame()
        if queue:
            self._prefetch_timer = self.set_timer(self.PREFETCH_GAP, self._prefetch_some)
        else:
            collector.settle()  # the lines drawn ahead stay in the cache
