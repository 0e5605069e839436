"""Reviewing a recommender's suggestions in an annotator's own set: merge, accept, reject.

The suggestions view shows a recommender's spans (``annotations/NAME/<doc>.yaml``) inside the
annotator's set as pre-annotations (origin ``imported:NAME``): drawn pale and underlined until
accepted, settled with the keys pre-annotations already have. This module decides, without any
drawing:

- which suggestions join the set (``merge_suggestions``): those the set does not have already
  (same extent and label, whoever made it) and the annotator has not rejected on this document;
- what accepting makes of a span (``accepted``): the annotator's own (origin ``manual``) with
  ``suggested_by`` naming the recommender, its score dropped;
- where rejections are remembered: ``annotations/<annotator>/.rejected/<doc>.yaml``, beside the
  annotator's work (so it travels with it), outside the ``*.yaml`` files every reader lists.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from statistics import fmean

import yaml

from annotator.errors import AnnotatorError, FormatError
from annotator.model.annotation_set import AnnotationSet, build_set, next_id
from annotator.model.labels import LabelSchema
from annotator.model.span import IMPORTED_PREFIX, MANUAL, Span
from annotator.store.annotation_file import read_annotation_file
from annotator.store.atomic import write_atomic
from annotator.store.project import ANNOTATIONS, Project, check_id
from annotator.store.session import EditingSession
from annotator.store.yaml_safe import load_yaml_file

REJECTED_DIR = ".rejected"
REJECTIONS_FORMAT = "annotator-rejections/1"


@dataclass(frozen=True, slots=True, order=True)
class Rejection:
    """A suggestion an annotator turned down: who proposed it, where, with which label."""

    source: str
    start: int
    end: int
    label: str


def source_of(span: Span) -> str:
    """The recommender (or import source) of a pre-annotated span, "" for the annotator's own."""
    return span.origin[len(IMPORTED_PREFIX) :] if span.imported else ""


def accepted(span: Span) -> Span:
    """The span as the annotator's own, remembering which recommender suggested it."""
    return replace(
        span, origin=MANUAL, suggested_by=source_of(span) or span.suggested_by, score=None
    )


def rejection_of(span: Span) -> Rejection:
    return Rejection(source_of(span), span.start, span.end, span.label)


def merge_suggestions(
    aset: AnnotationSet,
    suggestions: AnnotationSet,
    schema: LabelSchema,
    rejected: Iterable[Rejection] = (),
) -> tuple[AnnotationSet, list[Span]]:
    """``aset`` with the recommender's suggestions it lacks, as pre-annotations, and those
    spans; the set's status is kept (showing suggestions is not an edit of the annotator's)."""
    refused = set(rejected)
    have = {s.key for s in aset.spans}
    used = {s.id for s in aset.spans}
    added: list[Span] = []
    number = int(next_id("s", used)[1:])  # ids after the set's own (one pass)
    for span in suggestions.spans:
        if not span.imported or span.key in have:
            continue
        if Rejection(source_of(span), span.start, span.end, span.label) in refused:
            continue
        span_id = f"s{number}"
        number += 1
        have.add(span.key)
        added.append(replace(span, id=span_id, provenance=None))
    if not added:
        return aset, []
    merged, _ = build_set(
        aset.document,
        aset.annotator,
        schema,
        [*aset.spans, *added],
        aset.relations,
        status=aset.status,
        updated=aset.updated,
    )
    return merged, added


class SuggestionView:
    """The suggestions shown in one editing session, so that only they are kept off the disk.

    A suggestion merely shown is not the annotator's work: the annotator's file gets the spans
    they accepted (now ``manual``) and made, never the unsettled suggestions of the view, which
    come back from the recommender's set the next time. Pre-annotations that were already in
    the annotator's file (``annotator import --pre-annotation``) are saved as before.
    """

    def __init__(self, project: Project, session: EditingSession) -> None:
        self.project = project
        self.session = session
        self.source: str | None = None
        self._shown: set[tuple[str, int, int, str]] = set()
        session.saved_form = self.on_disk

    @property
    def annotator(self) -> str:
        return self.session.current.annotator

    def show(self, source: str | None) -> int:
        """Show ``source``'s suggestions instead of the current ones (None: none); returns how
        many suggestions joined the set. Not an edit: nothing is saved because of it."""
        aset = self.on_disk(self.session.current)
        added: list[Span] = []
        if source is not None:  # read everything first: a bad file changes nothing
            doc_id = aset.document.id
            suggestions = load_suggestions(self.project, source, doc_id)
            if suggestions is not None:
                rejected = load_rejections(self.project, self.annotator, doc_id)
                aset, added = merge_suggestions(aset, suggestions, self.project.schema, rejected)
        self.source = source
        self._shown.update((s.origin, *s.key) for s in added)
        self.session.replace_current(aset)
        return len(added)

    def on_disk(self, aset: AnnotationSet) -> AnnotationSet:
        """``aset`` without the suggestions shown and not settled (its status as it was)."""
        status = aset.status
        for span in aset.spans:
            if (span.origin, *span.key) in self._shown:
                aset = aset.remove_span(span.id)
        return aset if aset.status == status else aset.with_status(status)

    def reject(self, spans: Sequence[Span]) -> None:
        add_rejections(self.project, self.annotator, self.session.current, spans)


