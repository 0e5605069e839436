"""A one-line progress counter on stderr for long imports and exports.

Shown only when stderr is a terminal and the job is long (more than ``threshold`` items), so
tests, pipes and logs stay clean. It is a few lines of our own rather than ``rich.progress``:
rich is only an indirect dependency (through textual), and importing its progress machinery
costs more start-up time than a counter needs.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

THRESHOLD = 50
_INTERVAL = 0.1  # seconds between redraws


class ProgressLine:
    """``label: 120/1000 documents (12%)``, redrawn in place at most every 0.1 s."""

    def __init__(
        self,
        label: str,
        total: int,
        *,
        unit: str = "documents",
        stream: TextIO | None = None,
        threshold: int = THRESHOLD,
        force: bool = False,
    ) -> None:
        self.label = label
        self.total = total
        self.unit = unit
        self.stream = stream if stream is not None else sys.stderr
        self.done = 0
        self._last = 0.0
        self.enabled = force or (total > threshold and _is_tty(self.stream))

    def advance(self, count: int = 1) -> None:
        self.done += count
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last >= _INTERVAL or self.done >= self.total:
            self._last = now
            self._draw()

    def _draw(self) -> None:
        percent = f" ({100 * self.done // self.total}%)" if self.total else ""
        self.stream.write(f"\r{self.label}: {self.done}/{self.total} {self.unit}{percent}")
        self.stream.flush()

    def close(self) -> None:
        """End the line so what is printed next starts on a fresh one."""
        if self.enabled:
            self._draw()
            self.stream.write("\n")
            self.stream.flush()
            self.enabled = False

    def __enter__(self) -> ProgressLine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
