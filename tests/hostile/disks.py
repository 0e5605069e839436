"""Real failing disks for tests: a small tmpfs (fills up), remounted read-only, immutable files.

Tests that cannot mount (not root, no CAP_SYS_ADMIN, a container without tmpfs) are skipped,
never faked.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


@contextlib.contextmanager
def tmpfs(where: Path, size: str = "4m") -> Iterator[Path]:
    """A fresh tmpfs of ``size`` mounted at ``where`` for the duration of the block."""
    where.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def remount(where: Path, mode: str) -> None:
    """Remount ``where`` read-only ('ro') or read-write ('rw')."""
    subprocess.run(["mount", "-o", f"remount,{mode}", str(where)], check=True, capture_output=True)


def fill(where: Path) -> None:
    """Fill the filesystem of ``where`` to the last byte and inode-free block."""
    block = b"\0" * (1 << 16)
    with contextlib.suppress(OSError), open(where / ".filler", "wb") as handle:
        while True:
            handle.write(block)
            handle.flush()
    with contextlib.suppress(OSError), open(where / ".filler2", "wb") as handle:
        while True:
            handle.write(b"\0" * 512)
            handle.flush()


def copy_project(source: Path, where: Path) -> Path:
    target = where / source.name
    shutil.copytree(source, target, symlinks=True)
    return target


@contextlib.contextmanager
def immutable(path: Path) -> Iterator[None]:
    """``chattr +i path`` for the block; skips when the filesystem has no such attribute."""
    if shutil.which("chattr") is None:
        pytest.skip("chattr is not installed")
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"chattr +i not supported here: {done.stderr.strip()}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], capture_output=True)


def temp_files(root: Path) -> list[str]:
    return [
        os.path.join(folder, name)
        for folder, _, names in os.walk(root)
        for name in names
        if name.startswith(".annotator-tmp-")
    ]
