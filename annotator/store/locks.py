"""One editing session per annotation file.

The lock is an OS file lock (filelock): it is released when the process ends, even by a crash or
SIGKILL, so a stale lock never blocks anyone. Next to it an owner file records who holds it, so
the second session can say who to ask. Both live under ``<project>/.annotator/locks/`` to keep
the annotation folders clean for git.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from filelock import FileLock, Timeout

from annotator.errors import LockedError


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no passwd entry, e.g. in some containers
        return os.environ.get("USER") or "annotator"


class SetLock:
    """Exclusive hold on one annotation file (``relative`` to the project root)."""

    def __init__(self, project_root: Path, relative: str, who: str) -> None:
        self.relative = relative
        self.who = who
        base = project_root / ".annotator" / "locks" / relative
        self.lock_path = base.with_name(base.name + ".lock")
        self.owner_path = base.with_name(base.name + ".owner")
        self._lock: FileLock | None = None

    @property
    def held(self) -> bool:
        return self._lock is not None and self._lock.is_locked

    def acquire(self) -> SetLock:
        self.lock_path.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.lock_path), timeout=0, is_singleton=False)
        try:
            lock.acquire()
        except Timeout:
            raise LockedError(
                f"{self.relative} is open in another session ({self.holder()}); "
                "close it there first",
                file=self.relative,
            ) from None
        self._lock = lock
        owner = {
            "annotator": self.who,
            "user": current_user(),
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "since": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
        with contextlib.suppress(OSError):
            self.owner_path.write_text(json.dumps(owner), encoding="utf-8")
        return self

    def holder(self) -> str:
        try:
            owner = json.loads(self.owner_path.read_text(encoding="utf-8"))
            return (
                f"{owner['annotator']} as {owner['user']}@{owner['host']}, "
                f"pid {owner['pid']}, since {owner['since']}"
            )
        except (OSError, ValueError, KeyError, TypeError, RecursionError):
            return "owner unknown"

    def release(self) -> None:
        if self._lock is not None:
            with contextlib.suppress(OSError):
                self.owner_path.unlink()
            self._lock.release()
            self._lock = None

    def __enter__(self) -> SetLock:
        return self.acquire()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
