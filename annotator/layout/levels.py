"""Resolved bidi levels from python-bidi, behind one small adapter.

python-bidi 0.6 wraps the Rust ``unicode-bidi`` crate, which implements UAX #9 rules P2-I2
(embedding levels) exactly: every case of BidiCharacterTest.txt passes through this adapter (see
tests/layout/test_conformance.py). But the Python API only returns the *display string*
(``get_display``), which cannot be used for a terminal: it does not mirror (L4), puts combining
marks before their base (no L3), and gives no map between logical and visual positions.

The levels are only exposed through ``get_display(text, base_dir=..., debug=True)``, which returns
the Rust ``{BidiInfo:#?}`` dump. This module parses that dump. The dump lists ``original_classes``
and ``levels`` per UTF-8 *byte* of the text, so they are mapped back to code points (the first
byte of each character carries its values). Every parse is checked (counts, one paragraph, its
byte range) and any surprise raises :class:`BidiAdapterError`, so a python-bidi release that
changes the dump fails loudly instead of drawing wrong text. The version range is pinned in
pyproject.toml.

Levels of characters removed by rule X9 (embeddings, overrides, PDF, BN) are whatever the crate
assigns them (the level of the preceding character); the engine only uses them to place those
characters when they are shown as visible marks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from typing import Literal

from bidi import get_base_level, get_display

#: X9 removes these bidi classes from the algorithm; BidiCharacterTest marks them with 'x'.
REMOVED_BY_X9 = frozenset({"RLE", "LRE", "RLO", "LRO", "PDF", "BN"})

#: A character's bidi class, as python-bidi names it (L, R, AL, EN, ..., LRI, PDI).
BidiClass = str
#: Every Bidi_Class value (UAX #9 table 4), as it appears in the dump -> its name.
_BIDI_CLASSES = [
    "L", "R", "AL", "EN", "ES", "ET", "AN", "CS", "NSM", "BN", "B", "S", "WS", "ON",
    "LRE", "LRO", "RLE", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI",
]  # fmt: skip
_CLASS_NAMES = {f"{name},": name for name in _BIDI_CLASSES}


class BidiAdapterError(RuntimeError):
    """python-bidi's debug output was not what this adapter was written for: a bug, not a user
    error. Fix the adapter (and the pinned version range) before trusting any layout."""


@dataclass(frozen=True, slots=True)
class Levels:
    """Per code point: the paragraph level and each character's resolved level and bidi class.

    Levels are after rules P2-I2 and before L1 (which is per line; see reorder.line_levels).
    ``levels`` is a bytes object (one byte per code point, a level is at most 126): compact for
    long paragraphs, and indexing it gives ints.
    """

    paragraph_level: int
    levels: bytes
    classes: tuple[BidiClass, ...]


_LEVELS_OPEN = "levels: [\n"
_ENTRY_HEAD = "        Level(\n            "
_ENTRY_TAIL = ",\n        ),\n"
_STRIDE = len(_ENTRY_HEAD) + 1 + len(_ENTRY_TAIL)
_LEVELS_CLOSE = "    ],\n    paragraphs: ["
_LEVEL_RE = re.compile(r"Level\(\s*(\d+),\s*\)")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_RANGE_RE = re.compile(r"range: (\d+)\.\.(\d+),")
_DIGITS = bytes.maketrans(b"0123456789", bytes(range(10)))
#: UTF-8 byte -> 1 if it starts a character, 0 for a continuation byte (10xxxxxx).
_LEAD_BYTE = bytes(0 if 0x80 <= b < 0xC0 else 1 for b in range(256))


@lru_cache(maxsize=512)
def resolve_levels(text: str, base: Literal["L", "R"] | None) -> Levels:
    """Resolve ``text`` as one paragraph; ``base`` forces its direction, None applies P2/P3.

    ``text`` must not contain a paragraph separator (bidi class B): the engine splits paragraphs
    itself, and the adapter checks that python-bidi saw exactly one.
    """
    if not text:
        return Levels(1 if base == "R" else 0, b"", ())
    try:
        encoded = text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates cannot cross into Rust; U+FFFD is drawn anyway
        text = _SURROGATE_RE.sub("\ufffd", text)
        encoded = text.encode("utf-8")
    dump = get_display(text, base_dir=base, debug=True)
    n_bytes = len(encoded)
    classes_at = _find(dump, "original_classes: [\n")
    levels_at = _find(dump, _LEVELS_OPEN, classes_at)
    paragraphs_at = _find(dump, "paragraphs: [", levels_at)
    byte_classes = _parse_classes(dump[classes_at:levels_at], n_bytes)
    byte_levels = _parse_levels(dump, levels_at, paragraphs_at, n_bytes)
    paragraph_level = _parse_paragraph(dump[paragraphs_at:], n_bytes)
    if len(encoded) == len(text):
        return Levels(
            paragraph_level, byte_levels, tuple(map(_CLASS_NAMES.__getitem__, byte_classes))
        )
    leads = encoded.translate(_LEAD_BYTE)
    levels = bytes(compress(byte_levels, leads))
    classes = tuple(map(_CLASS_NAMES.__getitem__, compress(byte_classes, leads)))
    if len(levels) != len(text):
        raise BidiAdapterError(f"mapped {len(levels)} levels to {len(text)} characters")
    return Levels(paragraph_level, levels, classes)


def paragraph_level(text: str) -> int:
    """Rules P2/P3: 1 if the first strong character (outside isolates) is R or AL, else 0.

    Uses python-bidi's ``get_base_level`` (same crate, no debug dump), so the engine can pass
    the direction explicitly to :func:`resolve_levels` without resolving the paragraph twice.
    """
    if not text:
        return 0
    level = get_base_level(_SURROGATE_RE.sub("\ufffd", text))
    if level not in (0, 1):
        raise BidiAdapterError(f"get_base_level returned {level!r}")
    return int(level)


#: Closes isolates left open at a paragraph's end (P2 skips what an isolate holds), then a
#: strong right-to-left letter: the first strong character of ``text + _PROBE`` is this one
#: exactly when ``text`` has none of its own.
_PROBE = "\u2069" * 64 + "\u05d0"


def strong_direction(text: str) -> int | None:
    """The level rules P2/P3 take from the paragraph's first strong character (outside
    isolates): 1 for R or AL, 0 for L, and None when it has none (P3 then defaults to 0, which
    a higher-level protocol may replace, UAX #9 HL1)."""
    level = paragraph_level(text)
    if level == 1:
        return 1
    return None if paragraph_level(text + _PROBE) == 1 else 0


def _find(dump: str, marker: str, start: int = 0) -> int:
    at = dump.find(marker, start)
    if at < 0:
        raise BidiAdapterError(f"python-bidi debug output has no {marker.strip()!r}")
    return at + len(marker)


def _parse_classes(section: str, n_bytes: int) -> list[str]:
    """``original_classes`` entries look like ``AL,`` one per line. Returned with their comma
    (stripped per character later, after the byte -> character mapping: half the work)."""
    tokens = section.split()
    if tokens[-3:] != ["],", "levels:", "["]:
        raise BidiAdapterError("python-bidi debug output: original_classes not followed by levels")
    del tokens[-3:]
    if len(tokens) != n_bytes or not _CLASS_NAMES.keys() >= set(tokens):
        raise BidiAdapterError(f"expected {n_bytes} known bidi classes, parsed {len(tokens)}")
    return tokens


def _parse_levels(dump: str, start: int, end: int, n_bytes: int) -> bytes:
    """One ``Level(n)`` per byte. Single-digit levels (almost all text) are read by slicing the
    fixed-width entries, which is ~10x faster than a regex over the 40-characters-per-byte dump;
    anything else goes through the regex. Both paths check the count."""
    stop = start + n_bytes * _STRIDE
    if dump.startswith(_LEVELS_CLOSE, stop):
        digits = dump[start + len(_ENTRY_HEAD) : stop : _STRIDE]
        if (
            len(digits) == n_bytes
            and digits.isdigit()
            and digits.isascii()
            and dump.count(_ENTRY_HEAD, start, stop) == n_bytes
        ):
            return digits.encode("ascii").translate(_DIGITS)
    found = _LEVEL_RE.findall(dump, start, end)
    if len(found) != n_bytes:
        raise BidiAdapterError(f"expected {n_bytes} levels, parsed {len(found)}")
    return bytes(int(level) for level in found)


def _parse_paragraph(section: str, n_bytes: int) -> int:
    """Exactly one paragraph covering every byte; its level is the paragraph level."""
    ranges = _RANGE_RE.findall(section)
    if ranges != [("0", str(n_bytes))]:
        raise BidiAdapterError(f"expected one paragraph 0..{n_bytes}, got {ranges}")
    levels = _LEVEL_RE.findall(section)
    if len(levels) != 1:
        raise BidiAdapterError(f"expected one paragraph level, got {levels}")
    return int(levels[0])
