"""Arabic shaping with arabic-reshaper, one presentation form per logical character.

Terminals do not shape Arabic: without this, letters are drawn in their isolated forms,
unjoined. arabic-reshaper picks each letter's contextual form (initial, medial, final,
isolated); configured with ``delete_harakat=False`` and ``support_ligatures=False`` its output has
one character per input character, so offsets map 1:1, with one exception handled here: it drops
ZWJ (after using it for joining). Lam-alef ligatures are formed by the engine, not the reshaper
(see clusters.py), so a span boundary can split them.

Joining never crosses a space (spaces are not Arabic letters, so the reshaper treats them as
non-joining), so words are shaped one at a time and memoised: news text repeats its words, and
this is what keeps shaping a 1 MB article cheap. A property test checks that shaping word by
word equals shaping the whole line.
"""

from __future__ import annotations

import re
from functools import lru_cache

from arabic_reshaper import ArabicReshaper
from arabic_reshaper.arabic_reshaper import HARAKAT_RE as RESHAPER_HARAKAT_RE

_ZWJ = "\u200d"

_RESHAPER = ArabicReshaper(
    configuration={
        "language": "Arabic",
        "delete_harakat": False,
        "shift_harakat_position": False,
        "delete_tatweel": False,
        "support_zwj": True,
        "use_unshaped_instead_of_isolated": False,
        "support_ligatures": False,
    }
)
#: Characters the reshaper can change; anything else passes through unchanged.
_SHAPEABLE_RE = re.compile("[" + "".join(sorted(re.escape(c) for c in _RESHAPER.letters)) + "]")


class ShapingError(RuntimeError):
    """arabic-reshaper did not return one character per input character: a bug, not bad input."""


def shape(text: str) -> str:
    """``text`` with Arabic letters in their contextual presentation forms, same length.

    Harakat, ZWJ and every non-Arabic character are returned unchanged and in place.
    """
    return " ".join(map(shape_word, text.split(" ")))


@lru_cache(maxsize=65536)
def shape_word(word: str) -> str:
    """Shape one space-free run (memoised); see :func:`shape`."""
    if not _SHAPEABLE_RE.search(word):
        return word
    letters = RESHAPER_HARAKAT_RE.sub("", word)
    shaped = _RESHAPER.reshape(letters)
    if len(shaped) != len(letters) - letters.count(_ZWJ):
        raise ShapingError(f"arabic-reshaper changed the length of {word!r} to {shaped!r}")
    if len(shaped) == len(word):
        return shaped
    return _realign(word, shaped)


def _realign(word: str, shaped: str) -> str:
    """Put back, in place, the harakat taken out before reshaping and the ZWJs it dropped.

    Harakat are taken out first because the reshaper files them under the index of the previous
    output letter, which a dropped ZWJ would shift onto the wrong letter.
    """
    forms = iter(shaped)
    return "".join(
        char if char == _ZWJ or RESHAPER_HARAKAT_RE.match(char) else next(forms) for char in word
    )


def is_transparent(char: str) -> bool:
    """True for the marks the reshaper skips when joining (its harakat list)."""
    return RESHAPER_HARAKAT_RE.match(char) is not None
