"""Spans and relations: immutable values, compared and hashed by content.

A span is a labelled range ``[start, end)`` of a document's text. Its id is stable across saves
so relations and diffs can refer to it; ordering is by position, never by id.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

MANUAL = "manual"
IMPORTED_PREFIX = "imported:"


class Attributes(Mapping[str, str]):
    """An immutable, hashable str -> str mapping with keys in sorted order.

    Sorted keys make equal attribute sets write identically, which keeps saves byte-stable.
    """

    __slots__ = ("_hash", "_items")

    def __init__(self, items: Mapping[str, str] | None = None) -> None:
        pairs = tuple(sorted((items or {}).items()))
        self._items: dict[str, str] = dict(pairs)
        self._hash = hash(pairs)

    def __getitem__(self, key: str) -> str:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Attributes):
            return self._items == other._items
        if isinstance(other, Mapping):
            return self._items == dict(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"Attributes({self._items!r})"

    def replace(self, **changes: str | None) -> Attributes:
        """A copy with some attributes set; a value of None removes the attribute."""
        items = dict(self._items)
        for key, value in changes.items():
            if value is None:
                items.pop(key, None)
            else:
                items[key] = value
        return Attributes(items)


NO_ATTRIBUTES = Attributes()


def as_attributes(value: Mapping[str, str] | None) -> Attributes:
    if isinstance(value, Attributes):
        return value
    if not value:
        return NO_ATTRIBUTES
    return Attributes(value)


@dataclass(frozen=True, slots=True)
class Provenance:
    """For gold spans: which annotators made this span exactly, and whether the adjudicator
    changed it (edited by hand, relabelled, or re-bounded) rather than taking it as made."""

    annotators: tuple[str, ...] = ()
    edited: bool = False


@dataclass(frozen=True, slots=True)
class Span:
    id: str
    label: str
    start: int
    end: int
    attributes: Attributes = field(default=NO_ATTRIBUTES)
    note: str = ""
    origin: str = MANUAL
    provenance: Provenance | None = None
    #: A recommender's confidence in a suggested span (0-1), written only when it has one.
    score: float | None = None
    #: The recommender whose suggestion the annotator accepted into their own set.
    suggested_by: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.attributes, Attributes):
            object.__setattr__(self, "attributes", as_attributes(self.attributes))

    @property
    def key(self) -> tuple[int, int, str]:
        """What makes two spans the same annotation: extent and label."""
        return (self.start, self.end, self.label)

    @property
    def sort_key(self) -> tuple[int, int, str, str]:
        return (self.start, self.end, self.label, self.id)

    @property
    def imported(self) -> bool:
        return self.origin.startswith(IMPORTED_PREFIX)

    @property
    def length(self) -> int:
        return self.end - self.start

    def text_in(self, text: str) -> str:
        return text[self.start : self.end]

    def overlaps(self, other: Span | tuple[int, int]) -> bool:
        start, end = (other.start, other.end) if isinstance(other, Span) else other
        return self.start < end and start < self.end

    def contains(self, offset: int) -> bool:
        return self.start <= offset < self.end

    def with_changes(self, **changes: Any) -> Span:
        from dataclasses import replace

        return replace(self, **changes)


@dataclass(frozen=True, slots=True)
class Relation:
    """A typed, directed link between two spans, e.g. ``source``: CLAIM -> ACTOR."""

    id: str
    type: str
    from_id: str
    to_id: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.type, self.from_id, self.to_id)
