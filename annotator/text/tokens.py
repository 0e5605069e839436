"""Tokens and sentences of Arabic (and mixed) news text, with exact character offsets.

One tokenisation serves the CoNLL/BIO export, token-level agreement and word snapping in the
app, so the same text is always cut the same way (docs/formats.md documents it):

- whitespace separates tokens and is never part of one;
- a *word* is a run of letters with their combining marks (harakat), tatweel and the
  zero-width (non-)joiners inside it;
- a *number* is a run of digits (any script) with single inner separators . , ٫ ٬ between
  digits (3.5, 1,000, ٢٠٢٣);
- every other character (Latin and Arabic punctuation such as ، ؛ ؟ « » “ ” ( ) / -, symbols)
  is a token of its own;
- the byte order mark and bidi marks and controls (U+200E, U+200F, U+061C, U+202A-U+202E,
  U+2066-U+2069; see hygiene.py) are never a token and never begin or end one: between
  tokens they are skipped like whitespace, between two letters of a word they stay inside it.

Sentences end after . ! ? ؟ … and at line breaks.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from itertools import accumulate
from typing import Literal, NamedTuple

from annotator.text.hygiene import MARK_CLASS

TokenKind = Literal["word", "number", "punct"]


class Token(NamedTuple):
    """A token's range and kind. A named tuple: long texts have hundreds of thousands."""

    start: int
    end: int
    kind: TokenKind

    def text_in(self, text: str) -> str:
        return text[self.start : self.end]


_new_token = tuple.__new__


class TokenIndex:
    """Token boundaries of one text, for finding the tokens a character range touches."""

    __slots__ = ("ends", "starts")

    def __init__(self, tokens: Sequence[Token]) -> None:
        self.starts = [t.start for t in tokens]
        self.ends = [t.end for t in tokens]

    @classmethod
    def of_text(cls, text: str) -> TokenIndex:
        """The index of ``tokenize(text)``, without building a Token per token (agreement
        indexes every text of a corpus and needs only the boundaries)."""
        index = cls([])
        # Split around the tokens: [gap, token, gap, token, ..., gap], all strings built in C
        # (no Match object per token); the running sum of their lengths gives the boundaries.
        pattern = _split_pattern() if _not_plain().search(text) else _plain_split_pattern()
        bounds = list(accumulate(map(len, pattern.split(text))))
        index.starts, index.ends = bounds[0:-1:2], bounds[1::2]
        return index

    def __len__(self) -> int:
        return len(self.starts)

    def covered(self, start: int, end: int) -> range:
        """Indices of the tokens sharing at least one character with ``[start, end)``."""
        return range(bisect_right(self.ends, start), bisect_left(self.starts, end))


@cache
def _mark_ranges() -> tuple[tuple[int, int], ...]:
    """Every combining mark (general category M*), as ranges of code points."""
    ranges: list[tuple[int, int]] = []
    for code in (*range(0x20000), *range(0xE0100, 0xE01F0)):
        if unicodedata.category(chr(code))[0] == "M":
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return tuple(ranges)


def _class_body(ranges: Iterable[tuple[int, int]]) -> str:
    return "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in ranges
    )


@cache
def _mark_class() -> str:
    """A regex class body of every combining mark (general category M*)."""
    return _class_body(_mark_ranges())


@cache
def _token_pattern() -> re.Pattern[str]:
    marks = _mark_class()
    letter = r"[^\W\d_]"
    # Runs of letters and runs of marks, each taken whole (possessive): the same tokens as
    # one character at a time, but the regex engine loops over a run without backtracking.
    # Invisible (bidi) marks stay inside a word only when a letter follows them.
    inner = rf"(?:{letter}++|[{marks}\u0640\u200c\u200d]++|[{MARK_CLASS}]++(?={letter}|\u0640))*+"
    word = rf"(?:{letter}|\u0640){inner}"
    number = r"\d+(?:[.,\u066b\u066c]\d+)*"
    return re.compile(
        rf"(?P<number>{number}[{marks}]*)|(?P<word>{word})|(?P<punct>[^\s{MARK_CLASS}][{marks}]*)"
    )


@cache
def _split_pattern() -> re.Pattern[str]:
    """``_token_pattern`` with one group around the whole token and none inside, for
    ``re.split``: the same matches, found the same way."""
    return re.compile(f"({re.sub(r'[(][?]P<[a-z]+>', '(?:', _token_pattern().pattern)})")


