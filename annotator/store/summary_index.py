"""A summary of every annotation set and text of a project, kept up to date cheaply.

``stats``, the corpus screens and progress reports need a few figures per set (status, spans
per label, relations, when it was saved, time spent, which text it was made on), not the sets
themselves. Reading 20,000 files to get them takes tens of seconds; this module keeps them in
``<project>/.annotator/index/summaries.json`` (private, ignored by git) and reads again only the
files that changed since.

The API (pure: no Textual, safe to call from any thread):

- ``load_summaries(project) -> dict[(source, doc_id), SetSummary]``: one ``SetSummary`` per
  annotation file, ``source`` being the annotator's name, or ``"gold"`` for ``gold/<doc>.yaml``.
  Every file under ``annotations/<annotator>/`` and ``gold/`` with a valid id as its name is
  listed, including sets of documents whose text is gone (callers filter by document ids).
- ``load_index(project) -> ProjectSummaries``: the same ``sets``, and ``texts`` (chars and
  sha256 of every ``texts/<doc>.txt``, so nothing needs to read a text to count its characters),
  with ``document_ids`` and ``text_changed(summary)``.
- ``summarize_file(path, doc_id, source) -> SetSummary``: one file read now, without the index.

Both loaders take ``jobs`` (processes for the files to read again, annotator/bulk.py's rule;
default 1: the app calls them from threads, where forking is not safe) and ``progress``
(called with the number of files to read, returns something with ``advance``).

How the index stays right:

- Each entry is keyed by the file's size, ``st_mtime_ns``, ``st_ctime_ns`` and inode, taken by
  ``stat`` before the file is read. Any difference sends the file to be read again. A file
  replaced by a save (write to a temporary file, rename) gets a new inode and ctime; a file
  rewritten in place with the same size and its mtime set back with ``os.utime`` still gets a
  new ctime, which no program can set.
- A file whose ctime is within ``RACY_NS`` of the moment it was looked at is summarised but not
  stored: it could change again within the same tick of the filesystem's clock and keep every
  key (git calls such entries "racily clean"). It is read again next time, until it is older.
- Files that are gone are dropped; files that are new are read.
- The index's first line holds its format version and the sha256 of the rest. An index that
  is missing, unreadable, of another version, or whose content does not match that checksum
  (truncated, damaged, edited by hand) is ignored whole and rebuilt from the files. Writing
  it is best effort (a read-only project still gets its summaries; the index is a cache,
  never the record).

A summary is what ``read_annotation_file`` parses from the file, without checking it against
its text (as ``stats`` always did): a file that cannot be parsed is listed with status
``error`` and its error rather than hiding the rest of the corpus; ``validate`` checks the rest.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.bulk import Advance, closing_meter, parallel_map
from annotator.errors import AnnotatorError
from annotator.model.document import text_sha256
from annotator.store.annotation_file import read_annotation_file
from annotator.store.atomic import TEMP_PREFIX, write_atomic
from annotator.store.project import ANNOTATIONS, GOLD, GOLD_NAME, TEXTS, Project, id_problem
from annotator.store.texts import read_text

INDEX_FORMAT = "annotator-summary-index/1"
INDEX_FOLDER = "index"
INDEX_NAME = "summaries.json"
#: Files changed this recently (by ctime) are not stored: see the module docstring.
RACY_NS = 2_000_000_000

#: (size, mtime_ns, ctime_ns, inode): what must be equal for a stored summary to be used.
FileKey = tuple[int, int, int, int]
SetKey = tuple[str, str]  # (annotator or "gold", document id)


@dataclass(frozen=True, slots=True)
class SetSummary:
    """One annotation file in a few figures, as parsed from it (not checked against the text)."""

    document: str
    source: str  # annotator name, or "gold"
    status: str  # new, in_progress, done; "error" when the file cannot be parsed
    counts: dict[str, int] = field(default_factory=dict)  # spans per label
    relations: int = 0
    updated: str | None = None  # as written in the file (ISO 8601)
    active_seconds: float = 0.0  # time spent annotating, when the file records it
    text_sha256: str | None = None  # of the text the set was made on
    chars: int | None = None  # of that text
    error: str | None = None

    @property
    def spans(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True, slots=True)
class TextSummary:
    """One text file: its length in characters and its checksum (as Document has them)."""

    chars: int
    sha256: str
    error: str | None = None


@dataclass
class ProjectSummaries:
    sets: dict[SetKey, SetSummary]
    texts: dict[str, TextSummary]

    @property
    def document_ids(self) -> list[str]:
        """The project's documents (as ``Project.document_ids``), from the same listing."""
        return sorted(self.texts)

    def text_changed(self, summary: SetSummary) -> bool:
        """Whether the set was made on another version of its text than the one on disk."""
        text = self.texts.get(summary.document)
        if text is None or summary.text_sha256 is None or text.error is not None:
            return False
        return text.sha256 != summary.text_sha256

    def of_source(self, source: str) -> dict[str, SetSummary]:
        """One annotator's (or gold's) summaries by document id."""
        return {doc: s for (who, doc), s in self.sets.items() if who == source}


