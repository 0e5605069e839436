"""The span list repaints only the rows an edit changes; the screen then shows what a full
repaint would (rows that shift after an insertion included)."""

from __future__ import annotations

from annotator.tui.app import AnnotatorApp
from annotator.tui.widgets.span_list import CONTEXT_ROWS, SpanList
from tests.tui.conftest import article_of, find, screen_of


async def screen_matches_full_repaint(app: AnnotatorApp, pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    partial = app.export_screenshot()
    spans = app.screen.query_one(SpanList)
    spans.refresh()
    spans.vertical_scrollbar.refresh()
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


def highlighted_row_on_screen(spans: SpanList) -> int:
    return spans.row - round(spans.scroll_offset.y)


async def test_the_list_scrolls_to_a_far_span_with_context_rows_above_it(make_app) -> None:
    app = make_app(annotator="ann1")
    async with app.run_test(size=(120, 40)) as pilot:
        spans = screen_of(app).spans_panel
        assert len(spans.aset.spans) > spans.scrollable_content_region.height
        article_of(app).move_to(find(article_of(app).text, "وأضاف المرصد")[0] + 6)
        await pilot.pause()
        assert spans.highlighted is not None and spans.highlighted.id == "s51"
        assert highlighted_row_on_screen(spans) == CONTEXT_ROWS
        await screen_matches_full_repaint(app, pilot)


async def test_walking_down_the_list_scrolls_once_per_screenful(make_app) -> None:
    app = make_app(annotator="ann1")
    async with app.run_test(size=(120, 40)) as pilot:
        spans = screen_of(app).spans_panel
        spans.focus()
        height = spans.scrollable_content_region.height
        for _ in range(height - 1):
            await pilot.press("down")
        assert (spans.row, round(spans.scroll_offset.y)) == (height - 1, 0)
        await pilot.press("down")  # off the bottom: the list jumps, leaving context above
        assert highlighted_row_on_screen(spans) == CONTEXT_ROWS
        await screen_matches_full_repaint(app, pilot)
        await pilot.press("down")  # and then the highlight moves, the list stays
        assert highlighted_row_on_screen(spans) == CONTEXT_ROWS + 1
        await screen_matches_full_repaint(app, pilot)


async def test_tagging_after_the_highlighted_span_keeps_the_new_span_in_its_place(
    make_app,
) -> None:
    app = make_app(annotator="ann1")
    async with app.run_test(size=(120, 40)) as pilot:
        spans = screen_of(app).spans_panel
        text = article_of(app).text
        article_of(app).move_to(find(text, "وأضاف المرصد")[0] + 6)
        await pilot.pause()
        top = round(spans.scroll_offset.y)
        assert highlighted_row_on_screen(spans) == CONTEXT_ROWS
        word = find(text, "إن القوات الأمريكية في التنف")[0]
        article_of(app).select_range(word, word + 2)
        await pilot.press("a")
        new = spans.highlighted
        assert new is not None and (new.label, new.start, new.end) == ("ACTOR", word, word + 2)
        # The rows above moved up by one; the new span sits where the one before it was.
        assert round(spans.scroll_offset.y) == top + 1
        assert highlighted_row_on_screen(spans) == CONTEXT_ROWS
        await screen_matches_full_repaint(app, pilot)
        await pilot.press("u")  # undo: the span goes, the list shows the rows as before
        assert screen_of(app).aset.find(word, word + 2, "ACTOR") is None
        await screen_matches_full_repaint(app, pilot)
