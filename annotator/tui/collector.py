"""Python's cyclic garbage collector, kept out of the keystroke's frame.

An open 10,000-span document keeps a few hundred thousand objects alive: the spans, the
layout, and each undo step's version of the set (a tuple and a dict of every span, about
20,000 references). The collector's automatic passes walk all of them: a full pass took
100-400 ms, and it ran in the middle of a key (page down, search next, tag) every few dozen
keys; the younger passes cost a tag key several milliseconds too.

So the editing screens move what is alive into the collector's permanent generation
(``gc.freeze``) when a document has opened and after each edit (those objects live as long
as the document or its undo history), and collect everything once when the annotator pauses
(``collect_now``, next to the autosave). Reference counting still frees every object as soon
as nothing uses it; only reference cycles wait, and at most until the next pause. Leaving the
screen gives everything back to the collector (``release``).
"""

from __future__ import annotations

import gc


def settle() -> None:
    """What is alive now will live long: keep it out of the automatic passes."""
    gc.freeze()


def collect_now() -> None:
    """In a pause: one full pass over everything (cycles freed), then settle again."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def release() -> None:
    """The document is closed: let the collector see its objects again."""
    gc.unfreeze()
