"""Atomic file replacement: after a crash at any moment a file is either old or new, never torn.

The new content goes to a temporary file in the same folder (same filesystem, so the rename is
atomic), is flushed and fsynced, renamed over the target with ``os.replace``, and then the folder
itself is fsynced so the rename survives a power cut.

``write_atomic_many`` does the same for a batch (an import, a brat export) with one guarantee
more: every temporary file is on disk before the first rename, so if anything fails before the
renames no target has changed. For large batches one ``os.sync()`` replaces thousands of fsyncs.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

TEMP_PREFIX = ".annotator-tmp-"

#: From this many files on, one os.sync() is cheaper than an fsync per file (Linux only: there
#: sync waits until the data is on disk).
SYNC_ALL_FROM = 32


def _stage(path: Path, data: bytes | str, *, fsync: bool) -> str:
    """Write ``data`` to a temporary file beside ``path`` with the target's (or the default)
    permissions; returns the temporary file's name."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            if fsync:
                handle.flush()
                os.fsync(handle.fileno())
        try:
            mode = path.stat().st_mode & 0o777
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(temp, mode)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return temp


def write_atomic(path: Path, data: bytes | str) -> None:
    temp = _stage(path, data, fsync=True)
    try:
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    fsync_folder(path.parent)


def write_atomic_many(
    items: Sequence[tuple[Path, bytes | str]], staged: Callable[[Path], None] | None = None
) -> None:
    """Write every ``(path, content)`` atomically; ``staged(path)`` is called as each
    temporary file is written (for progress)."""
    use_sync = len(items) >= SYNC_ALL_FROM and sys.platform.startswith("linux")
    temps: list[tuple[str, Path]] = []
    try:
        for path, data in items:
            temps.append((_stage(path, data, fsync=not use_sync), path))
            if staged is not None:
                staged(path)
        if use_sync:
            os.sync()
    except BaseException:
        for temp, _ in temps:
            with contextlib.suppress(OSError):
                os.unlink(temp)
        raise
    folders: dict[Path, None] = {}
    for temp, path in temps:
        os.replace(temp, path)
        folders[path.parent] = None
    for folder in folders:
        fsync_folder(folder)


def fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def is_temp_file(path: Path) -> bool:
    """Leftovers of a save that was killed mid-write; listings and validation skip them."""
    return path.name.startswith(TEMP_PREFIX)
