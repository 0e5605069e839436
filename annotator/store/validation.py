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
from annotator.model.span import Attributes
from annotator.store.annotation_file import (
    CanonicalFile,
    check_annotation_file,
    read_for_checking,
)
from annotator.store.prefetch import will_read
from annotator.store.project import ANNOTATIONS, GOLD, Project, find_project_root
from annotator.text.hygiene import survey


@dataclass
class ValidationReport:
    problems: list[Problem] = field(default_factory=list)
    documents: int = 0
    files: int = 0
    spans: int = 0
    relations: int = 0
    #: Texts holding invisible marks or look-alike letters, one line each, in document order
    #: (``validate`` prints them after the problems; they are not problems).
    hygiene: list[str] = field(default_factory=list)

    def add(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    def merge(self, other: ValidationReport) -> None:
        self.merge_counts(other)
        self.problems.extend(other.problems)
        self.hygiene.extend(other.hygiene)

    def merge_counts(self, other: ValidationReport) -> None:
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
    # Checked a document at a time (its text, then every file annotating it), so each text is
    # read once; reported in the order of ``items`` whatever the number of processes.
    by_document: dict[str, list[tuple[int, str, str | None]]] = {}
    for index, (where, who) in enumerate(items):
        by_document.setdefault(Path(where).stem, []).append((index, where, who))
    groups = list(by_document.values())
    said: dict[int, ValidationReport] = {}
    meter = progress(len(items)) if progress is not None else None
    with closing_meter(meter):
        for parts in parallel_map(partial(_check_documents, root), groups, jobs):
            for index, part in parts:
                report.merge_counts(part)
                if part.problems or part.hygiene:
                    said[index] = part
            if meter is not None:
                meter.advance(len(parts))
    for index in sorted(said):
        report.add(said[index].problems)
        report.hygiene.extend(said[index].hygiene)
    return report


def _check_documents(
    root: Path, groups: list[list[tuple[int, str, str | None]]]
) -> list[list[tuple[int, ValidationReport]]]:
    """A report per item of each group (in a worker process, or in this one). A group is a
    document's text and the files annotating it; its text is forgotten after it, so a
    worker's memory does not grow with the corpus."""
    project = Project.open(root)
    memo: dict[tuple[str, Attributes], bool] = {}
    out = []
    will_read(path for group in groups for _, path, _ in group)
    with cycle_collector_paused():
        for group in groups:
            parts = []
            for index, path, annotator in group:
                part = ValidationReport()
                if annotator == "":
                    _check_text(project, Path(path), part)
                else:
                    validate_annotation_file(
                        Path(path), project, part, expected_annotator=annotator, memo=memo
                    )
                parts.append((index, part))
            project.forget_documents()
            out.append(parts)
    return out


def _check_text(project: Project, path: Path, report: ValidationReport) -> None:
    try:
        text = project.document(path.stem).text
    except AnnotatorError as err:
        report.add(err.problems)
        return
    report.documents += 1
    found = survey(text)
    if found:
        report.hygiene.append(f"{project.relative(path)}: {found.describe()}")


def validate_annotation_file(
    path: Path,
    project: Project | None = None,
    report: ValidationReport | None = None,
    *,
    expected_annotator: str | None = None,
    memo: dict[tuple[str, Attributes], bool] | None = None,
) -> ValidationReport:
    """Check one annotation file (against its text and the project's schema) into ``report``.

    ``memo`` keeps, across the files of a bulk check, which labels take which attributes.
    """
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
        parsed = read_for_checking(path)
    except AnnotatorError as err:
        report.add(err.problems)
        return report
    document_id = parsed.document_id
    if path.stem != document_id:
        report.add(
            [Problem(Place(str(path), 2), f"file name does not match document id {document_id!r}")]
        )
    try:
        document = project.document(document_id)
    except AnnotatorError:
        report.add(
            [
                Problem(
                    Place(str(path), 2),
                    f"no text for document {document_id!r} in {project.texts_dir}",
                )
            ]
        )
        return report
    if isinstance(parsed, CanonicalFile):
        # Most files are as this tool wrote them and valid: checked without building a set.
        digest = parsed.digest(
            document, project.schema, expected_annotator=expected_annotator, memo=memo
        )
        if digest is not None:
            report.spans += len(digest.keys)
            report.relations += digest.relations
            return report
        parsed = parsed.annotation_file()
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
