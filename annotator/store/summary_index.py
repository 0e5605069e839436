"""A summary of every annotation set and text of a project, kept up to date cheaply.

``stats``, the corpus screens and progress reports need a few figures per set (status, spans
per label, relations, when it was saved, time spent, which text it was made on), not the sets
themselves. Reading 20,000 files to get them takes tens of seconds; this module keeps them in
``<project>/.annotator/index/summaries.json`` (sets) and ``texts.json`` (texts), private and
ignored by git, and reads again only the files that changed since. Two files, so that a caller
that needs the sets only (``progress``) neither decodes nor ``stat``s the texts.

The API (pure: no Textual, safe to call from any thread):

- ``load_summaries(project) -> dict[(source, doc_id), SetSummary]``: one ``SetSummary`` per
  annotation file, ``source`` being the annotator's name, or ``"gold"`` for ``gold/<doc>.yaml``.
  Every file under ``annotations/<annotator>/`` and ``gold/`` with a valid id as its name is
  listed, including sets of documents whose text is gone (callers filter by document ids).
- ``load_index(project) -> ProjectSummaries``: the same ``sets``, and ``texts`` (chars and
  sha256 of every ``texts/<doc>.txt``, so nothing needs to read a text to count its characters),
  with ``document_ids``, ``text_changed(summary)`` and ``keys`` (each set file's key as
  listed: other caches of figures per file compare their entries with it, without a second
  ``stat``). ``texts=False``: the sets only, the texts listed but not summarised.
- ``read_checked`` / ``write_checked``: a cache file with this module's first-line checksum,
  for those other caches (annotator/team/pair_cache.py, annotator/adjudication/list_cache.py).
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
- Each index file's first line holds its format version and the sha256 of the rest. One that
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

from annotator.bulk import Advance, closing_meter, cycle_collector_paused, parallel_map
from annotator.errors import AnnotatorError
from annotator.model.document import text_sha256
from annotator.store.annotation_file import read_annotation_file
from annotator.store.atomic import TEMP_PREFIX, write_atomic
from annotator.store.prefetch import will_read
from annotator.store.project import ANNOTATIONS, GOLD, GOLD_NAME, TEXTS, Project, id_problem
from annotator.store.texts import read_text
from annotator.text.hygiene import survey

INDEX_FORMAT = "annotator-summary-index/3"
TEXTS_FORMAT = "annotator-text-index/3"
INDEX_FOLDER = "index"
INDEX_NAME = "summaries.json"
TEXTS_INDEX_NAME = "texts.json"
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
    """One text file: its length in characters, its checksum (as Document has them) and what
    it holds that is invisible or a look-alike (``text.hygiene``), so that ``stats`` reports
    it without reading unchanged texts again."""

    chars: int
    sha256: str
    error: str | None = None
    #: ``Survey.describe()`` of the text: "" when it holds nothing to report.
    hygiene: str = ""
    #: ``Survey.findings()``: (what, count) pairs, for JSON output.
    findings: list[list[Any]] = field(default_factory=list)


@dataclass
class ProjectSummaries:
    sets: dict[SetKey, SetSummary]
    texts: dict[str, TextSummary]  # empty when loaded with texts=False
    #: The project's documents (as ``Project.document_ids``), from the same listing.
    document_ids: list[str] = field(default_factory=list)
    #: Each set file's key when it was listed: what other caches of per-file figures
    #: (annotator/team/pair_cache.py) compare their entries with, without a second ``stat``.
    keys: dict[SetKey, FileKey] = field(default_factory=dict)

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
    found = survey(text)
    return TextSummary(
        len(text),
        text_sha256(text),
        hygiene=found.describe(),
        findings=[[what, count] for what, count in found.findings()],
    )


# -- the listing -------------------------------------------------------------------------------


def _scan(
    folder: Path, suffix: str, known: dict[str, Any] | None = None, *, stat_files: bool = True
) -> list[tuple[str, FileKey | None]]:
    """(id, key) of each regular file ``<id><suffix>`` in ``folder`` with a valid id, by id.

    ``known``: ids found in the stored index (valid when it was written: the rule does not
    change) are not checked again. Without ``stat_files`` only names are listed (key None)."""
    if not stat_files:
        return [(stem, None) for stem in _listed(folder, suffix, known, regular_only=True)]
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except (FileNotFoundError, NotADirectoryError):
        return []
    # Names, then one stat each relative to the open folder: a third faster than DirEntry.stat
    # over the 10,000 files of a folder, which every warm ``stats`` pays for.
    try:
        found: list[tuple[str, FileKey | None]] = []
        for stem in _listed(fd, suffix, known):
            try:
                st = os.stat(stem + suffix, dir_fd=fd)
            except OSError:
                continue  # went away while listing
            if stat.S_ISREG(st.st_mode):  # not a folder or a device that happens to match
                found.append((stem, (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)))
        return found
    finally:
        os.close(fd)


def _listed(
    folder: Path | int,
    suffix: str,
    known: dict[str, Any] | None,
    *,
    regular_only: bool = False,
) -> list[str]:
    """The ids of the names ``<id><suffix>`` in ``folder`` (a path or an open folder), sorted,
    without temporary files and ids that are not valid; ``regular_only``: files only (from the
    listing's file types, no stat)."""
    try:
        if regular_only:
            with os.scandir(folder) as listing:
                names = [e.name for e in listing if e.name.endswith(suffix) and _is_file(e)]
        else:
            names = [n for n in os.listdir(folder) if n.endswith(suffix)]
    except (FileNotFoundError, NotADirectoryError):
        return []
    names.sort()
    cut = len(suffix)
    known = known or {}
    return [
        stem
        for stem in (name[:-cut] for name in names)
        if stem in known or not (stem.startswith(TEMP_PREFIX) or id_problem(stem) is not None)
    ]


def _is_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return False


def _sources(project: Project) -> list[tuple[str, Path]]:
    folders = [(who, project.root / ANNOTATIONS / who) for who in project.annotators()]
    return [*folders, (GOLD_NAME, project.root / GOLD)]


# -- the stored index --------------------------------------------------------------------------


def index_path(project: Project) -> Path:
    return project.private_dir / INDEX_FOLDER / INDEX_NAME


def texts_index_path(project: Project) -> Path:
    return project.private_dir / INDEX_FOLDER / TEXTS_INDEX_NAME


def read_checked(path: Path, fmt: str, part: str) -> dict[str, Any]:
    """``part`` of a stored cache file, or nothing when it is missing or is not exactly what
    this version wrote: its first line holds the format and the sha256 of the rest, so a
    damaged, truncated or hand-edited file is never read (and its entries need no checking
    one by one, which would cost more than reading them)."""
    try:
        data = path.read_bytes()
    except OSError:
        return {}
    header, _, body = data.partition(b"\n")
    if header != f"{fmt} ".encode() + hashlib.sha256(body).hexdigest().encode():
        return {}
    try:
        parsed = json.loads(body)[part]
    except (ValueError, TypeError, KeyError, RecursionError):
        return {}
    return parsed if isinstance(parsed, dict) else {}


def write_checked(path: Path, fmt: str, part: str, entries: dict[str, Any]) -> None:
    """Store ``entries`` as ``read_checked`` reads them (best effort: a cache, not a record)."""
    body = json.dumps({part: entries}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    header = f"{fmt} {hashlib.sha256(body).hexdigest()}\n".encode()
    with contextlib.suppress(OSError):
        write_atomic(path, header + body)


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


def _text_entry(key: FileKey, t: TextSummary) -> list[Any]:
    return [*key, t.chars, t.sha256, t.error, t.hygiene, t.findings]


# -- loading -----------------------------------------------------------------------------------

_Job = tuple[str, str, str]  # (source or "" for a text, document id, path)


def _read_files(jobs: list[_Job]) -> list[SetSummary | TextSummary]:
    """Summaries of a chunk of files (in a worker process, or in this one)."""
    will_read(path for _, _, path in jobs)
    return [
        summarize_text(Path(path)) if not source else summarize_file(Path(path), doc, source)
        for source, doc, path in jobs
    ]


def load_index(
    project: Project,
    *,
    jobs: int = 1,
    progress: Callable[[int], Advance] | None = None,
    texts: bool = True,
) -> ProjectSummaries:
    """Every set's and text's summary, from the index where the file has not changed and from
    the file where it has; the index is updated when anything was read again.

    ``texts=False`` lists the texts (``document_ids``) without summarising them (``texts`` is
    then empty): for callers that need the sets only, such as progress reports."""
    # Tens of thousands of small lists and objects, none in a cycle: the cycle collector would
    # walk them all again and again while they are made (a sixth of the time).
    with cycle_collector_paused():
        return _load_index(project, jobs, progress, texts)


def _load_index(
    project: Project,
    jobs: int,
    progress: Callable[[int], Advance] | None,
    texts: bool,
) -> ProjectSummaries:
    started = time.time_ns()
    stored_sets = read_checked(index_path(project), INDEX_FORMAT, "sets")
    stored_texts = read_checked(texts_index_path(project), TEXTS_FORMAT, "texts") if texts else {}
    sets: dict[SetKey, SetSummary] = {}
    text_summaries: dict[str, TextSummary] = {}
    keys: dict[SetKey, FileKey] = {}
    text_keys: dict[str, FileKey] = {}
    todo: list[_Job] = []
    by_source: dict[str, dict[str, Any]] = {}
    for name, entry in stored_sets.items():
        source, _, doc_id = name.partition("/")
        by_source.setdefault(source, {})[doc_id] = entry
    text_folder = project.root / TEXTS
    # Ids of stored texts and sets were checked when they were stored.
    known = stored_texts or {doc: None for stored in by_source.values() for doc in stored}
    listed = _scan(text_folder, ".txt", known, stat_files=texts)
    doc_ids = [doc_id for doc_id, _ in listed]
    if texts:
        for doc_id, key in listed:
            assert key is not None
            text_keys[doc_id] = key
            entry = stored_texts.get(doc_id)
            if entry is not None and tuple(entry[:4]) == key:
                text_summaries[doc_id] = TextSummary(*entry[4:])
            else:
                todo.append(("", doc_id, str(text_folder / f"{doc_id}.txt")))
    texts_read = len(todo)
    for source, folder in _sources(project):
        stored = by_source.get(source, {})
        for doc_id, key in _scan(folder, ".yaml", stored):
            assert key is not None
            keys[(source, doc_id)] = key
            entry = stored.get(doc_id)
            if entry is not None and tuple(entry[:4]) == key:
                sets[(source, doc_id)] = SetSummary(doc_id, source, *entry[4:])
            else:
                todo.append((source, doc_id, str(folder / f"{doc_id}.yaml")))
    meter = progress(len(todo)) if progress is not None and todo else None
    with closing_meter(meter):
        read = parallel_map(_read_files, todo, jobs, progress=meter)
        for (source, doc_id, _), result in zip(todo, read, strict=True):
            if isinstance(result, TextSummary):
                text_summaries[doc_id] = result
            else:
                sets[(source, doc_id)] = result
    settled = started - RACY_NS
    # Every stored entry was used unless a file went away (or changed: then it is in todo).
    sets_read = len(todo) - texts_read
    if sets_read or len(stored_sets) != len(keys) - sets_read:
        write_checked(
            index_path(project),
            INDEX_FORMAT,
            "sets",
            {
                f"{source}/{doc}": _set_entry(key, sets[(source, doc)])
                for (source, doc), key in keys.items()
                if key[2] < settled
            },
        )
    if texts and (texts_read or len(stored_texts) != len(text_keys) - texts_read):
        write_checked(
            texts_index_path(project),
            TEXTS_FORMAT,
            "texts",
            {
                doc: _text_entry(key, text_summaries[doc])
                for doc, key in text_keys.items()
                if key[2] < settled
            },
        )
    if sets_read:  # read again: put them back in listing order
        sets = {k: sets[k] for k in keys}
    if texts_read:
        text_summaries = dict(sorted(text_summaries.items()))
    return ProjectSummaries(sets, text_summaries, doc_ids, keys)


def load_summaries(
    project: Project,
    *,
    jobs: int = 1,
    progress: Callable[[int], Advance] | None = None,
) -> dict[SetKey, SetSummary]:
    """``(source, doc_id) -> SetSummary`` for every annotation and gold file (see module)."""
    return load_index(project, jobs=jobs, progress=progress, texts=False).sets
