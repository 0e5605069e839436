"""Every CLI command against a folder of hostile fixtures.

Each case is a project (or an input) built to attack one command. Every run must end the way
the developers' guide says: exit status 1, at most three lines, no traceback, no raw control or
bidi character in the output, and not one byte of the project changed.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.hostile.helpers import TEXT, assert_clean_failure, make_project, run, snapshot, span_file

BIDI_ESC = "\u202e\x1b[2J\x9b"
BOMB = (
    "{a: &a ["
    + ", ".join(['"' + "x" * 100 + '"'] * 50)
    + "], "
    + ", ".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    + "}"
)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


ANN1 = Path("annotations/ann1/doc1.yaml")
GOLD = Path("gold/doc1.yaml")


def _both(path_edit: Callable[[Path], None]) -> Callable[[Path], None]:
    """Spoil gold and ann1 the same way, so every command that reads a set meets it."""

    def spoil(root: Path) -> None:
        path_edit(root / GOLD)
        path_edit(root / ANN1)

    return spoil


#: name -> how to spoil a fresh project (root) in one hostile way
FIXTURES: dict[str, Callable[[Path], None]] = {
    "alias bomb in the config": lambda r: (r / "annotator.yaml").write_text(
        f"name: x\nannotators: [ann1, ann2]\ndescription: {BOMB}\n"
    ),
    "duplicate key in the config": lambda r: (r / "annotator.yaml").write_text(
        "name: x\nname: y\nannotators: [ann1, ann2]\n"
    ),
    "config injected key": lambda r: (r / "annotator.yaml").write_text(
        "name: x\nlabels: /etc/passwd\nannotators: [ann1, ann2]\n"
    ),
    "hostile annotator name in the config": lambda r: (r / "annotator.yaml").write_text(
        'name: x\nannotators: [ann1, "ann\\u202e2\\e[2J"]\n'
    ),
    "float offset": _both(lambda p: _edit(p, "start: 5,", "start: 5.0,")),
    "bool offset": _both(lambda p: _edit(p, "start: 5,", "start: true,")),
    "inf offset": _both(lambda p: _edit(p, "end: 21,", "end: .inf,")),
    "duplicate label in a span": _both(
        lambda p: _edit(p, "label: ACTOR,", "label: ACTOR, label: CLAIM,")
    ),
    "alias bomb in a note": _both(lambda p: _edit(p, "attributes:", f"note: {BOMB}, attributes:")),
    "escape codes in a span text": _both(
        lambda p: _edit(p, "text: القوات الأمريكية", 'text: "\\e]52;c;ZXZpbA==\\a\\u202eالقوات"')
    ),
    "chars disagree with the text": _both(lambda p: _edit(p, f"chars: {len(TEXT)}", "chars: 3")),
    "changed text": lambda r: (r / "texts" / "doc1.txt").write_text(
        TEXT + BIDI_ESC, encoding="utf-8"
    ),
    "binary text": lambda r: (r / "texts" / "doc1.txt").write_bytes(b"\xff\xfe\x00\x1b[2J"),
    "deeply nested sets": _both(lambda p: p.write_text("[" * 3000 + "]" * 3000)),
}

#: name -> the arguments of one command run against the spoiled project
COMMANDS: dict[str, Callable[[Path, Path], list[str | Path]]] = {
    "validate": lambda r, t: ["validate", r],
    "stats": lambda r, t: ["stats", r],
    "agree": lambda r, t: ["agree", r],
    "evaluate": lambda r, t: ["evaluate", r, r / "annotations" / "ann1"],
    "export": lambda r, t: ["export", r, "--to", "jsonl", "--out", t / "out.jsonl"],
    "import": lambda r, t: [
        "import",
        t / "in.jsonl",
        "--from",
        "jsonl",
        "--into",
        r,
        "--as",
        "ann1",
        "--merge",  # reads the existing (spoiled) set of ann1
    ],
    "adjudicate": lambda r, t: ["adjudicate", r, "--auto", "--as", "adj"],
    "diff": lambda r, t: ["diff", r / GOLD, r / ANN1],
}

#: What a command may legitimately do with a fixture that does not concern it (exit 0).
NOT_ITS_BUSINESS = {
    ("changed text", "stats"),
    ("chars disagree with the text", "stats"),
}


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("fixture", list(FIXTURES))
def test_every_command_fails_cleanly_on_every_hostile_fixture(
    tmp_path: Path, fixture: str, command: str
) -> None:
    root = make_project(tmp_path / "p")
    FIXTURES[fixture](root)
    (tmp_path / "in.jsonl").write_text(
        json.dumps({"id": "doc1", "text": TEXT, "spans": []}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    before = snapshot(root)
    result = run(*COMMANDS[command](root, tmp_path))
    out = result.stdout + result.stderr
    if command == "stats" and result.returncode == 0:
        # stats lists unreadable sets in its table instead of failing: still clean output
        assert "Traceback" not in out and "\x1b" not in out and "\u202e" not in out, out
    else:
        # validate lists every problem, one per line, plus its summary, and stats its table
        # with the unreadable set marked; the rest stop at the first problem
        lines = {"validate": 6, "stats": 15}.get(command, 3)
        assert_clean_failure(result, max_lines=lines, code=2 if command == "diff" else 1)
    assert snapshot(root) == before


@pytest.mark.parametrize("command", list(COMMANDS))
def test_hostile_names_on_the_command_line(tmp_path: Path, command: str) -> None:
    root = make_project(tmp_path / "p")
    evil = tmp_path / f"evil{BIDI_ESC}"
    evil.mkdir()
    (tmp_path / "in.jsonl").write_text("{}\n")
    before = snapshot(root)
    args = [a if a != root else evil for a in COMMANDS[command](root, tmp_path)]
    if command == "diff":
        args = ["diff", evil / "a.yaml", evil / "b.yaml"]
    if command == "import":
        args = ["import", evil / "x.jsonl", "--from", "jsonl", "--into", root, "--as", "a\nb"]
    result = run(*args)
    out = result.stdout + result.stderr
    assert "Traceback" not in out
    assert result.returncode in (1, 2), out
    assert len(out.strip().splitlines()) <= 3, out
    from tests.hostile.helpers import RAW_CONTROL

    assert RAW_CONTROL.search(out) is None, repr(out)
    assert snapshot(root) == before
    assert os.path.isdir(evil)


def test_fixtures_start_from_a_valid_project(tmp_path: Path) -> None:
    """The baseline the fixtures spoil is valid, so each failure above is the fixture's."""
    root = make_project(tmp_path / "p")
    assert run("validate", root).returncode == 0
    assert span_file("doc1", TEXT, "x", "").startswith("format: annotator/1\n")
