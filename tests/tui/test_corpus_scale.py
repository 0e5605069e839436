"""The corpus screen on a corpus of thousands of documents, driven with keys as a person would.

Only rows on screen are built; the first rows show their counts from the summary index; the
filter narrows the list by id and Esc brings it all back, the rows drawn are the rows kept after
every key, in the same screen update as the key; scrolling to the end builds the last rows and
no others; a file changed behind the app's back shows its new figures when the list is read
again.
"""

from __future__ import annotations

import asyncio
import gc
import shutil
from pathlib import Path
from typing import Any

import pytest
from textual.geometry import Region
from textual.widgets import Input

from annotator.store.project import Project
from annotator.store.summary_index import load_index
from annotator.tui.app import build_app
from annotator.tui.screens.corpus import CorpusScreen
from annotator.tui.widgets.document_table import DocumentTable
from benchmarks.corpus_project import make_project

DOCUMENTS = 2000
SIZE = (120, 30)


@pytest.fixture(scope="module")
def big_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("big") / "p", DOCUMENTS, spans=6)


@pytest.fixture
def big(big_template: Path, tmp_path: Path) -> Project:
    root = tmp_path / "p"
    shutil.copytree(big_template, root)
    return Project.open(root)


def corpus_ready(app) -> tuple[CorpusScreen, DocumentTable]:  # type: ignore[no-untyped-def]
    screen = app.screen
    assert isinstance(screen, CorpusScreen) and screen.loaded
    return screen, screen.query_one(DocumentTable)


def visible_rows(table: DocumentTable) -> int:
    return table.scrollable_content_region.height - 1  # the header is the first line


async def test_first_rows_show_their_counts_and_only_they_are_built(big: Project) -> None:
    index = load_index(big)
    app = build_app(big, "ann1")
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen, table = corpus_ready(app)
        assert table.row_count == DOCUMENTS
        assert f"{DOCUMENTS} documents" in str(screen.query_one("#title").render())
        assert str(screen.query_one("#progress").render()).startswith(
            f"done {DOCUMENTS} / {DOCUMENTS} documents"
        )
        first = index.sets[("ann1", "doc-00000")]
        row = table.get_row_at(0)
        assert row[0] == "doc-00000" and row[1] == "done"
        assert row[2:6] == [str(first.counts.get(label, 0)) for label in screen.labels]
        assert 0 < table.rows_built <= 2 * visible_rows(table)


async def test_scrolling_to_the_end_builds_only_what_is_shown(big: Project) -> None:
    app = build_app(big, "ann1")
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        _, table = corpus_ready(app)
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_key == f"doc-{DOCUMENTS - 1:05d}"
        assert table.scroll_offset.y == DOCUMENTS - visible_rows(table)
        assert table.rows_built <= 4 * visible_rows(table)
        await pilot.press("pageup", "up")
        assert table.cursor_row == DOCUMENTS - 1 - (visible_rows(table) - 1) - 1


async def test_filter_narrows_ten_at_a_time_and_escape_restores(big: Project) -> None:
    app = build_app(big, "ann1")
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        _, table = corpus_ready(app)
        await pilot.press("slash", *"DOC-0199")  # ids are matched ignoring case
        assert table.keys == [f"doc-0{n}" for n in range(1990, 2000)]
        await pilot.press("backspace")
        assert len(table.keys) == 100
        await pilot.press("escape")
        assert table.row_count == DOCUMENTS
        await pilot.press("slash", *"no such id")
        assert table.row_count == 0
        await pilot.press("enter")  # nothing to open, nothing breaks
        assert isinstance(app.screen, CorpusScreen)


async def test_enter_opens_the_filtered_document(big: Project) -> None:
    app = build_app(big, "ann1")
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("slash", *"01234", "enter", "enter")
        await pilot.pause()
        assert app.screen.aset.document.id == "doc-01234"  # type: ignore[attr-defined]


async def test_a_file_changed_behind_the_apps_back_shows_when_read_again(big: Project) -> None:
    load_index(big)
    path = big.annotation_path("ann1", "doc-00001")
    path.write_text(
        path.read_text(encoding="utf-8").replace("status: done", "status: in_progress"),
        encoding="utf-8",
    )
    app = build_app(big, "ann1")
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen, table = corpus_ready(app)
        assert table.get_row("doc-00001")[1] == "in progress"
        assert str(screen.query_one("#progress").render()).startswith(
            f"done {DOCUMENTS - 1} / {DOCUMENTS}"
        )


