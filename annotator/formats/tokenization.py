"""Tokens for the token-based formats (CoNLL/BIO, BIOES, spaCy), and spans fitted to them.

The tokens are ``annotator.text.tokens.tokenize`` (the one tokenisation of the project, shared
with token-level agreement), optionally with proclitics split off word tokens using
``annotator.text.arabic.proclitic_length``: "والمرصد" becomes "و" + "المرصد", and the whole
proclitic cluster is one token ("وبالقذائف" becomes "وب" + "القذائف"). Sentences are
``annotator.text.tokens.sentences``, except that a sentence break falling inside a span that is
written is not used, so no entity is cut in two.

A span lines up when it starts at a token start and ends at a token end. One that does not is
either expanded to the tokens it touches or skipped (the ``alignment`` policy); both are
reported with the document and offsets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from annotator.text.arabic import proclitic_length
from annotator.text.hygiene import INVISIBLE_MARKS
from annotator.text.tokens import Token, TokenKind, sentences, tokenize

_NON_SPACE = re.compile(r"\S+")


def whitespace_tokens(text: str) -> list[Token]:
    """Tokens that are the runs of non-whitespace, without invisible marks at their ends (a
    run of only marks is no token): the tokenisation of most public corpora."""
    out = []
    for match in _NON_SPACE.finditer(text):
        a, b = match.span()
        while a < b and text[a] in INVISIBLE_MARKS:
            a += 1
        while b > a and text[b - 1] in INVISIBLE_MARKS:
            b -= 1
        if a < b:
            kind: TokenKind = (
                "word" if text[a].isalpha() else "number" if text[a].isdigit() else "punct"
            )
            out.append(Token(a, b, kind))
    return out


def tokens_for(text: str, split_clitics: bool = False, scheme: str = "ours") -> list[Token]:
    """The export tokens of ``text``: the project tokenisation (or, with ``scheme``
    "whitespace", whitespace-separated tokens), clitics split if asked."""
    tokens = whitespace_tokens(text) if scheme == "whitespace" else tokenize(text)
    if not split_clitics:
        return tokens
    out: list[Token] = []
    for token in tokens:
        if token.kind == "word":
            n = proclitic_length(text[token.start : token.end])
            if 0 < n < token.end - token.start:
                out.append(Token(token.start, token.start + n, "word"))
                out.append(Token(token.start + n, token.end, "word"))
                continue
        out.append(token)
    return out


def sentence_ranges(text: str, tokens: list[Token]) -> list[tuple[int, int]]:
    """Sentences (``annotator.text.tokens.sentences``) as token index ranges ``[i, j)``."""
    index = {t.start: i for i, t in enumerate(tokens)}
    ranges = []
    for sentence in sentences(text, tokens):
        i = index[sentence[0].start]
        ranges.append((i, i + len(sentence)))
    return ranges


def merge_guarded(
    ranges: list[tuple[int, int]], protected: Iterable[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Sentence ranges with every break that a protected token range ``(first, last)``
    (inclusive) crosses removed, so that no written entity is cut by a sentence break."""
    guards = sorted(protected)
    if not guards or len(ranges) < 2:
        return ranges
    merged = [ranges[0]]
    g = 0
    reach = -1
    for lo, hi in ranges[1:]:
        # Every protected range starting before this sentence: does one reach into it?
        while g < len(guards) and guards[g][0] < lo:
            reach = max(reach, guards[g][1])
            g += 1
        if reach >= lo:
            merged[-1] = (merged[-1][0], hi)
        else:
            merged.append((lo, hi))
    return merged


def non_overlapping(
    items: Sequence[tuple[int, int, str, str]],
) -> tuple[list[int], list[tuple[int, int]]]:
    """Pick spans that do not overlap: outermost first, then leftmost.

    ``items`` are ``(start, end, label, id)``; returns the indices kept and, for each index
    dropped, the index of the kept span it collides with. Sorting by (start, -end) keeps the
    longer of two spans that start together, so a nested span yields to the one around it.
    """
    order = sorted(range(len(items)), key=lambda k: (items[k][0], -items[k][1], items[k][2:]))
    kept: list[int] = []
    dropped: list[tuple[int, int]] = []
    last_end = -1
    for k in order:
        start, end = items[k][0], items[k][1]
        if kept and start < last_end:
            dropped.append((k, kept[-1]))
            continue
        kept.append(k)
        last_end = end
    return kept, dropped


def spacy_words(text: str, tokens: Sequence[Token]) -> list[tuple[int, int, bool]]:
    """spaCy tokens for ``text`` built from ours: ``(start, end, space_after)``.

    spaCy keeps every character in a token or in a single trailing space, so whitespace other
    than one space after a token becomes a token of its own, exactly as
    ``spacy.util.get_words_and_spaces`` would build it (a Doc's JSON must list them).
    """
    out: list[tuple[int, int, bool]] = []
    pos = 0
    n = len(text)
    for token in tokens:
        if token.start > pos:
            out.append((pos, token.start, False))
        pos = token.end
        space = pos < n and text[pos] == " "
        out.append((token.start, token.end, space))
        if space:
            pos += 1
    if pos < n:
        out.append((pos, n, False))
    return out


def align_words(text: str, words: Sequence[str]) -> list[tuple[int, int]] | None:
    """Offsets of ``words`` in ``text`` if the text is exactly these words with whitespace
    between (any amount, including none); None if it is not."""
    out: list[tuple[int, int]] = []
    pos = 0
    n = len(text)
    for word in words:
        while pos < n and text[pos].isspace():
            pos += 1
        if not word or not text.startswith(word, pos):
            return None
        out.append((pos, pos + len(word)))
        pos += len(word)
    while pos < n and text[pos].isspace():
        pos += 1
    return out if pos == n else None


def content_key(text: str) -> str:
    """The text without any whitespace: equal for texts that differ only in layout."""
    return "".join(text.split())
