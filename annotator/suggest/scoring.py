"""How good a recommender is on gold it did not learn from: the strict scores of
``annotator evaluate`` (annotator.metrics), per label and micro-averaged."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from annotator.metrics.evaluation import DocumentInput, SpanEvaluation, evaluate_spans
from annotator.model.annotation_set import AnnotationSet
from annotator.model.document import Document
from annotator.suggest.base import Suggestion


@dataclass(frozen=True, slots=True)
class LabelScore:
    label: str
    precision: float
    recall: float
    f1: float
    gold: int

    def as_dict(self) -> dict[str, float | int | str]:
        return {
            "label": self.label,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "gold": self.gold,
        }


def score(
    propose: Callable[[Document], list[Suggestion]],
    gold: Sequence[AnnotationSet],
    labels: Sequence[str] = (),
) -> SpanEvaluation:
    """The recommender's proposals on each gold document, scored against that gold."""
    wanted = set(labels)

    def keep(label: str) -> bool:
        return not wanted or label in wanted

    inputs = [
        DocumentInput(
            aset.document.id,
            sorted(s.key for s in aset.spans if keep(s.label)),
            sorted(s.key for s in propose(aset.document) if keep(s.label)),
        )
        for aset in gold
    ]
    return evaluate_spans(inputs, label_order=list(labels))


def label_scores(evaluation: SpanEvaluation) -> list[LabelScore]:
    """Strict precision, recall and F1 per label, then the micro average (label "all")."""
    rows = []
    for label, counts in evaluation.labels.items():
        s = evaluation.scores("strict", label)
        rows.append(LabelScore(label, s.precision, s.recall, s.f1, counts["strict"].possible))
    s = evaluation.scores("strict")
    rows.append(LabelScore("all", s.precision, s.recall, s.f1, evaluation.gold_spans))
    return rows


def score_table(rows: Sequence[LabelScore]) -> str:
    lines = [f"{'label':<10} {'gold':>6} {'precision':>9} {'recall':>7} {'F1':>7}"]
    for r in rows:
        lines.append(f"{r.label:<10} {r.gold:>6} {r.precision:>9.3f} {r.recall:>7.3f} {r.f1:>7.3f}")
    return "\n".join(lines)
