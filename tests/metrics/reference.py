"""nervaluate 1.2.1 run on the same input as ours, and the comparison every test makes."""

from __future__ import annotations

from typing import Any

from nervaluate import Evaluator

from annotator.metrics.evaluation import NERVALUATE_NAME, SCHEMES, DocumentInput, SpanEvaluation
from annotator.metrics.matching import SpanKey
from annotator.metrics.prf import Counts, Scores


def as_entities(spans: list[SpanKey]) -> list[dict[str, Any]]:
    """Our spans in nervaluate's dict format: its ``end`` is inclusive."""
    return [{"label": label, "start": start, "end": end - 1} for start, end, label in spans]


def nervaluate(docs: list[DocumentInput], min_overlap: float = 1.0) -> dict[str, Any]:
    tags = sorted({s[2] for d in docs for s in d.gold + d.pred}) or ["ACTOR"]
    return Evaluator(
        [as_entities(d.gold) for d in docs],
        [as_entities(d.pred) for d in docs],
        tags=tags,
        loader="dict",
        min_overlap_percentage=min_overlap,
    ).evaluate()


def same(reference: Any, counts: Counts, scores: Scores) -> bool:
    """Counts and scores identical to nervaluate's, float for float."""
    return (
        (reference.correct, reference.incorrect, reference.partial)
        == (counts.correct, counts.incorrect, counts.partial)
        and (reference.missed, reference.spurious) == (counts.missed, counts.spurious)
        and (reference.possible, reference.actual) == (counts.possible, counts.actual)
        and (reference.precision, reference.recall, reference.f1)
        == (scores.precision, scores.recall, scores.f1)
    )


def assert_matches_nervaluate(ours: SpanEvaluation, reference: dict[str, Any]) -> None:
    assert set(ours.labels) == set(reference["entities"])
    for scheme in SCHEMES:
        name = NERVALUATE_NAME[scheme]
        ref = reference["overall"].get(name)
        if ref is not None:  # nervaluate has no overall result for a corpus with no document
            assert same(ref, ours.micro[scheme], ours.scores(scheme)), (scheme, ref)
        for label in ours.labels:
            ref = reference["entities"][label][name]
            assert same(ref, ours.labels[label][scheme], ours.scores(scheme, label)), (
                scheme,
                label,
                ref,
            )
