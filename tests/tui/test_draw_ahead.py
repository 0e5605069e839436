"""Drawing ahead waits for a key's frame, and only for it: a view that is not part of that
frame (the span list on a page down, under the editing screens' compositor, which draws only
what changed) must not sleep through the time between keys. It did: it waited the whole
window (0.1 s) and a held page down found the list's next rows undrawn."""

from __future__ import annotations

from annotator.tui import input_clock
from annotator.tui.app import AnnotatorApp
from annotator.tui.widgets.ahead_view import AheadView
from annotator.tui.widgets.span_list import SpanList
from tests.tui.conftest import screen_of


async def test_drawing_ahead_looks_again_soon_while_a_keys_frame_is_awaited(make_app) -> None:
    app: AnnotatorApp = make_app(annotator="ann1")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        spans = screen_of(app).query_one(SpanList)
        spans._prefetch_queue = list(range(len(spans.aset.spans)))
        input_clock.note_input()  # a key: its frame is not drawn yet
        spans._prefetch_some()
        timer = spans._prefetch_timer
        assert timer is not None, "the work waits for the key's frame"
        assert timer._interval <= AheadView.PREFETCH_DELAY
        assert spans._prefetch_queue, "nothing was drawn before the frame"
        input_clock.note_frame()  # the frame is drawn (by another view)
        timer.stop()
        spans._prefetch_timer = None
        while spans._prefetch_queue:
            spans._prefetch_some()
            if spans._prefetch_timer is not None:
                spans._prefetch_timer.stop()
                spans._prefetch_timer = None
        assert not spans._prefetch_queue
