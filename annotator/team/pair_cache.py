"""Span agreement counts of two annotators on one document, cached between reports.

Agreement so far needs the spans of both sets of every document two annotators have finished:
on 10,000 documents that is 20,000 files to parse, tens of seconds. The counts of a pair on a
document change only when one of its two files changes, so they are kept in
``.annotator/index/agreement.json`` (private, beside the summary index) under both files'
(size, mtime_ns, ctime_ns, inode) as the summary index listed them (``ProjectSummaries.keys``:
no second ``stat`` per file), with the summary index's rules: counts of a file changed in the
last two seconds are used but not stored ("racily clean"); the file's first line holds its
format and the sha256 of the rest, and a cache that does not match it (missing, damaged, of
another version) is ignored whole and rebuilt; writing it is best effort.

``progress`` reads the counts of the pairs it reports, and the adjudication list its span F1
column (annotator/adjudication/list_cache.py): whichever computes a pair's counts first
saves the other the work.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

from annotator.errors import AnnotatorError
from annotator.metrics.span_agreement import SpanPairCounts, compare_spans, total
from annotator.store.annotation_file import read_annotation_file
from annotator.store.project import ANNOTATIONS, Project
from annotator.store.summary_index import (
    INDEX_FOLDER,
    RACY_NS,
    FileKey,
    SetKey,
    load_index,
    read_checked,
    write_checked,
)

CACHE_FORMAT = "annotator-pair-cache/2"
CACHE_NAME = "agreement.json"


def cache_path(project: Project) -> Path:
    return project.private_dir / INDEX_FOLDER / CACHE_NAME


class PairCache:
    """``counts(first, second, doc)`` from the cache when both files are unchanged, else read.

    ``keys``: each set file's key as the summary index listed it (read here when not given).
    A file that is not listed counts as missing: no spans to compare.
    """

    def __init__(self, project: Project, keys: Mapping[SetKey, FileKey] | None = None) -> None:
        self.project = project
        self.started = time.time_ns()
        self.keys = keys if keys is not None else load_index(project, texts=False).keys
        self.entries: dict[str, Any] = read_checked(cache_path(project), CACHE_FORMAT, "pairs")
        self.kept: dict[str, Any] = {}  # computed here, to be stored
        self.read_again = 0
        # Plain strings, not Path: this runs for every finished pair of a 10,000-document corpus.
        self._folder = os.path.join(project.root, ANNOTATIONS)

    def counts(self, first: str, second: str, doc_id: str) -> SpanPairCounts:
        if second < first:
            first, second = second, first  # the counts are symmetric: one entry per pair
        key_a = self.keys.get((first, doc_id))
        key_b = self.keys.get((second, doc_id))
        if key_a is None or key_b is None:
            return SpanPairCounts()
        name = f"{first}/{second}/{doc_id}"
        entry = self.entries.get(name)
        if entry is not None and tuple(entry[:4]) == key_a and tuple(entry[4:8]) == key_b:
            return SpanPairCounts(*entry[8:])
        self.read_again += 1
        try:
            keys_a = _span_keys(os.path.join(self._folder, first, f"{doc_id}.yaml"))
            keys_b = _span_keys(os.path.join(self._folder, second, f"{doc_id}.yaml"))
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

    def store(self, first: str, second: str, doc_id: str, counts: SpanPairCounts) -> None:
        """Keep counts computed elsewhere (the adjudication list compares whole sets) for the
        files as listed, unless one changed in the last two seconds."""
        if second < first:
            first, second = second, first
            counts = SpanPairCounts(counts.second, counts.first, counts.strict, counts.overlap)
        key_a = self.keys.get((first, doc_id))
        key_b = self.keys.get((second, doc_id))
        settled = self.started - RACY_NS
        if key_a is None or key_b is None or key_a[2] >= settled or key_b[2] >= settled:
            return
        name = f"{first}/{second}/{doc_id}"
        entry = [*key_a, *key_b, counts.first, counts.second, counts.strict, counts.overlap]
        if self.entries.get(name) != entry:
            self.kept[name] = entry
            self.read_again += 1

    def save(self) -> None:
        """Store the counts computed, with every stored entry whose files are unchanged
        (those of pairs another report asks for too), when anything was computed. An entry
        whose files changed is only dead weight until then: its keys never match again."""
        if not self.read_again:
            return
        out = {}
        for name, entry in self.entries.items():
            first, second, doc_id = name.split("/", 2)
            if tuple(entry[:4]) == self.keys.get((first, doc_id)) and tuple(
                entry[4:8]
            ) == self.keys.get((second, doc_id)):
                out[name] = entry
        out.update(self.kept)
        write_checked(cache_path(self.project), CACHE_FORMAT, "pairs", out)

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


def _span_keys(path: str) -> list[tuple[int, int, str]]:
    parsed = read_annotation_file(Path(path))
    return [(r.span.start, r.span.end, r.span.label) for r in parsed.spans]
