"""An annotator's queue and active time in the app, driven with Pilot as a person would."""

from __future__ import annotations

from pathlib import Path

from annotator.store.annotation_file import read_annotation_file
from annotator.store.project import Project
from annotator.team.assignments import Assignments, save_assignments
from annotator.tui.app import AnnotatorApp, build_app
from annotator.tui.screens.annotate import AnnotateScreen
from annotator.tui.screens.corpus import CorpusScreen
from annotator.tui.widgets.document_table import DocumentTable


def _assign(project: Project) -> None:
    save_assignments(
        project.root,
        Assignments(
            {
                "beirut-harakat": ("amal", "badr"),
                "damascus-quotes": ("amal", "ann1"),
                "xinhua-deir-ezzor": ("amal", "ann2"),
                "weekly-attacks-list": ("badr", "ann1"),
            },
            per_doc=2,
        ),
    )


def _rows(app: AnnotatorApp) -> list[list[str]]:
    table = app.screen.query_one(DocumentTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def _set_blind(project: Project, blind: bool) -> Project:
    config = project.root / "annotator.yaml"
    config.write_text(config.read_text(encoding="utf-8") + f"blind: {str(blind).lower()}\n")
    return Project.open(project.root)


async def test_queue_lists_own_documents_unfinished_first_and_a_shows_all(
    sample_project: Project,
) -> None:
    _assign(sample_project)
    # amal finished one of her three documents and started another.
    for doc_id, status in (("beirut-harakat", "done"), ("xinhua-deir-ezzor", "in_progress")):
        aset = sample_project.load_set("amal", doc_id).with_status(status)  # type: ignore[arg-type]
        sample_project.save_set(aset)
    app = build_app(sample_project, "amal")
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, CorpusScreen)
        assert [r[0] for r in _rows(app)] == [
            "xinhua-deir-ezzor",  # in progress
            "damascus-quotes",  # not started
            "beirut-harakat",  # done
        ]
        await pilot.press("a")
        assert [r[0] for r in _rows(app)] == sample_project.document_ids()
        await pilot.press("a")
        assert len(_rows(app)) == 3
        await pilot.press("enter")
        assert isinstance(app.screen, AnnotateScreen)
        assert app.screen.session.current.document.id == "xinhua-deir-ezzor"


async def test_blind_mode_shows_counts_not_names(sample_project: Project) -> None:
    _assign(sample_project)
    sample_project.save_set(sample_project.load_set("badr", "beirut-harakat").with_status("done"))
    app = build_app(sample_project, "amal")  # blind by default
    async with app.run_test(size=(200, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        row = next(r for r in _rows(app) if r[0] == "beirut-harakat")
        assert row[-2:] == ["you + 1 other", "1 other"]
        assert not any("badr" in cell for r in _rows(app) for cell in r)


async def test_open_mode_names_who_is_assigned_and_done(sample_project: Project) -> None:
    _assign(sample_project)
    project = _set_blind(sample_project, False)
    project.save_set(project.load_set("badr", "beirut-harakat").with_status("done"))
    app = build_app(project, "amal")
    async with app.run_test(size=(200, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        row = next(r for r in _rows(app) if r[0] == "beirut-harakat")
        assert row[-2:] == ["amal, badr", "badr"]


async def test_without_assignments_every_document_is_listed(sample_project: Project) -> None:
    app = build_app(sample_project, "amal")
    async with app.run_test(size=(160, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [r[0] for r in _rows(app)] == sample_project.document_ids()
        await pilot.press("a")  # nothing to toggle to: still everything
        assert [r[0] for r in _rows(app)] == sample_project.document_ids()


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_active_time_counts_gaps_between_keys_and_drops_idle_pauses(
    sample_project: Project,
) -> None:
    app = build_app(sample_project, "amal", document="beirut-harakat")
    clock = FakeClock()
    app.clock_source = clock
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, AnnotateScreen)
        await pilot.press("left")
        clock.now += 30  # reading for half a minute
        await pilot.press("left")
        clock.now += 600  # ten minutes away: not annotation time
        await pilot.press("left")
        clock.now += 15
        await pilot.press("1")  # tags the word at the cursor
        clock.now += 45
        await pilot.press("ctrl+s")
        await pilot.pause()
        path: Path = sample_project.annotation_path("amal", "beirut-harakat")
        assert read_annotation_file(path).active_seconds == 30 + 15 + 45
        await pilot.press("ctrl+q")
    # A second session adds to what the file holds.
    again = build_app(Project.open(sample_project.root), "amal", document="beirut-harakat")
    again.clock_source = clock
    async with again.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, AnnotateScreen)
        await pilot.press("left")
        clock.now += 20
        await pilot.press("left")
        await pilot.press("ctrl+q")
    assert read_annotation_file(path).active_seconds == 110


async def test_only_reading_a_document_without_a_file_writes_nothing(
    sample_project: Project,
) -> None:
    app = build_app(sample_project, "amal", document="beirut-harakat")
    clock = FakeClock()
    app.clock_source = clock
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("left")
        clock.now += 30
        await pilot.press("left")
        await pilot.press("ctrl+q")
    assert not sample_project.annotation_path("amal", "beirut-harakat").exists()
