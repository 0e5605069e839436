"""Zero division, macro averages and the absence of NaN."""

from __future__ import annotations

import json
import math

from hypothesis import given, settings

from annotator.metrics.evaluation import SCHEMES, DocumentInput, evaluate_spans
from annotator.metrics.prf import Counts, Scores, macro_average

from .reference import nervaluate, same
from .strategies import corpora


def test_nothing_predicted_nothing_in_gold_is_zero_not_nan() -> None:
    docs = [DocumentInput("empty", [], [])]
    ours = evaluate_spans(docs)
    for scheme in SCHEMES:
        assert ours.scores(scheme) == Scores(0.0, 0.0, 0.0)
        assert ours.macro(scheme) == Scores(0.0, 0.0, 0.0)
        assert same(
            nervaluate(docs)["overall"][_name(scheme)], ours.micro[scheme], ours.scores(scheme)
        )


def _name(scheme: str) -> str:
    return "ent_type" if scheme == "type" else scheme


def test_precision_without_predictions_and_recall_without_gold_are_zero() -> None:
    assert Counts(missed=3).scores(False) == Scores(0.0, 0.0, 0.0)
    assert Counts(spurious=2).scores(True) == Scores(0.0, 0.0, 0.0)
    assert Counts(correct=1, spurious=1).scores(False) == Scores(0.5, 1.0, 2 * 0.5 / 1.5)


def test_macro_is_the_mean_of_per_label_scores() -> None:
    docs = [
        DocumentInput(
            "d", [(0, 5, "ACTOR"), (6, 9, "WEAPON")], [(0, 5, "ACTOR"), (10, 12, "EXTRA")]
        )
    ]
    ours = evaluate_spans(docs)
    # ACTOR: P=R=F1=1; WEAPON: 0/0 precision -> 0, recall 0; EXTRA: precision 0, recall 0/0 -> 0.
    assert ours.macro("strict") == Scores(1 / 3, 1 / 3, 1 / 3)
    assert macro_average([]) == Scores()


@settings(max_examples=100, deadline=None)
@given(corpora())
def test_no_score_is_ever_nan(docs: list[DocumentInput]) -> None:
    ours = evaluate_spans(docs)
    figures = [ours.scores(s) for s in SCHEMES] + [ours.macro(s) for s in SCHEMES]
    figures += [ours.scores(s, label) for s in SCHEMES for label in ours.labels]
    for f in figures:
        for value in (f.precision, f.recall, f.f1):
            assert not math.isnan(value) and 0.0 <= value <= 1.0
    json.dumps([f.f1 for f in figures], allow_nan=False)
