"""Where annotators disagree: the spans of several sets grouped into clusters, each agreed or a
conflict of some kinds. Pure; docs/adjudicate.md explains the rules for adjudicators.

Clustering, in O(n log n) for n spans over all sets:

1. A span *key* is (start, end, label). Keys every compared annotator made are **shared**: each
   is a cluster of its own, agreed when everyone gave it the same attributes and the same
   source links, otherwise an attribute and/or relation conflict.
2. The other keys are joined when they have the same label and share a character (the same
   mention with other boundaries, or a mention some annotators split in two) or exactly the
   same extent (the same words, labelled differently). Each connected group is a conflict.

So a CLAIM never swallows the ACTORs inside it (different labels, different extents), and a
span everyone agreed on stays agreed even when a disagreement overlaps it.

A *version* is what one annotator made in a cluster: their spans there (possibly none) with
attributes and the source links going out of them. Links are compared by their target's extent
and label, never by ids (ids differ between annotators).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from annotator.errors import ValidationError
from annotator.model import AnnotationSet, Attributes, ConflictKey, Document, Span

#: (start, end, label): what makes two annotators' spans the same annotation.
Key = tuple[int, int, str]
#: A source link as compared between annotators: (relation type, the target's key).
LinkKey = tuple[str, Key]

#: Conflict kinds in the order they are listed.
KINDS: tuple[str, ...] = ("label", "boundary", "missing", "attribute", "relation")
KIND_NAMES = {
    "label": "label",
    "boundary": "boundary",
    "missing": "only some",
    "attribute": "attributes",
    "relation": "source link",
}


@dataclass(frozen=True, slots=True)
class VersionSpan:
    """One annotator's span in a cluster, with the links going out of it."""

    span: Span
    links: tuple[LinkKey, ...] = ()

    @property
    def key(self) -> Key:
        return self.span.key

    @property
    def signature(self) -> tuple[Key, Attributes, tuple[LinkKey, ...]]:
        """What must be equal for two annotators to have made this span identically."""
        return (self.span.key, self.span.attributes, self.links)


#: Everything one annotator made in a cluster, sorted by key.
Version = tuple[VersionSpan, ...]


def signature(version: Version) -> tuple[tuple[Key, Attributes, tuple[LinkKey, ...]], ...]:
    return tuple(vs.signature for vs in version)


@dataclass(frozen=True, slots=True, eq=False)
class Cluster:
    """Spans of several annotators over one stretch of text: agreed, or a conflict."""

    index: int  # position in reading order among all clusters (compared by identity)
    start: int
    end: int
    labels: tuple[str, ...]  # sorted
    versions: Mapping[str, Version]  # every compared annotator, in comparison order
    kinds: frozenset[str]  # empty when agreed
    #: Annotators who made the same version, grouped, in the order of the first of each.
    grouped: tuple[tuple[tuple[str, ...], Version], ...] = ()
    #: The conflict's identity in gold files' decisions: (labels, start, end).
    key: ConflictKey = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", (self.labels, self.start, self.end))

    @property
    def agreed(self) -> bool:
        return not self.kinds

    @property
    def keys(self) -> set[Key]:
        return {vs.key for version in self.versions.values() for vs in version}

    @property
    def kind_list(self) -> list[str]:
        return [k for k in KINDS if k in self.kinds]

    def describe_kinds(self) -> str:
        return ", ".join(KIND_NAMES[k] for k in self.kind_list) or "agreed"

    def groups(self) -> list[tuple[tuple[str, ...], Version]]:
        """Annotators who made the same version, grouped, in the order of the first of each."""
        return list(self.grouped)

    def same_version(self, first: str, second: str) -> bool:
        return any(first in names and second in names for names, _ in self.grouped)

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end


@dataclass(frozen=True, slots=True)
class Incoming:
    """A source link of some cluster's version whose target lies in another cluster."""

    source: int  # index of the cluster holding the claim
    annotator: str  # whose version holds the link
    claim: Key
    type: str
    target: Key


