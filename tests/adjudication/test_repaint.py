"""After a key, the screen shows what a full repaint would: the article view repaints exactly
the lines an edit or a move changed (a regression: they were offset by the view's position on
screen, so the line above or below was repainted instead)."""

from __future__ import annotations

from annotator.store.project import Project
from annotator.tui.adjudicate_app import build_adjudicator_app
from annotator.tui.app import build_app
from annotator.tui.screens.adjudicate import AdjudicateScreen
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


async def list_partial_equals_full(app, pilot) -> None:
    """The conflict list shows what it would if every row were drawn afresh."""
    await pilot.pause()
    partial = app.export_screenshot()
    conflicts = app.screen.conflict_list
    conflicts._cache.clear()
    conflicts._texts.clear()
    conflicts._styles = None
    conflicts.refresh()
    app.screen.article.refresh()
    await pilot.pause()
    assert app.export_screenshot() == partial


async def test_deciding_repaints_the_conflict_rows_it_changed(fresh_project: Project) -> None:
    """Decisions, undo, redo and moves repaint only the conflicts they change (rows drawn
    ahead, rows kept from before): the list must still show what a fresh drawing shows."""
    app = build_adjudicator_app(fresh_project, "judge", document=SEED)
    async with app.run_test(size=(120, 30)) as pilot:
        keys = ("1", "x", "2", "u", "u", "U", "right_square_bracket", "left_curly_bracket")
        statuses = []
        for key in (*keys, *["2"] * 8, "ctrl+d", "enter", "ctrl+d"):  # done, undone
            await pilot.press(key)
            await pilot.pause(0.05)  # rows drawn ahead between keys
            if isinstance(app.screen, AdjudicateScreen):
                statuses.append(app.screen.aset.status)
                await list_partial_equals_full(app, pilot)
        assert statuses[-2:] == ["done", "in_progress"]


async def test_the_conflict_list_follows_a_theme_change(fresh_project: Project) -> None:
    """Its styles are kept between repaints: a new theme must still reach every row."""
    app = build_adjudicator_app(fresh_project, "judge", document=SEED)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("1")
        await pilot.pause()
        before = app.export_screenshot()
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await pilot.pause(0.1)
        themed = app.export_screenshot()
        assert themed != before
        await list_partial_equals_full(app, pilot)


async def test_the_next_open_conflict_is_drawn_ahead_highlighted(
    fresh_project: Project, monkeypatch
) -> None:
    """Take, reject and next conflict move the cursor to the next open conflict: its rows are
    drawn ahead as they will look highlighted, so the key's frame draws none of them."""
    from annotator.tui.widgets.conflict_list import ConflictList

    drawn: list[tuple[int, bool]] = []  # (cluster index, highlighted) of rows drawn
    plain = ConflictList._render_row

    def counting(self, row, width, selected, decision):  # type: ignore[no-untyped-def]
        drawn.append((row.cluster.index, selected))
        return plain(self, row, width, selected, decision)

    monkeypatch.setattr(ConflictList, "_render_row", counting)
    app = build_adjudicator_app(fresh_project, "judge", document=SEED)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, AdjudicateScreen)
        conflicts = screen.conflict_list
        for key in ("1", "x", "right_square_bracket"):
            await pilot.pause(0.2)  # drawing ahead, between keys
            following = conflicts._next_open()
            assert following is not None
            target = conflicts.conflicts[following].index
            kept = list(conflicts._cache.keys())  # (cluster, group, width, highlighted, ...)
            assert any(key[0] == target and key[3] for key in kept), (
                "the next open conflict is drawn ahead highlighted"
            )
            drawn.clear()
            await pilot.press(key)
            await pilot.pause()
            assert conflicts.current == following
            assert (target, True) not in drawn, f"{key!r} drew the conflict it moved to"
        await list_partial_equals_full(app, pilot)  # (it empties the rows drawn ahead)
