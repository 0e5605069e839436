"""Arabic-specific text handling: proclitics, punctuation trimming and search folding.

Proclitics (و ف ب ك ل and combinations such as وب، ول، فل) are written joined to the next word;
annotators tag "المرصد" in "والمرصد". ``trim_selection`` strips them (and punctuation at the
ends) when a letter sequence is unambiguously a proclitic:

- at most a conjunction (و or ف) followed by at most one preposition (ب ك ل);
- at least two letters must remain;
- a ل proclitic before a word starting with ل is not stripped: in "للقوات" the article's alef
  is gone, so no substring is the word "القوات" (docs/guidelines.md: tag the whole word);
- a word in ``data/proclitic_exceptions.txt`` (e.g. وزارة، وكالة، لندن، كونيكو) keeps its first
  letter, also under a real proclitic ("وكونيكو" -> "كونيكو").
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib.resources import files

CONJUNCTIONS = "وف"
PREPOSITIONS = "بكل"
HARAKAT = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed]")
TATWEEL = "\u0640"
_FOLD = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"}
)


def strip_marks(text: str) -> str:
    """The text without harakat and tatweel, for comparisons that ignore them."""
    return HARAKAT.sub("", text).replace(TATWEEL, "")


@cache
def proclitic_exceptions() -> frozenset[str]:
    raw = files("annotator.text").joinpath("data/proclitic_exceptions.txt").read_text("utf-8")
    return frozenset(
        strip_marks(line.strip()) for line in raw.splitlines() if line.strip() and line[0] != "#"
    )


def _proclitic_candidates(word: str) -> list[int]:
    """Lengths of letter prefixes that have the shape of a proclitic, longest first."""
    lengths = []
    i = 0
    if i < len(word) and word[i] in CONJUNCTIONS:
        i += 1
        lengths.append(i)
    if i < len(word) and word[i] in PREPOSITIONS:
        lengths.append(i + 1)
    return sorted(lengths, reverse=True)


def proclitic_length(word: str) -> int:
    """How many leading characters of ``word`` are proclitics (0 when none can be stripped)."""
    bare = strip_marks(word)
    if bare != word:
        # Map the decision on the bare word back to the marked one.
        n = proclitic_length(bare)
        if n == 0:
            return 0
        letters = 0
        for i, char in enumerate(word):
            if HARAKAT.match(char) or char == TATWEEL:
                continue
            letters += 1
            if letters == n:
                j = i + 1
                while j < len(word) and (HARAKAT.match(word[j]) or word[j] == TATWEEL):
                    j += 1
                return j
        return 0
    exceptions = proclitic_exceptions()
    if word in exceptions:
        return 0
    for n in _proclitic_candidates(word):
        rest = word[n:]
        if len(rest) < 2:
            continue
        if word[n - 1] == "ل" and rest[0] == "ل":
            continue
        if word[n - 1 :] in exceptions:
            continue
        return n
    return 0


def _is_punct(char: str) -> bool:
    return unicodedata.category(char)[0] in "PS" and char not in TATWEEL


def trim_selection(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without surrounding whitespace and punctuation and without the
    proclitics of its first word. Returns the range unchanged if nothing would remain."""
    lo, hi = start, end
    while lo < hi and (text[lo].isspace() or _is_punct(text[lo])):
        lo += 1
    while hi > lo and (text[hi - 1].isspace() or _is_punct(text[hi - 1])):
        hi -= 1
    if lo >= hi:
        return (start, end)
    first_end = lo
    while first_end < hi and not text[first_end].isspace() and not _is_punct(text[first_end]):
        first_end += 1
    lo += proclitic_length(text[lo:first_end])
    return (lo, hi) if lo < hi else (start, end)


def fold(text: str) -> tuple[str, list[int]]:
    """Search form of ``text`` and, for each of its characters, the offset in ``text``.

    Harakat and tatweel are dropped; alef forms fold to ا, ى and ئ to ي, ة to ه, ؤ to و;
    Latin letters fold case. The offset list lets matches map back to the original text.
    """
    out: list[str] = []
    where: list[int] = []
    for i, char in enumerate(text):
        if char == TATWEEL or HARAKAT.match(char):
            continue
        folded = char.translate(_FOLD).lower()
        out.append(folded if len(folded) == 1 else char)
        where.append(i)
    return "".join(out), where


@cache
def _fold_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {
        k: chr(v) if isinstance(v, int) else v for k, v in _FOLD.items()
    }
    for code in range(0x0600, 0x0700):
        if HARAKAT.match(chr(code)):
            table[code] = None
    table[ord(TATWEEL)] = None
    return table


def fold_text(text: str) -> str:
    """``fold(text)[0]`` without the offset list, at the speed of ``str.translate`` (the
    matcher folds every word of a corpus)."""
    folded = text.translate(_fold_table())
    if folded.isascii():
        return folded.lower()
    if folded.lower() == folded:
        return folded  # nothing to case-fold (all Arabic words)
    # Character by character, as fold does: no context-dependent or length-changing folds.
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in folded)


def find_all(text: str, query: str) -> list[tuple[int, int]]:
    """Non-overlapping matches of ``query`` in ``text`` ignoring harakat, tatweel and the
    letter variants that ``fold`` merges, as ranges of the original text."""
    needle, _ = fold(query)
    if not needle:
        return []
    haystack, where = fold(text)
    matches = []
    i = haystack.find(needle)
    while i >= 0:
        start = where[i]
        end = where[i + len(needle) - 1] + 1
        matches.append((start, end))
        i = haystack.find(needle, i + len(needle))
    return matches
