"""Failing disks, for real: a full tmpfs, a tmpfs remounted read-only, an immutable file, a name
too long. Each command ends in one line naming the file and the cause, exit 1, the previous
files intact and no temporary file left behind."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.hostile.disks import copy_project, fill, immutable, remount, temp_files, tmpfs
from tests.hostile.helpers import TEXT, assert_clean_failure, make_project, run, snapshot, span_file

SECOND = "خبر ثان عن غارة جوية على مستودع أسلحة.\n"


def _two_documents(root: Path) -> Path:
    make_project(root)
    (root / "texts" / "doc2.txt").write_text(SECOND, encoding="utf-8", newline="")
    span = "  - {id: s1, label: WEAPON, start: 32, end: 37, text: أسلحة}\n"
    assert SECOND[32:37] == "أسلحة"
    for who in ("ann1", "ann2"):
        (root / "annotations" / who / "doc2.yaml").write_text(
            span_file("doc2", SECOND, who, span), encoding="utf-8"
        )
    return root


def _import_file(tmp_path: Path) -> Path:
    """A JSONL import of both documents (their texts match the project's)."""
    import json

    lines = [
        {"id": "doc1", "text": TEXT, "spans": [{"start": 0, "end": 4, "label": "ACTOR"}]},
        {"id": "doc2", "text": SECOND, "spans": [{"start": 0, "end": 3, "label": "ACTOR"}]},
    ]
    path = tmp_path / "in.jsonl"
    path.write_text(
        "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8"
    )
    return path


COMMANDS = {
    "import": lambda root, src, out: [
        "import",
        src,
        "--from",
        "jsonl",
        "--into",
        root,
        "--as",
        "ann1",
        "--replace",
    ],
    "adjudicate": lambda root, src, out: ["adjudicate", root, "--auto", "--as", "adj"],
    "export": lambda root, src, out: [
        "export",
        root,
        "--source",
        "ann1",
        "--to",
        "jsonl",
        "--out",
        out,
    ],
    "init": lambda root, src, out: ["init", out.parent / "new"],
}


def _prepare(tmp_path: Path, disk: Path, command: str) -> tuple[Path, list[str]]:
    root = copy_project(_two_documents(tmp_path / "p"), disk)
    if command == "adjudicate":
        shutil.rmtree(root / "gold")
        (root / "gold").mkdir()
    if command == "init":
        (disk / "new").mkdir()
        (disk / "new" / "a.txt").write_text(TEXT * 20, encoding="utf-8")
    args = COMMANDS[command](root, _import_file(tmp_path), disk / "out.jsonl")
    return root, [str(a) for a in args]


@pytest.mark.parametrize("command", list(COMMANDS))
def test_full_disk(tmp_path: Path, command: str) -> None:
    with tmpfs(tmp_path / "disk", "2m") as disk:
        _root, args = _prepare(tmp_path, disk, command)
        fill(disk)
        before = snapshot(disk)
        result = run(*args)
        assert_clean_failure(result, max_lines=1)
        assert "disk is full" in result.stderr, result.stderr
        assert snapshot(disk) == before
        assert temp_files(disk) == []


@pytest.mark.parametrize("command", list(COMMANDS))
def test_read_only_filesystem(tmp_path: Path, command: str) -> None:
    with tmpfs(tmp_path / "disk", "8m") as disk:
        _root, args = _prepare(tmp_path, disk, command)
        before = snapshot(disk)
        remount(disk, "ro")
        try:
            result = run(*args)
        finally:
            remount(disk, "rw")
        assert_clean_failure(result, max_lines=1)
        assert "read-only" in result.stderr, result.stderr
        assert snapshot(disk) == before


def test_import_replace_is_all_or_nothing_when_the_second_file_is_immutable(tmp_path: Path) -> None:
    root = _two_documents(tmp_path / "p")
    before = snapshot(root)
    second = root / "annotations" / "ann1" / "doc2.yaml"
    with immutable(second):
        result = run(*COMMANDS["import"](root, _import_file(tmp_path), None))
        assert_clean_failure(result, max_lines=1)
        assert "doc2.yaml" in result.stderr and "not permitted" in result.stderr, result.stderr
    assert snapshot(root) == before  # doc1.yaml was not replaced either
    assert temp_files(root) == []


def test_adjudicate_auto_is_all_or_nothing_when_one_gold_cannot_be_written(tmp_path: Path) -> None:
    root = _two_documents(tmp_path / "p")
    (root / "gold" / "doc1.yaml").unlink()
    # doc2's gold cannot be created: a folder holds its name
    (root / "gold" / "doc2.yaml").mkdir()
    before = snapshot(root)
    result = run("adjudicate", root, "--auto", "--as", "adj")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert snapshot(root) == before
    assert temp_files(root) == []


def test_export_to_a_name_too_long(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    result = run("export", root, "--to", "jsonl", "--out", tmp_path / ("x" * 300 + ".jsonl"))
    assert_clean_failure(result, max_lines=1)
    assert "name is too long" in result.stderr, result.stderr
    assert temp_files(tmp_path) == []


def test_a_save_on_a_full_disk_keeps_the_old_file_and_says_why(tmp_path: Path) -> None:
    from annotator.errors import DiskError
    from annotator.store.project import Project
    from annotator.store.session import EditingSession

    with tmpfs(tmp_path / "disk", "2m") as disk:
        root = copy_project(_two_documents(tmp_path / "p"), disk)
        session = EditingSession.open(Project.open(root), "ann1", "doc1")
        session.apply("status", lambda aset: aset.with_status("in_progress"))
        path = root / "annotations" / "ann1" / "doc1.yaml"
        old = path.read_bytes()
        fill(disk)
        with pytest.raises(DiskError) as err:
            session.save()
        assert str(err.value) == f"{path}: cannot write: the disk is full"
        assert path.read_bytes() == old
        assert temp_files(disk) == []
        session.close(save=False)
