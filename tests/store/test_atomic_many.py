"""The batch writer: every file or none, no leftovers, permissions as a normal write."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from annotator.store import atomic
from annotator.store.atomic import TEMP_PREFIX, write_atomic_many


@pytest.mark.parametrize("count", [3, atomic.SYNC_ALL_FROM + 5])
def test_writes_every_file_byte_for_byte(tmp_path: Path, count: int) -> None:
    items = [(tmp_path / f"d{i % 3}" / f"{i}.txt", f"نص {i}\r\n") for i in range(count)]
    staged: list[Path] = []
    write_atomic_many(items, staged.append)
    assert staged == [p for p, _ in items]
    for path, text in items:
        assert path.read_bytes() == text.encode("utf-8")
    assert not list(tmp_path.rglob(f"{TEMP_PREFIX}*"))


def test_a_failure_before_the_renames_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = tmp_path / "old.yaml"
    old.write_text("before\n", encoding="utf-8")
    os.chmod(old, 0o640)
    items: list[tuple[Path, bytes | str]] = [
        (old, "after\n"),
        (tmp_path / "new.txt", "x"),
        (tmp_path / "third.txt", "y"),
    ]
    real_fdopen = os.fdopen
    calls = {"n": 0}

    def failing_fdopen(fd: int, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 3:
            os.close(fd)
            raise OSError(28, "No space left on device")
        return real_fdopen(fd, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(atomic.os, "fdopen", failing_fdopen)
    with pytest.raises(OSError, match=r"third\.txt: cannot write: the disk is full"):
        write_atomic_many(items)
    assert old.read_text(encoding="utf-8") == "before\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.yaml"]
    monkeypatch.undo()
    write_atomic_many(items)
    assert old.read_text(encoding="utf-8") == "after\n"
    assert old.stat().st_mode & 0o777 == 0o640  # an existing file keeps its permissions
