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

import contextlib
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from annotator.errors import (
    FormatError,
    Place,
    Problem,
    ProjectError,
    ValidationError,
    disk_error,
)
from annotator.model.annotation_set import AnnotationSet
from annotator.model.document import Document
from annotator.model.labels import LabelSchema
from annotator.resources import labels_schema_path
from annotator.store.annotation_file import load_annotation_set, save_annotation_set
from annotator.store.atomic import TEMP_PREFIX, is_temp_file, stale_temp_files, write_atomic
from annotator.store.names import check_name, name_problem
from annotator.store.texts import read_document
from annotator.store.yaml_safe import load_yaml_file, read_limited
from annotator.text.safe import is_clean, short

if TYPE_CHECKING:
    from annotator.store.locks import SetLock

CONFIG_NAME = "annotator.yaml"
TEXTS = "texts"
ANNOTATIONS = "annotations"
GOLD = "gold"
PRIVATE = ".annotator"
GOLD_NAME = "gold"

_CONFIG_KEYS = ("name", "labels", "annotators", "guidelines", "description", "blind")


def _is_file(entry: os.DirEntry[str]) -> bool:
    """Whether a listed entry is a regular file, or a link to one (a broken link is not)."""
    try:
        return entry.is_file()
    except OSError:
        return False


def id_problem(value: str, what: str = "document id") -> str | None:
    """Why ``value`` cannot be a document or annotator id (see annotator/store/names.py)."""
    return name_problem(value, what)


def check_id(value: str, what: str = "document id") -> str:
    return check_name(value, what)


@dataclass(frozen=True, slots=True)
class ProjectConfig:
    name: str
    labels: str | None = None
    annotators: tuple[str, ...] = ()
    guidelines: str | None = None
    description: str = ""
    #: Annotators do not see who else works on a document or how far they are (the default).
    blind: bool = True

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
        blind = data.get("blind", True)
        if not isinstance(blind, bool):
            bad("blind must be true or false")
            blind = True
        if problems:
            raise ProjectError.from_problems(problems)
        return cls(name, labels, tuple(annotators), guidelines, description, blind)


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


def current_project() -> Path:
    """The project of the current folder (it or the nearest folder above holding
    annotator.yaml), for commands whose PROJECT argument may be left out."""
    root = find_project_root(Path.cwd())
    if root is None:
        raise ProjectError(
            f"no project here (no {CONFIG_NAME} in this folder or above); give the project "
            "folder, or run the command inside one"
        )
    return root


