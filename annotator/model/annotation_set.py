"""An annotator's spans and relations on one document, and the edits that change them.

``AnnotationSet`` is an immutable value: every edit returns a new set and leaves the old one
intact, which is what makes undo a matter of keeping the previous value. Every edit is checked
against the document and the label schema and raises ``EditError`` instead of producing a set
that could not be saved and loaded again.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Literal

from annotator.errors import EditError
from annotator.model.decision import ConflictKey, Decision
from annotator.model.document import Document
from annotator.model.labels import LabelSchema
from annotator.model.span import (
    IMPORTED_PREFIX,
    MANUAL,
    Attributes,
    Provenance,
    Relation,
    Span,
    as_attributes,
)
from annotator.model.span_index import SpanIndex

Status = Literal["new", "in_progress", "done"]
STATUSES: tuple[Status, ...] = ("new", "in_progress", "done")

_NUMBERED_ID = re.compile(r"^([a-z]+)([0-9]+)$")


def utc_now() -> datetime:
    """Now, to the second, in UTC: the resolution written to files."""
    return datetime.now(UTC).replace(microsecond=0)


def _top_number(prefix: str, existing: Iterable[str]) -> int:
    highest = 0
    for ident in existing:
        match = _NUMBERED_ID.match(ident)
        if match and match.group(1) == prefix:
            highest = max(highest, int(match.group(2)))
    return highest


def next_id(prefix: str, existing: Iterable[str]) -> str:
    """The next free ``<prefix><n>`` id: one more than the largest number in use.

    Counting up from the largest (rather than filling gaps) keeps new spans' ids after the
    existing ones, so a set's ids read in the order the spans were made.
    """
    return f"{prefix}{_top_number(prefix, existing) + 1}"


@dataclass(frozen=True, slots=True)
class AnnotationSet:
    """Spans (sorted by start, end, label, id) and relations of one annotator on one document."""

    document: Document
    annotator: str
    status: Status = "new"
    spans: tuple[Span, ...] = ()
    relations: tuple[Relation, ...] = ()
    updated: datetime | None = None
    #: Gold sets only: the annotators whose sets the adjudicator compared.
    adjudicated_from: tuple[str, ...] = ()
    #: Gold sets only: how each settled conflict was settled, sorted by position.
    decisions: tuple[Decision, ...] = ()
    #: Seconds of active annotation on this set (keys pressed, idle gaps left out).
    active_seconds: int = 0
    # Derived from spans and relations, built on first use and carried over (updated) by edits
    # so that a keystroke on a 10,000-span set costs no full pass over it.
    _by_id: dict[str, Span] = field(default_factory=dict, compare=False, repr=False)
    _index: SpanIndex | None = field(default=None, compare=False, repr=False)
    _counts: dict[str, int] | None = field(default=None, compare=False, repr=False)
    _top_number: int | None = field(default=None, compare=False, repr=False)
    _links_from: dict[str, tuple[Relation, ...]] | None = field(
        default=None, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        if not self._by_id and self.spans:
            object.__setattr__(self, "_by_id", {s.id: s for s in self.spans})

    # -- queries -----------------------------------------------------------------------------

    @property
    def text(self) -> str:
        return self.document.text

    def span(self, span_id: str) -> Span:
        try:
            return self._by_id[span_id]
        except KeyError:
            raise EditError(f"no span with id {span_id!r}", file=self.document.file) from None

    def has_span(self, span_id: str) -> bool:
        return span_id in self._by_id

    def span_text(self, span: Span) -> str:
        return self.document.text[span.start : span.end]

    def find(self, start: int, end: int, label: str | None = None) -> Span | None:
        """The span with exactly this extent (and label, if given)."""
        i = bisect.bisect_left(self.spans, (start, end), key=lambda s: (s.start, s.end))
        while i < len(self.spans) and (self.spans[i].start, self.spans[i].end) == (start, end):
            if label is None or self.spans[i].label == label:
                return self.spans[i]
            i += 1
        return None

    @property
    def index(self) -> SpanIndex:
        """Spans by position, built on first use and carried over by edits."""
        if self._index is None:
            object.__setattr__(self, "_index", SpanIndex.build(self.spans))
        return self._index  # type: ignore[return-value]

    def spans_at(self, offset: int) -> list[Span]:
        """Spans containing ``offset``, outermost first."""
        return sorted(self.index.at(offset), key=lambda s: (s.start, -s.end, s.label))

    def spans_overlapping(self, start: int, end: int) -> list[Span]:
        """Spans sharing a character with ``[start, end)``, in file order."""
        return self.index.overlapping(start, end)

    def relations_of(self, span_id: str) -> list[Relation]:
        return [r for r in self.relations if span_id in (r.from_id, r.to_id)]

    def relation(self, relation_id: str) -> Relation:
        for rel in self.relations:
            if rel.id == relation_id:
                return rel
        raise EditError(f"no relation with id {relation_id!r}", file=self.document.file)

    def counts(self) -> dict[str, int]:
        """Spans per label (a copy)."""
        if self._counts is None:
            object.__setattr__(self, "_counts", dict(Counter(s.label for s in self.spans)))
        return dict(self._counts)  # type: ignore[arg-type]

    def relations_from(self, span_id: str) -> tuple[Relation, ...]:
        """Relations whose ``from`` end is the span (a claim's sources)."""
        if self._links_from is None:
            links: dict[str, list[Relation]] = {}
            for rel in self.relations:
                links.setdefault(rel.from_id, []).append(rel)
            object.__setattr__(self, "_links_from", {k: tuple(v) for k, v in links.items()})
        return self._links_from.get(span_id, ())  # type: ignore[union-attr]

    def position(self, span: Span) -> int:
        """Index of ``span`` in ``spans`` (by bisection, not by comparing every span)."""
        i = bisect.bisect_left(self.spans, span.sort_key, key=lambda s: s.sort_key)
        if i < len(self.spans) and self.spans[i].id == span.id:
            return i
        raise EditError(f"span {span.id} is not in this set", file=self.document.file)

    def _next_span_id(self) -> str:
        if self._top_number is None:
            object.__setattr__(self, "_top_number", _top_number("s", self._by_id))
        return f"s{self._top_number + 1}"  # type: ignore[operator]

    # -- edits -------------------------------------------------------------------------------

    def add_span(
        self,
        schema: LabelSchema,
        label: str,
        start: int,
        end: int,
        *,
        attributes: Mapping[str, str] | None = None,
        note: str = "",
        origin: str = MANUAL,
        provenance: Provenance | None = None,
        span_id: str | None = None,
    ) -> tuple[AnnotationSet, Span]:
        """A copy with one more span, and that span (with a fresh id unless one is given)."""
        if span_id is not None and span_id in self._by_id:
            raise EditError(f"span id {span_id!r} is already used", file=self.document.file)
        span = Span(
            span_id or self._next_span_id(),
            label,
            start,
            end,
            as_attributes(attributes),
            note,
            origin,
            provenance,
        )
        self._check_span(schema, span)
        return self._with_spans(self._inserted(self.spans, span), added=span), span

    def change_span(self, schema: LabelSchema, span_id: str, **changes: object) -> AnnotationSet:
        """A copy where one span has new field values (label, start, end, attributes, ...).

        Relations that the change makes invalid (e.g. relabelling a CLAIM that has a source)
        are refused rather than dropped, so a relabel never silently loses a link.
        """
        old = self.span(span_id)
        if "id" in changes:
            raise EditError("a span's id cannot change", file=self.document.file)
        if "attributes" in changes:
            changes["attributes"] = as_attributes(changes["attributes"])  # type: ignore[arg-type]
        new = replace(old, **changes)  # type: ignore[arg-type]
        if new == old:
            return self
        self._check_span(schema, new, ignore=old)
        spans = list(self.spans)
        spans.remove(old)
        result = self._with_spans(self._inserted(tuple(spans), new), added=new, removed=old)
        for rel in result.relations_of(span_id):
            result._check_relation(schema, rel, ignore=rel)
        return result

    def remove_span(self, span_id: str) -> AnnotationSet:
        """A copy without the span and without the relations that touch it."""
        old = self.span(span_id)
        spans = tuple(s for s in self.spans if s is not old)
        relations = tuple(r for r in self.relations if span_id not in (r.from_id, r.to_id))
        return self._with_spans(spans, removed=old)._with_relations(relations)

    def add_relation(
        self, schema: LabelSchema, rtype: str, from_id: str, to_id: str, *, relation_id: str = ""
    ) -> tuple[AnnotationSet, Relation]:
        existing = [r.id for r in self.relations]
        if relation_id and relation_id in existing:
            raise EditError(f"relation id {relation_id!r} is already used", file=self.document.file)
        rel = Relation(relation_id or next_id("r", existing), rtype, from_id, to_id)
        self._check_relation(schema, rel)
        relations = tuple(sorted((*self.relations, rel), key=_relation_order))
        return self._with_relations(relations), rel

    def remove_relation(self, relation_id: str) -> AnnotationSet:
        rel = self.relation(relation_id)
        return self._with_relations(tuple(r for r in self.relations if r is not rel))

    def with_status(self, status: Status) -> AnnotationSet:
        if status not in STATUSES:
            raise EditError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
        return replace(self, status=status)

    def with_adjudicated_from(self, annotators: Iterable[str]) -> AnnotationSet:
        return replace(self, adjudicated_from=tuple(annotators))

    def with_decisions(self, decisions: Iterable[Decision]) -> AnnotationSet:
        """A copy with these decisions (one per conflict: a later one replaces an earlier)."""
        by_conflict: dict[ConflictKey, Decision] = {}
        for decision in decisions:
            by_conflict[decision.conflict] = decision
        ordered = tuple(sorted(by_conflict.values(), key=lambda d: d.sort_key))
        if ordered == self.decisions:
            return self
        return replace(self, decisions=ordered, status=self._touched_status())

    def decision(self, conflict: ConflictKey) -> Decision | None:
        for decision in self.decisions:
            if decision.conflict == conflict:
                return decision
        return None

    def touched(self, when: datetime | None = None) -> AnnotationSet:
        """The same set stamped as updated now (done when it is saved, not on every edit)."""
        return replace(self, updated=when or utc_now())

    # -- checks ------------------------------------------------------------------------------

    def _check_span(self, schema: LabelSchema, span: Span, ignore: Span | None = None) -> None:
        problem = span_problem(self.document, schema, span)
        if problem is None:
            twin = self.find(span.start, span.end, span.label)
            if twin is not None and twin is not ignore:
                problem = f"{span.label} span {span.start}-{span.end} already exists as {twin.id}"
        if problem is not None:
            raise EditError(problem, file=self.document.file)

    def _check_relation(
        self, schema: LabelSchema, rel: Relation, ignore: Relation | None = None
    ) -> None:
        problem = relation_problem(schema, rel, self._by_id)
        if problem is None:
            for other in self.relations:
                if other.key == rel.key and other is not ignore:
                    problem = f"relation {other.id} already links {rel.from_id} to {rel.to_id}"
        if problem is not None:
            raise EditError(problem, file=self.document.file)

    def _inserted(self, spans: tuple[Span, ...], span: Span) -> tuple[Span, ...]:
        i = bisect.bisect_left(spans, span.sort_key, key=lambda s: s.sort_key)
        return (*spans[:i], span, *spans[i:])

    def _with_spans(
        self, spans: tuple[Span, ...], *, added: Span | None = None, removed: Span | None = None
    ) -> AnnotationSet:
        by_id = dict(self._by_id)
        index = self._index
        counts = dict(self._counts) if self._counts is not None else None
        top = self._top_number
        if removed is not None:
            del by_id[removed.id]
            index = index.with_removed(removed) if index is not None else None
            if counts is not None:
                counts[removed.label] -= 1
                if not counts[removed.label]:
                    del counts[removed.label]
        if added is not None:
            by_id[added.id] = added
            index = index.with_added(added) if index is not None else None
            if counts is not None:
                counts[added.label] = counts.get(added.label, 0) + 1
            if top is not None:
                match = _NUMBERED_ID.match(added.id)
                if match and match.group(1) == "s":
                    top = max(top, int(match.group(2)))
        return replace(
            self,
            spans=spans,
            _by_id=by_id,
            _index=index,
            _counts=counts,
            _top_number=top,
            status=self._touched_status(),
        )

    def _with_relations(self, relations: tuple[Relation, ...]) -> AnnotationSet:
        return replace(self, relations=relations, _links_from=None, status=self._touched_status())

    def _touched_status(self) -> Status:
        """Editing a new set starts it; editing a done set keeps it done."""
        return "in_progress" if self.status == "new" else self.status


def _relation_order(rel: Relation) -> tuple[int, str]:
    match = _NUMBERED_ID.match(rel.id)
    return (int(match.group(2)) if match else 0, rel.id)


def valid_origin(origin: str) -> bool:
    return origin == MANUAL or (
        origin.startswith(IMPORTED_PREFIX) and len(origin) > len(IMPORTED_PREFIX)
    )


def span_problem(
    document: Document,
    schema: LabelSchema,
    span: Span,
    memo: dict[tuple[str, Attributes], list[str]] | None = None,
) -> str | None:
    """Why a span cannot stand on this document under this schema, or None if it can.

    ``memo`` caches the schema check per (label, attributes) for bulk checks.
    """
    n = len(document.text)
    if not (isinstance(span.start, int) and isinstance(span.end, int)):
        return f"span {span.id}: offsets must be whole numbers"
    if span.start < 0 or span.end > n:
        return f"span {span.id}: offsets {span.start}-{span.end} are outside the text (0-{n})"
    if span.start >= span.end:
        return f"span {span.id}: empty or reversed range {span.start}-{span.end}"
    if memo is None:
        problems = schema.attribute_problems(span.label, span.attributes)
    else:
        memo_key = (span.label, span.attributes)
        problems = memo.get(memo_key)  # type: ignore[assignment]
        if problems is None:
            problems = memo[memo_key] = schema.attribute_problems(span.label, span.attributes)
    if problems:
        return f"span {span.id}: {problems[0]}"
    if not valid_origin(span.origin):
        return (
            f"span {span.id}: origin must be 'manual' or 'imported:<source>', not {span.origin!r}"
        )
    return None


def relation_problem(schema: LabelSchema, rel: Relation, spans: Mapping[str, Span]) -> str | None:
    """Why a relation cannot stand between these spans under this schema, or None."""
    definition = schema.relations.get(rel.type)
    if definition is None:
        known = ", ".join(schema.relations) or "none"
        return f"relation {rel.id}: unknown type {rel.type!r} (schema has {known})"
    for end, span_id in (("from", rel.from_id), ("to", rel.to_id)):
        if span_id not in spans:
            return f"relation {rel.id}: {end} span {span_id!r} does not exist"
    if rel.from_id == rel.to_id:
        return f"relation {rel.id}: a span cannot be linked to itself"
    a, b = spans[rel.from_id].label, spans[rel.to_id].label
    if not definition.allows(a, b):
        allowed = f"{'/'.join(definition.from_labels)} -> {'/'.join(definition.to_labels)}"
        return f"relation {rel.id}: {rel.type} cannot link {a} -> {b} (allowed: {allowed})"
    return None


def build_set(
    document: Document,
    annotator: str,
    schema: LabelSchema,
    spans: Iterable[Span],
    relations: Iterable[Relation] = (),
    *,
    status: Status = "new",
    updated: datetime | None = None,
) -> tuple[AnnotationSet, list[str]]:
    """Assemble a set from many spans at once, checking each; returns the valid part and why
    the rest was refused. Linear in the number of spans (loading and import use it)."""
    problems: list[str] = []
    kept: dict[str, Span] = {}
    seen: dict[tuple[int, int, str], str] = {}
    memo: dict[tuple[str, Attributes], list[str]] = {}
    for span in spans:
        problem = span_problem(document, schema, span, memo)
        if problem is None and span.id in kept:
            problem = f"span {span.id}: id is used twice"
        if problem is None and span.key in seen:
            problem = f"span {span.id}: same label and offsets as span {seen[span.key]}"
        if problem is not None:
            problems.append(problem)
            continue
        kept[span.id] = span
        seen[span.key] = span.id
    rels: list[Relation] = []
    rel_ids: set[str] = set()
    rel_keys: set[tuple[str, str, str]] = set()
    for rel in relations:
        problem = relation_problem(schema, rel, kept)
        if problem is None and rel.id in rel_ids:
            problem = f"relation {rel.id}: id is used twice"
        if problem is None and rel.key in rel_keys:
            problem = f"relation {rel.id}: links {rel.from_id} to {rel.to_id} a second time"
        if problem is not None:
            problems.append(problem)
            continue
        rels.append(rel)
        rel_ids.add(rel.id)
        rel_keys.add(rel.key)
    ordered = tuple(sorted(kept.values(), key=lambda s: s.sort_key))
    aset = AnnotationSet(
        document,
        annotator,
        status,
        ordered,
        tuple(sorted(rels, key=_relation_order)),
        updated,
        _by_id={s.id: s for s in ordered},
    )
    return aset, problems
