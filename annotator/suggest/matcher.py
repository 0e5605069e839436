"""The string matcher: every surface form the gold knows, found again in other documents.

It learns each span's words (folded as the app's ``/`` search folds them: harakat, tatweel and
the alef/ya/ta-marbuta variants ignored, see ``annotator.text.arabic``) and the label most often
given to them. It then proposes every occurrence in a document:

- whole words only (a form never matches inside a longer word);
- across proclitics: "دمشق" is found in "ودمشق", "بدمشق", "فبدمشق" and the span leaves the
  proclitic out, as the guidelines say; a form learnt without the article ("قوات") is also found
  with it ("القوات", span with the article), and "للقوات" (ل + ال, the alef dropped) is tagged as
  the whole word, as ``trim_selection`` would;
- longest match first: "الجيش السوري" wins over "الجيش" at the same place, and matches never
  overlap.

Whether a span leaves the proclitic out (our guidelines) or keeps it in (corpora tagged per
whitespace token, such as ANERcorp: "وبريطانيا" whole) is learnt from the gold it learns from
(``convention.keeps_proclitics``), unless ``keep_proclitics`` says.

Each form gets a score: of its occurrences in the documents it learnt from, the share that was
annotated with its label (Laplace-smoothed). A word annotated once in twenty occurrences is a poor
suggestion, and ``min_score`` leaves such forms out.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from annotator.model.annotation_set import AnnotationSet
from annotator.model.document import Document
from annotator.suggest.base import Suggestion
from annotator.suggest.convention import keeps_proclitics
from annotator.text.arabic import CONJUNCTIONS, PREPOSITIONS, fold_text

_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed"
#: Words (letters, digits and the marks written on them) and single punctuation characters.
TOKEN = re.compile(rf"[\w{_MARKS}]+|[^\s\w{_MARKS}]")
ARTICLE = "ال"
#: Forms longer than this (mostly CLAIM sentences) are not learnt: they never repeat.
MAX_WORDS = 8

Form = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Tokens:
    """The text's words and punctuation: where each starts and ends, and its folded form
    (three parallel lists: a 1 MB text has 200,000 of them)."""

    starts: list[int]
    ends: list[int]
    folded: list[str]

    def __len__(self) -> int:
        return len(self.folded)


def tokens(text: str, memo: dict[str, str] | None = None) -> Tokens:
    """The text's tokens with their folded forms (``memo`` caches the folds: a corpus has far
    fewer distinct words than words)."""
    memo = {} if memo is None else memo
    starts: list[int] = []
    ends: list[int] = []
    folded_all: list[str] = []
    for match in TOKEN.finditer(text):
        word = match.group()
        folded = memo.get(word)
        if folded is None:
            folded = memo[word] = fold_text(word)
        if folded:
            starts.append(match.start())
            ends.append(match.end())
            folded_all.append(folded)
    return Tokens(starts, ends, folded_all)


def _proclitics(word: str) -> list[str]:
    """Prefixes of ``word`` shaped like proclitics: "", و/ف, ب/ك/ل, and و/ف + ب/ك/ل."""
    found = [""]
    i = 0
    if word[:1] and word[0] in CONJUNCTIONS:
        i = 1
        found.append(word[:1])
    if len(word) > i and word[i] in PREPOSITIONS:
        found.append(word[: i + 1])
    return found


def stems(word: str) -> list[tuple[str, int]]:
    """What a folded word can stand for with its proclitics taken off, and where (in folded
    characters) the span would then start: ``[("والقوات", 0), ("القوات", 1), ("قوات", 1)]``."""
    out: list[tuple[str, int]] = []
    for prefix in _proclitics(word):
        n = len(prefix)
        rest = word[n:]
        if len(rest) < 2:
            continue
        out.append((rest, n))
        if rest.startswith(ARTICLE) and len(rest) > len(ARTICLE) + 1:
            out.append((rest[len(ARTICLE) :], n))  # learnt without the article
        if prefix.endswith("ل") and rest.startswith("ل") and len(rest) > 2:
            # ل + ال with the alef dropped ("للقوات"): the whole word is the span.
            out.append((ARTICLE + rest[1:], n - 1))
            out.append((rest[1:], n - 1))
    return out


def _original_offset(text: str, start: int, end: int, folded_offset: int) -> int:
    """The text offset of the ``folded_offset``-th folded character of the token at
    ``[start, end)`` (folding only drops marks, it never merges or splits letters)."""
    if folded_offset == 0:
        return start
    seen = 0
    for i in range(start, end):
        if fold_text(text[i]):
            if seen == folded_offset:
                return i
            seen += 1
    return end


@dataclass
class StringMatcher:
    """Learns surface forms and their most frequent label; proposes their occurrences."""

    labels: frozenset[str] | None = None
    min_score: float = 0.4
    kind: str = "matcher"
    #: Spans keep the proclitics of their first word (True), leave them out (False), or as
    #: the learnt gold does (None; with nothing learnt, out).
    keep_proclitics: bool | None = None
    #: Label counts per learnt form.
    forms: dict[Form, Counter[str]] = field(default_factory=dict)
    #: Score per learnt form (share of its occurrences annotated with its label).
    scores: dict[Form, float] = field(default_factory=dict)
    _by_first: dict[str, list[Form]] = field(default_factory=dict, repr=False)
    _memo: dict[str, str] = field(default_factory=dict, repr=False)
    _stem_memo: dict[str, list[tuple[str, int]]] = field(default_factory=dict, repr=False)
    _keep: bool = field(default=False, repr=False)

    # -- learning ------------------------------------------------------------------------------

    def learn(self, sets: Iterable[AnnotationSet]) -> None:
        sets = list(sets)
        self._keep = (
            keeps_proclitics(sets) if self.keep_proclitics is None else self.keep_proclitics
        )
        for aset in sets:
            self._learn_forms(aset)
        self._index()
        self._learn_scores(sets)

    def _learn_forms(self, aset: AnnotationSet) -> None:
        text = aset.document.text
        for span in aset.spans:
            if span.imported or (self.labels is not None and span.label not in self.labels):
                continue
            found = tokens(text[span.start : span.end], self._memo)
            if not found or len(found) > MAX_WORDS:
                continue
            if not _whole_words(text, span.start, span.end):
                continue
            form = tuple(found.folded)
            self.forms.setdefault(form, Counter())[span.label] += 1

    def _index(self) -> None:
        by_first: dict[str, list[Form]] = defaultdict(list)
        for form in self.forms:
            by_first[form[0]].append(form)
        for forms in by_first.values():
            forms.sort(key=lambda f: (-len(f), -sum(map(len, f))))
        self._by_first = dict(by_first)
        self._stem_memo.clear()

    def _learn_scores(self, sets: Sequence[AnnotationSet]) -> None:
        seen: Counter[Form] = Counter()
        hits: Counter[Form] = Counter()
        for aset in sets:
            keys = {s.key for s in aset.spans}
            for start, end, form in self._matches(aset.document.text):
                seen[form] += 1
                if (start, end, self.label_of(form)) in keys:
                    hits[form] += 1
        self.scores = {form: (hits[form] + 1) / (seen[form] + 2) for form in self.forms}
        for form in self.forms:
            if not seen[form]:  # learnt from a span whose text a match cannot reproduce
                self.scores[form] = 0.5

    @property
    def keeps_proclitics(self) -> bool:
        """Whether spans keep the proclitics of their first word (as learnt, or as told)."""
        return self._keep

    def label_of(self, form: Form) -> str:
        counts = self.forms[form]
        return min(counts, key=lambda label: (-counts[label], label))

    # -- proposing -----------------------------------------------------------------------------

    def propose(self, document: Document) -> list[Suggestion]:
        out = []
        for start, end, form in self._matches(document.text):
            score = self.scores.get(form, 0.5)
            if score >= self.min_score:
                out.append(Suggestion(start, end, self.label_of(form), round(score, 3)))
        return out

    def _stems(self, word: str) -> list[tuple[str, int]]:
        found = self._stem_memo.get(word)
        if found is None:
            found = self._stem_memo[word] = [s for s in stems(word) if s[0] in self._by_first]
        return found

    def _matches(self, text: str) -> list[tuple[int, int, Form]]:
        """Every longest, non-overlapping occurrence of a learnt form, in text order."""
        toks = tokens(text, self._memo)
        folded, starts, ends = toks.folded, toks.starts, toks.ends
        by_first, stems_of = self._by_first, self._stems
        out: list[tuple[int, int, Form]] = []
        i = 0
        n_toks = len(folded)
        while i < n_toks:
            candidates = stems_of(folded[i])
            if not candidates:
                i += 1
                continue
            best: tuple[int, int, Form] | None = None  # (words, -strip, form) of the best
            for stem, strip in candidates:
                for form in by_first[stem]:
                    n = len(form)
                    if best is not None and (n, -strip) <= best[:2]:
                        break
                    if _continues(folded, i, form):
                        best = (n, -strip, form)
                        break
            if best is None:
                i += 1
                continue
            n, strip, form = best
            start = starts[i] if self._keep else _original_offset(text, starts[i], ends[i], -strip)
            out.append((start, ends[i + n - 1], form))
            i += n
        return out


def _continues(folded: Sequence[str], i: int, form: Form) -> bool:
    if len(form) == 1:
        return True
    if i + len(form) > len(folded):
        return False
    return all(folded[i + k] == form[k] for k in range(1, len(form)))


_WORD_CHAR = re.compile(rf"[\w{_MARKS}]")


def _whole_words(text: str, start: int, end: int) -> bool:
    """Whether ``[start, end)`` ends at a word's end and starts at a word's start or after
    proclitics (gold spans leave "و" out of "والمرصد")."""
    if end < len(text) and _WORD_CHAR.match(text[end]) and _WORD_CHAR.match(text[end - 1]):
        return False
    word_start = start
    while word_start > 0 and _WORD_CHAR.match(text[word_start - 1]):
        word_start -= 1
    if word_start == start:
        return True
    prefix = fold_text(text[word_start:start])
    return prefix in _proclitics(prefix + "xx")
