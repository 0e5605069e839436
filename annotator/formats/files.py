"""Writing many files at once, each atomically, with one flush to disk instead of thousands.

``annotator.store.atomic.write_atomic`` writes one file: a temporary file in the same folder,
fsync, rename over the target, fsync the folder. An import or a brat export writes thousands of
files, and two fsyncs per file cost more than everything else together. ``write_many`` keeps the
same guarantees per file and adds one for the batch:

1. every new content goes to a temporary file next to its target (``write_atomic``'s prefix, so
   listings and validation skip leftovers of a crash);
2. all of them are flushed to disk (fsync each, or one ``os.sync()`` for a large batch);
3. only then are they renamed over their targets, and each folder is fsynced once.

If anything fails before step 3 every temporary file is removed and no target has changed, so a
batch is written completely or (up to the renames, which take milliseconds) not at all.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from annotator.store.atomic import TEMP_PREFIX, fsync_folder

#: From this many files on, one os.sync() is cheaper than an fsync per file (Linux only: there
#: sync waits until the data is on disk).
SYNC_ALL_FROM = 32


def write_many(
    items: Sequence[tuple[Path, bytes | str]], staged: Callable[[Path], None] | None = None
) -> None:
    """Write every ``(path, content)``; ``staged(path)`` is called as each temporary file is
    written (for progress)."""
    temps: list[tuple[str, Path]] = []
    use_sync = len(items) >= SYNC_ALL_FROM and sys.platform.startswith("linux")
    umask = os.umask(0)
    os.umask(umask)
    try:
        for path, data in items:
            payload = data.encode("utf-8") if isinstance(data, str) else data
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{path.name}.", dir=path.parent)
            temps.append((temp, path))
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
                if not use_sync:
                    handle.flush()
                    os.fsync(handle.fileno())
            mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~umask
            os.chmod(temp, mode)
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