@dataclass(frozen=True)
class Comparison:
    """Several annotators' sets of one document, compared."""

    document: Document
    annotators: tuple[str, ...]
    sets: Mapping[str, AnnotationSet]
    clusters: tuple[Cluster, ...]  # reading order, agreed and conflicts
    by_key: Mapping[Key, Cluster]  # every span key of every set -> its cluster
    incoming: Mapping[int, tuple[Incoming, ...]]  # cluster index -> links into it
    _buckets: dict[int, list[Cluster]] = field(default_factory=dict, repr=False)
    conflicts: list[Cluster] = field(init=False, repr=False)  # reading order
    agreed: list[Cluster] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "conflicts", [c for c in self.clusters if not c.agreed])
        object.__setattr__(self, "agreed", [c for c in self.clusters if c.agreed])

    def conflicts_overlapping(self, start: int, end: int) -> list[Cluster]:
        """Conflicts sharing a character with ``[start, end)``, in reading order."""
        if start >= end:
            return []
        found: dict[int, Cluster] = {}
        for b in range(start // _BUCKET, (end - 1) // _BUCKET + 1):
            for cluster in self._buckets.get(b, ()):
                if cluster.overlaps(start, end):
                    found[cluster.index] = cluster
        return [found[i] for i in sorted(found)]


_BUCKET = 256


def compare_sets(sets: Mapping[str, AnnotationSet] | Sequence[AnnotationSet]) -> Comparison:
    """Compare the sets (one per annotator, all of the same document) into clusters.

    Raises ValidationError when the sets annotate different texts or repeat an annotator.
    """
    by_name = _by_annotator(sets)
    names = tuple(by_name)
    document = _common_document(by_name)
    made: dict[Key, dict[str, VersionSpan]] = {}
    for name, aset in by_name.items():
        for vs in _version_spans(aset):
            made.setdefault(vs.key, {})[name] = vs
    everyone = len(names)
    shared = [k for k, who in made.items() if len(who) == everyone]
    groups: list[list[Key]] = [[k] for k in shared]
    groups.extend(_connected([k for k, who in made.items() if len(who) < everyone]))
    drafts = []
    for keys in groups:
        keys.sort()
        versions = {name: tuple(made[k][name] for k in keys if name in made[k]) for name in names}
        start = min(k[0] for k in keys)
        end = max(k[1] for k in keys)
        labels = tuple(sorted({k[2] for k in keys}))
        drafts.append((start, end, labels, versions))
    drafts.sort(key=lambda d: (d[0], -d[1], d[2]))
    clusters = []
    for i, (start, end, labels, versions) in enumerate(drafts):
        grouped = group_versions(versions)
        kinds = conflict_kinds([version for _, version in grouped])
        clusters.append(Cluster(i, start, end, labels, versions, kinds, grouped))
    by_key = {vs.key: c for c in clusters for v in c.versions.values() for vs in v}
    incoming: dict[int, list[Incoming]] = {}
    for cluster in clusters:
        for name, version in cluster.versions.items():
            for vs in version:
                for rtype, target in vs.links:
                    into = by_key[target].index
                    incoming.setdefault(into, []).append(
                        Incoming(cluster.index, name, vs.key, rtype, target)
                    )
    buckets: dict[int, list[Cluster]] = {}
    for cluster in clusters:
        if not cluster.agreed:
            for b in range(cluster.start // _BUCKET, (cluster.end - 1) // _BUCKET + 1):
                buckets.setdefault(b, []).append(cluster)
    return Comparison(
        document,
        names,
        by_name,
        tuple(clusters),
        by_key,
        {i: tuple(found) for i, found in incoming.items()},
        buckets,
    )


def _by_annotator(
    sets: Mapping[str, AnnotationSet] | Sequence[AnnotationSet],
) -> dict[str, AnnotationSet]:
    if isinstance(sets, Mapping):
        return dict(sets)
    result: dict[str, AnnotationSet] = {}
    for aset in sets:
        if aset.annotator in result:
            raise ValidationError(
                f"annotator {aset.annotator!r} is compared twice", file=aset.document.file
            )
        result[aset.annotator] = aset
    return result


def _common_document(sets: Mapping[str, AnnotationSet]) -> Document:
    if not sets:
        raise ValidationError("nothing to compare: no annotation sets")
    first = next(iter(sets.values())).document
    for name, aset in sets.items():
        if aset.document.sha256 != first.sha256 or aset.document.id != first.id:
            raise ValidationError(
                f"{name}'s set annotates {aset.document.id} (sha256 {aset.document.sha256[:12]}…), "
                f"not {first.id} (sha256 {first.sha256[:12]}…)",
                file=aset.document.file,
            )
    return first


def _version_spans(aset: AnnotationSet) -> list[VersionSpan]:
    links: dict[str, list[LinkKey]] = {}
    for rel in aset.relations:
        if aset.has_span(rel.to_id):
            links.setdefault(rel.from_id, []).append((rel.type, aset.span(rel.to_id).key))
    return [VersionSpan(s, tuple(sorted(links.get(s.id, ())))) for s in aset.spans]


def _connected(keys: list[Key]) -> list[list[Key]]:
    """Groups of keys joined by same label + overlap, or same extent (union-find)."""
    parent = list(range(len(keys)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)

    by_label: dict[str, list[int]] = {}
    by_extent: dict[tuple[int, int], int] = {}
    for i, (start, end, label) in enumerate(keys):
        by_label.setdefault(label, []).append(i)
        first = by_extent.setdefault((start, end), i)
        if first != i:
            union(first, i)
    for members in by_label.values():
        members.sort(key=lambda i: keys[i][:2])
        reach, head = -1, -1
        for i in members:
            start, end, _ = keys[i]
            if start < reach:
                union(head, i)
            else:
                head = i
            reach = max(reach, end)
    groups: dict[int, list[Key]] = {}
    for i, key in enumerate(keys):
        groups.setdefault(find(i), []).append(key)
    return list(groups.values())


def group_versions(
    versions: Mapping[str, Version],
) -> tuple[tuple[tuple[str, ...], Version], ...]:
    """Annotators with identical versions together, in the order of the first of each."""
    found: dict[object, tuple[list[str], Version]] = {}
    for annotator, version in versions.items():
        entry = found.setdefault(signature(version), ([], version))
        entry[0].append(annotator)
    return tuple((tuple(names), version) for names, version in found.values())


def conflict_kinds(versions: Iterable[Version]) -> frozenset[str]:
    """What the versions disagree on; empty when they are all identical."""
    versions = list(versions)
    distinct: dict[object, Version] = {}
    for version in versions:
        distinct.setdefault(signature(version), version)
    if len(distinct) < 2:
        return frozenset()
    kinds: set[str] = set()
    nonempty = [v for v in distinct.values() if v]
    if len(nonempty) < len(distinct):
        kinds.add("missing")
    for a, b in combinations(nonempty, 2):
        kinds.update(_pair_kinds(a, b))
    if not kinds:
        kinds.add("boundary")  # versions differ but in no nameable way: spans differ
    return frozenset(kinds)


def _pair_kinds(a: Version, b: Version) -> set[str]:
    kinds: set[str] = set()
    labels_at_a = _labels_by_extent(a)
    labels_at_b = _labels_by_extent(b)
    for extent in labels_at_a.keys() & labels_at_b.keys():
        if labels_at_a[extent] != labels_at_b[extent]:
            kinds.add("label")
    extents_a = _extents_by_label(a)
    extents_b = _extents_by_label(b)
    for label in extents_a.keys() & extents_b.keys():
        if extents_a[label] != extents_b[label]:
            kinds.add("boundary")
    attributes_b = {vs.key: vs.span.attributes for vs in b}
    for vs in a:
        if vs.key in attributes_b and attributes_b[vs.key] != vs.span.attributes:
            kinds.add("attribute")
    if sorted(link for vs in a for link in vs.links) != sorted(
        link for vs in b for link in vs.links
    ):
        kinds.add("relation")
    return kinds


def _labels_by_extent(version: Version) -> dict[tuple[int, int], set[str]]:
    result: dict[tuple[int, int], set[str]] = {}
    for vs in version:
        result.setdefault((vs.span.start, vs.span.end), set()).add(vs.span.label)
    return result


def _extents_by_label(version: Version) -> dict[str, set[tuple[int, int]]]:
    result: dict[str, set[tuple[int, int]]] = {}
    for vs in version:
        result.setdefault(vs.span.label, set()).add((vs.span.start, vs.span.end))
    return result
