"""Adjudication over a project: which sets are compared, each document's state, ``--auto``.

An annotator's set of a document is compared when the file exists and its status is not
``new`` (an untouched set says nothing), which is also what the agreement metrics count.
A document needs two such sets to be adjudicated.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from annotator.adjudication.conflicts import Comparison, compare_sets
from annotator.adjudication.gold import Adjudication, start_gold
from annotator.errors import AnnotatorError, LockedError, Problem, ProjectError, ValidationError
from annotator.metrics.agreement import document_agreement
from annotator.metrics.span_agreement import document_span_f1
from annotator.model import AnnotationSet
from annotator.store.annotation_file import dump_annotation_set, read_annotation_file
from annotator.store.atomic import write_atomic_many
from annotator.store.locks import SetLock
from annotator.store.project import Project

AdjudicationStatus = Literal["not started", "in progress", "done"]


def check_annotators(project: Project, annotators: Sequence[str] | None) -> tuple[str, ...]:
    """The annotators to compare: those asked for (each must exist), else all of the project's."""
    known = project.annotators()
    if annotators is None:
        return tuple(known)
    unknown = [a for a in annotators if a not in known]
    if unknown:
        raise ProjectError(
            f"unknown annotator {unknown[0]!r} (the project has {', '.join(known) or 'none'})",
            file=project.root,
        )
    if len(set(annotators)) != len(annotators):
        raise ProjectError("an annotator is listed twice in --annotators", file=project.root)
    return tuple(annotators)


def annotated_by(project: Project, doc_id: str, annotators: Sequence[str]) -> list[str]:
    """The annotators whose set of the document counts (file present, status not ``new``)."""
    found = []
    for name in annotators:
        path = project.annotation_path(name, doc_id)
        if path.is_file():
            try:
                status = read_annotation_file(path).status
            except AnnotatorError:
                status = "unreadable"  # compared, so that loading reports the problem
            if status != "new":
                found.append(name)
    return found


def load_annotated(
    project: Project, doc_id: str, annotators: Sequence[str]
) -> dict[str, AnnotationSet]:
    """The sets of the document that count (file present, status not ``new``), each file read
    once; the problems of every unreadable file reported together."""
    sets: dict[str, AnnotationSet] = {}
    problems: list[Problem] = []
    for name in annotators:
        if not project.has_set(name, doc_id):
            continue
        try:
            aset = project.load_set(name, doc_id)
        except AnnotatorError as err:
            problems.extend(err.problems)
            continue
        if aset.status != "new":
            sets[name] = aset
    if problems:
        raise ValidationError.from_problems(problems)
    return sets


def load_comparison(
    project: Project, doc_id: str, annotators: Sequence[str] | None = None
) -> Comparison:
    """Compare the sets of a document; ProjectError when fewer than two count."""
    sets = load_annotated(project, doc_id, check_annotators(project, annotators))
    if len(sets) < 2:
        have = ", ".join(sets) or "none"
        raise ProjectError(
            f"{doc_id} needs sets from at least two annotators to adjudicate (has: {have})",
            file=project.text_path(doc_id),
        )
    return compare_sets(sets)


def adjudication_status(project: Project, doc_id: str) -> AdjudicationStatus:
    """From the gold file: none (or untouched ``new``) is not started."""
    path = project.gold_path(doc_id)
    if not path.is_file():
        return "not started"
    try:
        status = read_annotation_file(path).status
    except AnnotatorError:
        return "in progress"  # a broken gold file is somebody's work: never "not started"
    return {"done": "done", "in_progress": "in progress"}.get(status, "not started")  # type: ignore[return-value]


@dataclass(frozen=True, slots=True)
class DocumentState:
    """One document as the adjudication corpus screen and ``--auto`` report it."""

    document: str
    annotators: tuple[str, ...]  # whose sets are compared
    status: AdjudicationStatus
    agreed: int = 0  # agreed spans
    conflicts: int = 0
    open: int = 0  # conflicts gold has no decision for
    error: str | None = None

    @property
    def comparable(self) -> bool:
        return len(self.annotators) >= 2 and self.error is None

    span_f1: float | None = None  # DOCUMENT_SPAN_F1, as annotator agree reports it


def agreement_figure(project: Project, state: DocumentState) -> float | None:
    """The agreement documents are ranked by, lowest first: Krippendorff's alpha over the
    document's tokens among the compared annotators (docs/agreement.md); None when fewer than
    two sets can be compared."""
    if not state.comparable:
        return None
    return document_agreement(project, state.document, state.annotators).headline


def document_state(
    project: Project, doc_id: str, annotators: Sequence[str] | None = None
) -> DocumentState:
    chosen = check_annotators(project, annotators)
    status = adjudication_status(project, doc_id)
    try:
        sets = load_annotated(project, doc_id, chosen)
        if len(sets) < 2:
            return DocumentState(doc_id, tuple(sets), status)
        comparison = compare_sets(sets)
        gold = project.load_gold(doc_id)
    except AnnotatorError as err:
        compared = tuple(annotated_by(project, doc_id, chosen))
        return DocumentState(doc_id, compared, status, error=str(err))
    return state_of(doc_id, comparison, gold, status, project)


