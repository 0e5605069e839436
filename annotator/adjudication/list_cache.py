"""The adjudication list's figures per document, cached between openings.

The list shows, for every document two or more annotators have worked on, Krippendorff's
alpha, span F1, agreed spans, conflicts and open conflicts. Computing them reads and compares
every set (and the gold) of every document: minutes on 10,000 documents. They change only
when one of the files they come from changes, so they are kept in
``.annotator/index/adjudication.json`` (private, beside the summary index) under:

- the compared annotators and each one's file key (size, mtime_ns, ctime_ns, inode) as the
  summary index listed it (``ProjectSummaries.keys``: no second ``stat``);
- the gold file's key (none when there is no gold yet) and the text's sha256 (from the index);
- a digest of the label schema (conflicts depend on labels and attributes).

Span F1 is not stored here: it is the pair counts of annotator/team/pair_cache.py (the cache
``progress`` reads), so whichever of the two computes a pair's counts first saves the other
the work. The summary index's rules hold: files changed in the last two seconds are used but
not stored; the file's first line holds its format and the sha256 of the rest, and one that
does not match is ignored whole; writing is best effort; documents with an error are never
stored (they are compared again, and the error shown, every time).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Sequence
from itertools import combinations
from pathlib import Path
from typing import Any

from annotator.adjudication.project import AdjudicationStatus, DocumentState, document_state
from annotator.metrics.agreement import PairAgreement, document_agreement
from annotator.store.project import GOLD_NAME, Project
from annotator.store.summary_index import (
    INDEX_FOLDER,
    RACY_NS,
    ProjectSummaries,
    read_checked,
    write_checked,
)
from annotator.team.pair_cache import PairCache

CACHE_FORMAT = "annotator-adjudication-list/1"
CACHE_NAME = "adjudication.json"


def list_cache_path(project: Project) -> Path:
    return project.private_dir / INDEX_FOLDER / CACHE_NAME


def compared_in_index(
    index: ProjectSummaries, doc_id: str, annotators: Sequence[str]
) -> tuple[str, ...]:
    """The annotators whose set of the document is compared (file present, status not
    ``new``), from the index: what ``annotated_by`` reads from the files."""
    sets = index.sets
    return tuple(
        n for n in annotators if (s := sets.get((n, doc_id))) is not None and s.status != "new"
    )


class ListCache:
    """``get(doc, status)``: the cached state and alpha of a document whose files are
    unchanged; ``compute(doc)``: compare it now and keep the figures; ``save()`` at the end.

    ``annotators``: those asked for (``adjudicate --annotators``), None for all of the
    project's."""

    def __init__(
        self, project: Project, index: ProjectSummaries, annotators: Sequence[str] | None
    ) -> None:
        self.project = project
        self.index = index
        self.selected = tuple(annotators) if annotators else None
        self.annotators = self.selected or tuple(project.annotators())
        self.started = time.time_ns()
        self.schema = hashlib.sha256(repr(project.schema).encode()).hexdigest()[:16]
        self.entries: dict[str, Any] = read_checked(
            list_cache_path(project), CACHE_FORMAT, "documents"
        )
        self.pairs = PairCache(project, index.keys)
        self.changed = False

    def _key(self, doc_id: str, compared: tuple[str, ...]) -> list[Any] | None:
        """What the figures depend on, as stored; None when a file is missing from the
        index (listed after it was read) or the text cannot be read."""
        text = self.index.texts.get(doc_id)
        if text is None or text.error is not None:
            return None
        keys = self.index.keys
        files: list[Any] = []
        for name in compared:
            key = keys.get((name, doc_id))
            if key is None:
                return None
            files.append([name, *key])
        gold = keys.get((GOLD_NAME, doc_id))
        return [self.schema, text.sha256, list(gold) if gold else None, files]

    def get(self, doc_id: str, status: AdjudicationStatus) -> tuple[DocumentState, Any] | None:
        """The document's state (with ``status`` from the index) and alpha, when stored for
        exactly these files; None when they must be computed."""
        compared = compared_in_index(self.index, doc_id, self.annotators)
        if len(compared) < 2:
            # Nothing to compare: what document_state says, unless loading the one set
            # could fail (unreadable, or made on another text), which it must then report.
            sets = [self.index.sets[(n, doc_id)] for n in compared]
            if any(s.status == "error" or self.index.text_changed(s) for s in sets):
                return None
            return DocumentState(doc_id, compared, status), None
        entry = self.entries.get(doc_id)
        if entry is None or entry[0] != self._key(doc_id, compared):
            return None
        alpha, agreed, conflicts, open_count = entry[1:]
        state = DocumentState(
            doc_id,
            compared,
            status,
            agreed=agreed,
            conflicts=conflicts,
            open=open_count,
            span_f1=self.span_f1(doc_id, compared),
        )
        return state, alpha

    def span_f1(self, doc_id: str, compared: tuple[str, ...]) -> float:
        """DOCUMENT_SPAN_F1 from the pair counts: strict F1 of each pair, mean over pairs."""
        pairs = [self.pairs.counts(a, b, doc_id).f1("strict") for a, b in combinations(compared, 2)]
        return sum(pairs) / len(pairs)

    def compute(self, doc_id: str) -> tuple[DocumentState, float | None]:
        """The document compared now (as ``document_state`` and ``agreement_figure`` do),
        its figures kept for next time."""
        state = document_state(self.project, doc_id, self.selected)
        if not state.comparable:
            return state, None
        agreement = document_agreement(self.project, doc_id, state.annotators)
        alpha = agreement.headline
        self.put(doc_id, state, alpha, agreement.all_figures.pairs)
        return state, alpha

    def put(
        self,
        doc_id: str,
        state: DocumentState,
        alpha: float | None,
        pairs: Sequence[PairAgreement] = (),
    ) -> None:
        """Keep a computed state (not one with an error, nor one whose files changed in the
        last two seconds), and the span counts of its ``pairs`` in the pair cache."""
        if not state.comparable:
            return
        compared = compared_in_index(self.index, doc_id, self.annotators)
        if compared != state.annotators:
            return  # the files changed since the index was read: compare again next time
        key = self._key(doc_id, compared)
        if key is None:
            return
        settled = self.started - RACY_NS
        if any(f[3] >= settled for f in key[3]) or (key[2] is not None and key[2][2] >= settled):
            return
        self.entries[doc_id] = [key, alpha, state.agreed, state.conflicts, state.open]
        self.changed = True
        for pair in pairs:
            self.pairs.store(pair.first, pair.second, doc_id, pair.span_total)

    def save(self) -> None:
        self.pairs.save()
        if self.changed:
            write_checked(list_cache_path(self.project), CACHE_FORMAT, "documents", self.entries)
            self.changed = False
