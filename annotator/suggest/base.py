"""The interface every recommender follows: learn from sets, propose spans with scores.

A recommender is deliberately small (Prodigy's recipes and INCEpTION's recommenders are the
model): it never reads or writes a project itself, so the same object serves the command, the
benchmark and the tests.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from annotator.model.annotation_set import AnnotationSet
from annotator.model.document import Document


@dataclass(frozen=True, slots=True, order=True)
class Suggestion:
    """A proposed span: ``[start, end)`` of the document's text, its label and a confidence
    in 0-1 (None when the recommender has no notion of one)."""

    start: int
    end: int
    label: str
    score: float | None = None

    @property
    def key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.label)


class Recommender(Protocol):
    #: What the recommender is, for messages and the ``suggested:`` provenance (e.g. "matcher").
    kind: str

    def learn(self, sets: Iterable[AnnotationSet]) -> None:
        """Learn from finished sets (gold, or annotators' done sets)."""

    def propose(self, document: Document) -> list[Suggestion]:
        """Spans for one document, sorted by position."""
