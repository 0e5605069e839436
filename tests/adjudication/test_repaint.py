"""After a key, the screen shows what a full repaint would: the article view repaints exactly
the lines an edit or a move changed (a regression: they were offset by the view's position on
screen, so the line above or below was repainted instead)."""

from __future__ import annotations

from annotator.store.project import Project
from annotator.tui.adjudicate_app import build_adjudicator_app
from annotator.tui.app import build_app
from tests.adjudication.conftest import SEED, find


async def partial_equals_full(app, pilot) -> None:
    await pilot.pause()
    partial = app.export_screenshot()
    app.screen.article.refresh()
    await pilot.pause()
    assert app.export_screenshot() == partial


async def test_deciding_a_conflict_repaints_the_lines_it_changed(fresh_project: Project) -> None:
    app = build_adjudicator_app(fresh_project, "judge", document=SEED)
    async with app.run_test(size=(120, 40)) as pilot:
        for key in ("1", "x", "2", "u", "right_curly_bracket"):
            await pilot.press(key)
            await partial_equals_full(app, pilot)


async def test_tagging_in_the_annotation_app_repaints_the_tagged_line(
    sample_project: Project,
) -> None:
    app = build_app(sample_project, "tester", document=SEED)
    async with app.run_test(size=(120, 40)) as pilot:
        article = app.screen.article
        start, end = find(article.text, "لندن")
        article.select_range(start, end)
        await pilot.press("l")
        await partial_equals_full(app, pilot)


async def test_the_status_bar_is_on_screen_above_the_footer(fresh_project: Project) -> None:
    for app in (
        build_adjudicator_app(fresh_project, "judge", document=SEED),
        build_app(fresh_project, "tester", document=SEED),
    ):
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            status = app.screen.query_one("StatusBar").region
            footer = app.screen.query_one("Footer").region
            assert status.height == 1 and status.bottom == footer.y  # the row above the footer
            await pilot.press("ctrl+q")
