"""The gold side of an evaluation: adjudicated sets with the texts they annotate.

GOLD may be a project (its ``gold/`` folder is used), a folder of annotation files inside a
project (``gold/``, or an annotator's folder to score one annotator against another), or single
annotation files. Texts always come from the project's ``texts/`` (the nearest folder holding
``annotator.yaml``), because offsets and error context need them. Every file is checked against
its text and the project's label schema, and every problem in every file is reported together.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from annotator.bulk import Advance, closing_meter, cycle_collector_paused, parallel_map
from annotator.errors import AnnotatorError, Place, Problem, ProjectError, ValidationError
from annotator.metrics.matching import SpanKey
from annotator.metrics.relations import RelationKey
from annotator.model.annotation_set import AnnotationSet
from annotator.model.document import Document
from annotator.model.labels import LabelSchema
from annotator.store.annotation_file import check_annotation_file, read_annotation_file
from annotator.store.atomic import is_temp_file
from annotator.store.prefetch import will_read
from annotator.store.project import CONFIG_NAME, Project, find_project_root


@dataclass(frozen=True, slots=True)
class GoldDoc:
    document: Document
    spans: tuple[SpanKey, ...]  # document order
    relations: tuple[RelationKey, ...]
    source: str  # the file it was read from
    status: str

    @property
    def id(self) -> str:
        return self.document.id


@dataclass(frozen=True, slots=True)
class GoldCorpus:
    project: Project
    documents: dict[str, GoldDoc]  # by id, sorted

    @property
    def schema(self) -> LabelSchema:
        return self.project.schema

    def texts(self) -> dict[str, Document]:
        return {doc_id: gold.document for doc_id, gold in self.documents.items()}


def set_contents(aset: AnnotationSet) -> tuple[tuple[SpanKey, ...], tuple[RelationKey, ...]]:
    """An annotation set as the metrics see it: span keys in document order, and relations as
    (type, from span key, to span key)."""
    spans = tuple(sorted(s.key for s in aset.spans))
    relations = tuple(
        (r.type, aset.span(r.from_id).key, aset.span(r.to_id).key) for r in aset.relations
    )
    return spans, relations


def yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.yaml") if p.is_file() and not is_temp_file(p))


def _resolve(path: Path) -> tuple[Path, list[Path]]:
    """The project root for ``path`` and the annotation files it stands for."""
    if path.is_dir() and (path / CONFIG_NAME).is_file():
        project = Project.open(path)
        files = list(project.gold_files())
        if not files:
            raise ProjectError("the project has no gold sets (gold/ is empty)", file=path)
        return path, files
    if path.is_dir():
        files = yaml_files(path)
        if not files:
            raise ProjectError("no annotation files (*.yaml) in this folder", file=path)
        start = path.resolve()
    elif path.is_file():
        files, start = [path], path.resolve().parent
    else:
        raise ProjectError("no such file or folder", file=path)
    root = find_project_root(start)
    if root is None:
        raise ProjectError(
            f"not inside a project (no {CONFIG_NAME} here or above): the gold texts are needed "
            "to check offsets and show errors",
            file=path,
        )
    return root, files


def load_gold(
    paths: Sequence[Path],
    *,
    jobs: int = 1,
    progress: Callable[[int], Advance] | None = None,
) -> GoldCorpus:
    """Load and check every gold set under ``paths``; raise with all problems if any. With
    ``jobs`` above 1 the files are read in that many processes (annotator/bulk.py), with the
    same result; ``progress`` is called with the number of files and advanced as they load."""
    roots: dict[Path, Path] = {}
    files: list[Path] = []
    for path in paths:
        root, found = _resolve(path)
        roots.setdefault(root.resolve(), path)
        files.extend(found)
    if len(roots) > 1:
        first, second = list(roots.values())[:2]
        raise ProjectError(f"gold comes from two projects ({first} and {second}); give one")
    root = next(iter(roots))
    project = Project.open(root)
    problems: list[Problem] = []
    documents: dict[str, GoldDoc] = {}
    unique = list(dict.fromkeys(files))
    meter = progress(len(unique)) if progress is not None else None
    with closing_meter(meter):
        loaded = list(parallel_map(partial(_load_files, root), unique, jobs, progress=meter))
    for file, gold in zip(unique, loaded, strict=True):
        if isinstance(gold, list):
            problems.extend(gold)
            continue
        if gold.id in documents:
            problems.append(
                Problem(
                    Place(str(file)),
                    f"document {gold.id!r} is already gold in {documents[gold.id].source}",
                )
            )
            continue
        documents[gold.id] = gold
    if problems:
        raise ValidationError.from_problems(problems)
    return GoldCorpus(project, dict(sorted(documents.items())))


def _load_files(root: Path, files: list[Path]) -> list[GoldDoc | list[Problem]]:
    """Each file's gold, or its problems (in a worker process, or in this one)."""
    project = Project.open(root)
    out: list[GoldDoc | list[Problem]] = []
    will_read(files)
    with cycle_collector_paused():
        for file in files:
            try:
                out.append(_load_one(project, file))
            except AnnotatorError as err:
                out.append(list(err.problems))
    return out


def _load_one(project: Project, file: Path) -> GoldDoc:
    parsed = read_annotation_file(file)
    try:
        document = project.document(parsed.document_id)
    except ProjectError as err:
        raise ValidationError(err.message, file=file, line=2) from None
    aset, problems = check_annotation_file(parsed, document, project.schema)
    if problems:
        raise ValidationError.from_problems(problems)
    spans, relations = set_contents(aset)
    return GoldDoc(document, spans, relations, str(file), aset.status)
