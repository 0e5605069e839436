"""Which finished sets a recommender learns from: the gold, and annotators' done sets."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from annotator.errors import ProjectError
from annotator.model.annotation_set import AnnotationSet
from annotator.store.project import Project


def parse_names(spec: str | None, option: str) -> list[str]:
    """``"A,B"`` as a list of names; a clear error for an empty item."""
    if not spec:
        return []
    names = [n.strip() for n in spec.split(",")]
    if any(not n for n in names):
        raise ProjectError(f"{option}: expected names separated by commas, found {spec!r}")
    return list(dict.fromkeys(names))


def learning_sets(
    project: Project,
    *,
    gold: bool = True,
    annotators: Sequence[str] = (),
    exclude: Iterable[str] = (),
    option: str = "--from",
) -> list[AnnotationSet]:
    """The gold sets (if ``gold``) and the named annotators' sets marked done, one per document
    (gold first, then annotators in the order given), leaving out the documents in ``exclude``.
    ``option``: the command-line option that named the annotators (for the error)."""
    known = project.annotators()
    unknown = [a for a in annotators if a not in known]
    if unknown:
        raise ProjectError(
            f"{option}: no annotator {', '.join(map(repr, unknown))} in the project "
            f"(annotators: {', '.join(known) or 'none'})"
        )
    skip = set(exclude)
    sets: list[AnnotationSet] = []
    taken: set[str] = set()
    if gold:
        for path in project.gold_files():
            if path.stem in skip:
                continue
            aset = project.load_gold(path.stem)
            if aset is not None:
                sets.append(aset)
                taken.add(path.stem)
    for who in annotators:
        for path in project.annotation_files(who):
            if path.stem in skip or path.stem in taken:
                continue
            aset = project.load_set(who, path.stem)
            if aset.status == "done":
                sets.append(aset)
                taken.add(path.stem)
    return sets