def drawn_ids(table: DocumentTable) -> list[str]:
    """The first cell of every line under the header, as the table draws it now (lines not
    drawn again since the last update come from its cache, as on the terminal)."""
    region = table.scrollable_content_region
    lines = table.render_lines(Region(0, 1, region.width, region.height - 1))
    return [line.text.split(" ", 1)[0] for line in lines]


def listed_ids(table: DocumentTable) -> list[str]:
    top = round(table.scroll_offset.y)
    lines = table.scrollable_content_region.height - 1
    return [table.keys[r] if r < len(table.keys) else "" for r in range(top, top + lines)]


async def test_the_rows_drawn_are_the_rows_kept_after_every_key(big: Project) -> None:
    app = build_app(big, "ann1")
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        _, table = corpus_ready(app)
        await pilot.press("pagedown", "pagedown", "pagedown")  # the cursor far down the list
        await pilot.pause()
        keys = ["slash", *"doc-00", "1", "9", "backspace", "backspace", "backspace"]
        keys += [*"19", "9", "backspace", "backspace", "escape"]
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
            assert drawn_ids(table) == listed_ids(table), f"after {key!r}"
        assert table.row_count == DOCUMENTS


async def test_a_filter_key_draws_the_box_and_the_rows_in_one_update(big: Project) -> None:
    app = build_app(big, "ann1")
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        _, table = corpus_ready(app)
        box = app.screen.query_one("#filter", Input)
        box.cursor_blink = False  # its repaints would be updates of their own
        await pilot.press("slash", *"doc-0")
        await asyncio.sleep(0.3)
        updates: list[Any] = []
        display = app._display

        def record(screen: Any, update: Any) -> None:
            if update is not None:
                updates.append(update)
            display(screen, update)

        app._display = record  # type: ignore[method-assign]
        await pilot.press("1")  # doc-01: another screenful of rows
        await asyncio.sleep(0.3)  # a later update would come within a frame or two
        assert table.keys[0] == "doc-01000"
        assert len(updates) == 1
        lines = {y for y, _, _ in getattr(updates[0], "spans", [])}
        assert box.region.y + 1 in lines  # the box's text line (under its border)
        assert table.region.y + 1 in lines  # the first row, under the header


async def test_the_summaries_set_aside_from_the_collector_are_given_back(big: Project) -> None:
    """Typing does not pay for full collections over every document's summary while the
    screen shows them, and nothing stays out of the collector's reach once it is gone."""
    app = build_app(big, "ann1")
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        corpus_ready(app)
        await asyncio.sleep(0.2)
        assert gc.get_freeze_count() > DOCUMENTS
    assert gc.get_freeze_count() == 0


async def test_back_from_a_document_the_summaries_are_set_aside_again(big: Project) -> None:
    """A document gives every object back to the collector when it closes; the list it
    returns to sets its summaries aside again, so typing in the filter stays free of full
    collections after any number of documents."""
    app = build_app(big, "ann1")
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        corpus_ready(app)
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, CorpusScreen)
        await pilot.press("ctrl+o")
        await pilot.pause()
        await asyncio.sleep(0.2)
        corpus_ready(app)
        assert gc.get_freeze_count() > DOCUMENTS
    assert gc.get_freeze_count() == 0


async def test_typing_in_the_filter_keeps_the_collectors_passes_out_of_the_keys(
    big: Project,
) -> None:
    """What a filter key leaves alive (the rows drawn, their lines) is set aside once its
    frame is drawn, so no older-generation pass walks it within the next keys; a pause in
    the typing brings the one full pass that frees cycles, and the summaries stay aside."""
    app = build_app(big, "ann1")
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        corpus_ready(app)
        await asyncio.sleep(0.2)
        passes: list[int] = []

        def note(phase: str, info: dict[str, int]) -> None:
            if phase == "start":
                passes.append(info["generation"])

        gc.callbacks.append(note)
        try:
            for key in ["slash", *"doc-019", "backspace", "backspace", *"23"] * 4:
                await pilot.press(key)
                await pilot.pause()
            assert 1 not in passes and 2 not in passes  # young passes only, over little
            await asyncio.sleep(1.6)  # a pause: the full pass runs
            assert 2 in passes
        finally:
            gc.callbacks.remove(note)
        assert gc.get_freeze_count() > DOCUMENTS
