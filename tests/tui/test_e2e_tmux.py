"""The real ``annotator`` command in a real terminal (tmux): tag an actor with keys only, quit,
and find it in the YAML on disk."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.store.project import Project

pytestmark = pytest.mark.e2e

SEED = "xinhua-deir-ezzor"


def annotator_command() -> str:
    found = shutil.which("annotator")
    beside = Path(sys.executable).parent / "annotator"
    if beside.exists():
        return str(beside)
    if found:
        return found
    pytest.skip("the annotator command is not installed (pip install -e .)")


class Tmux:
    def __init__(self, cwd: Path) -> None:
        if shutil.which("tmux") is None:
            pytest.skip("tmux is not installed (apt-get install tmux)")
        self.socket = f"annotator-test-{uuid.uuid4().hex[:8]}"
        self.cwd = cwd

    def run(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=30
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    def start(self, command: str) -> None:
        self.run(
            "new-session", "-d", "-x", "120", "-y", "40", "-c", str(self.cwd),
            "-e", "TERM=xterm-256color", "-e", "LANG=C.UTF-8", command,
        )  # fmt: skip

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.run("send-keys", "-t", "0", key)
            time.sleep(0.08)

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "0")

    def wait_for(self, needle: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.screen()
            if needle in text:
                return text
            time.sleep(0.2)
        raise AssertionError(f"{needle!r} never appeared on screen:\n{self.screen()}")

    def alive(self) -> bool:
        return (
            subprocess.run(
                ["tmux", "-L", self.socket, "has-session"], capture_output=True, timeout=10
            ).returncode
            == 0
        )

    def kill(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=10)


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    session = Tmux(tmp_path)
    yield session
    session.kill()


def test_tag_an_actor_with_keys_only_quit_and_read_the_file(
    tmux: Tmux, sample_project: Project
) -> None:
    root = sample_project.root
    shutil.move(root, tmux.cwd / "sample_corpus")
    command = annotator_command()
    # env -u: the app must read the terminal's real size, not the test runner's COLUMNS/LINES.
    tmux.start(f"env -u COLUMNS -u LINES {command} annotate sample_corpus --as e2e; sleep 30")
    screen = tmux.wait_for("done 0 / 6 documents")
    assert "xinhua-deir-ezzor" in screen
    tmux.keys("/", "xinhua", "Enter", "Enter")  # filter the list to the seed article, open it
    screen = tmux.wait_for("2940 characters")
    # The article is drawn right to left and shaped: the first line ends (on the right) with
    # the first word in its joined presentation forms, not in logical order.
    first_line = next(line for line in screen.splitlines() if "ﺖﻔﺼﻗ" in line)
    assert first_line.split("▊")[0].rstrip().endswith("ﺖﻔﺼﻗ")  # ▊: the span panel
    assert "قصفت" not in screen  # never drawn unshaped
    tmux.keys("Left", "Left", "Left", "Left", "Left", "S-Left", "S-Left", "S-Left", "a")
    screen = tmux.wait_for("unsaved")
    assert "A 1" in screen.replace("  ", " ")
    tmux.keys("C-q")
    deadline = time.monotonic() + 20
    path = tmux.cwd / "sample_corpus" / "annotations" / "e2e" / f"{SEED}.yaml"
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    project = Project.open(tmux.cwd / "sample_corpus")
    saved = project.load_set("e2e", SEED)
    assert [(s.label, s.start, s.end, saved.span_text(s)) for s in saved.spans] == [
        ("ACTOR", 5, 11, "القوات")
    ]
    assert "text: القوات" in path.read_text(encoding="utf-8")


def test_closing_the_terminal_saves_the_work(tmux: Tmux, sample_project: Project) -> None:
    """Killing the tmux session closes the terminal under the app (SIGHUP): the tagged span
    must be in the file, not only in the recovery copy."""
    shutil.move(sample_project.root, tmux.cwd / "sample_corpus")
    command = annotator_command()
    tmux.start(f"env -u COLUMNS -u LINES {command} annotate sample_corpus --as hup --doc {SEED}")
    tmux.wait_for("2940 characters")
    tmux.keys("Left", "Left", "Left", "Left", "Left", "S-Left", "S-Left", "S-Left", "l")
    tmux.wait_for("unsaved")
    tmux.kill()  # the terminal goes away: the app gets SIGHUP
    path = tmux.cwd / "sample_corpus" / "annotations" / "hup" / f"{SEED}.yaml"
    deadline = time.monotonic() + 20
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    saved = Project.open(tmux.cwd / "sample_corpus").load_set("hup", SEED)
    assert [(s.label, saved.span_text(s)) for s in saved.spans] == [("LOCATION", "القوات")]


def test_word_selection_and_an_arabic_layout_label_key_save_exact_offsets(
    tmux: Tmux, sample_project: Project
) -> None:
    """In damascus-quotes: Ctrl+Left ×3 to "وزير", Shift+Ctrl+Left ×3 over three words, then
    ش (the `a` key on an Arabic keyboard): ACTOR 18-38 "وزير الخارجية السوري" in the YAML,
    not one word more."""
    shutil.move(sample_project.root, tmux.cwd / "sample_corpus")
    command = annotator_command()
    doc = "damascus-quotes"
    tmux.start(f"env -u COLUMNS -u LINES {command} annotate sample_corpus --as kb --doc {doc}")
    tmux.wait_for("characters")
    tmux.keys("C-Left", "C-Left", "C-Left", "C-S-Left", "C-S-Left", "C-S-Left")
    tmux.wait_for("sel 18-38")
    tmux.keys("ش")
    tmux.wait_for("unsaved")
    tmux.keys("C-q")
    path = tmux.cwd / "sample_corpus" / "annotations" / "kb" / f"{doc}.yaml"
    deadline = time.monotonic() + 20
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    saved = Project.open(tmux.cwd / "sample_corpus").load_set("kb", doc)
    assert [(s.label, s.start, s.end, saved.span_text(s)) for s in saved.spans] == [
        ("ACTOR", 18, 38, "وزير الخارجية السوري")
    ]
    assert "start: 18, end: 38" in path.read_text(encoding="utf-8")


def test_an_arabic_note_typed_in_the_real_terminal_is_drawn_shaped_and_saved_as_typed(
    tmux: Tmux, sample_project: Project
) -> None:
    """Tag "وزير الخارجية السوري", open its note with ى (the `n` key on an Arabic keyboard),
    type "قال وزير", Home, "ثم ", End, Enter, "SANA": the field shows the Arabic joined (never in
    logical order) and the YAML holds the note exactly as typed."""
    shutil.move(sample_project.root, tmux.cwd / "sample_corpus")
    command = annotator_command()
    doc = "damascus-quotes"
    tmux.start(f"env -u COLUMNS -u LINES {command} annotate sample_corpus --as nb --doc {doc}")
    tmux.wait_for("characters")
    tmux.keys("C-Left", "C-Left", "C-Left", "C-S-Left", "C-S-Left", "C-S-Left", "ش")
    tmux.wait_for("unsaved")
    tmux.keys("ى")
    tmux.wait_for("Note on:")
    tmux.keys("قال وزير", "Home", "ثم ", "End", "Enter", "SANA")
    screen = tmux.wait_for("SANA")
    assert "ﺮﻳﺯﻭ ﻝﺎﻗ ﻢﺛ" in screen  # joined, in visual order: ثم first, on the right
    assert "قال" not in screen
    tmux.keys("C-s")
    tmux.wait_for("note on s1")
    tmux.keys("C-q")
    path = tmux.cwd / "sample_corpus" / "annotations" / "nb" / f"{doc}.yaml"
    deadline = time.monotonic() + 20
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    saved = Project.open(tmux.cwd / "sample_corpus").load_set("nb", doc)
    assert [(s.start, s.end, s.note) for s in saved.spans] == [(18, 38, "ثم قال وزير\nSANA")]
