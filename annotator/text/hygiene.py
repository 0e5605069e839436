"""Invisible marks and other things in real Arabic text that break tokens and offsets.

Public Arabic corpora carry a byte order mark, left-to-right marks (U+200E) before most Arabic
tokens, tatweel runs, no-break spaces, presentation-form letters and a mix of Arabic and Persian
letter variants (ي/ی, ك/ک). Each is invisible or looks the same on screen, yet makes tokens,
search and span texts differ.

- ``strip_marks``: a token read from a token-only format (CoNLL, ...) without the BOM and bidi
  marks/controls, with counts. Imports that build the text use it.
- ``survey``: what a given text holds, with counts, for ``validate`` and ``stats``. A given text
  is never changed silently.
- ``clean``: a normalised text and an exact offset map (old boundary -> new boundary), so spans
  made on the old text can be carried over (``Cleaned.remap``); ``init --clean`` and
  ``import --clean`` use it.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

#: The byte order mark and the bidi marks and controls (LRM, RLM, ALM, LRE..RLO, LRI..PDI).
INVISIBLE_MARKS = frozenset(
    "\ufeff\u200e\u200f\u061c"
    + "".join(chr(c) for c in range(0x202A, 0x202F))
    + "".join(chr(c) for c in range(0x2066, 0x206A))
)
#: The same, as a regex character class body.
MARK_CLASS = "\ufeff\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069"
_MARKS = re.compile(f"[{MARK_CLASS}]")
TATWEEL = "\u0640"
_TATWEEL_RUN = re.compile(f"{TATWEEL}+")
NBSP = frozenset("\u00a0\u202f")
#: Arabic letter pairs that look alike: (Arabic, Persian).
VARIANTS = (("\u064a", "\u06cc"), ("\u0643", "\u06a9"))


def mark_name(char: str) -> str:
    """``U+200E LEFT-TO-RIGHT MARK``: how a removed or found character is reported."""
    name = "BYTE ORDER MARK" if char == "\ufeff" else unicodedata.name(char, "")
    return f"U+{ord(char):04X} {name}".rstrip()


#: The presentation-form blocks (Arabic Presentation Forms-A and -B; U+FEFF is the BOM).
_PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]")


def is_presentation_form(char: str) -> bool:
    code = ord(char)
    return (0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFE) and char != "\ufeff"


def strip_marks(token: str) -> tuple[str, Counter[str]]:
    """``token`` without invisible marks, and how many of each (by ``mark_name``) it lost."""
    if not _MARKS.search(token):
        return token, Counter()
    removed = Counter(mark_name(c) for c in token if c in INVISIBLE_MARKS)
    return _MARKS.sub("", token), removed


@dataclass
class Survey:
    """What a text holds that is invisible or looks like something else, with counts."""

    marks: Counter[str] = field(default_factory=Counter)
    tatweel_runs: int = 0
    nbsp: int = 0
    presentation_forms: int = 0
    #: "ي/ی" -> (Arabic count, Persian count), only when a text has both.
    mixed_variants: dict[str, tuple[int, int]] = field(default_factory=dict)

    def findings(self) -> list[tuple[str, int]]:
        """``(what, count)`` for everything found, in a fixed order."""
        out: list[tuple[str, int]] = [(name, n) for name, n in sorted(self.marks.items())]
        if self.tatweel_runs:
            out.append(("tatweel runs", self.tatweel_runs))
        if self.nbsp:
            out.append(("no-break spaces", self.nbsp))
        if self.presentation_forms:
            out.append(("Arabic presentation forms", self.presentation_forms))
        for pair, (arabic, persian) in self.mixed_variants.items():
            out.append((f"mixed {pair}", arabic + persian))
        return out

    def __bool__(self) -> bool:
        return bool(self.findings())

    def merge(self, other: Survey) -> None:
        self.marks.update(other.marks)
        self.tatweel_runs += other.tatweel_runs
        self.nbsp += other.nbsp
        self.presentation_forms += other.presentation_forms
        for pair, (a, p) in other.mixed_variants.items():
            old = self.mixed_variants.get(pair, (0, 0))
            self.mixed_variants[pair] = (old[0] + a, old[1] + p)

    def describe(self) -> str:
        parts = []
        for what, n in self.findings():
            pair = what.removeprefix("mixed ")
            if pair in self.mixed_variants:
                arabic, persian = self.mixed_variants[pair]
                what = f"{what} (Arabic {arabic}, Persian {persian})"
            parts.append(f"{what} {n}")
        return ", ".join(parts)


def survey(text: str) -> Survey:
    """Count the invisible marks, tatweel runs, no-break spaces, presentation forms and mixed
    Arabic/Persian letter variants of ``text``."""
    result = Survey()
    if _MARKS.search(text):
        result.marks.update(mark_name(c) for c in text if c in INVISIBLE_MARKS)
    result.tatweel_runs = len(_TATWEEL_RUN.findall(text))
    result.nbsp = sum(text.count(c) for c in NBSP)
    result.presentation_forms = len(_PRESENTATION_FORMS.findall(text))
    for arabic, persian in VARIANTS:
        a, p = text.count(arabic), text.count(persian)
        if a and p:
            result.mixed_variants[f"{arabic}/{persian}"] = (a, p)
    return result


@dataclass(frozen=True)
class Cleaned:
    """A cleaned text, what changed, and where each boundary of the old text went.

    ``offsets[i]`` is the new offset of old offset ``i`` (``len(offsets) == len(old) + 1``): a
    removed character's boundaries both go to where the next kept character is.
    """

    text: str
    offsets: tuple[int, ...]
    changes: Counter[str]

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    def remap(self, start: int, end: int) -> tuple[int, int]:
        return self.offsets[start], self.offsets[end]

    def describe(self) -> str:
        return ", ".join(f"{what} {n}" for what, n in sorted(self.changes.items()))


def _replacement(
    char: str, variant_map: dict[str, str], only_marks: bool
) -> tuple[str, str] | None:
    """What ``char`` becomes, and the change it counts as; None to keep it."""
    if char in INVISIBLE_MARKS:
        return "", f"removed {mark_name(char)}"
    if only_marks:
        return None
    if char == TATWEEL:
        return "", "removed tatweel"
    if char in NBSP:
        return " ", "no-break space to space"
    if is_presentation_form(char):
        # NFKC gives the letter(s); an isolated haraka form comes with a space before it.
        new = unicodedata.normalize("NFKC", char).lstrip(" ")
        return new, "presentation form to letter"
    if char in variant_map:
        new = variant_map[char]
        return new, f"{char} to {new}"
    return None


def clean(text: str, *, only_marks: bool = False) -> Cleaned:
    """``text`` with invisible marks and tatweel removed, no-break spaces made spaces,
    presentation forms turned into letters (NFKC) and, where a text mixes Arabic and Persian
    variants of a letter, the rarer variant replaced by the commoner (Arabic on a tie).
    ``only_marks``: remove the invisible marks and change nothing else."""
    variant_map: dict[str, str] = {}
    for arabic, persian in () if only_marks else VARIANTS:
        a, p = text.count(arabic), text.count(persian)
        if a and p:
            if a >= p:
                variant_map[persian] = arabic
            else:
                variant_map[arabic] = persian
    pieces: list[str] = []
    offsets: list[int] = []
    changes: Counter[str] = Counter()
    pos = 0
    for char in text:
        offsets.append(pos)
        swap = _replacement(char, variant_map, only_marks)
        if swap is None:
            pieces.append(char)
            pos += 1
            continue
        new, what = swap
        changes[what] += 1
        pieces.append(new)
        pos += len(new)
    offsets.append(pos)
    return Cleaned("".join(pieces), tuple(offsets), changes)


def hygiene_lines(texts: Iterable[tuple[str, str]]) -> list[str]:
    """One line per text that holds invisible marks or look-alikes, ``(where, text)`` given,
    e.g. ``texts/a.txt: U+200E LEFT-TO-RIGHT MARK 12, tatweel runs 3``; what ``validate``
    and ``stats`` print."""
    lines = []
    for where, text in texts:
        found = survey(text)
        if found:
            lines.append(f"{where}: {found.describe()}")
    return lines


CLEAN_HINT = (
    "not changed; `annotator init --clean` (or `import --clean`) normalises them, moving spans "
    "exactly"
)
