"""Python's cyclic garbage collector, kept out of the keystroke's frame.

An open 10,000-span document keeps a few hundred thousand objects alive: the spans, the
layout, the drawn lines, and each undo step's version of the set (a tuple and a dict of every
span, about 20,000 references). The collector's automatic passes walk all of them: a full pass
took 100-400 ms, and it ran in the middle of a key (page down, search next, tag) every few
dozen keys; the younger passes cost a tag key several milliseconds too.

So what is alive after a document has opened, after each edit and after drawing ahead is moved
into the collector's permanent generation (``settle``, ``gc.freeze``): those objects live as
long as the document, its undo history or the line caches. Reference counting still frees
every object as soon as nothing uses it; only reference cycles wait, until the annotator
pauses (``collect_in_pause``: one full pass, with no key for ``pause`` seconds). Leaving the
document gives everything back to the collector (``release``).

A list of documents holds every document's summary for as long as it is shown: it sets them
aside too (``hold``, undone by ``let_go``), and a document closed over it sets them aside again
as it gives its own objects back.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

from annotator.tui import input_clock

if TYPE_CHECKING:
    from textual.widget import Widget

_pending = False  # something was frozen since the last full pass
_holders = 0  # lists of documents shown (their summaries stay set aside)


def hold() -> None:
    """A list of documents has read its summaries: collect what reading left behind and set
    what is alive aside, until ``let_go``."""
    global _holders
    _holders += 1
    gc.collect()
    gc.freeze()


def let_go() -> None:
    """The list has gone: the collector has its objects back."""
    global _holders
    _holders = max(0, _holders - 1)
    gc.unfreeze()
    if _holders:
        _set_aside_again()


def _set_aside_again() -> None:
    gc.collect()
    gc.freeze()


def settle() -> None:
    """What is alive now will live long: keep it out of the automatic passes."""
    global _pending
    gc.freeze()
    _pending = True


#: The full pass waits for this long a pause in the keys; whether it has come is checked every
#: CHECK_SECONDS (both read when used, so a test can lengthen the pause).
PAUSE_SECONDS = 1.0
CHECK_SECONDS = 0.25


def collect_in_pauses(screen: Widget) -> None:
    """While ``screen`` is mounted, run the full pass in the pauses between keys (every screen
    that freezes what it draws needs this, or its cycles would never be freed)."""
    screen.set_interval(CHECK_SECONDS, lambda: collect_in_pause(PAUSE_SECONDS))


def collect_in_pause(pause: float) -> bool:
    """If something was frozen and no key came for ``pause`` seconds: one full pass over
    everything (cycles freed). True if it ran.

    Nothing is frozen again here, unless a list of documents is shown (its summaries stay set
    aside, ``hold``): what dies after this pass is then found by the ordinary passes, or
    frozen dead by the next ``settle``, which asks for the next pause's pass."""
    global _pending
    if not _pending or input_clock.idle_for() < pause:
        return False
    gc.unfreeze()
    gc.collect()
    _pending = False
    if _holders:
        gc.freeze()
    return True


def release() -> None:
    """The document is closed: let the collector see its objects again (a list of documents
    still shown keeps its own set aside: one full pass frees the document's cycles first)."""
    global _pending
    gc.unfreeze()
    _pending = False
    if _holders:
        _set_aside_again()
