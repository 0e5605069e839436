"""Span scores over many documents: the four schemes, per label, micro and macro averages.

What is computed is nervaluate 1.2.1's ``Evaluator(...).evaluate()`` with the gold and predicted
spans of each document given in document order (start, end, label):

- **micro** (nervaluate's ``overall``): each document is matched once per scheme with all labels
  together (so a prediction may take a gold span of another label: an ``incorrect`` in strict and
  type), and the counts of all documents are added before P/R/F1 are computed;
- **per label**: each label is matched *on its own*, both sides filtered to that label. A
  prediction with the wrong label is therefore spurious for its label and the gold span missed for
  its own, and the per-label counts do not add up to the micro counts (nervaluate's behaviour);
- **macro**: the mean over labels of the per-label precision, recall and F1. The labels are those
  that occur in the gold or in the predictions (nervaluate's "used tags"), so a label only ever
  predicted counts with F1 0 and a label in neither is left out.

Within one label, strict and exact are the same matching, and the partial scheme is always the
exact scheme's matching with ``incorrect`` renamed ``partial``; each is computed once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from annotator.metrics.matching import Matching, SpanKey, match_boundaries, match_closest
from annotator.metrics.prf import Counts, Scores, macro_average

SCHEMES: tuple[str, ...] = ("strict", "exact", "partial", "type")
#: nervaluate's name of each scheme.
NERVALUATE_NAME = {"strict": "strict", "exact": "exact", "partial": "partial", "type": "ent_type"}
#: Schemes where a partial match earns half a point in precision and recall.
PARTIAL_CREDIT = {"strict": False, "exact": False, "partial": True, "type": True}


@dataclass(frozen=True, slots=True)
class DocumentInput:
    """One document to score: gold and predicted spans, each sorted in document order."""

    id: str
    gold: list[SpanKey]
    pred: list[SpanKey]


def scheme_counts(
    boundaries_strict: Matching, boundaries_exact: Matching, closest: Matching
) -> dict[str, Counts]:
    """Counts of the four schemes from the three matchings that determine them."""
    s, x, t = boundaries_strict, boundaries_exact, closest
    return {
        "strict": Counts(s.correct, s.incorrect, 0, s.missed, s.spurious),
        "exact": Counts(x.correct, x.incorrect, 0, x.missed, x.spurious),
        "partial": Counts(x.correct, 0, x.incorrect, x.missed, x.spurious),
        "type": Counts(t.correct, t.incorrect, 0, t.missed, t.spurious),
    }


@dataclass(slots=True)
class DocumentResult:
    """One document's micro counts per scheme and, for error listings, its strict matching."""

    id: str
    gold: list[SpanKey]
    pred: list[SpanKey]
    counts: dict[str, Counts]
    strict: Matching

    def scores(self, scheme: str) -> Scores:
        return self.counts[scheme].scores(PARTIAL_CREDIT[scheme])


@dataclass(slots=True)
class SpanEvaluation:
    """Counts per scheme (micro) and per label and scheme, added over documents."""

    documents: int = 0
    gold_spans: int = 0
    predicted_spans: int = 0
    micro: dict[str, Counts] = field(default_factory=lambda: {s: Counts() for s in SCHEMES})
    labels: dict[str, dict[str, Counts]] = field(default_factory=dict)
    per_document: list[DocumentResult] = field(default_factory=list)

    def scores(self, scheme: str, label: str | None = None) -> Scores:
        counts = self.micro[scheme] if label is None else self.labels[label][scheme]
        return counts.scores(PARTIAL_CREDIT[scheme])

    def macro(self, scheme: str) -> Scores:
        return macro_average([self.scores(scheme, label) for label in self.labels])


def _by_label(spans: list[SpanKey]) -> dict[str, list[SpanKey]]:
    groups: dict[str, list[SpanKey]] = {}
    for span in spans:
        groups.setdefault(span[2], []).append(span)
    return groups


def _add_label_counts(
    totals: dict[str, dict[str, Counts]], gold: list[SpanKey], pred: list[SpanKey], thr: float
) -> None:
    gold_by, pred_by = _by_label(gold), _by_label(pred)
    for label in gold_by.keys() | pred_by.keys():
        g, p = gold_by.get(label, []), pred_by.get(label, [])
        boundaries = match_boundaries(g, p, with_label=False, min_overlap=thr)
        counts = scheme_counts(boundaries, boundaries, match_closest(g, p, min_overlap=thr))
        into = totals.setdefault(label, {s: Counts() for s in SCHEMES})
        for scheme in SCHEMES:
            into[scheme].add(counts[scheme])


def evaluate_document(doc: DocumentInput, min_overlap: float = 1.0) -> DocumentResult:
    """Micro counts of one document (all labels matched together)."""
    strict = match_boundaries(doc.gold, doc.pred, with_label=True, min_overlap=min_overlap)
    exact = match_boundaries(doc.gold, doc.pred, with_label=False, min_overlap=min_overlap)
    closest = match_closest(doc.gold, doc.pred, min_overlap=min_overlap)
    return DocumentResult(doc.id, doc.gold, doc.pred, scheme_counts(strict, exact, closest), strict)


def evaluate_spans(
    documents: Iterable[DocumentInput],
    *,
    min_overlap: float = 1.0,
    keep_documents: bool = False,
    label_order: Sequence[str] = (),
) -> SpanEvaluation:
    """Score every document and add up; ``keep_documents`` keeps each document's result.

    Labels are reported in ``label_order`` (e.g. the schema's), then any others alphabetically.
    """
    result = SpanEvaluation()
    labels: dict[str, dict[str, Counts]] = {}
    for doc in documents:
        one = evaluate_document(doc, min_overlap)
        result.documents += 1
        result.gold_spans += len(doc.gold)
        result.predicted_spans += len(doc.pred)
        for scheme in SCHEMES:
            result.micro[scheme].add(one.counts[scheme])
        _add_label_counts(labels, doc.gold, doc.pred, min_overlap)
        if keep_documents:
            result.per_document.append(one)
    rank = {label: i for i, label in enumerate(label_order)}
    for label in sorted(labels, key=lambda lb: (rank.get(lb, len(rank)), lb)):
        result.labels[label] = labels[label]
    return result
