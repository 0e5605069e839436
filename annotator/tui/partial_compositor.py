"""Textual's compositor, drawing for a partial update only the rows and widgets it shows.

A partial update (a key that changes part of the screen) sends the terminal the changed
regions only, but Textual's compositor draws more than that to make it: every widget whose
clip overlaps the box around all changed regions draws its whole visible area, and every
drawn row of it is cut into pieces at every widget edge. A tag key changes a row of the
article, the span list, the span details and the status bar: the box is the whole screen, so
the title, the footer and its keys, the containers and all 37 rows of the article are drawn
and cut too (a clip is the parent's area: the status bar's is the whole screen), about a
third of the key's time.

``PartialCompositor`` makes the same update from what it shows: a piece of a row (between two
widget edges) is needed when the update sends it (Textual's own test in
``ChopsUpdate.render_segments``), it is taken from the frontmost widget covering it (as
Textual's "first drawn wins"), and a widget draws only the rows from its first needed piece
to its last (``render_lines`` with that crop, as Textual draws any crop). Rows are cut into
pieces without measuring Arabic letter by letter (strip_cuts.py), and the update is turned
into bytes with its cursor moves (one a piece, a hundred or so for a page) looked up instead
of made as Rich Control objects each time. The terminal receives exactly what
Textual's compositor would send; full updates and screenshots are Textual's own.
tests/tui/test_partial_compositor.py replays keys and checks the screen made of the partial
updates against a full drawing after every key.
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import pairwise

from rich.console import Console
from rich.control import Control
from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region
from textual.strip import Strip

from annotator.tui import input_clock
from annotator.tui.strip_cuts import divide

#: Rich's cursor-move sequence by position (made as a Control object for every piece sent).
_MOVES: dict[tuple[int, int], str] = {}


def _move_to(x: int, y: int) -> str:
    move = _MOVES.get((x, y))
    if move is None:
        move = _MOVES[x, y] = Control.move_to(x, y).segment.text
    return move


class PartialChopsUpdate(ChopsUpdate):
    """Textual's ChopsUpdate, its cursor moves looked up rather than made for every piece."""

    def render_segments(self, console: Console) -> str:
        """Exactly ``ChopsUpdate.render_segments``'s bytes."""
        sequences: list[str] = []
        append = sequences.append
        chops = self.chops
        chop_ends = self.chop_ends
        last_y = self.spans[-1][0]
        for y, x1, x2 in self.spans:
            line = chops[y]
            ends = chop_ends[y]
            for end, (x, strip) in zip(ends, line.items(), strict=False):
                if strip is None or x > x2 or end <= x1:
                    continue
                if not (x2 > x >= x1 and end <= x2):
                    strip = strip.crop(0, min(end, x2) - x)
                append(_move_to(x, y))
                append(strip.render(console))
            if y != last_y:
                append("\n")
        return "".join(sequences)


class PartialCompositor(Compositor):
    """See the module docstring; a screen uses it by replacing its ``_compositor``."""

    def render_partial_update(self) -> ChopsUpdate | None:
        update_regions = self._dirty_regions.copy()
        self._dirty_regions.clear()
        if not update_regions:
            return None
        spans = list(self._regions_to_spans(update_regions))
        chops = self._render_needed(spans)
        chop_ends = [cut_set[1:] for cut_set in self.cuts]
        input_clock.note_frame()
        return PartialChopsUpdate(chops, spans, chop_ends)

    def _needed_pieces(self, spans: list[tuple[int, int, int]]) -> dict[int, set[int]]:
        """For each row sent: the cuts starting the pieces the update sends (a piece from
        ``x`` to ``end`` is sent unless ``x > x2 or end <= x1``, as in render_segments)."""
        cuts = self.cuts
        height = len(cuts)
        needed: dict[int, set[int]] = {}
        for y, x1, x2 in spans:
            if not 0 <= y < height:
                continue
            line_cuts = cuts[y]
            pieces = needed.setdefault(y, set())
            for x, end in pairwise(line_cuts):
                if not (x > x2 or end <= x1):
                    pieces.add(x)
        return {y: pieces for y, pieces in needed.items() if pieces}

    def _render_needed(self, spans: list[tuple[int, int, int]]) -> list[dict[int, Strip | None]]:
        cuts = self.cuts
        chops: list[dict[int, Strip | None]] = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
        needed = self._needed_pieces(spans)
        if not needed:
            return chops
        needed_rows = sorted(needed)
        intersection = Region.intersection
        # Front to back, as Textual's _get_renders: the first widget to fill a piece wins.
        for widget, (region, clip) in self.visible_widgets.items():
            x, y0, width, height = intersection(region, clip)
            if not (width and height):
                continue
            last_cut = x + width
            rows: list[tuple[int, set[int]]] = []
            first = bisect_left(needed_rows, y0)
            for y in needed_rows[first : bisect_left(needed_rows, y0 + height, first)]:
                pieces = needed.get(y)
                if pieces and any(x <= cut < last_cut for cut in pieces):
                    rows.append((y, pieces))
            if not rows:
                continue
            first_row, last_row = rows[0][0], rows[-1][0]
            strips = widget.render_lines(
                Region(x - region.x, first_row - region.y, width, last_row - first_row + 1)
            )
            for y, pieces in rows:
                if y - first_row >= len(strips):
                    break
                final_cuts = [cut for cut in cuts[y] if last_cut >= cut >= x]
                cut_strips = divide(strips[y - first_row], [cut - x for cut in final_cuts[1:]])
                line = chops[y]
                for cut, strip in zip(final_cuts, cut_strips, strict=False):  # the last cut ends
                    if cut in pieces:
                        line[cut] = strip
                        pieces.discard(cut)
                if not pieces:
                    del needed[y]
            if not needed:
                break
        return chops
