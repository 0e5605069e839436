"""What each character is on screen: its kind, its width in cells and the text drawn for it.

Everything the engine draws comes from this table, which is what makes hostile text inert:

* C0 controls (except TAB and the paragraph separators) are drawn as their Control Pictures
  (U+2400 + code: ESC is "␛"), DEL as "␡", C1 controls (U+0080-U+009F) as "�" (in UTF-8 text a
  C1 control is nearly always mojibake), lone surrogates as "�".
* TAB is one cell drawn "→" (tab stops mean nothing in mixed-direction text).
* Bidi controls (LRM, RLM, ALM, LRE/RLE/LRO/RLO/PDF, LRI/RLI/FSI/PDI) and other zero-width
  format characters (ZWJ, ZWNJ, ZWSP, BOM, ...) are hidden (width 0, drawn as "") by default and
  drawn as the visible marks of ``SHOWN_CONTROLS`` with ``show_controls``. They are never sent to
  the terminal, so an override cannot make the screen lie about the stored text.
* U+2028 LINE SEPARATOR is a breaking space drawn " " (or "↵" with ``show_controls``).

Widths are those of ``rich.cells`` (what Textual measures with), so a line of cells never
disagrees with the strip Textual builds from it.
"""

from __future__ import annotations

import re
import unicodedata
from enum import IntEnum
from typing import NamedTuple

from rich.cells import get_character_cell_size


class Kind(IntEnum):
    """How a character takes part in cells."""

    ORDINARY = 0  #: a glyph: starts a cell and takes the combining marks that follow
    MARK = 1  #: zero-width combining mark: joins the preceding ordinary cell
    SPACE = 2  #: a breaking space (line breaks go after these); takes no marks
    HIDDEN = 3  #: bidi control or zero-width format character: width 0 unless shown
    PICTURE = 4  #: control character drawn as a visible symbol; takes no marks


class CharInfo(NamedTuple):
    kind: Kind
    width: int  #: cells, as drawn by default (hidden: 0)
    drawn: str  #: what is drawn by default
    shown: str  #: what is drawn with show_controls
    haraka: bool = False  #: an Arabic combining mark (hidden with ``harakat=False``)


#: Bidi formatting characters: hidden by default, these marks with show_controls. Chosen to be
#: printable, one cell wide, not Bidi_Mirrored, and not themselves controls (tests check this).
SHOWN_CONTROLS: dict[str, str] = {
    "\u200e": "\u21fe",  # LRM -> ⇾
    "\u200f": "\u21fd",  # RLM -> ⇽
    "\u061c": "\u21dc",  # ALM -> ⇜
    "\u202a": "\u21d2",  # LRE -> ⇒
    "\u202b": "\u21d0",  # RLE -> ⇐
    "\u202d": "\u21db",  # LRO -> ⇛
    "\u202e": "\u21da",  # RLO -> ⇚
    "\u202c": "\u21d3",  # PDF -> ⇓
    "\u2066": "\u21e8",  # LRI -> ⇨
    "\u2067": "\u21e6",  # RLI -> ⇦
    "\u2068": "\u21f3",  # FSI -> ⇳
    "\u2069": "\u21e9",  # PDI -> ⇩
}
BIDI_CONTROLS = frozenset(SHOWN_CONTROLS)
_BIDI_CONTROL_RE = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + "]")
#: Any other zero-width format character (ZWJ, ZWNJ, ZWSP, word joiner, BOM, tags) when shown.
SHOWN_FORMAT = "\u25c7"  # ◇
TAB_SYMBOL = "\u2192"  # →
C1_SYMBOL = "\ufffd"  # �
DEL_SYMBOL = "\u2421"  # ␡
ORPHAN_BASE = "\u25cc"  # ◌ : carries a combining mark that has no base to sit on
LINE_SEPARATOR_SHOWN = "\u21b5"  # ↵

#: Paragraph separators (bidi class B), longest first so CRLF is one separator.
PARAGRAPH_SEPARATOR_RE = re.compile("\r\n|[\n\r\x1c\x1d\x1e\x85\u2029]")
_SEPARATOR_DRAWN = {
    "\n": " ",
    "\r\n": " ",
    "\r": " ",
    "\u2029": " ",
    "\x1c": "\u241c",  # ␜ : rare C0 separators stay visible, even by default
    "\x1d": "\u241d",
    "\x1e": "\u241e",
    "\x85": "\u2424",  # ␤ SYMBOL FOR NEWLINE (NEL)
}
SEPARATOR_SHOWN = "\u00b6"  # ¶

#: Breaking spaces: a line may break after a run of these. NBSP and figure space do not break.
BREAK_SPACES = (
    " \t\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u2028\u205f\u3000"
)

#: Unicode blocks of the Arabic script: a combining mark in one of them is a haraka (vowel sign,
#: shadda, sukun, Quranic mark), hidden with ``harakat=False``.
_ARABIC_BLOCKS = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x0870, 0x08FF), (0xFB50, 0xFDFF))

_INFO: dict[str, CharInfo] = {}


def char_info(char: str) -> CharInfo:
    """Kind, width and drawings of one character (memoised: texts use few distinct ones)."""
    info = _INFO.get(char)
    if info is None:
        info = _INFO[char] = _classify(char)
    return info


def separator_drawn(separator: str, show_controls: bool) -> str:
    """The one-cell drawing of a paragraph separator ("\\n", "\\r\\n", U+2029, ...)."""
    drawn = _SEPARATOR_DRAWN[separator]
    return SEPARATOR_SHOWN if show_controls and drawn == " " else drawn


def find_bidi_controls(text: str) -> list[int]:
    """Offsets of the bidi controls in ``text``, so a view can warn that the text holds some
    (they are hidden by default, and an override reorders what it covers, per UAX #9)."""
    return [match.start() for match in _BIDI_CONTROL_RE.finditer(text)]


def is_safe_to_draw(text: str) -> bool:
    """True if ``text`` holds no control, format (bidi controls included) or separator
    character: the invariant every drawn cell keeps, so a terminal can only print it."""
    return not any(unicodedata.category(char) in _UNSAFE_CATEGORIES for char in text)


_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def _classify(char: str) -> CharInfo:
    code = ord(char)
    category = unicodedata.category(char)
    if char == "\t":
        return CharInfo(Kind.SPACE, 1, TAB_SYMBOL, TAB_SYMBOL)
    if char == "\u2028":
        return CharInfo(Kind.SPACE, 1, " ", LINE_SEPARATOR_SHOWN)
    if category == "Cc" or category == "Cs":
        symbol = _control_picture(code)
        return CharInfo(Kind.PICTURE, 1, symbol, symbol)
    if char in BIDI_CONTROLS:
        return CharInfo(Kind.HIDDEN, 0, "", SHOWN_CONTROLS[char])
    width = get_character_cell_size(char)
    if char in BREAK_SPACES:
        return CharInfo(Kind.SPACE, width, char, char)
    if width == 0:
        if category in ("Cf", "Zp", "Zl", "Cn"):
            return CharInfo(Kind.HIDDEN, 0, "", SHOWN_FORMAT)
        haraka = any(low <= code <= high for low, high in _ARABIC_BLOCKS)
        return CharInfo(Kind.MARK, 0, char, char, haraka)
    return CharInfo(Kind.ORDINARY, width, char, char)


def _control_picture(code: int) -> str:
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return DEL_SYMBOL
    return C1_SYMBOL  # C1 controls and lone surrogates
