"""write_atomic_many is all or nothing even when a rename fails half way; stale temp files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.errors import AnnotatorError, DiskError
from annotator.store.atomic import TEMP_PREFIX, stale_temp_files, write_atomic_many
from tests.hostile.helpers import make_project, run


def test_a_failed_rename_puts_back_the_files_already_renamed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = [tmp_path / f"f{i}.yaml" for i in range(4)]
    for i, path in enumerate(paths[:3]):
        path.write_text(f"old {i}\n")
    real_replace = os.replace
    calls: list[str] = []

    def failing_replace(src: str, dst: str | Path) -> None:
        calls.append(str(dst))
        if len(calls) == 3:
            raise OSError(28, "No space left on device", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(DiskError) as err:
        write_atomic_many([(p, f"new {i}\n") for i, p in enumerate(paths)])
    monkeypatch.setattr(os, "replace", real_replace)
    assert "disk is full" in str(err.value) and "f2.yaml" in str(err.value)
    assert [p.read_text() for p in paths[:3]] == ["old 0\n", "old 1\n", "old 2\n"]
    assert not paths[3].exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f0.yaml", "f1.yaml", "f2.yaml"]


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_stale_temp_files_are_reported_by_validate_and_removed_when_editing(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    folder = root / "annotations" / "ann1"
    stale = folder / f"{TEMP_PREFIX}doc1.yaml.{_dead_pid()}.abcd1234"
    stale.write_text("half a file")
    live = folder / f"{TEMP_PREFIX}doc1.yaml.{os.getpid()}.efgh5678"
    live.write_text("being written")
    assert stale_temp_files([folder]) == [stale]
    result = run("validate", root)
    assert result.returncode == 1
    assert f"{stale}: temporary file of a save that was killed" in result.stdout
    assert stale.exists()  # validate changes nothing
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "new1", "text": "نص", "spans": []}\n', encoding="utf-8")
    assert run("import", source, "--from", "jsonl", "--into", root, "--as", "ann3").returncode == 0
    assert not stale.exists() and live.exists()


def test_disk_error_is_an_os_error_and_an_annotator_error() -> None:
    err = DiskError("cannot write: the disk is full", file="x")
    assert isinstance(err, OSError) and isinstance(err, AnnotatorError)
