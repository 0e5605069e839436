"""Telling the kernel which files bulk work will read next, so that it reads them in advance.

A corpus that is not in the page cache (the first command of the day, or pages the kernel gave
back to a memory-hungry neighbour) costs one disk round trip per file when files are read one
after the other: ``agree`` on a 10,000-document project (30,000 small files) took 60 s instead
of 19 s from memory. Told a chunk's files at once (``posix_fadvise(WILLNEED)``), the kernel
queues all their reads together, and they arrive while the first documents are compared.

It is only a hint: nothing is read into Python here, a file that cannot be opened is skipped
(the read that follows reports it), and only regular files are opened (never a pipe or a device
a hostile project links to). Where ``posix_fadvise`` does not exist (macOS, Windows) it does
nothing.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

_ADVISE = getattr(os, "posix_fadvise", None)
_WILLNEED = getattr(os, "POSIX_FADV_WILLNEED", 0)
#: Opening never waits (a pipe swapped in after the check) and never adopts a terminal.
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)


def will_read(paths: Iterable[Path | str]) -> None:
    """Ask the kernel to start reading each of ``paths`` (regular files only) into memory."""
    if _ADVISE is None:
        return
    for path in paths:
        try:
            if not stat.S_ISREG(os.stat(path).st_mode):
                continue
            fd = os.open(path, _FLAGS)
        except OSError:
            continue
        try:
            _ADVISE(fd, 0, 0, _WILLNEED)
        except OSError:
            pass
        finally:
            os.close(fd)
