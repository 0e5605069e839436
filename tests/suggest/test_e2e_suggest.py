"""The whole loop with the real commands in a real terminal (tmux): the matcher suggests, the
annotator opens the suggestions view, accepts one and rejects one with keys only, quits, and the
files on disk say so."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from annotator.store.project import Project
from annotator.suggest.review import load_rejections
from tests.cli_helpers import run_cli
from tests.tui.test_e2e_tmux import Tmux, annotator_command

pytestmark = pytest.mark.e2e

DOC = "damascus-quotes"


@pytest.fixture
def tmux(tmp_path: Path):  # type: ignore[no-untyped-def]
    session = Tmux(tmp_path)
    yield session
    session.kill()


def test_suggest_then_accept_and_reject_in_the_app(tmux: Tmux, sample_project: Project) -> None:
    root = tmux.cwd / "sample_corpus"
    shutil.move(sample_project.root, root)
    result = run_cli("suggest", root, "--matcher", "--as", "matcher")
    assert result.returncode == 0, result.stderr
    command = annotator_command()
    tmux.start(
        f"env -u COLUMNS -u LINES {command} annotate sample_corpus --as e2e --doc {DOC} "
        "--suggestions matcher; sleep 30"
    )
    tmux.wait_for("421 characters")
    # The cursor starts in the first suggestion (دمشق): accept it, go to the next, reject it.
    tmux.keys("y")
    tmux.wait_for("Accepted 1 pre-annotated ACTOR")
    tmux.keys("]", "x")
    tmux.wait_for("Rejected 1 pre-annotated ACTOR")
    tmux.keys("C-q")
    path = root / "annotations" / "e2e" / f"{DOC}.yaml"
    deadline = time.monotonic() + 20
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    project = Project.open(root)
    saved = project.load_set("e2e", DOC)
    assert [(saved.span_text(s), s.origin, s.suggested_by) for s in saved.spans] == [
        ("دمشق", "manual", "matcher")
    ]
    assert [(r.source, r.start, r.end) for r in load_rejections(project, "e2e", DOC)] == [
        ("matcher", 6, 10)
    ]
