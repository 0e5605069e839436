"""Exporting a project's annotation sets (one annotator's, or gold) in a format.

``export_project`` takes the steps of ``annotator export``: find the documents that have a
set for the source (``available_ids``: those without one are listed, never silently left
out), optionally split them by document (splits.py), check the output paths (an existing output
is not overwritten unless ``force``), load and check every set, then write each part and merge
the writers' reports; in several processes when the format can join parts
(parallel_export.py). ``export_sets`` writes sets already in memory.

Output naming: without a split, ``out`` is the file (or, for brat, the folder) written. With a
split, ``out`` is a folder holding one output per part: ``out/train.conll``, ``out/dev.conll``
... for file formats, ``out/train/``, ``out/dev/`` ... for brat.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from annotator.bulk import cycle_collector_paused
from annotator.errors import AnnotatorError, ImportExportError, Problem, ProjectError
from annotator.formats.base import NO_PROGRESS, ExportReport, Progress, WriteOptions
from annotator.formats.parallel_export import PARALLEL_FROM, can_fork, export_in_parallel
from annotator.formats.registry import Format
from annotator.formats.spacy_shape import entity_labels
from annotator.formats.splits import split_ids
from annotator.model.annotation_set import AnnotationSet
from annotator.store.project import GOLD_NAME, Project

ProgressFactory = Callable[[str, int], Progress]


@dataclass
class Selection:
    """The sets to export, and the documents that have none for the source."""

    sets: list[AnnotationSet]
    missing: list[str]


@dataclass
class PartSummary:
    name: str
    target: Path
    documents: int
    spans: int


@dataclass
class ExportResult:
    report: ExportReport
    parts: list[PartSummary] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    #: Spans not exported because their label was not asked for, by label.
    left_out: Counter[str] = field(default_factory=Counter)


def collect_sets(
    project: Project,
    source: str,
    doc_ids: Sequence[str] | None = None,
    progress: Progress = NO_PROGRESS,
) -> Selection:
    """Load the ``source`` sets (``gold`` or an annotator) of ``doc_ids`` (default: all).

    Every annotation file is loaded and checked; the problems of all files are raised together.
    ``progress`` advances once per document.
    """
    wanted, missing = available_ids(project, source, doc_ids)
    sets = load_sets(project, source, wanted, progress)
    progress.advance(len(missing))
    return Selection(sets, missing)


def available_ids(
    project: Project, source: str, doc_ids: Sequence[str] | None = None
) -> tuple[list[str], list[str]]:
    """The documents of ``doc_ids`` (default: all) that have a ``source`` set, and those that
    have none, without loading any set; unknown documents or sources are errors."""
    known = project.document_ids()
    if doc_ids is None:
        wanted = known
    else:
        unknown = [d for d in doc_ids if d not in known]
        if unknown:
            raise ProjectError(
                f"no such document{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}",
                file=project.root,
            )
        wanted = list(dict.fromkeys(doc_ids))
    if source != GOLD_NAME and source not in project.annotators():
        listed = ", ".join([GOLD_NAME, *project.annotators()])
        raise ProjectError(
            f"no annotator {source!r} in this project (sources: {listed})", file=project.root
        )
    present: list[str] = []
    missing: list[str] = []
    for doc_id in wanted:
        path = (
            project.gold_path(doc_id)
            if source == GOLD_NAME
            else project.annotation_path(source, doc_id)
        )
        (present if path.is_file() else missing).append(doc_id)
    return present, missing


def load_sets(
    project: Project, source: str, doc_ids: Sequence[str], progress: Progress = NO_PROGRESS
) -> list[AnnotationSet]:
    """The ``source`` sets of ``doc_ids`` (which have one: see ``available_ids``), every file
    checked; the problems of all files are raised together."""
    sets: list[AnnotationSet] = []
    problems: list[Problem] = []
    with cycle_collector_paused():
        for doc_id in doc_ids:
            try:
                sets.append(_load_one(project, source, doc_id))
            except AnnotatorError as err:
                problems.extend(err.problems)
            progress.advance()
    if problems:
        raise ImportExportError.from_problems(problems)
    return sets


def _load_one(project: Project, source: str, doc_id: str) -> AnnotationSet:
    if source != GOLD_NAME:
        return project.load_set(source, doc_id)
    gold = project.load_gold(doc_id)
    if gold is None:
        raise ProjectError("went away during the export", file=project.gold_path(doc_id))
    return gold


def select_labels(
    sets: Sequence[AnnotationSet], labels: Sequence[str]
) -> tuple[list[AnnotationSet], Counter[str]]:
    """The sets with only spans of ``labels`` (and the relations between those), and how many
    spans of each other label were left out. Lets a NER export leave out CLAIM spans, which
    would otherwise hide the entities nested in them in token formats."""
    wanted = set(labels)
    left_out: Counter[str] = Counter()
    out = []
    for aset in sets:
        spans = tuple(s for s in aset.spans if s.label in wanted)
        left_out.update(s.label for s in aset.spans if s.label not in wanted)
        ids = {s.id for s in spans}
        relations = tuple(r for r in aset.relations if r.from_id in ids and r.to_id in ids)
        out.append(replace(aset, spans=spans, relations=relations, _by_id={}))
    return out, left_out


def part_target(fmt: Format, out: Path, part: str) -> Path:
    return out / part if fmt.folder else out / f"{part}{fmt.default_extension}"


def check_target(fmt: Format, target: Path, force: bool) -> None:
    """Refuse to write over an existing output unless forced."""
    if fmt.folder:
        if target.exists() and not target.is_dir():
            raise ImportExportError("exists and is not a folder", file=target)
        if target.is_dir() and any(target.iterdir()) and not force:
            raise ImportExportError(
                "folder is not empty; choose another --out or use --force to write into it",
                file=target,
            )
        return
    if target.is_dir():
        raise ImportExportError("is a folder; --out must name a file for this format", file=target)
    if target.exists() and not force:
        raise ImportExportError("exists; choose another --out or use --force", file=target)


def plan_parts(
    fmt: Format,
    ids: Sequence[str],
    out: Path,
    split: Sequence[tuple[str, float]] | None,
    seed: int,
    force: bool,
) -> list[tuple[str, Path, list[str]]]:
    """The outputs to write, ``(part name, target, document ids)``, each target checked."""
    if split:
        chosen = split_ids(list(ids), split, seed)
        parts = [(name, part_target(fmt, out, name), chosen[name]) for name, _ in split]
    else:
        parts = [("all", out, list(ids))]
    for _, target, _ in parts:
        check_target(fmt, target, force)
    if fmt.companions is not None:
        for path in fmt.companions(companion_folder(fmt, out, bool(split))):
            if path.exists() and not force:
                raise ImportExportError(
                    "exists (written with the export); choose another --out or use --force",
                    file=path,
                )
    return parts


def companion_folder(fmt: Format, out: Path, split: bool) -> Path:
    """Where files that go with an export's parts (spaCy's config.cfg, a dataset card) are
    written: the output folder, or the folder holding the output file."""
    return out if split or fmt.folder else out.parent


def _finish(
    fmt: Format,
    result: ExportResult,
    out: Path,
    options: WriteOptions,
    split: bool,
    present_labels: Sequence[str],
) -> None:
    if fmt.finish is None:
        return
    written, notes = fmt.finish(
        [(p.name, p.target) for p in result.parts],
        companion_folder(fmt, out, split),
        options,
        present_labels,
    )
    result.report.files.extend(written)
    result.report.notes.extend(notes)


def export_sets(
    fmt: Format,
    sets: Sequence[AnnotationSet],
    out: Path,
    options: WriteOptions,
    *,
    split: Sequence[tuple[str, float]] | None = None,
    seed: int = 0,
    force: bool = False,
    progress: ProgressFactory | None = None,
) -> ExportResult:
    """Write ``sets`` to ``out`` (one output, or one per split part) and report."""
    if fmt.write is None:
        raise ImportExportError(f"format {fmt.name!r} cannot be written")
    parts = plan_parts(fmt, [s.document.id for s in sets], out, split, seed, force)
    result = _write_parts(fmt, parts, sets, options, bool(split), progress)
    _finish(fmt, result, out, options, bool(split), _labels_in(sets))
    return result


def _labels_in(sets: Sequence[AnnotationSet]) -> list[str]:
    return list(dict.fromkeys(s.label for aset in sets for s in aset.spans))


def _write_parts(
    fmt: Format,
    parts: list[tuple[str, Path, list[str]]],
    sets: Sequence[AnnotationSet],
    options: WriteOptions,
    split: bool,
    progress: ProgressFactory | None,
) -> ExportResult:
    assert fmt.write is not None
    by_id = {s.document.id: s for s in sets}
    result = ExportResult(ExportReport(fmt.name))
    for name, target, ids in parts:
        part_sets = [by_id[i] for i in ids]
        meter = (
            progress(f"export {name}" if split else "export", len(part_sets))
            if progress
            else NO_PROGRESS
        )
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            report = fmt.write(part_sets, target, options, meter)
        finally:
            _close(meter)
        result.report.merge(report)
        result.parts.append(PartSummary(name, target, len(part_sets), report.spans))
    return result


def export_project(
    project: Project,
    source: str,
    fmt: Format,
    out: Path,
    options: WriteOptions,
    *,
    doc_ids: Sequence[str] | None = None,
    labels: Sequence[str] | None = None,
    split: Sequence[tuple[str, float]] | None = None,
    seed: int = 0,
    force: bool = False,
    progress: ProgressFactory | None = None,
    jobs: int = 1,
    parallel_from: int = PARALLEL_FROM,
) -> ExportResult:
    """Everything ``annotator export`` does, from the project's files to the output.

    The ``source`` sets of ``doc_ids`` (default: all documents; those without a set are listed
    in ``missing``) are loaded and checked, cut down to ``labels`` if given, and written (one
    output, or one per split part). Nothing is written unless every set loads. With ``jobs``
    above 1, a format that can join parts (``Format.join``) and at least ``parallel_from``
    documents, loading and writing run in that many processes (parallel_export.py) and give
    the same output and report.
    """
    if fmt.write is None:
        raise ImportExportError(f"format {fmt.name!r} cannot be written")
    ids, missing = available_ids(project, source, doc_ids)
    if not ids:
        raise ImportExportError(
            f"nothing to export: no document has a {source} set", file=project.root
        )
    wanted = tuple(labels) if labels else None
    if options.schema is None:
        options = replace(options, schema=project.schema)
    parts = plan_parts(fmt, ids, out, split, seed, force)
    if jobs > 1 and fmt.join is not None and len(ids) >= parallel_from and can_fork():
        meter = progress("export", len(ids)) if progress else NO_PROGRESS
        try:
            written = export_in_parallel(
                fmt, project, source, [(t, i) for _, t, i in parts], wanted, options, meter, jobs
            )
        finally:
            _close(meter)
        result = ExportResult(ExportReport(fmt.name))
        for (name, target, part_ids), (report, part_left_out) in zip(parts, written, strict=True):
            result.report.merge(report)
            result.left_out.update(part_left_out)
            result.parts.append(PartSummary(name, target, len(part_ids), report.spans))
    else:
        meter = progress("load", len(ids)) if progress else NO_PROGRESS
        try:
            sets = load_sets(project, source, ids, meter)
        finally:
            _close(meter)
        result_left_out: Counter[str] = Counter()
        if wanted is not None:
            sets, result_left_out = select_labels(sets, wanted)
        result = _write_parts(fmt, parts, sets, options, bool(split), progress)
        result.left_out = result_left_out
    if wanted is not None:
        # The config's entity labels: only those exported.
        options = replace(
            options, ent_labels=tuple(n for n in entity_labels(options) if n in wanted)
        )
    _finish(fmt, result, out, options, bool(split), ())
    result.missing = missing
    return result


def _close(meter: Progress) -> None:
    close = getattr(meter, "close", None)
    if close is not None:
        close()
