"""End to end: the real ``annotator adjudicate`` in a real terminal (tmux), keys only.

Opens the sample corpus's seed article with nothing adjudicated yet, takes ann2's version of
the first conflict (القوات الأمريكية vs القوات الأمريكية الموجودة في سوريا) by pressing 2, quits
with Ctrl+Q and checks the gold file on disk.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from annotator.model import Decision, Provenance
from annotator.store.project import Project
from tests.adjudication.conftest import SEED

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def annotator_command() -> str:
    beside = Path(sys.executable).parent / "annotator"
    found = str(beside) if beside.is_file() else shutil.which("annotator")
    if found is None:
        pytest.skip("the annotator command is not installed")
    return found


class Tmux:
    """A private tmux server (its own socket, no config), so other tmux users on the machine
    cannot change the window size or the keys."""

    def __init__(self, session: str) -> None:
        self.session = session
        self.base = ["tmux", "-L", session, "-f", os.devnull]

    def run(self, *args: str) -> str:
        return subprocess.run(
            [*self.base, *args], check=True, capture_output=True, text=True, timeout=30
        ).stdout

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", self.session)

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", self.session, *keys)

    def alive(self) -> bool:
        return (
            subprocess.run(
                [*self.base, "has-session", "-t", self.session], capture_output=True
            ).returncode
            == 0
        )

    def wait_for(self, check: Callable[[str], bool], what: str, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen() if self.alive() else ""
            if check(screen):
                return screen
            time.sleep(0.2)
        raise AssertionError(f"timed out waiting for {what}; the screen shows:\n{screen}")


@pytest.fixture
def tmux(fresh_project: Project) -> Iterator[Tmux]:
    session = f"annotator-e2e-{uuid.uuid4().hex[:8]}"
    command = (
        f"{annotator_command()} adjudicate {fresh_project.root} --doc {SEED} --as judge; "
        "echo EXITED $?; sleep 30"
    )
    # COLUMNS/LINES (pytest-xdist workers have them) would override the pane's real size
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env.update(LANG="C.UTF-8", LC_ALL="C.UTF-8")
    terminal = Tmux(session)
    subprocess.run(
        [*terminal.base, "new-session", "-d", "-x", "120", "-y", "40", "-s", session, command],
        check=True,
        env=env,
        timeout=30,
    )
    try:
        yield terminal
    finally:
        subprocess.run([*terminal.base, "kill-server"], capture_output=True)


def test_resolving_one_conflict_with_keys_writes_gold(tmux: Tmux, fresh_project: Project) -> None:
    tmux.wait_for(lambda s: "18 of 18 conflicts open" in s, "the adjudication screen")
    screen = tmux.screen()
    assert "adjudicator judge" in screen and "comparing 1 ann1, 2 ann2" in screen
    assert "boundary" in screen and "ACTOR" in screen
    tmux.keys("2")
    screen = tmux.wait_for(lambda s: "17 of 18 conflicts open" in s, "the decision")
    assert "took ann2" in screen
    tmux.keys("C-q")
    tmux.wait_for(lambda s: "EXITED 0" in s, "the app to quit and save")
    gold = fresh_project.load_gold(SEED)
    assert gold is not None and gold.status == "in_progress" and gold.annotator == "judge"
    assert gold.decisions == (Decision(("ACTOR",), 5, 39, "take", "ann2"),)
    taken = gold.find(5, 39, "ACTOR")
    assert taken is not None and gold.span_text(taken) == "القوات الأمريكية الموجودة في سوريا"
    assert taken.provenance == Provenance(("ann2",), False)
    assert gold.find(5, 21, "ACTOR") is None