@cache
def _plain_split_pattern() -> re.Pattern[str]:
    """``_split_pattern`` for a text with no combining mark, tatweel, joiner or bidi mark (most
    news text: harakat are rare in it). A word is then a run of letters and nothing follows a
    number or a punctuation mark, so the pattern is much simpler, and the same tokens are found
    a third faster."""
    return re.compile(r"(\d+(?:[.,\u066b\u066c]\d+)*|[^\W\d_]+|\S)")


@cache
def _not_plain() -> re.Pattern[str]:
    """What sends a text to the full pattern: a character ``_plain_split_pattern`` does not know.
    Any character beyond the BMP does too: with ranges above U+FFFF the class would not be one
    table lookup per character, and checking would cost more than it saves."""
    bmp_marks = _class_body((a, min(b, 0xFFFF)) for a, b in _mark_ranges() if a <= 0xFFFF)
    return re.compile(f"[{bmp_marks}\u0640\u200c\u200d{MARK_CLASS}\U00010000-\U0010ffff]")


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of ``text[start:end]`` with offsets into ``text``."""
    pattern = _token_pattern()
    return [
        _new_token(Token, (*m.span(), m.lastgroup))
        for m in pattern.finditer(text, start, len(text) if end is None else end)
    ]


SENTENCE_END = frozenset(".!?؟…")
_LINE_BREAK = re.compile(r"\r\n|[\n\r\u2028\u2029\x85]")


def sentences(text: str, tokens: list[Token] | None = None) -> Iterator[list[Token]]:
    """Group tokens into sentences: after sentence-final punctuation and at line breaks."""
    tokens = tokenize(text) if tokens is None else tokens
    breaks = [m.start() for m in _LINE_BREAK.finditer(text)]
    current: list[Token] = []
    b = 0
    for token in tokens:
        while b < len(breaks) and breaks[b] < token.start:
            if current:
                yield current
                current = []
            b += 1
        current.append(token)
        if token.kind == "punct" and text[token.start] in SENTENCE_END:
            yield current
            current = []
    if current:
        yield current


def word_at(text: str, offset: int) -> tuple[int, int] | None:
    """The word or number token containing ``offset`` (for double-click and snapping)."""
    line_start = max(text.rfind("\n", 0, offset) + 1, 0)
    line_end = text.find("\n", offset)
    for token in tokenize(text, line_start, len(text) if line_end < 0 else line_end):
        if token.start <= offset < token.end:
            return (token.start, token.end)
        if token.start > offset:
            break
    return None


def has_word(text: str, start: int, end: int) -> bool:
    """Whether ``[start, end)`` holds any letter or digit (a span of only punctuation and space
    is never what an annotator means to tag)."""
    return any(ch.isalnum() for ch in text[start:end])


def snap_to_tokens(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow ``[start, end)`` to whole tokens and drop whitespace at both ends.

    Like spaCy's ``char_span(alignment_mode="expand")``: a selection that cuts a word takes
    the whole word, except that a start just after the word's proclitics stays there, so a
    trimmed selection ("المرصد" in "والمرصد") survives snapping. A selection of only
    whitespace is returned unchanged.
    """
    if start >= end:
        return (start, end)
    lo, hi = start, end
    while lo > 0 and not text[lo - 1].isspace():
        lo -= 1
    while hi < len(text) and not text[hi].isspace():
        hi += 1
    inside = [t for t in tokenize(text, lo, hi) if t.start < end and t.end > start]
    if not inside:
        return (start, end)
    first = inside[0]
    snapped_start = first.start
    if first.kind == "word" and first.start < start:
        from annotator.text.arabic import proclitic_length

        # A selection that starts right after a word's proclitics ("و|المرصد") keeps them out.
        if proclitic_length(text[first.start : first.end]) == start - first.start:
            snapped_start = start
    return (snapped_start, inside[-1].end)


# -- word motions ------------------------------------------------------------------------------
#
# The app's Ctrl+arrows. A selection is a pair of boundaries (between characters): the anchor,
# which stays, and the active edge, which word motions move. Forward, the active edge goes to
# the end of the next word; backward, to the start of the previous one; the anchor is put on a
# token boundary on the selection's side, so a selection made with word motions is always whole
# words and the label key saves exactly that (snapping has nothing to add).

_MOTION_WINDOW = 400


def _words(text: str, start: int, end: int) -> list[Token]:
    return [t for t in tokenize(text, max(0, start), min(len(text), end)) if t.kind != "punct"]


