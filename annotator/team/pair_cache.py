"""Span agreement counts of two annotators on one document, cached between progress reports.

Agreement so far needs the spans of both sets of every document two annotators have finished:
on 10,000 documents that is 20,000 files to parse, tens of seconds. The counts of a pair on a
document change only when one of its two files changes, so they are kept in
``.annotator/index/agreement.json`` (private, beside the summary index) keyed by both files'
(size, mtime_ns, ctime_ns, inode), the same key and the same "racily clean" rule as
annotator/store/summary_index.py: counts of a file changed in the last two seconds are used but
not stored. A missing or damaged cache is rebuilt; writing it is best effort.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from pathlib import Path
from types import TracebackType
from typing import Any

from annotator.errors import AnnotatorError
from annotator.metrics.span_agreement import SpanPairCounts, compare_spans, total
from annotator.store.annotation_file import read_annotation_file
from annotator.store.atomic import write_atomic
from annotator.store.project import ANNOTATIONS, Project
from annotator.store.summary_index import INDEX_FOLDER, RACY_NS

CACHE_FORMAT = "annotator-pair-cache/1"
CACHE_NAME = "agreement.json"

FileKey = tuple[int, int, int, int]


def _file_key(path: str) -> FileKey | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def cache_path(project: Project) -> Path:
    return project.private_dir / INDEX_FOLDER / CACHE_NAME


class PairCache:
    """``counts(first, second, doc)`` from the cache when both files are unchanged, else read."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.started = time.time_ns()
        self.entries = self._read()
        self.kept: dict[str, Any] = {}
        self.read_again = 0
        # Plain strings, not Path: this runs for every finished pair of a 10,000-document corpus.
        self._folder = os.path.join(project.root, ANNOTATIONS).replace(os.sep, "/")

    def _read(self) -> dict[str, Any]:
        try:
            data: Any = json.loads(cache_path(self.project).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
            return {}
        entries = data.get("pairs")
        if not isinstance(entries, dict):
            return {}
        return entries  # each entry is checked when it is used (_usable)

    def counts(self, first: str, second: str, doc_id: str) -> SpanPairCounts:
        path_a = f"{self._folder}/{first}/{doc_id}.yaml"
        path_b = f"{self._folder}/{second}/{doc_id}.yaml"
        key_a, key_b = _file_key(path_a), _file_key(path_b)
        if key_a is None or key_b is None:
            return SpanPairCounts()
        name = f"{first}/{second}/{doc_id}"
        entry = self.entries.get(name)
        if _usable(entry, key_a, key_b):
            assert entry is not None
            self.kept[name] = entry
            return SpanPairCounts(*entry[8:])
        self.read_again += 1
        try:
            keys_a = _span_keys(Path(path_a))
            keys_b = _span_keys(Path(path_b))
        except (AnnotatorError, OSError):
            return SpanPairCounts()
        counts = total(compare_spans(keys_a, keys_b))
        settled = self.started - RACY_NS
        if key_a[2] < settled and key_b[2] < settled:
            self.kept[name] = [
                *key_a,
                *key_b,
                counts.first,
                counts.second,
                counts.strict,
                counts.overlap,
            ]
        return counts

    def save(self) -> None:
        if not self.read_again and len(self.kept) == len(self.entries):
            return  # nothing new, nothing gone
        payload = json.dumps(
            {"format": CACHE_FORMAT, "pairs": self.kept}, separators=(",", ":"), sort_keys=True
        )
        with contextlib.suppress(OSError):
            write_atomic(cache_path(self.project), payload)

    def __enter__(self) -> PairCache:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if kind is None:
            self.save()


def _usable(entry: Any, key_a: FileKey, key_b: FileKey) -> bool:
    """A stored entry for exactly these two files, with four whole counts."""
    return (
        type(entry) is list
        and len(entry) == 12
        and tuple(entry[:4]) == key_a
        and tuple(entry[4:8]) == key_b
        and all(type(x) is int and x >= 0 for x in entry[8:])
    )


def _span_keys(path: Path) -> list[tuple[int, int, str]]:
    parsed = read_annotation_file(path)
    return [(r.span.start, r.span.end, r.span.label) for r in parsed.spans]
