"""Autosave on a worker thread: a decision key is never held up by a save, and no decision is
lost to it: one taken while a save is writing stays in gold and is saved later, and quitting
right after a key (with or without a save under way) finds the decision in the file."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from annotator.model import AnnotationSet
from annotator.store.project import Project
from annotator.tui.adjudicate_app import AdjudicatorApp, build_adjudicator_app
from annotator.tui.screens.adjudicate import AdjudicateScreen
from tests.adjudication.conftest import SEED

SIZE = (120, 40)


@pytest.fixture
def make_app(fresh_project: Project) -> Callable[[], AdjudicatorApp]:
    return lambda: build_adjudicator_app(fresh_project, "judge", document=SEED)


def screen_of(app: AdjudicatorApp) -> AdjudicateScreen:
    assert isinstance(app.screen, AdjudicateScreen), type(app.screen).__name__
    return app.screen


def decisions_on_disk(project: Project) -> list[tuple[str, str | None]]:
    gold = project.load_gold(SEED)
    return [] if gold is None else [(d.action, d.annotator) for d in gold.decisions]


async def test_take_then_quit_at_once_has_the_decision_on_disk(
    make_app, fresh_project: Project
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2", "ctrl+q")
    assert decisions_on_disk(fresh_project) == [("take", "ann2")]


async def test_autosave_writes_in_the_background_and_the_status_says_saved(
    make_app, fresh_project: Project, monkeypatch
) -> None:
    """The autosave (what its timer calls, called here at once: a loaded machine may take
    longer than any short delay to handle the key) writes on another thread, and the status
    line turns to saved when it is done."""
    monkeypatch.setattr("annotator.tui.screens.editing.AUTOSAVE_SECONDS", 600.0)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        main_thread = threading.get_ident()
        screen = screen_of(app)
        writers: list[int] = []
        session = screen.session
        plain_save = session.save

        def save() -> object:
            writers.append(threading.get_ident())
            return plain_save()

        monkeypatch.setattr(session, "save", save)
        await pilot.press("1")
        assert "unsaved" in screen.query_one("#status").plain  # type: ignore[attr-defined]
        assert not writers  # nothing written on the key's path
        screen.autosave()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert writers and all(w != main_thread for w in writers)
        assert decisions_on_disk(fresh_project) == [("take", "ann1")]
        assert not session.dirty
        status = screen.query_one("#status").plain  # type: ignore[attr-defined]
        assert "saved" in status and "unsaved" not in status
        await pilot.press("ctrl+q")


async def test_a_decision_taken_while_a_save_is_writing_is_kept_and_saved(
    make_app, fresh_project: Project, monkeypatch
) -> None:
    """The save is held inside its write (as a slow disk would); meanwhile the adjudicator
    rejects the next conflict: the key takes effect at once, the save that ends afterwards
    does not put its older set back, and quitting writes the rejection too."""
    monkeypatch.setattr("annotator.tui.screens.editing.AUTOSAVE_SECONDS", 0.1)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = screen_of(app)
        session = screen.session
        writing, release = threading.Event(), threading.Event()

        def slow_form(aset: AnnotationSet) -> AnnotationSet:
            writing.set()
            release.wait(10)
            return aset

        session.saved_form = slow_form
        await pilot.press("1")
        for _ in range(100):  # the autosave starts on its worker thread
            if writing.is_set():
                break
            await pilot.pause(0.05)
        assert writing.is_set()
        monkeypatch.setattr("annotator.tui.screens.editing.AUTOSAVE_SECONDS", 60.0)
        await pilot.press("x")  # handled while the save is still writing
        assert [d.action for d in screen.aset.decisions] == ["take", "reject"]
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [d.action for d in screen.aset.decisions] == ["take", "reject"]
        assert session.dirty  # the file has the take only
        assert decisions_on_disk(fresh_project) == [("take", "ann1")]
        session.saved_form = lambda aset: aset
        await pilot.press("ctrl+q")
    assert decisions_on_disk(fresh_project) == [("take", "ann1"), ("reject", "")]
