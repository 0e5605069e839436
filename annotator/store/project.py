"""A project folder on disk and everything in it.

```
<project>/annotator.yaml                       name, labels file, annotators, guidelines
<project>/texts/<doc-id>.txt                   UTF-8 articles
<project>/annotations/<annotator>/<doc-id>.yaml
<project>/gold/<doc-id>.yaml                   adjudicated
<project>/.annotator/                          locks and recovery files (not for git)
```
Every field of annotator.yaml has a default, so ``name: x`` alone is a valid project that uses the
bundled label schema.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from annotator.errors import FormatError, Place, Problem, ProjectError, ValidationError
from annotator.model.annotation_set import AnnotationSet
from annotator.model.document import Document
from annotator.model.labels import LabelSchema
from annotator.resources import labels_schema_path
from annotator.store.annotation_file import load_annotation_set, save_annotation_set
from annotator.store.atomic import is_temp_file, write_atomic
from annotator.store.locks import SetLock
from annotator.store.texts import read_document
from annotator.store.yaml_safe import load_yaml_file
from annotator.text.safe import short

CONFIG_NAME = "annotator.yaml"
TEXTS = "texts"
ANNOTATIONS = "annotations"
GOLD = "gold"
PRIVATE = ".annotator"
GOLD_NAME = "gold"

# Ids become file names: letters (any script), digits, '-', '_' and inner dots; never a path.
_ID = re.compile(r"^[^\W_][\w.-]*$")
_CONFIG_KEYS = ("name", "labels", "annotators", "guidelines", "description")


def id_problem(value: str, what: str = "document id") -> str | None:
    """Why ``value`` cannot be a document or annotator id (it would escape the folder)."""
    if not value:
        return f"empty {what}"
    if "/" in value or "\\" in value or "\x00" in value:
        return f"{what} {value!r} contains a path separator"
    if value in (".", "..") or ".." in value:
        return f"{what} {value!r} would escape the project folder"
    if not _ID.match(value) or value.endswith("."):
        return (
            f"{what} {value!r} must start with a letter or digit and contain only letters, "
            "digits, '-', '_' and '.'"
        )
    return None


def check_id(value: str, what: str = "document id") -> str:
    problem = id_problem(value, what)
    if problem:
        raise ProjectError(problem)
    return value


@dataclass(frozen=True, slots=True)
class ProjectConfig:
    name: str
    labels: str | None = None
    annotators: tuple[str, ...] = ()
    guidelines: str | None = None
    description: str = ""

    @classmethod
    def from_mapping(cls, data: Any, source: str, default_name: str) -> ProjectConfig:
        problems: list[Problem] = []

        def bad(message: str) -> None:
            problems.append(Problem(Place(source), message))

        if data is None:
            data = {}
        if not isinstance(data, Mapping):
            raise ProjectError(
                "annotator.yaml must be a mapping such as 'name: my-project'", file=source
            )
        for key in data:
            if key not in _CONFIG_KEYS:
                bad(f"unknown field {short(key)} (fields: {', '.join(_CONFIG_KEYS)})")
        name = data.get("name", default_name)
        if not isinstance(name, str) or not name.strip():
            bad("name must be text")
            name = default_name
        labels = data.get("labels")
        if labels is not None and not isinstance(labels, str):
            bad("labels must be the path of a labels file")
            labels = None
        annotators_raw = data.get("annotators") or []
        annotators: list[str] = []
        if not isinstance(annotators_raw, list):
            bad("annotators must be a list of names")
            annotators_raw = []
        for who in annotators_raw:
            problem = id_problem(str(who), "annotator name")
            if problem:
                bad(problem)
            else:
                annotators.append(str(who))
        guidelines = data.get("guidelines")
        if guidelines is not None and not isinstance(guidelines, str):
            bad("guidelines must be a path or a link")
            guidelines = None
        description = data.get("description", "")
        if description is None:
            description = ""
        if not isinstance(description, str):
            bad("description must be text")
            description = ""
        if problems:
            raise ProjectError.from_problems(problems)
        return cls(name, labels, tuple(annotators), guidelines, description)


def load_label_schema(path: Path) -> LabelSchema:
    schema, problems = LabelSchema.from_mapping(load_yaml_file(path), str(path))
    if problems:
        raise FormatError.from_problems(problems)
    return schema


def find_project_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` holding annotator.yaml."""
    for folder in (start, *start.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    return None


@dataclass
class Project:
    root: Path
    config: ProjectConfig
    _documents: dict[str, Document] = field(default_factory=dict, repr=False)

    @classmethod
    def open(cls, root: Path | str) -> Project:
        root = Path(root)
        config_path = root / CONFIG_NAME
        if not root.is_dir():
            raise ProjectError("no such project folder", file=root)
        if not config_path.is_file():
            raise ProjectError(
                f"not a project: no {CONFIG_NAME} (create one with 'annotator init {root}')",
                file=root,
            )
        data = load_yaml_file(config_path)
        config = ProjectConfig.from_mapping(data, str(config_path), root.resolve().name)
        project = cls(root, config)
        _ = project.schema  # fail early on a broken labels file
        return project

    # -- paths ---------------------------------------------------------------------------------

    @property
    def texts_dir(self) -> Path:
        return self.root / TEXTS

    def text_path(self, doc_id: str) -> Path:
        return self.texts_dir / f"{check_id(doc_id)}.txt"

    def annotation_path(self, annotator: str, doc_id: str) -> Path:
        return (
            self.root
            / ANNOTATIONS
            / check_id(annotator, "annotator name")
            / f"{check_id(doc_id)}.yaml"
        )

    def gold_path(self, doc_id: str) -> Path:
        return self.root / GOLD / f"{check_id(doc_id)}.yaml"

    def relative(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    @property
    def private_dir(self) -> Path:
        return self.root / PRIVATE

    def recovery_path(self, annotator: str, doc_id: str) -> Path:
        return self.private_dir / "recovery" / annotator / f"{check_id(doc_id)}.yaml"

    # -- contents ------------------------------------------------------------------------------

    @cached_property
    def schema(self) -> LabelSchema:
        if self.config.labels is None:
            return load_label_schema(labels_schema_path())
        path = (self.root / self.config.labels).resolve()
        if not path.is_file():
            raise ProjectError(
                f"labels file {self.config.labels!r} not found", file=self.root / CONFIG_NAME
            )
        return load_label_schema(path)

    def document_ids(self) -> list[str]:
        if not self.texts_dir.is_dir():
            return []
        return sorted(
            p.stem
            for p in self.texts_dir.glob("*.txt")
            if p.is_file() and not is_temp_file(p) and id_problem(p.stem) is None
        )

    def invalid_text_names(self) -> list[Path]:
        """Text files whose names cannot be document ids (reported, not silently ignored)."""
        if not self.texts_dir.is_dir():
            return []
        return sorted(
            p for p in self.texts_dir.glob("*.txt") if not is_temp_file(p) and id_problem(p.stem)
        )

    def document(self, doc_id: str) -> Document:
        if doc_id not in self._documents:
            path = self.text_path(doc_id)
            if not path.is_file():
                raise ProjectError(
                    f"no document {doc_id!r} (no {TEXTS}/{doc_id}.txt)", file=self.root
                )
            self._documents[doc_id] = read_document(path, doc_id, f"{TEXTS}/{doc_id}.txt")
        return self._documents[doc_id]

    def forget_document(self, doc_id: str) -> None:
        self._documents.pop(doc_id, None)

    def annotators(self) -> list[str]:
        """Configured annotators first, then any others that have a folder of annotations."""
        found = list(self.config.annotators)
        folder = self.root / ANNOTATIONS
        if folder.is_dir():
            for child in sorted(folder.iterdir()):
                if child.is_dir() and child.name not in found and id_problem(child.name) is None:
                    found.append(child.name)
        return found

    def annotation_files(self, annotator: str) -> Iterator[Path]:
        folder = self.root / ANNOTATIONS / annotator
        if folder.is_dir():
            yield from sorted(
                p for p in folder.glob("*.yaml") if p.is_file() and not is_temp_file(p)
            )

    def gold_files(self) -> Iterator[Path]:
        folder = self.root / GOLD
        if folder.is_dir():
            yield from sorted(
                p for p in folder.glob("*.yaml") if p.is_file() and not is_temp_file(p)
            )

    def has_set(self, annotator: str, doc_id: str) -> bool:
        return self.annotation_path(annotator, doc_id).is_file()

    def load_set(self, annotator: str, doc_id: str) -> AnnotationSet:
        """The annotator's set for the document, or a new empty one if there is no file yet."""
        document = self.document(doc_id)
        path = self.annotation_path(annotator, doc_id)
        if not path.exists():
            return AnnotationSet(document, annotator)
        return load_annotation_set(path, document, self.schema, expected_annotator=annotator)

    def load_gold(self, doc_id: str, adjudicator: str | None = None) -> AnnotationSet | None:
        path = self.gold_path(doc_id)
        if not path.exists():
            return None
        return load_annotation_set(path, self.document(doc_id), self.schema)

    def save_set(self, aset: AnnotationSet) -> Path:
        path = self.annotation_path(aset.annotator, aset.document.id)
        save_annotation_set(aset, path)
        return path

    def save_gold(self, aset: AnnotationSet) -> Path:
        path = self.gold_path(aset.document.id)
        save_annotation_set(aset, path)
        return path

    def lock_set(self, annotator: str, doc_id: str) -> SetLock:
        """Acquire the lock on the annotator's file for the document (raises LockedError)."""
        path = self.annotation_path(annotator, doc_id)
        return SetLock(self.root, self.relative(path), annotator).acquire()

    def lock_gold(self, doc_id: str, adjudicator: str) -> SetLock:
        return SetLock(self.root, self.relative(self.gold_path(doc_id)), adjudicator).acquire()


def init_project(
    root: Path,
    *,
    name: str | None = None,
    texts_from: Path | None = None,
    annotators: tuple[str, ...] = (),
) -> tuple[Project, list[str]]:
    """Create a project in ``root`` from a folder of .txt files; returns it and what was done.

    Texts come from ``texts_from`` (copied, byte for byte) or, by default, from the .txt files at
    the top of ``root`` (moved into texts/). Every text is checked (id, UTF-8) before anything is
    written, so a failed init leaves the folder as it was.
    """
    root = Path(root)
    if (root / CONFIG_NAME).exists():
        raise ProjectError(f"{CONFIG_NAME} already exists; this is a project already", file=root)
    for who in annotators:
        check_id(who, "annotator name")
    source = Path(texts_from) if texts_from is not None else root
    if texts_from is not None and not source.is_dir():
        raise ProjectError("no such folder of texts", file=source)
    candidates = sorted(p for p in source.glob("*.txt") if p.is_file()) if source.is_dir() else []
    problems: list[Problem] = []
    for path in candidates:
        problem = id_problem(path.stem)
        if problem:
            problems.append(Problem(Place(str(path)), problem))
            continue
        try:
            read_document(path, path.stem, path.name)
        except FormatError as err:
            problems.extend(err.problems)
        if (root / TEXTS / path.name).exists() and source != root / TEXTS:
            problems.append(Problem(Place(str(path)), f"{TEXTS}/{path.name} already exists"))
    if problems:
        raise ValidationError.from_problems(problems)
    done: list[str] = []
    (root / TEXTS).mkdir(parents=True, exist_ok=True)
    for path in candidates:
        target = root / TEXTS / path.name
        if texts_from is None:
            path.replace(target)
            done.append(f"moved {path.name} to {TEXTS}/")
        else:
            shutil.copyfile(path, target)
            done.append(f"copied {path} to {TEXTS}/")
    (root / ANNOTATIONS).mkdir(exist_ok=True)
    (root / GOLD).mkdir(exist_ok=True)
    lines = [f"name: {name or root.resolve().name}"]
    lines.append(
        "# labels: labels.yaml        # default: the bundled ACTOR/LOCATION/WEAPON/CLAIM schema"
    )
    if annotators:
        lines.append("annotators: [" + ", ".join(annotators) + "]")
    else:
        lines.append("# annotators: [ann1, ann2]  # default: every folder under annotations/")
    lines.append("# guidelines: docs/guidelines.md")
    write_atomic(root / CONFIG_NAME, "\n".join(lines) + "\n")
    gitignore = root / ".gitignore"
    if not gitignore.exists():
        write_atomic(gitignore, f"{PRIVATE}/\n")
    done.append(f"wrote {CONFIG_NAME}")
    return Project.open(root), done
