"""Checking a whole project, or single files, and collecting every problem at once.

``annotator validate`` prints one line per problem; nothing here stops at the first one,
because fixing a file is faster when all of its problems are listed together.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from annotator.bulk import Advance, closing_meter, cycle_collector_paused, parallel_map
from annotator.errors import AnnotatorError, Place, Problem
from annotator.store.annotation_file import check_annotation_file, read_annotation_file
from annotator.store.project import ANNOTATIONS, GOLD, Project, find_project_root


@dataclass
class ValidationReport:
    problems: list[Problem] = field(default_factory=list)
    documents: int = 0
    files: int = 0
    spans: int = 0
    relations: int = 0

    def add(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    def merge(self, other: ValidationReport) -> None:
        self.problems.extend(other.problems)
        self.documents += other.documents
        self.files += other.files
        self.spans += other.spans
        self.relations += other.relations


#: One thing to check in a project: a text (annotator ""), or an annotation file with the
#: annotator its folder names (None for gold).
_Item = tuple[str, str | None]
#: Makes the progress meter once the number of things to check is known.
ProgressFactory = Callable[[int], Advance]


def validate_project(
    root: Path,
    report: ValidationReport | None = None,
    *,
    jobs: int = 1,
    progress: ProgressFactory | None = None,
) -> ValidationReport:
    """Check every text and annotation file of the project at ``root``; with ``jobs`` above 1
    in that many processes (annotator/bulk.py), with the same report for any number."""
    report = report or ValidationReport()
    try:
        project = Project.open(root)
    except AnnotatorError as err:
        report.add(err.problems)
        return report
    for path in project.invalid_text_names():
        report.add([Problem(Place(str(path)), "file name cannot be a document id")])
    for path, real in project.links_outside():
        report.add([Problem(Place(str(path)), f"is a link to {real}, outside the project")])
    for path in project.stale_temp_files():
        report.add(
            [
                Problem(
                    Place(str(path)),
                    "temporary file of a save that was killed; it is removed the next time "
                    "the project is opened for editing (or delete it)",
                )
            ]
        )
    items: list[_Item] = [(str(project.text_path(d)), "") for d in project.document_ids()]
    for annotator in project.annotators():
        items.extend((str(p), annotator) for p in project.annotation_files(annotator))
    items.extend((str(p), None) for p in project.gold_files())
    meter = progress(len(items)) if progress is not None else None
    with closing_meter(meter):
        for part in parallel_map(partial(_check_items, root), items, jobs, progress=meter):
            report.merge(part)
    return report


def _check_items(root: Path, items: list[_Item]) -> list[ValidationReport]:
    """One report per item (in a worker process, or in this one). Texts are read for each
    file and forgotten after it, so a worker's memory does not grow with the corpus."""
    project = Project.open(root)
    out = []
    with cycle_collector_paused():
        for path, annotator in items:
            part = ValidationReport()
            if annotator == "":
                doc_id = Path(path).stem
                try:
                    project.document(doc_id)
                    part.documents += 1
                except AnnotatorError as err:
                    part.add(err.problems)
            else:
                validate_annotation_file(Path(path), project, part, expected_annotator=annotator)
            project.forget_documents()
            out.append(part)
    return out


def validate_annotation_file(
    path: Path,
    project: Project | None = None,
    report: ValidationReport | None = None,
    *,
    expected_annotator: str | None = None,
) -> ValidationReport:
    report = report or ValidationReport()
    report.files += 1
    if project is None:
        root = find_project_root(path.resolve().parent)
        if root is None:
            report.add(
                [Problem(Place(str(path)), "not inside a project (no annotator.yaml above it)")]
            )
            return report
        try:
            project = Project.open(root)
        except AnnotatorError as err:
            report.add(err.problems)
            return report
        folder = path.resolve().parent
        if folder.parent.name == ANNOTATIONS and folder.parent.parent == root.resolve():
            expected_annotator = folder.name
    try:
        parsed = read_annotation_file(path)
    except AnnotatorError as err:
        report.add(err.problems)
        return report
    if path.stem != parsed.document_id:
        report.add(
            [
                Problem(
                    Place(str(path), 2),
                    f"file name does not match document id {parsed.document_id!r}",
                )
            ]
        )
    try:
        document = project.document(parsed.document_id)
    except AnnotatorError:
        report.add(
            [
                Problem(
                    Place(str(path), 2),
                    f"no text for document {parsed.document_id!r} in {project.texts_dir}",
                )
            ]
        )
        return report
    aset, problems = check_annotation_file(
        parsed, document, project.schema, expected_annotator=expected_annotator
    )
    report.add(problems)
    report.spans += len(aset.spans)
    report.relations += len(aset.relations)
    return report


def validate_paths(
    paths: Iterable[Path], *, jobs: int = 1, progress: ProgressFactory | None = None
) -> ValidationReport:
    report = ValidationReport()
    for path in paths:
        if path.is_dir():
            if (path / "annotator.yaml").is_file():
                validate_project(path, report, jobs=jobs, progress=progress)
            elif path.name in (GOLD,) or path.parent.name == ANNOTATIONS:
                for child in sorted(path.glob("*.yaml")):
                    validate_annotation_file(child, report=report)
            else:
                report.add([Problem(Place(str(path)), "not a project (no annotator.yaml)")])
        elif path.exists():
            validate_annotation_file(path, report=report)
        else:
            report.add([Problem(Place(str(path)), "no such file or folder")])
    return report
