"""Two recommenders as one: the first's suggestions, then the second's where the first proposes
nothing that overlaps (``annotator suggest --model DIR --matcher``).

A trained model finds names it never saw from their contexts, but misses some it was taught; the
matcher finds every form it learnt, whatever the context. On ANERcorp's held-out split (docs/
suggest.md) the model alone and spaCy's own blank pipeline are level, and the model with the
matcher filling its gaps is ahead of both: the matcher's forms are the model's missing recall.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field

from annotator.model.annotation_set import AnnotationSet
from annotator.model.document import Document
from annotator.suggest.base import Recommender, Suggestion


@dataclass
class Combined:
    first: Recommender
    second: Recommender
    kind: str = field(init=False)

    def __post_init__(self) -> None:
        self.kind = f"{self.first.kind}+{self.second.kind}"

    def learn(self, sets: Iterable[AnnotationSet]) -> None:
        sets = list(sets)
        self.first.learn(sets)
        self.second.learn(sets)

    def propose(self, document: Document) -> list[Suggestion]:
        taken = sorted(self.first.propose(document))
        starts = [s.start for s in taken]
        reach = list(itertools.accumulate((s.end for s in taken), max))
        out = list(taken)
        for extra in self.second.propose(document):
            # The first's spans that start before extra ends overlap it if any of them ends
            # after it starts (they may nest: a span categoriser's do).
            i = bisect.bisect_left(starts, extra.end)
            if i and reach[i - 1] > extra.start:
                continue
            out.append(extra)
        return sorted(out)
