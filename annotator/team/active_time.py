"""Active annotation time: the time between key presses, leaving out pauses over two minutes.

A person reading an article between two keys is working; a person gone for lunch is not. So
every gap between two consecutive key presses up to ``IDLE_SECONDS`` counts in full and a longer
gap counts not at all. The clock is fed monotonic times (``time.monotonic``) so a change of the
wall clock cannot add or remove time.
"""

from __future__ import annotations

from dataclasses import dataclass

#: A pause longer than this between two keys is not annotation time.
IDLE_SECONDS = 120.0


@dataclass
class ActiveClock:
    """Seconds of activity on one document: ``base`` from earlier sessions plus this one's."""

    base: int = 0
    idle_limit: float = IDLE_SECONDS
    _session: float = 0.0
    _last: float | None = None

    def key_pressed(self, now: float) -> None:
        if self._last is not None:
            gap = now - self._last
            if 0 < gap <= self.idle_limit:
                self._session += gap
        self._last = now

    @property
    def session_seconds(self) -> float:
        return self._session

    @property
    def total(self) -> int:
        """Whole seconds in all: what the annotation file records."""
        return self.base + round(self._session)

    @property
    def advanced(self) -> bool:
        """True once this session has added at least a second."""
        return self.total != self.base
