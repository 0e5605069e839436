"""The span list repaints only the rows an edit changes; the screen then shows what a full
repaint would (rows that shift after an insertion included)."""

from __future__ import annotations

from annotator.tui.app import AnnotatorApp
from annotator.tui.widgets.span_list import SpanList
from tests.tui.conftest import article_of, find, screen_of


async def screen_matches_full_repaint(app: AnnotatorApp, pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    partial = app.export_screenshot()
    app.screen.query_one(SpanList).refresh()
    await pilot.pause()
    assert app.export_screenshot() == partial


async def test_inserting_relabelling_and_deleting_repaint_the_right_rows(make_app) -> None:
    app = make_app(annotator="ann1")
    async with app.run_test(size=(120, 40)) as pilot:
        text = article_of(app).text
        article_of(app).select_range(*find(text, "قصفت"))
        await pilot.press("w")  # inserted at the top: every row below shifts
        assert screen_of(app).aset.spans[0].label == "WEAPON"
        await screen_matches_full_repaint(app, pilot)
        article_of(app).move_to(find(text, "قصفت")[0])
        await pilot.press("l")  # relabel: one row
        await screen_matches_full_repaint(app, pilot)
        await pilot.press("d")  # delete: rows shift up
        await screen_matches_full_repaint(app, pilot)
