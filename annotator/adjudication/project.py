"""Adjudication over a project: which sets are compared, each document's state, ``--auto``.

An annotator's set of a document is compared when the file exists and its status is not
``new`` (an untouched set says nothing), which is also what the agreement metrics count.
A document needs two such sets to be adjudicated.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from annotator.adjudication.conflicts import Comparison, compare_sets
from annotator.adjudication.gold import Adjudication, start_gold
from annotator.bulk import Advance, closing_meter, cycle_collector_paused, parallel_map
from annotator.errors import AnnotatorError, LockedError, Problem, ProjectError, ValidationError
from annotator.metrics.agreement import document_agreement
from annotator.metrics.span_agreement import document_span_f1
from annotator.model import AnnotationSet
from annotator.store.annotation_file import dump_annotation_set, read_annotation_file
from annotator.store.atomic import write_atomic_many
from annotator.store.project import Project
from annotator.text.wording import plural

if TYPE_CHECKING:
    from annotator.store.locks import SetLock

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
    progress: Callable[[str, int], Advance] | None = None,
    *,
    jobs: int = 1,
) -> list[AutoResult]:
    """Write gold with the agreed spans and links for documents that have no gold yet.

    Every set is loaded and checked before anything is written; an existing gold file is never
    changed (its open conflicts are counted against it); a gold file another session holds is
    left alone. Documents with fewer than two compared sets are skipped.

    Two passes over the documents, each in ``jobs`` processes (annotator/bulk.py), results in
    document order for any number: the first only checks (so nothing is held for all documents
    at once), the second compares and writes. ``progress(label, total)`` makes a meter for
    each pass.
    """
    chosen = check_annotators(project, annotators)
    ids = list(doc_ids)
    problems: list[Problem] = []
    meter = progress("check", len(ids)) if progress is not None else None
    with closing_meter(meter):
        check = partial(_check_documents, project.root, chosen)
        for found in parallel_map(check, ids, jobs, progress=meter):
            problems.extend(found)
    if problems:
        raise ValidationError.from_problems(problems)
    # All or nothing over every document, in bounded memory: workers compare and dump each new
    # gold set (no locks, nothing written); here each is locked and staged as it arrives (a
    # temporary file, not held in memory), and only when every one is staged are they renamed
    # (store.atomic.write_atomic_many: on a failure no gold file has changed).
    meter = progress("adjudicate", len(ids)) if progress is not None else None
    plan = partial(_plan_documents, project.root, chosen, adjudicator)
    results: list[AutoResult] = []
    locks: list[SetLock] = []
    _allow_open_files(len(ids))
    try:
        with closing_meter(meter):
            planned = parallel_map(plan, ids, jobs, progress=meter)
            staged = _staged(project, adjudicator, planned, results, locks)
            write_atomic_many(staged, count=len(ids))
    finally:
        for lock in locks:
            lock.release()
    return results


@dataclass(frozen=True, slots=True)
class _Planned:
    """What a worker decided for one document: the result if its gold is written, the state
    if it is not (locked or written meanwhile), and the new gold file's text."""

    result: AutoResult
    without_gold: DocumentState | None = None
    gold_text: str | None = None


def _staged(
    project: Project,
    adjudicator: str,
    planned: Iterable[_Planned],
    results: list[AutoResult],
    locks: list[SetLock],
) -> Iterator[tuple[Path, str]]:
    """The gold files to write, each locked first; every document's result goes to
    ``results`` in order (a gold file another session holds, or one written since the worker
    looked, is left alone)."""
    for item in planned:
        result = item.result
        if item.gold_text is None or item.without_gold is None:
            results.append(result)
            continue
        doc_id = result.state.document
        path = project.inside(project.gold_path(doc_id))
        try:
            lock = project.lock_gold(doc_id, adjudicator)
        except LockedError as err:
            locked = replace(result, state=item.without_gold, action="locked", message=err.message)
            results.append(locked)
            continue
        locks.append(lock)
        if path.exists():  # written since the worker looked: someone's work
            kept = "gold exists: left as it is"
            results.append(replace(result, state=item.without_gold, action="kept", message=kept))
            continue
        results.append(result)
        yield path, item.gold_text


def _allow_open_files(locks: int) -> None:
    """Each staged gold file holds its lock until the batch is renamed: raise the soft limit on
    open files to the hard one when a large batch could need more than it allows."""
    try:
        import resource
    except ImportError:  # not on POSIX: locks work differently there
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and locks + 256 > soft:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def _check_documents(
    root: Path, annotators: tuple[str, ...], doc_ids: list[str]
) -> list[list[Problem]]:
    """The problems of each document's compared sets and gold (in a worker, or here)."""
    project = Project.open(root)
    out: list[list[Problem]] = []
    with cycle_collector_paused():
        for doc_id in doc_ids:
            try:
                sets = load_annotated(project, doc_id, annotators)
                if len(sets) >= 2:
                    project.load_gold(doc_id)
                out.append([])
            except AnnotatorError as err:
                out.append(list(err.problems))
            project.forget_documents()
    return out


def _plan_documents(
    root: Path, annotators: tuple[str, ...], adjudicator: str, doc_ids: list[str]
) -> list[_Planned]:
    """Compare each document and build its gold where there is none (in a worker, or here)."""
    project = Project.open(root)
    out: list[_Planned] = []
    with cycle_collector_paused():
        for doc_id in doc_ids:
            try:
                planned = _plan_one(project, adjudicator, doc_id, annotators)
            except AnnotatorError as err:  # a file changed since the check: leave it alone
                state = DocumentState(
                    doc_id, (), adjudication_status(project, doc_id), error=str(err)
                )
                planned = _Planned(AutoResult(state, "skipped", f"changed during the run: {err}"))
            figure = agreement_figure(project, planned.result.state)
            out.append(replace(planned, result=replace(planned.result, agreement=figure)))
            project.forget_documents()
    return out


def _plan_one(
    project: Project, adjudicator: str, doc_id: str, annotators: tuple[str, ...]
) -> _Planned:
    """What --auto does with one document (nothing is written or locked here)."""
    status = adjudication_status(project, doc_id)
    sets = load_annotated(project, doc_id, annotators)
    if len(sets) < 2:
        have = ", ".join(sets) or "none"
        state = DocumentState(doc_id, tuple(sets), status)
        return _Planned(AutoResult(state, "skipped", f"needs two annotators' sets (has: {have})"))
    comparison = compare_sets(sets)
    gold = project.load_gold(doc_id)
    if gold is not None:
        state = state_of(doc_id, comparison, gold, status, project)
        return _Planned(AutoResult(state, "kept", "gold exists: left as it is"))
    new_gold = start_gold(comparison, project.schema, adjudicator).touched()
    state = state_of(doc_id, comparison, new_gold, "not started", project)
    message = f"{plural(len(new_gold.spans), 'span')}, {plural(len(new_gold.relations), 'link')}"
    return _Planned(
        AutoResult(state, "written", message),
        without_gold=state_of(doc_id, comparison, None, status, project),
        gold_text=dump_annotation_set(new_gold),
    )
