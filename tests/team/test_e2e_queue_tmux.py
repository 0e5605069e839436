"""The real ``annotator annotate --as`` in tmux: the queue opens first, Enter opens its first
document, and the time spent tagging is in the file after quitting."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from annotator.resources import sample_corpus_path
from annotator.store.annotation_file import read_annotation_file
from annotator.store.project import Project
from annotator.team.assignments import Assignments, save_assignments
from tests.tui.test_e2e_tmux import Tmux, annotator_command

pytestmark = pytest.mark.e2e


def test_queue_first_then_active_time_lands_in_the_file(tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(sample_corpus_path(), root, ignore=shutil.ignore_patterns(".annotator"))
    save_assignments(
        root,
        Assignments({"weekly-attacks-list": ("amal", "badr"), "beirut-harakat": ("amal",)}, 2),
    )
    tmux = Tmux(root)
    try:
        tmux.start(f"{annotator_command()} annotate . --as amal")
        screen = tmux.wait_for("documents in amal's queue")
        assert "done 0 / 2 documents in amal's queue" in screen
        assert "erbil-drones-numbers" not in screen  # not amal's
        tmux.keys("a")
        tmux.wait_for("erbil-drones-numbers")
        tmux.keys("a")
        tmux.wait_for("documents in amal's queue")
        tmux.keys("Enter")  # the first of the queue: beirut-harakat
        tmux.wait_for("beirut-harakat")
        tmux.keys("Left")
        time.sleep(1.6)
        tmux.keys("Left")
        time.sleep(1.6)
        tmux.keys("a")  # tag the word at the cursor as ACTOR
        tmux.keys("C-q")
        deadline = time.monotonic() + 20
        while tmux.alive() and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        tmux.kill()
    path = Project.open(root).annotation_path("amal", "beirut-harakat")
    parsed = read_annotation_file(path)
    assert [r.span.label for r in parsed.spans] == ["ACTOR"]
    assert 3 <= parsed.active_seconds <= 30
