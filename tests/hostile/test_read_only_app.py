"""The app opens a project on a read-only filesystem read-only, says so, and saves nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from annotator.errors import DiskError
from annotator.resources import sample_corpus_path
from annotator.store.project import Project
from annotator.store.session import EditingSession
from annotator.tui.app import build_app
from tests.hostile.disks import remount, tmpfs
from tests.hostile.helpers import snapshot
from tests.tui.conftest import SEED, article_of, find, spans_of


@pytest.fixture
def read_only_project(tmp_path: Path):  # type: ignore[no-untyped-def]
    with tmpfs(tmp_path / "disk", "16m") as disk:
        root = disk / "sample"
        shutil.copytree(sample_corpus_path(), root, ignore=shutil.ignore_patterns(".annotator"))
        remount(disk, "ro")
        try:
            yield root
        finally:
            remount(disk, "rw")


def test_a_session_on_a_read_only_project_is_read_only(read_only_project: Path) -> None:
    project = Project.open(read_only_project, tidy=True)
    session = EditingSession.open(project, "ann1", SEED)
    assert session.read_only == "the filesystem is read-only"
    session.apply("noop", lambda aset: aset.with_status("in_progress"))
    assert session.save_if_dirty() is False
    with pytest.raises(DiskError, match="open read-only"):
        session.save()
    session.close()


async def test_the_app_opens_read_only_and_says_so(read_only_project: Path) -> None:
    before = snapshot(read_only_project)
    app = build_app(read_only_project, "ann1", document=SEED)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("Opened read-only: the filesystem is read-only" in m for m in messages), messages
        text = article_of(app).text
        start, end = find(text, "سوريا")
        article_of(app).select_range(start, end)
        await pilot.press("l")
        assert ("LOCATION", start, end, "سوريا") in spans_of(app)  # edits work in memory
        await pilot.press("ctrl+s")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("read-only" in m and "save" in m for m in messages[1:]), messages
    assert snapshot(read_only_project) == before
