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
to its last (``render_lines`` with that crop, as Textual draws any crop). The terminal
receives exactly what Textual's compositor would send; full updates and screenshots are
Textual's own. tests/tui/test_partial_compositor.py replays keys and checks the screen made
of the partial updates against a full drawing after every key.
"""

from __future__ import annotations

from itertools import pairwise

from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region
from textual.strip import Strip

from annotator.tui import input_clock


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
        return ChopsUpdate(chops, spans, chop_ends)

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
        top_needed, bottom_needed = min(needed), max(needed) + 1
        intersection = Region.intersection
        # Front to back, as Textual's _get_renders: the first widget to fill a piece wins.
        for widget, (region, clip) in self.visible_widgets.items():
            x, y0, width, height = intersection(region, clip)
            if not (width and height):
                continue
            last_cut = x + width
            rows: list[tuple[int, set[int]]] = []
            for y in range(max(y0, top_needed), min(y0 + height, bottom_needed)):
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
                cut_strips = strips[y - first_row].divide([cut - x for cut in final_cuts[1:]])
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
