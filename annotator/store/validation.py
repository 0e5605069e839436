"""Checking a whole project, or single files, and collecting every problem at once.

``annotator validate`` prints one line per problem; nothing here stops at the first one,
because fixing a file is faster when all of its problems are listed together.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

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


def validate_project(root: Path, report: ValidationReport | None = None) -> ValidationReport:
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
    for doc_id in project.document_ids():
        try:
            project.document(doc_id)
            report.documents += 1
        except AnnotatorError as err:
            report.add(err.problems)
    for annotator in project.annotators():
        for path in project.annotation_files(annotator):
            validate_annotation_file(path, project, report, expected_annotator=annotator)
    for path in project.gold_files():
        validate_annotation_file(path, project, report)
    return report


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


def validate_paths(paths: Iterable[Path]) -> ValidationReport:
    report = ValidationReport()
    for path in paths:
        if path.is_dir():
            if (path / "annotator.yaml").is_file():
                validate_project(path, report)
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
