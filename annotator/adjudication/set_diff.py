"""The differences between two annotation sets of the same text, matched by content.

Ids mean nothing across sets (each annotator numbers their own spans), so spans are matched by
what they are: first the same start, end and label; then, among the rest, the same extent with
another label (a relabel); then the same label over overlapping text (other boundaries). What
is left was removed or added. Relations are matched by their type and their ends' extents and
labels. Pure; ``annotator diff`` prints the result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from annotator.adjudication.conflicts import Key
from annotator.model import Relation, Span
from annotator.model.span_index import SpanIndex

ChangeKind = Literal["added", "removed", "changed"]


@dataclass(frozen=True, slots=True)
class SpanChange:
    kind: ChangeKind
    before: Span | None  # in the first set
    after: Span | None  # in the second set
    fields: tuple[
        str, ...
    ] = ()  # for "changed": label, extent, attributes, note, origin, provenance

    @property
    def position(self) -> tuple[int, int]:
        span = self.before or self.after
        assert span is not None
        return (span.start, span.end)


@dataclass(frozen=True, slots=True)
class RelationChange:
    kind: ChangeKind  # added or removed
    type: str
    source: Key
    target: Key


@dataclass(frozen=True, slots=True)
class SetDiff:
    spans: list[SpanChange] = field(default_factory=list)
    relations: list[RelationChange] = field(default_factory=list)

    @property
    def equal(self) -> bool:
        return not self.spans and not self.relations

    def count(self, kind: ChangeKind) -> int:
        return sum(c.kind == kind for c in self.spans)


def diff_spans(first: Sequence[Span], second: Sequence[Span]) -> list[SpanChange]:
    """Span changes from ``first`` to ``second``, in reading order."""
    by_key = {s.key: s for s in second}
    changes: list[SpanChange] = []
    left: list[Span] = []
    matched: set[int] = set()
    for span in first:
        other = by_key.get(span.key)
        if other is None:
            left.append(span)
            continue
        matched.add(id(other))
        fields = _changed_fields(span, other)
        if fields:
            changes.append(SpanChange("changed", span, other, fields))
    right = [s for s in second if id(s) not in matched]
    changes.extend(_pair_up(left, right))
    changes.sort(key=lambda c: (*c.position, (c.before or c.after).label))  # type: ignore[union-attr]
    return changes


def _pair_up(left: list[Span], right: list[Span]) -> list[SpanChange]:
    """Relabels (same extent), then re-bounded spans (same label, overlapping), then the rest."""
    changes: list[SpanChange] = []
    used: set[int] = set()
    by_extent: dict[tuple[int, int], list[Span]] = {}
    for span in right:
        by_extent.setdefault((span.start, span.end), []).append(span)
    rest: list[Span] = []
    for span in left:
        candidates = [s for s in by_extent.get((span.start, span.end), []) if id(s) not in used]
        if candidates:
            other = candidates[0]
            used.add(id(other))
            changes.append(SpanChange("changed", span, other, _changed_fields(span, other)))
        else:
            rest.append(span)
    remaining = [s for s in right if id(s) not in used]
    index = SpanIndex.build(remaining)
    removed: list[Span] = []
    for span in rest:
        candidates = [
            s
            for s in index.overlapping(span.start, span.end)
            if s.label == span.label and id(s) not in used
        ]
        if not candidates:
            removed.append(span)
            continue
        other = max(
            candidates, key=lambda s: (min(s.end, span.end) - max(s.start, span.start), -s.start)
        )
        used.add(id(other))
        changes.append(SpanChange("changed", span, other, _changed_fields(span, other)))
    changes.extend(SpanChange("removed", s, None) for s in removed)
    changes.extend(SpanChange("added", None, s) for s in remaining if id(s) not in used)
    return changes


def _changed_fields(a: Span, b: Span) -> tuple[str, ...]:
    fields = []
    if a.label != b.label:
        fields.append("label")
    if (a.start, a.end) != (b.start, b.end):
        fields.append("extent")
    for name in ("attributes", "note", "origin", "provenance"):
        if getattr(a, name) != getattr(b, name):
            fields.append(name)
    return tuple(fields)


def relation_keys(
    spans: Sequence[Span], relations: Sequence[Relation]
) -> set[tuple[str, Key, Key]]:
    """Relations as (type, source key, target key); dangling ones are left out."""
    by_id = {s.id: s for s in spans}
    return {
        (r.type, by_id[r.from_id].key, by_id[r.to_id].key)
        for r in relations
        if r.from_id in by_id and r.to_id in by_id
    }


def diff_relations(
    first: tuple[Sequence[Span], Sequence[Relation]],
    second: tuple[Sequence[Span], Sequence[Relation]],
) -> list[RelationChange]:
    a = relation_keys(*first)
    b = relation_keys(*second)
    changes = [RelationChange("removed", *k) for k in a - b]
    changes.extend(RelationChange("added", *k) for k in b - a)
    changes.sort(key=lambda c: (c.source, c.target, c.type, c.kind))
    return changes


def diff_sets(
    first: tuple[Sequence[Span], Sequence[Relation]],
    second: tuple[Sequence[Span], Sequence[Relation]],
) -> SetDiff:
    """Spans and relations of two sets of the same text (each given as (spans, relations))."""
    return SetDiff(diff_spans(first[0], second[0]), diff_relations(first, second))
