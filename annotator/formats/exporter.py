"""Exporting a project's annotation sets (one annotator's, or gold) in a format.

The steps are those of ``annotator export``, usable from the app too: pick the sets
(``collect_sets``: documents without a set for the source are listed, never silently left
out), optionally split them by document (splits.py), check the output paths (an existing output
is not overwritten unless ``force``), then write each part and merge the writers' reports.

Output naming: without a split, ``out`` is the file (or, for brat, the folder) written. With a
split, ``out`` is a folder holding one output per part: ``out/train.conll``, ``out/dev.conll``
... for file formats, ``out/train/``, ``out/dev/`` ... for brat.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from annotator.errors import AnnotatorError, ImportExportError, Problem, ProjectError
from annotator.formats.base import NO_PROGRESS, ExportReport, Progress, WriteOptions
from annotator.formats.registry import Format
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
    sets: list[AnnotationSet] = []
    missing: list[str] = []
    problems: list[Problem] = []
    for doc_id in wanted:
        try:
            if source == GOLD_NAME:
                gold = project.load_gold(doc_id)
                if gold is None:
                    missing.append(doc_id)
                else:
                    sets.append(gold)
            elif project.has_set(source, doc_id):
                sets.append(project.load_set(source, doc_id))
            else:
                missing.append(doc_id)
        except AnnotatorError as err:
            problems.extend(err.problems)
        progress.advance()
    if problems:
        raise ImportExportError.from_problems(problems)
    return Selection(sets, missing)


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
    by_id = {s.document.id: s for s in sets}
    if split:
        chosen = split_ids(list(by_id), split, seed)
        parts = [(name, part_target(fmt, out, name), chosen[name]) for name, _ in split]
    else:
        parts = [("all", out, list(by_id))]
    for _, target, _ in parts:
        check_target(fmt, target, force)
    if split:
        out.mkdir(parents=True, exist_ok=True)
    result = ExportResult(ExportReport(fmt.name))
    for name, target, ids in parts:
        part_sets = [by_id[i] for i in ids]
        label = f"export {name}" if split else "export"
        meter = progress(label, len(part_sets)) if progress else NO_PROGRESS
        try:
            report = fmt.write(part_sets, target, options, meter)
        finally:
            close = getattr(meter, "close", None)
            if close is not None:
                close()
        result.report.merge(report)
        result.parts.append(PartSummary(name, target, len(part_sets), report.spans))
    return result