def _chunk(text: str, offset: int) -> tuple[int, int]:
    """The whitespace-delimited stretch around ``offset``: a token never spans whitespace, so
    tokenising from one of its ends never cuts a token."""
    lo = max(0, min(offset, len(text)))
    while lo > 0 and not text[lo - 1].isspace():
        lo -= 1
    hi = max(0, min(offset, len(text)))
    while hi < len(text) and not text[hi].isspace():
        hi += 1
    return lo, hi


def _words_from(text: str, lo: int) -> Iterator[Token]:
    """Words and numbers from ``lo`` (a chunk edge) to the end, tokenised a window at a time."""
    while lo < len(text):
        hi = min(len(text), lo + _MOTION_WINDOW)
        while hi < len(text) and not text[hi - 1].isspace():
            hi += 1
        yield from _words(text, lo, hi)
        lo = hi


def _words_before(text: str, hi: int) -> Iterator[Token]:
    """Words and numbers ending at or before ``hi`` (a chunk edge), last first."""
    while hi > 0:
        lo = max(0, hi - _MOTION_WINDOW)
        while lo > 0 and not text[lo - 1].isspace():
            lo -= 1
        yield from reversed(_words(text, lo, hi))
        hi = lo


def next_word_start(text: str, offset: int) -> int | None:
    """Start of the first word or number starting after ``offset`` (Ctrl+arrow forward)."""
    lo, hi = _chunk(text, offset)
    for token in _words(text, lo, hi):
        if token.start > offset:
            return token.start
    return next((t.start for t in _words_from(text, hi)), None)


def previous_word_start(text: str, offset: int) -> int | None:
    """Start of the last word or number starting before ``offset`` (Ctrl+arrow backward)."""
    lo, hi = _chunk(text, offset)
    for token in reversed(_words(text, lo, hi)):
        if token.start < offset:
            return token.start
    return next((t.start for t in _words_before(text, lo)), None)


def next_word_end(text: str, boundary: int) -> int | None:
    """End of the first word or number ending after ``boundary`` (a selection's edge forward)."""
    lo, hi = _chunk(text, boundary)
    for token in _words(text, lo, hi):
        if token.end > boundary:
            return token.end
    return next((t.end for t in _words_from(text, hi)), None)


def previous_word_end(text: str, boundary: int) -> int | None:
    """End of the last word or number ending at or before ``boundary``."""
    lo, hi = _chunk(text, boundary)
    for token in reversed(_words(text, lo, hi)):
        if token.end <= boundary:
            return token.end
    return next((t.end for t in _words_before(text, lo)), None)


def word_motion(text: str, anchor: int | None, edge: int, forward: bool) -> tuple[int, int] | None:
    """New (anchor, edge) boundaries after a selecting word motion, or None when there is no
    word in that direction. ``anchor`` None starts a selection at ``edge``.

    The edge goes to word ends while it is the selection's end and to word starts while it is
    its start; a motion that would carry it across the anchor stops on the anchor (no
    selection), so words are given back one at a time before the selection turns around."""
    if anchor is None or anchor == edge:
        anchor = edge
        new_edge = next_word_end(text, edge) if forward else previous_word_start(text, edge)
    elif forward and edge > anchor:
        new_edge = next_word_end(text, edge)
    elif not forward and edge < anchor:
        new_edge = previous_word_start(text, edge)
    elif forward:  # shrinking from the start
        found = next_word_start(text, edge)
        new_edge = anchor if found is None or found >= anchor else found
    else:  # shrinking from the end
        found = previous_word_end(text, edge - 1)
        new_edge = anchor if found is None or found <= anchor else found
    if new_edge is None:
        return None
    if new_edge == anchor:
        return (anchor, anchor)
    return (anchor_on_tokens(text, anchor, new_edge), new_edge)


def anchor_on_tokens(text: str, anchor: int, edge: int) -> int:
    """Put a selection's anchor on a word boundary on the side of ``edge``: inside a word it
    moves outward (the word is taken whole); on space or punctuation it moves toward the edge
    (they are left out), never past the edge."""
    lo, hi = _chunk(text, anchor)
    for token in _words(text, lo, hi):
        if token.start < anchor < token.end:
            return token.start if edge > anchor else token.end
    if edge > anchor:
        after = next_word_start(text, anchor - 1)
        return after if after is not None and after < edge else anchor
    before = previous_word_end(text, anchor)
    return before if before is not None and before > edge else anchor