# -- reading one file --------------------------------------------------------------------------


def summarize_file(path: Path, doc_id: str, source: str) -> SetSummary:
    """The summary of one annotation file, read now."""
    try:
        parsed = read_annotation_file(path)
    except AnnotatorError as err:
        return SetSummary(doc_id, source, "error", error=str(err))
    except OSError as err:
        return SetSummary(doc_id, source, "error", error=f"{path}: {err.strerror or err}")
    counts: dict[str, int] = {}
    for record in parsed.spans:
        label = record.span.label
        counts[label] = counts.get(label, 0) + 1
    active = getattr(parsed, "active_seconds", 0) or 0
    return SetSummary(
        doc_id,
        source,
        parsed.status,
        counts,
        len(parsed.relations),
        parsed.updated,
        float(active),
        parsed.sha256,
        parsed.chars,
    )


def summarize_text(path: Path) -> TextSummary:
    try:
        text = read_text(path)
    except AnnotatorError as err:
        return TextSummary(0, "", str(err))
    except OSError as err:
        return TextSummary(0, "", f"{path}: {err.strerror or err}")
    return TextSummary(len(text), text_sha256(text))


# -- the listing -------------------------------------------------------------------------------


def _scan(folder: Path, suffix: str) -> list[tuple[str, FileKey]]:
    """(id, key) of each regular file ``<id><suffix>`` in ``folder`` with a valid id, by id."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted((e for e in listing if e.name.endswith(suffix)), key=lambda e: e.name)
    except (FileNotFoundError, NotADirectoryError):
        return []
    cut = len(suffix)
    found = []
    for entry in entries:
        name = entry.name
        stem = name[:-cut]
        if name.startswith(TEMP_PREFIX) or id_problem(stem) is not None:
            continue
        try:
            st = entry.stat()
        except OSError:
            continue  # went away while listing
        if stat.S_ISREG(st.st_mode):  # not a folder or a device that happens to match
            found.append((stem, (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)))
    return found


def _sources(project: Project) -> list[tuple[str, Path]]:
    folders = [(who, project.root / ANNOTATIONS / who) for who in project.annotators()]
    return [*folders, (GOLD_NAME, project.root / GOLD)]


# -- the stored index --------------------------------------------------------------------------


def index_path(project: Project) -> Path:
    return project.private_dir / INDEX_FOLDER / INDEX_NAME


def _read_index(path: Path) -> tuple[dict[str, list[Any]], dict[str, list[Any]]]:
    """The stored entries, or nothing when the index is missing or is not exactly what this
    version wrote: its first line holds the format and the sha256 of the rest, so a damaged,
    truncated or hand-edited index is never read (and its entries need no checking one by
    one, which would cost more than reading them)."""
    try:
        data = path.read_bytes()
    except OSError:
        return {}, {}
    header, _, body = data.partition(b"\n")
    if header != f"{INDEX_FORMAT} ".encode() + hashlib.sha256(body).hexdigest().encode():
        return {}, {}
    try:
        parsed = json.loads(body)
        sets, texts = parsed["sets"], parsed["texts"]
    except (ValueError, TypeError, KeyError):
        return {}, {}
    if not isinstance(sets, dict) or not isinstance(texts, dict):
        return {}, {}
    return sets, texts


def _set_entry(key: FileKey, s: SetSummary) -> list[Any]:
    return [
        *key,
        s.status,
        s.counts,
        s.relations,
        s.updated,
        s.active_seconds,
        s.text_sha256,
        s.chars,
        s.error,
    ]


# -- loading -----------------------------------------------------------------------------------

_Job = tuple[str, str, str]  # (source or "" for a text, document id, path)


def _read_files(jobs: list[_Job]) -> list[SetSummary | TextSummary]:
    """Summaries of a chunk of files (in a worker process, or in this one)."""
    return [
        summarize_text(Path(path)) if not source else summarize_file(Path(path), doc, source)
        for source, doc, path in jobs
    ]


def load_index(
    project: Project,
    *,
    jobs: int = 1,
    progress: Callable[[int], Advance] | None = None,
) -> ProjectSummaries:
    """Every set's and text's summary, from the index where the file has not changed and from
    the file where it has; the index is updated when anything was read again."""
    started = time.time_ns()
    stored_sets, stored_texts = _read_index(index_path(project))
    sets: dict[SetKey, SetSummary] = {}
    texts: dict[str, TextSummary] = {}
    keys: dict[tuple[str, str], FileKey] = {}  # ("" or source, doc) -> key, for what is listed
    todo: list[_Job] = []
    for doc_id, key in _scan(project.root / TEXTS, ".txt"):
        keys[("", doc_id)] = key
        entry = stored_texts.get(doc_id)
        if entry is not None and tuple(entry[:4]) == key:
            texts[doc_id] = TextSummary(*entry[4:])
        else:
            todo.append(("", doc_id, str(project.root / TEXTS / f"{doc_id}.txt")))
    for source, folder in _sources(project):
        for doc_id, key in _scan(folder, ".yaml"):
            keys[(source, doc_id)] = key
            entry = stored_sets.get(f"{source}/{doc_id}")
            if entry is not None and tuple(entry[:4]) == key:
                sets[(source, doc_id)] = SetSummary(doc_id, source, *entry[4:])
            else:
                todo.append((source, doc_id, str(folder / f"{doc_id}.yaml")))
    meter = progress(len(todo)) if progress is not None and todo else None
    with closing_meter(meter):
        read = parallel_map(_read_files, todo, jobs, progress=meter)
        for (source, doc_id, _), result in zip(todo, read, strict=True):
            if isinstance(result, TextSummary):
                texts[doc_id] = result
            else:
                sets[(source, doc_id)] = result
    # Every stored entry was used unless a file went away (or changed: then it is in todo).
    gone = len(stored_sets) + len(stored_texts) != len(keys) - len(todo)
    if todo or gone:
        _write_index(project, sets, texts, keys, started)
    if todo:  # read again: put them back in listing order
        order = {k: n for n, k in enumerate(keys)}
        sets = dict(sorted(sets.items(), key=lambda item: order[item[0]]))
        texts = dict(sorted(texts.items()))
    return ProjectSummaries(sets, texts)


def load_summaries(
    project: Project,
    *,
    jobs: int = 1,
    progress: Callable[[int], Advance] | None = None,
) -> dict[SetKey, SetSummary]:
    """``(source, doc_id) -> SetSummary`` for every annotation and gold file (see module)."""
    return load_index(project, jobs=jobs, progress=progress).sets


def _write_index(
    project: Project,
    sets: dict[SetKey, SetSummary],
    texts: dict[str, TextSummary],
    keys: dict[tuple[str, str], FileKey],
    started: int,
) -> None:
    """Store the entries of files that are not racy (best effort: the index is a cache)."""
    settled = started - RACY_NS
    out_sets = {
        f"{source}/{doc}": _set_entry(keys[(source, doc)], s)
        for (source, doc), s in sets.items()
        if keys[(source, doc)][2] < settled
    }
    out_texts = {
        doc: [*keys[("", doc)], t.chars, t.sha256, t.error]
        for doc, t in texts.items()
        if keys[("", doc)][2] < settled
    }
    body = json.dumps(
        {"sets": out_sets, "texts": out_texts}, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")
    header = f"{INDEX_FORMAT} {hashlib.sha256(body).hexdigest()}\n".encode()
    with contextlib.suppress(OSError):
        write_atomic(index_path(project), header + body)
