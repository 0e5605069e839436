"""The prefetch hint: files bulk work will read are in memory before they are read, and nothing
that is not a regular file is ever opened for it."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest

from annotator.store.prefetch import will_read

needs_fadvise = pytest.mark.skipif(
    not hasattr(os, "posix_fadvise") or shutil.which("fincore") is None,
    reason="needs posix_fadvise and util-linux's fincore",
)


def _resident_pages(path: Path) -> int:
    """Pages of ``path`` in the page cache, as util-linux's fincore counts them."""
    out = subprocess.run(
        ["fincore", "--bytes", "--noheadings", "--output", "PAGES", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(out.stdout.split()[0])


def _evict(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)


@needs_fadvise
def test_files_to_be_read_are_brought_into_memory(tmp_path: Path) -> None:
    files = []
    for i in range(3):
        path = tmp_path / f"doc-{i}.yaml"
        path.write_bytes(os.urandom(256 * 1024))
        _evict(path)
        files.append(path)
    if any(_resident_pages(p) for p in files):
        pytest.skip("this file system keeps evicted pages (tmpfs?)")
    will_read(files)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not all(_resident_pages(p) for p in files):
        time.sleep(0.05)
    assert all(_resident_pages(p) == 64 for p in files)


def test_pipes_folders_and_missing_files_are_passed_over(tmp_path: Path) -> None:
    """A project may hold a named pipe (or a link to one) where a file should be: opening it to
    read would wait for a writer forever. The hint must pass it by, and a missing file or a
    folder must not stop the hint for the files after them."""
    pipe = tmp_path / "doc-1.yaml"
    os.mkfifo(pipe)
    folder = tmp_path / "doc-2.yaml"
    folder.mkdir()
    real = tmp_path / "doc-3.yaml"
    real.write_text("format: annotator/1\n", encoding="utf-8")
    done = threading.Event()

    def hint() -> None:
        will_read([pipe, tmp_path / "gone.yaml", folder, real, str(real)])
        done.set()

    worker = threading.Thread(target=hint, daemon=True)
    worker.start()
    assert done.wait(5), "the hint waited on a named pipe"
    assert real.read_text(encoding="utf-8") == "format: annotator/1\n"