def state_of(
    doc_id: str,
    comparison: Comparison,
    gold: AnnotationSet | None,
    status: AdjudicationStatus,
    project: Project,
) -> DocumentState:
    conflicts = comparison.conflicts
    open_count = len(conflicts)
    if gold is not None:
        open_count = len(Adjudication(comparison, project.schema).open_conflicts(gold))
    spans = [tuple(s.key for s in comparison.sets[a].spans) for a in comparison.annotators]
    return DocumentState(
        doc_id,
        comparison.annotators,
        status,
        agreed=len(comparison.clusters) - len(conflicts),
        conflicts=len(conflicts),
        open=open_count,
        span_f1=document_span_f1(spans),
    )


# -- --auto --------------------------------------------------------------------------------------

AutoAction = Literal["written", "kept", "locked", "skipped"]


@dataclass(frozen=True, slots=True)
class AutoResult:
    state: DocumentState
    action: AutoAction
    message: str = ""
    agreement: float | None = None  # Krippendorff's alpha (agreement_figure)


def auto_adjudicate(
    project: Project,
    doc_ids: Sequence[str],
    annotators: Sequence[str] | None,
    adjudicator: str,
    progress: Callable[[int, int, str], None] | None = None,
) -> list[AutoResult]:
    """Write gold with the agreed spans and links for documents that have no gold yet.

    Every set is loaded and checked before anything is written; an existing gold file is never
    changed (its open conflicts are counted against it); a gold file another session holds is
    left alone. Documents with fewer than two compared sets are skipped.
    """
    chosen = check_annotators(project, annotators)
    plans: list[tuple[str, tuple[str, ...], Comparison | None, AnnotationSet | None]] = []
    problems: list[Problem] = []
    for n, doc_id in enumerate(doc_ids, 1):
        if progress is not None:
            progress(n, len(doc_ids), doc_id)
        try:
            sets = load_annotated(project, doc_id, chosen)
            if len(sets) < 2:
                plans.append((doc_id, tuple(sets), None, None))
                continue
            comparison = compare_sets(sets)
            gold = project.load_gold(doc_id)
        except AnnotatorError as err:
            problems.extend(err.problems)
            continue
        plans.append((doc_id, comparison.annotators, comparison, gold))
    if problems:
        raise ValidationError.from_problems(problems)
    # Two phases, so --auto over many documents is all or nothing: first lock and build every
    # gold set to write, then write them as one batch (store.atomic.write_atomic_many: on a
    # failure no gold file has changed), then release the locks.
    locks: list[SetLock] = []
    staged: list[tuple[AnnotationSet, Path]] = []
    decided: list[AutoResult] = []
    try:
        for plan in plans:
            result, lock, gold = _auto_plan(project, adjudicator, *plan)
            if lock is not None:
                locks.append(lock)
            if gold is not None:
                staged.append((gold, project.inside(project.gold_path(gold.document.id))))
            decided.append(result)
        write_atomic_many([(path, dump_annotation_set(gold)) for gold, path in staged])
    finally:
        for lock in locks:
            lock.release()
    results = []
    for result in decided:
        figure = agreement_figure(project, result.state)
        results.append(AutoResult(result.state, result.action, result.message, figure))
    return results


def _auto_plan(
    project: Project,
    adjudicator: str,
    doc_id: str,
    compared: tuple[str, ...],
    comparison: Comparison | None,
    gold: AnnotationSet | None,
) -> tuple[AutoResult, SetLock | None, AnnotationSet | None]:
    """What --auto does with one document: its result, the gold lock it holds and the gold set
    to write (None when nothing is written)."""
    status = adjudication_status(project, doc_id)
    if comparison is None:
        have = ", ".join(compared) or "none"
        state = DocumentState(doc_id, compared, status)
        return AutoResult(state, "skipped", f"needs two annotators' sets (has: {have})"), None, None
    if gold is not None:
        state = state_of(doc_id, comparison, gold, status, project)
        return AutoResult(state, "kept", "gold exists: left as it is"), None, None
    try:
        lock = project.lock_gold(doc_id, adjudicator)
    except LockedError as err:
        state = state_of(doc_id, comparison, None, status, project)
        return AutoResult(state, "locked", err.message), None, None
    if project.gold_path(doc_id).exists():  # written since we looked: someone's work
        state = state_of(doc_id, comparison, project.load_gold(doc_id), status, project)
        return AutoResult(state, "kept", "gold exists: left as it is"), lock, None
    new_gold = start_gold(comparison, project.schema, adjudicator).touched()
    state = state_of(doc_id, comparison, new_gold, "not started", project)
    message = f"{len(new_gold.spans)} spans, {len(new_gold.relations)} links"
    return AutoResult(state, "written", message), lock, new_gold
