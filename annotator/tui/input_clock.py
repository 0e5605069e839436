"""When the annotator last pressed a key or clicked, and whether its frame is drawn yet: work
done ahead (drawing the next page while the annotator reads) waits until the key's frame has
been drawn, so that it never delays it."""

from __future__ import annotations

from time import perf_counter

#: How long after an input its frame may still be in the making, when no frame is seen (a key
#: that changes nothing on screen makes none).
FRAME_WINDOW = 0.1

_last_input = float("-inf")
_last_frame = float("-inf")


def note_input() -> None:
    """Called by the app for every key and mouse press."""
    global _last_input
    _last_input = perf_counter()


def note_frame() -> None:
    """Called by a widget drawing itself for the screen (a frame is being made)."""
    global _last_frame
    _last_frame = perf_counter()


def wait_left() -> float:
    """Seconds until work done ahead may run (0: now): none once a frame has been drawn since
    the last input, else what is left of FRAME_WINDOW after it."""
    if _last_frame >= _last_input:
        return 0.0
    return max(0.0, _last_input + FRAME_WINDOW - perf_counter())


def idle_for() -> float:
    """Seconds since the last key or click."""
    return perf_counter() - _last_input
