"""Building the gold set from a comparison: agreed spans first, then one decision per conflict.

Every function takes a gold ``AnnotationSet`` and returns a new one (so the editing session's
undo covers adjudication like any other edit). The rules, for docs/adjudicate.md:

- Gold spans get their own ids (``s1``...). Their ``provenance`` is always what
  ``provenance_of`` computes: the annotators who made a span with the same start, end and
  label, and ``edited`` when none of them gave it the same attributes (docs/format.md). A span
  the adjudicator tagged, relabelled, trimmed or changed by hand is always ``edited``, like the
  "edit" decision recorded for its conflict, even when it happens to equal a version.
- Taking annotator N's version of a conflict replaces whatever gold held for that conflict
  with N's spans and N's source links. A link whose target is not in gold yet is made when the
  target's conflict is settled (``Comparison.incoming``); a link into a span that is replaced
  moves to the span that replaces it.
- Rejecting a conflict removes whatever gold held for it.
- Every settled conflict is recorded in the gold set's ``decisions``, which is how a later
  session knows what is still open; a gold set marked done has nothing open.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace

from annotator.adjudication.conflicts import Cluster, Comparison, Key, Version
from annotator.adjudication.decision_index import DecisionIndex
from annotator.errors import EditError
from annotator.model import (
    AnnotationSet,
    Decision,
    LabelSchema,
    Provenance,
    Relation,
    Span,
    build_set,
)
from annotator.model.annotation_set import relation_problem

_NUMBER = re.compile(r"^s([0-9]+)$")


def provenance_of(span: Span, sets: Mapping[str, AnnotationSet]) -> Provenance:
    """Who made this span exactly (start, end, label), and whether gold differs from all of them."""
    same = [(name, aset.find(span.start, span.end, span.label)) for name, aset in sets.items()]
    annotators = tuple(name for name, found in same if found is not None)
    edited = not any(found is not None and found.attributes == span.attributes for _, found in same)
    return Provenance(annotators, edited)


def start_gold(comparison: Comparison, schema: LabelSchema, adjudicator: str) -> AnnotationSet:
    """A new gold set holding every agreed span and every agreed link between them."""
    spans: list[Span] = []
    ids: dict[Key, str] = {}
    everyone = Provenance(comparison.annotators, False)
    for cluster in comparison.agreed:
        (vs,) = next(iter(cluster.versions.values()))
        ident = f"s{len(spans) + 1}"
        ids[vs.key] = ident
        spans.append(
            Span(
                ident,
                vs.span.label,
                vs.span.start,
                vs.span.end,
                vs.span.attributes,
                provenance=everyone,
            )
        )
    relations: list[Relation] = []
    for cluster in comparison.agreed:
        (vs,) = next(iter(cluster.versions.values()))
        for rtype, target in vs.links:
            if target in ids:
                relations.append(
                    Relation(f"r{len(relations) + 1}", rtype, ids[vs.key], ids[target])
                )
    gold, problems = build_set(comparison.document, adjudicator, schema, spans, relations)
    if problems:
        raise EditError(f"agreed spans do not fit the label schema: {problems[0]}")
    return gold.with_adjudicated_from(comparison.annotators)


class Adjudication:
    """A comparison plus the schema: the operations the screen and ``--auto`` apply to gold."""

    def __init__(self, comparison: Comparison, schema: LabelSchema) -> None:
        self.comparison = comparison
        self.schema = schema
        #: Follows the last gold set asked about, edit by edit (open_conflicts is asked on
        #: every key press; a pass over every conflict would cost milliseconds).
        self._index = DecisionIndex(comparison.conflicts)

    # -- state -------------------------------------------------------------------------------

    def decision(self, gold: AnnotationSet, cluster: Cluster) -> Decision | None:
        return gold.decision(cluster.key)

    def open_conflicts(self, gold: AnnotationSet) -> list[Cluster]:
        """Conflicts gold has no decision for, in reading order (none once gold is done)."""
        self._index.update(gold)
        clusters = self.comparison.clusters
        return [clusters[i] for i in self._index.open_indices()]

    def members(self, gold: AnnotationSet, cluster: Cluster) -> list[Span]:
        """Gold's spans for a cluster: those with one of its keys, and spans the adjudicator made
        by hand (keys no annotator made) over it with one of its labels."""
        by_key = self.comparison.by_key
        found = []
        for span in gold.spans_overlapping(cluster.start, cluster.end):
            owner = by_key.get(span.key)
            if owner is cluster or (owner is None and span.label in cluster.labels):
                found.append(span)
        return found

    def counterpart(self, gold: AnnotationSet, key: Key) -> Span | None:
        """Gold's span standing for an annotator's span: the same key, else the gold span of its
        cluster with the same label overlapping it most."""
        start, end, label = key
        exact = gold.find(start, end, label)
        if exact is not None:
            return exact
        cluster = self.comparison.by_key.get(key)
        if cluster is None:
            return None
        candidates = [
            s for s in self.members(gold, cluster) if s.label == label and s.overlaps((start, end))
        ]
        if not candidates:
            return None
        return max(
            candidates,
            key=lambda s: (
                min(s.end, end) - max(s.start, start),
                -abs(s.start - start) - abs(s.end - end),
            ),
        )

    # -- decisions ---------------------------------------------------------------------------

    def take(
        self,
        gold: AnnotationSet,
        cluster: Cluster,
        annotator: str,
        ids: Iterator[str] | None = None,
    ) -> AnnotationSet:
        """Gold with ``annotator``'s version of the cluster in place of what it held there."""
        if annotator not in cluster.versions:
            raise EditError(f"{annotator} is not one of the compared annotators")
        version = cluster.versions[annotator]
        gold, moved = self._clear(gold, cluster)
        added: list[Span] = []
        for vs in version:
            span = vs.span
            provisional = Span("", span.label, span.start, span.end, span.attributes)
            gold, new = gold.add_span(
                self.schema,
                span.label,
                span.start,
                span.end,
                attributes=span.attributes,
                provenance=provenance_of(provisional, self.comparison.sets),
                span_id=next(ids) if ids is not None else None,  # None: the set's next s<n>
            )
            added.append(new)
        gold = self._link_version(gold, version, added)
        for rtype, from_id, old_key in moved:
            target = self.counterpart(gold, old_key)
            if target is not None and gold.has_span(from_id):
                gold = self._link(gold, rtype, from_id, target.id)
        gold = self._link_incoming(gold, cluster)
        gold = gold.with_decisions([*gold.decisions, _decision(cluster, "take", annotator)])
        return self._stamp(gold)

    def reject(self, gold: AnnotationSet, cluster: Cluster) -> AnnotationSet:
        """Gold with nothing for the cluster, and the rejection remembered."""
        gold, _ = self._clear(gold, cluster)
        return self._stamp(gold.with_decisions([*gold.decisions, _decision(cluster, "reject")]))

    def take_all(self, gold: AnnotationSet, annotator: str) -> tuple[AnnotationSet, int]:
        """Take ``annotator``'s version of every open conflict; returns gold and how many."""
        todo = self.open_conflicts(gold)
        ids = fresh_ids(gold)
        for cluster in todo:
            gold = self.take(gold, cluster, annotator, ids)
        return gold, len(todo)

    def forget(self, gold: AnnotationSet, cluster: Cluster) -> AnnotationSet:
        """Reopen a settled conflict (its gold spans stay until another decision)."""
        kept = [d for d in gold.decisions if d.conflict != cluster.key]
        if len(kept) == len(gold.decisions):
            return gold
        return replace(gold, decisions=tuple(kept))

    # -- hand edits ----------------------------------------------------------------------------

    def after_hand_edit(self, before: AnnotationSet, after: AnnotationSet) -> AnnotationSet:
        """An edit made by hand (tag, relabel, trim, delete, attributes, link): give the changed
        spans their provenance and record every conflict it touched as settled by hand."""
        before_ids = {id(s) for s in before.spans}
        after_ids = {id(s) for s in after.spans}
        added = [s for s in after.spans if id(s) not in before_ids]
        removed = [s for s in before.spans if id(s) not in after_ids]
        touched: list[Span] = [*added, *removed]
        changed_links = set(before.relations) ^ set(after.relations)
        for rel in changed_links:
            for aset in (after, before):
                if aset.has_span(rel.from_id):
                    touched.append(aset.span(rel.from_id))
                    break
        for span in added:
            provenance = replace(provenance_of(span, self.comparison.sets), edited=True)
            if span.provenance != provenance:
                after = after.change_span(self.schema, span.id, provenance=provenance)
        conflicts: dict[int, Cluster] = {}
        for span in touched:
            for cluster in self._conflicts_of(span):
                conflicts[cluster.index] = cluster
        if not conflicts:
            return after
        after = after.with_decisions(
            [*after.decisions, *(_decision(c, "edit") for c in conflicts.values())]
        )
        return self._stamp(after)

    def _conflicts_of(self, span: Span) -> list[Cluster]:
        owner = self.comparison.by_key.get(span.key)
        if owner is not None:
            return [] if owner.agreed else [owner]
        return [
            c
            for c in self.comparison.conflicts_overlapping(span.start, span.end)
            if span.label in c.labels
        ]

    # -- helpers -----------------------------------------------------------------------------

    def _stamp(self, gold: AnnotationSet) -> AnnotationSet:
        """Gold's ``adjudicated_from`` covers everyone compared in this session (a gold set
        resumed with another annotator added keeps the earlier ones first)."""
        names = [*gold.adjudicated_from]
        names += [n for n in self.comparison.annotators if n not in names]
        if tuple(names) == gold.adjudicated_from:
            return gold
        return gold.with_adjudicated_from(names)

    def _clear(
        self, gold: AnnotationSet, cluster: Cluster
    ) -> tuple[AnnotationSet, list[tuple[str, str, Key]]]:
        """Remove gold's spans for the cluster; return the links from elsewhere into them."""
        old = self.members(gold, cluster)
        old_ids = {s.id for s in old}
        moved = [
            (rel.type, rel.from_id, gold.span(rel.to_id).key)
            for rel in gold.relations
            if rel.to_id in old_ids and rel.from_id not in old_ids
        ]
        for span in old:
            gold = gold.remove_span(span.id)
        return gold, moved

    def _link_version(
        self, gold: AnnotationSet, version: Version, added: list[Span]
    ) -> AnnotationSet:
        for vs, new in zip(version, added, strict=True):
            for rtype, target_key in vs.links:
                target = self.counterpart(gold, target_key)
                if target is not None:
                    gold = self._link(gold, rtype, new.id, target.id)
        return gold

    def _link_incoming(self, gold: AnnotationSet, cluster: Cluster) -> AnnotationSet:
        """Links of settled or agreed claims whose target is in the cluster just settled."""
        clusters = self.comparison.clusters
        for link in self.comparison.incoming.get(cluster.index, ()):
            source = clusters[link.source]
            if source is cluster or not self._chose(gold, source, link.annotator):
                continue
            claim = gold.find(*link.claim)
            target = self.counterpart(gold, link.target)
            if claim is not None and target is not None:
                gold = self._link(gold, link.type, claim.id, target.id)
        return gold

    def _chose(self, gold: AnnotationSet, cluster: Cluster, annotator: str) -> bool:
        """Is ``annotator``'s version of the cluster the one gold holds?"""
        if cluster.agreed:
            return True
        decision = gold.decision(cluster.key)
        return (
            decision is not None
            and decision.action == "take"
            and decision.annotator in cluster.versions
            and cluster.same_version(decision.annotator, annotator)
        )

    def _link(self, gold: AnnotationSet, rtype: str, from_id: str, to_id: str) -> AnnotationSet:
        if any(
            r.type == rtype and r.from_id == from_id and r.to_id == to_id
            for r in gold.relations_of(from_id)
        ):
            return gold
        candidate_spans = {from_id: gold.span(from_id), to_id: gold.span(to_id)}
        if relation_problem(self.schema, Relation("r0", rtype, from_id, to_id), candidate_spans):
            return gold
        gold, _ = gold.add_relation(self.schema, rtype, from_id, to_id)
        return gold


def _decision(cluster: Cluster, action: str, annotator: str = "") -> Decision:
    return Decision(cluster.labels, cluster.start, cluster.end, action, annotator)  # type: ignore[arg-type]


def fresh_ids(gold: AnnotationSet) -> Iterator[str]:
    """``s<n>`` ids after the largest in use, computed once (``next_id`` scans every id)."""
    highest = 0
    for span in gold.spans:
        match = _NUMBER.match(span.id)
        if match:
            highest = max(highest, int(match.group(1)))
    return (f"s{n}" for n in _count_from(highest + 1))


def _count_from(n: int) -> Iterable[int]:
    while True:
        yield n
        n += 1