@dataclass
class Project:
    root: Path
    config: ProjectConfig
    _documents: dict[str, Document] = field(default_factory=dict, repr=False)

    @classmethod
    def open(cls, root: Path | str, *, tidy: bool = False) -> Project:
        """Open the project in ``root``. With ``tidy`` (commands that edit it), temporary files
        left by saves that were killed are removed first."""
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
        if tidy:
            project.remove_stale_temp_files()
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
        """The ids of the texts (``texts/<id>.txt``, regular files or links to them), sorted.

        One directory listing: the entries' types come with it, so a 10,000-text project costs
        no stat call per text (links are still followed to check what they point to).
        """
        try:
            entries = os.scandir(self.texts_dir)
        except (FileNotFoundError, NotADirectoryError):
            return []
        with entries:
            return sorted(
                entry.name[:-4]
                for entry in entries
                if entry.name.endswith(".txt")
                and not entry.name.startswith(TEMP_PREFIX)
                and id_problem(entry.name[:-4]) is None
                and _is_file(entry)
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

    def forget_documents(self) -> None:
        """Drop every text read so far (bulk work that must not hold a whole corpus)."""
        self._documents.clear()

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
        path = self.inside(self.annotation_path(aset.annotator, aset.document.id))
        save_annotation_set(aset, path)
        return path

    def save_gold(self, aset: AnnotationSet) -> Path:
        path = self.inside(self.gold_path(aset.document.id))
        save_annotation_set(aset, path)
        return path

    def lock_set(self, annotator: str, doc_id: str) -> SetLock:
        """Acquire the lock on the annotator's file for the document (raises LockedError)."""
        from annotator.store.locks import SetLock  # filelock: only for sessions that edit

        path = self.inside(self.annotation_path(annotator, doc_id))
        self.inside(self.private_dir / "locks" / "x")
        return SetLock(self.root, self.relative(path), annotator).acquire()

    def lock_gold(self, doc_id: str, adjudicator: str) -> SetLock:
        from annotator.store.locks import SetLock

        path = self.inside(self.gold_path(doc_id))
        self.inside(self.private_dir / "locks" / "x")
        return SetLock(self.root, self.relative(path), adjudicator).acquire()

    def read_only_reason(self) -> str | None:
        """Why nothing can be saved in this project (None when it can): a read-only
        filesystem, or a folder the user may not write."""
        try:
            if os.statvfs(self.root).f_flag & os.ST_RDONLY:
                return "the filesystem is read-only"
        except OSError:
            pass
        for folder in (self.root, self.root / ANNOTATIONS, self.root / GOLD):
            if folder.is_dir() and not os.access(folder, os.W_OK):
                where = "its folder" if folder == self.root else self.relative(folder)
                return f"{where} is not writable"
        return None

    def inside(self, path: Path) -> Path:
        """``path`` if writing it stays inside the project; a folder on the way that is a link
        out of the project (``annotations/ann1 -> /elsewhere``) is refused, before anything is
        written."""
        root = self.root.resolve()
        real = path.parent.resolve()
        if real != root and not real.is_relative_to(root):
            raise ProjectError(
                f"would write outside the project (the folder is a link to {real}); "
                "refusing: replace the link by a folder inside the project",
                file=self.relative(path),
            )
        return path

    def links_outside(self) -> list[tuple[Path, Path]]:
        """Texts and annotation folders that are links to somewhere outside the project."""
        root = self.root.resolve()
        found: list[tuple[Path, Path]] = []
        candidates = [self.texts_dir, self.root / ANNOTATIONS, self.root / GOLD, self.private_dir]
        if self.texts_dir.is_dir():
            candidates += sorted(self.texts_dir.iterdir())
        if (self.root / ANNOTATIONS).is_dir():
            candidates += sorted((self.root / ANNOTATIONS).iterdir())
        for path in candidates:
            if not path.is_symlink():
                continue
            real = path.resolve()
            if real != root and not real.is_relative_to(root):
                found.append((path, real))
        return found

    def temp_folders(self) -> list[Path]:
        """Every folder a save writes temporary files in."""
        folders = [self.texts_dir, self.root / GOLD, self.root]
        for base in (self.root / ANNOTATIONS, self.private_dir / "recovery"):
            if base.is_dir():
                folders.append(base)
                folders += sorted(p for p in base.iterdir() if p.is_dir() and not p.is_symlink())
        return folders

    def stale_temp_files(self) -> list[Path]:
        """Temporary files left by saves that were killed (their writer is gone)."""
        return stale_temp_files(self.temp_folders())

    def remove_stale_temp_files(self) -> list[Path]:
        """Remove the stale temporary files; returns those removed (a read-only disk: none)."""
        removed = []
        for path in self.stale_temp_files():
            try:
                path.unlink()
            except OSError:
                continue
            removed.append(path)
        return removed


def init_project(
    root: Path,
    *,
    name: str | None = None,
    texts_from: Path | None = None,
    annotators: tuple[str, ...] = (),
) -> tuple[Project, list[str]]:
    """Create a project in ``root`` from a folder of .txt files; returns it and what was done.

    Texts come from ``texts_from`` (copied, byte for byte) or, by default, from the .txt files at
    the top of ``root`` (moved into texts/). Everything is checked (names, ids, UTF-8, what
    exists) before anything is written; annotator.yaml is written last, through the YAML
    dumper. If a write fails anyway (a full or read-only disk), what was done is undone, so a
    failed init leaves the folder as it was and can simply be run again.
    """
    root = Path(root)
    if (root / CONFIG_NAME).exists() or (root / CONFIG_NAME).is_symlink():
        raise ProjectError(f"{CONFIG_NAME} already exists; this is a project already", file=root)
    if root.exists() and not root.is_dir():
        raise ProjectError("not a folder", file=root)
    problems: list[Problem] = []
    project_name = name if name is not None else root.resolve().name
    name_issue = _project_name_problem(project_name)
    if name_issue:
        problems.append(Problem(Place(str(root)), name_issue))
    for who in annotators:
        issue = id_problem(who, "annotator name")
        if issue:
            problems.append(Problem(Place(str(root)), issue))
    source = Path(texts_from) if texts_from is not None else root
    if texts_from is not None and not source.is_dir():
        raise ProjectError("no such folder of texts", file=source)
    candidates = sorted(p for p in source.glob("*.txt") if p.is_file()) if source.is_dir() else []
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
    for folder in (TEXTS, ANNOTATIONS, GOLD):
        if (root / folder).exists() and not (root / folder).is_dir():
            problems.append(Problem(Place(str(root / folder)), "exists and is not a folder"))
    if problems:
        raise ValidationError.from_problems(problems)
    config = _config_text(project_name, annotators)
    undo = _Undo()
    done: list[str] = []
    try:
        undo.mkdir(root)
        undo.mkdir(root / TEXTS)
        for path in candidates:
            target = root / TEXTS / path.name
            if texts_from is None:
                if path != target:
                    undo.move(path, target)
                    done.append(f"moved {path.name} to {TEXTS}/")
            else:
                undo.copy(path, target)
                done.append(f"copied {path} to {TEXTS}/")
        undo.mkdir(root / ANNOTATIONS)
        undo.mkdir(root / GOLD)
        gitignore = root / ".gitignore"
        if not gitignore.exists():
            undo.write(gitignore, f"{PRIVATE}/\n")
        undo.write(root / CONFIG_NAME, config)
    except OSError as err:
        undo.rollback()
        raise disk_error(err, err.filename or root) from None
    except BaseException:
        undo.rollback()
        raise
    done.append(f"wrote {CONFIG_NAME}")
    return Project.open(root), done


def _project_name_problem(name: str) -> str | None:
    if not name.strip():
        return "the project name is empty"
    if len(name) > 200:
        return f"the project name is {len(name)} characters long; the limit is 200"
    if not is_clean(name) or "\n" in name or "\t" in name:
        return f"the project name {short(name)} holds control characters"
    return None


def _config_text(name: str, annotators: tuple[str, ...]) -> str:
    """annotator.yaml for a new project: values through the YAML dumper (so ``2024``, ``yes``
    or ``a: b`` stay strings and nothing can add a key), comments for the optional fields."""

    def dump(data: dict[str, Any]) -> str:
        return str(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1 << 16))

    lines = [dump({"name": name}).rstrip("\n")]
    lines.append(
        "# labels: labels.yaml        # default: the bundled ACTOR/LOCATION/WEAPON/CLAIM schema"
    )
    if annotators:
        lines.append(
            str(
                yaml.safe_dump(
                    {"annotators": list(annotators)},
                    allow_unicode=True,
                    default_flow_style=None,
                    width=1 << 16,
                )
            ).rstrip("\n")
        )
    else:
        lines.append("# annotators: [ann1, ann2]  # default: every folder under annotations/")
    lines.append("# guidelines: docs/guidelines.md")
    lines.append(
        "# blind: true                 # annotators see no one else's work (false: they do)"
    )
    return "\n".join(lines) + "\n"


class _Undo:
    """What init did, in order, so a failure can put the folder back as it was."""

    def __init__(self) -> None:
        self.steps: list[tuple[str, Path, Path | None]] = []

    def mkdir(self, folder: Path) -> None:
        if not folder.is_dir():
            folder.mkdir()
            self.steps.append(("mkdir", folder, None))

    def move(self, source: Path, target: Path) -> None:
        source.replace(target)
        self.steps.append(("move", target, source))

    def copy(self, source: Path, target: Path) -> None:
        self.steps.append(("created", target, None))
        write_atomic(target, read_limited(source, 1 << 40))

    def write(self, target: Path, text: str) -> None:
        self.steps.append(("created", target, None))
        write_atomic(target, text)

    def rollback(self) -> None:
        for kind, path, back in reversed(self.steps):
            with contextlib.suppress(OSError):
                if kind == "mkdir":
                    path.rmdir()
                elif kind == "move" and back is not None:
                    path.replace(back)
                elif kind == "created":
                    path.unlink(missing_ok=True)
