"""Atomic file replacement: after a crash at any moment a file is either old or new, never torn.

The new content goes to a temporary file in the same folder (same filesystem, so the rename is
atomic), is flushed and fsynced, renamed over the target with ``os.replace``, and then the folder
itself is fsynced so the rename survives a power cut.

``write_atomic_many`` does the same for a batch (an import, adjudication over many documents, a
brat export) and keeps it all or nothing: every temporary file is on disk before the first
rename, every file about to be replaced keeps a hard-linked backup, and if a rename fails the
renames already done are undone from the backups. For large batches one ``os.sync()`` replaces
thousands of fsyncs.

A write that fails (disk full, read-only filesystem, an immutable file, a name too long) leaves no
temporary file behind and raises DiskError naming the target and the cause. Temporary files carry
their writer's pid, so those of a writer that was killed can be found and removed later
(``stale_temp_files``).
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence, Sized
from pathlib import Path

from annotator.errors import DiskError, disk_error

TEMP_PREFIX = ".annotator-tmp-"
#: Temporary files without a live writer are stale after this long even if their pid is reused.
STALE_AFTER_SECONDS = 24 * 3600

#: From this many files on, one os.sync() is cheaper than an fsync per file (Linux only: there
#: sync waits until the data is on disk).
SYNC_ALL_FROM = 32


def _stage(path: Path, data: bytes | str, *, fsync: bool) -> str:
    """Write ``data`` to a temporary file beside ``path`` with the target's (or the default)
    permissions; returns the temporary file's name."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(
            prefix=f"{TEMP_PREFIX}{path.name}.{os.getpid()}.", dir=path.parent
        )
    except OSError as err:
        raise disk_error(err, path) from None
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
    except BaseException as err:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(err, OSError) and not isinstance(err, DiskError):
            raise disk_error(err, path) from None
        raise
    return temp


def write_atomic(path: Path, data: bytes | str) -> None:
    temp = _stage(path, data, fsync=True)
    try:
        os.replace(temp, path)
    except BaseException as err:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(err, OSError):
            raise disk_error(err, path) from None
        raise
    fsync_folder(path.parent)


def write_atomic_many(
    items: Iterable[tuple[Path, bytes | str]],
    staged: Callable[[Path], None] | None = None,
    *,
    count: int | None = None,
) -> None:
    """Write every ``(path, content)`` atomically; ``staged(path)`` is called as each
    temporary file is written (for progress). ``items`` may be a generator, so a large batch
    is never held in memory: only the names of its temporary files are; ``count`` (at most how
    many it yields) then chooses between one sync and an fsync per file."""
    if count is None:
        count = len(items) if isinstance(items, Sized) else 0
    use_sync = count >= SYNC_ALL_FROM and sys.platform.startswith("linux")
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
    _rename_all(temps)


def _rename_all(temps: list[tuple[str, Path]]) -> None:
    """Rename each temporary file over its target; on a failure put every target back."""
    backups: list[tuple[Path, str | None]] = []
    try:
        for _, path in temps:
            backups.append((path, _backup(path)))
    except OSError as err:
        _discard([b for _, b in backups if b] + [t for t, _ in temps])
        raise disk_error(err, path) from None
    done: list[tuple[Path, str | None]] = []
    try:
        for (temp, path), (_, backup) in zip(temps, backups, strict=True):
            os.replace(temp, path)
            done.append((path, backup))
    except BaseException as err:
        for target, backup in reversed(done):
            with contextlib.suppress(OSError):
                if backup is not None:
                    os.replace(backup, target)
                else:
                    os.unlink(target)
        _discard([b for _, b in backups if b] + [t for t, _ in temps])
        if isinstance(err, OSError):
            raise disk_error(err, path) from None
        raise
    _discard([b for _, b in backups if b])
    folders: dict[Path, None] = {}
    for _, path in temps:
        folders[path.parent] = None
    for folder in folders:
        fsync_folder(folder)


def _backup(path: Path) -> str | None:
    """A hard link to ``path`` (if it exists) beside it, to put it back after a failed batch."""
    if not os.path.lexists(path):
        return None
    name = os.path.join(path.parent, f"{TEMP_PREFIX}{path.name}.{os.getpid()}.backup")
    with contextlib.suppress(FileNotFoundError):
        os.unlink(name)
    os.link(path, name, follow_symlinks=False)
    return name


def _discard(names: Sequence[str]) -> None:
    for name in names:
        with contextlib.suppress(OSError):
            os.unlink(name)


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


def temp_writer(path: Path) -> int | None:
    """The pid of the process that wrote temporary file ``path`` (None for older names)."""
    rest = path.name[len(TEMP_PREFIX) :]
    parts = rest.rsplit(".", 2)
    if len(parts) == 3 and parts[1].isdigit():
        return int(parts[1])
    return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def stale_temp_files(folders: Sequence[Path]) -> list[Path]:
    """Temporary files in ``folders`` whose writer is gone (killed mid-save), oldest first."""
    import time

    now = time.time()
    found: list[Path] = []
    for folder in folders:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if not entry.name.startswith(TEMP_PREFIX):
                continue
            path = Path(entry.path)
            pid = temp_writer(path)
            try:
                age = now - entry.stat(follow_symlinks=False).st_mtime
            except OSError:
                continue
            if (pid is not None and (pid == os.getpid() or _alive(pid))) and (
                age < STALE_AFTER_SECONDS
            ):
                continue
            if pid is None and age < 60:
                continue  # a writer of an older version may still be at work
            found.append(path)
    return sorted(found)
