"""Writes stay inside the project; exports never overwrite project data or non-regular files;
non-regular inputs are refused before they are read."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.hostile.helpers import assert_clean_failure, make_project, run, snapshot

JSONL = '{"id": "doc9", "text": "نص جديد عن القصف", "spans": [{"start": 0, "end": 2, "label": "ACTOR"}]}\n'


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    return folder


def test_import_into_a_symlinked_annotator_folder_is_refused(tmp_path: Path, outside: Path) -> None:
    root = make_project(tmp_path / "p")
    os.symlink(outside, root / "annotations" / "mallory")
    source = tmp_path / "in.jsonl"
    source.write_text(JSONL, encoding="utf-8")
    before = snapshot(root)
    result = run("import", source, "--from", "jsonl", "--into", root, "--as", "mallory")
    assert_clean_failure(result)
    assert "outside the project" in result.stderr
    assert list(outside.iterdir()) == []
    assert snapshot(root) == before


def test_adjudicate_auto_into_a_symlinked_gold_folder_is_refused(
    tmp_path: Path, outside: Path
) -> None:
    root = make_project(tmp_path / "p")
    (root / "gold" / "doc1.yaml").unlink()
    (root / "gold").rmdir()
    os.symlink(outside, root / "gold")
    before = snapshot(root)
    result = run("adjudicate", root, "--auto", "--as", "adj")
    assert_clean_failure(result)
    assert "outside the project" in result.stderr
    assert list(outside.iterdir()) == []
    assert snapshot(root) == before


def test_validate_reports_a_text_linked_outside(tmp_path: Path, outside: Path) -> None:
    root = make_project(tmp_path / "p")
    (outside / "secret.txt").write_text("سر\n", encoding="utf-8")
    os.symlink(outside / "secret.txt", root / "texts" / "secret.txt")
    result = run("validate", root)
    assert result.returncode == 1
    assert (
        f"{root / 'texts' / 'secret.txt'}: is a link to {outside / 'secret.txt'}, outside the project"
        in result.stdout
    )


@pytest.mark.parametrize(
    "target", ["annotator.yaml", "gold/doc1.yaml", "texts/new.conll", "annotations"]
)
def test_export_never_writes_over_project_data(tmp_path: Path, target: str) -> None:
    root = make_project(tmp_path / "p")
    before = snapshot(root)
    result = run("export", root, "--to", "conll", "--out", root / target, "--force")
    assert_clean_failure(result)
    assert "project's own" in result.stderr or "is a folder" in result.stderr
    assert snapshot(root) == before


def test_export_into_the_project_folder_itself_is_refused(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    before = snapshot(root)
    assert_clean_failure(run("export", root, "--to", "brat", "--out", root, "--force"))
    assert snapshot(root) == before


def test_export_never_replaces_a_device_or_a_pipe(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for target in (Path("/dev/full"), Path("/dev/null"), fifo):
        result = run("export", root, "--to", "conll", "--out", target, "--force")
        assert_clean_failure(result)
        assert "not a regular file" in result.stderr
    assert Path("/dev/full").is_char_device() and fifo.is_fifo()


def test_export_to_standard_output(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    result = run("export", root, "--to", "jsonl", "--out", "-", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert '"id": "doc1"' in result.stdout and "القوات الأمريكية" in result.stdout
    assert "to standard output" in result.stderr
    assert not (tmp_path / "-").exists()
    for fmt in ("brat", "labelstudio"):
        assert_clean_failure(run("export", root, "--to", fmt, "--out", "-", cwd=tmp_path))
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["render", "/dev/zero"],
        ["import", "/dev/zero", "--from", "conll", "--into", "{root}", "--as", "x"],
        ["import", "/dev/zero", "--from", "jsonl", "--into", "{root}", "--as", "x"],
        ["evaluate", "{root}", "/dev/zero", "--pred-format", "jsonl"],
        ["validate", "/dev/zero"],
    ],
)
def test_non_regular_inputs_are_refused_at_once(tmp_path: Path, args: list[str]) -> None:
    root = make_project(tmp_path / "p")
    before = snapshot(root)
    try:
        result = run(*[a.replace("{root}", str(root)) for a in args], timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{args[0]} kept reading /dev/zero")
    assert_clean_failure(result)
    assert snapshot(root) == before