# -- rejections on disk ------------------------------------------------------------------------


def rejections_path(project: Project, annotator: str, doc_id: str) -> Path:
    return (
        project.root
        / ANNOTATIONS
        / check_id(annotator, "annotator name")
        / REJECTED_DIR
        / f"{check_id(doc_id)}.yaml"
    )


def load_rejections(project: Project, annotator: str, doc_id: str) -> set[Rejection]:
    path = rejections_path(project, annotator, doc_id)
    if not path.is_file():
        return set()
    data = load_yaml_file(path)
    where = project.relative(path)
    if not isinstance(data, dict) or not isinstance(data.get("rejected"), list):
        raise FormatError("expected 'rejected:' and a list of suggestions", file=where)
    found: set[Rejection] = set()
    for n, item in enumerate(data["rejected"], 1):
        try:
            found.add(
                Rejection(
                    str(item["source"]), int(item["start"]), int(item["end"]), str(item["label"])
                )
            )
        except (KeyError, TypeError, ValueError):
            raise FormatError(
                f"rejected item {n}: expected source, start, end and label", file=where
            ) from None
    return found


def add_rejections(
    project: Project, annotator: str, aset: AnnotationSet, spans: Sequence[Span]
) -> None:
    """Remember that ``annotator`` rejected these suggestions on the set's document."""
    chosen = [rejection_of(s) for s in spans if s.imported]
    if not chosen:
        return
    doc = aset.document
    known = load_rejections(project, annotator, doc.id) | set(chosen)
    items = [
        {
            "source": r.source,
            "label": r.label,
            "start": r.start,
            "end": r.end,
            "text": doc.text[r.start : r.end],
        }
        for r in sorted(known)
    ]
    data = {"format": REJECTIONS_FORMAT, "document": doc.id, "rejected": items}
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    write_atomic(rejections_path(project, annotator, doc.id), text)


# -- choosing and ordering ---------------------------------------------------------------------


def recommenders(project: Project, annotator: str) -> list[str]:
    """Folders under annotations/ that hold a recommender's suggestions: not a configured
    annotator, not the annotator at work, and spans of origin ``imported:<folder>`` in them."""
    return [
        name
        for name in project.annotators()
        if name != annotator
        and name not in project.config.annotators
        and _holds_suggestions(project, name)
    ]


def _holds_suggestions(project: Project, name: str, files: int = 3) -> bool:
    origin = f"{IMPORTED_PREFIX}{name}"
    for n, path in enumerate(project.annotation_files(name)):
        if n >= files:
            break
        try:
            parsed = read_annotation_file(path)
        except AnnotatorError:
            continue
        if any(record.span.origin == origin for record in parsed.spans):
            return True
    return False


def load_suggestions(project: Project, name: str, doc_id: str) -> AnnotationSet | None:
    if not project.has_set(name, doc_id):
        return None
    return project.load_set(name, doc_id)


def mean_confidence(project: Project, name: str, doc_id: str) -> float | None:
    """Mean score of the recommender's suggestions on a document (None: none with a score)."""
    aset = load_suggestions(project, name, doc_id)
    if aset is None:
        return None
    scores = [s.score for s in aset.spans if s.score is not None]
    return fmean(scores) if scores else None


def uncertainty_order(project: Project, name: str, doc_ids: Sequence[str]) -> list[str]:
    """Documents by the recommender's mean confidence, lowest first (active learning: the
    model learns most from what it is least sure of); documents without scores come last."""
    means = {d: mean_confidence(project, name, d) for d in doc_ids}
    return sorted(doc_ids, key=lambda d: (means[d] is None, means[d] or 0.0, d))
