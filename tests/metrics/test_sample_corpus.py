"""The bundled sample corpus: the seed article annotated by ann1 and ann2 and adjudicated.

Figures come from the CLI and are checked against the reference packages fed from the project
API directly."""

from __future__ import annotations

import json
import math
from collections.abc import Callable

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from annotator.metrics.evaluation import NERVALUATE_NAME, SCHEMES, DocumentInput
from annotator.store.project import Project
from annotator.text.tokens import tokenize

from .reference import nervaluate

Run = Callable[..., tuple[int, str, str]]
SEED_ID = "xinhua-deir-ezzor"


@pytest.mark.parametrize("annotator", ["ann1", "ann2"])
def test_evaluate_an_annotator_against_the_gold(
    sample_project: Project, run_cli: Run, annotator: str
) -> None:
    folder = sample_project.root / "annotations" / annotator
    status, out, err = run_cli(
        "evaluate", str(sample_project.root), str(folder), "--format", "json"
    )
    assert status == 0
    data = json.loads(out)
    gold = sample_project.load_gold(SEED_ID)
    assert gold is not None
    pred = sample_project.load_set(annotator, SEED_ID)
    doc = DocumentInput(
        SEED_ID, sorted(s.key for s in gold.spans), sorted(s.key for s in pred.spans)
    )
    reference = nervaluate([doc])
    for scheme in SCHEMES:
        ref = reference["overall"][NERVALUATE_NAME[scheme]]
        micro = data["schemes"][scheme]["micro"]
        assert [micro[k] for k in ("correct", "incorrect", "partial", "missed", "spurious")] == [
            ref.correct,
            ref.incorrect,
            ref.partial,
            ref.missed,
            ref.spurious,
        ]
        assert (micro["precision"], micro["recall"], micro["f1"]) == (
            ref.precision,
            ref.recall,
            ref.f1,
        )
        for label, counts in data["schemes"][scheme]["labels"].items():
            ref = reference["entities"][label][NERVALUATE_NAME[scheme]]
            assert (counts["precision"], counts["recall"], counts["f1"]) == (
                ref.precision,
                ref.recall,
                ref.f1,
            )
    assert data["relations"]["strict"]["micro"]["gold"] == len(gold.relations)
    # Documents ann1 annotated beyond the gold are reported, not scored.
    assert data["documents"]["extra"] == [
        p.stem for p in sorted(folder.glob("*.yaml")) if p.stem != SEED_ID
    ]
    if data["documents"]["extra"]:
        assert "without gold, not scored" in err


def _innermost(text: str, spans: list[tuple[int, int, str]]) -> list[str]:
    out = []
    for token in tokenize(text):
        covering = [s for s in spans if s[0] < token.end and token.start < s[1]]
        best = min(covering, key=lambda s: (s[1] - s[0], s[2]), default=None)
        out.append(best[2] if best else "O")
    return out


def test_agreement_of_ann1_and_ann2(sample_project: Project, run_cli: Run) -> None:
    status, out, _ = run_cli("agree", str(sample_project.root), "--format", "json")
    assert status == 0
    data = json.loads(out)
    assert data["documents"][0]["document"] == SEED_ID
    text = sample_project.document(SEED_ID).text
    a = _innermost(text, [s.key for s in sample_project.load_set("ann1", SEED_ID).spans])
    b = _innermost(text, [s.key for s in sample_project.load_set("ann2", SEED_ID).spans])
    pair = data["corpus"]["pairs"][0]
    assert abs(pair["cohen_kappa"]["all"] - cohen_kappa_score(a, b)) < 1e-12

    # alpha over every token of every document; a set that is new or absent is missing
    codes: dict[str, float] = {}
    rows: list[list[float]] = [[], []]
    for doc_id in sample_project.document_ids():
        doc_text = sample_project.document(doc_id).text
        for r, who in enumerate(("ann1", "ann2")):
            aset = sample_project.load_set(who, doc_id)
            values = _innermost(doc_text, [s.key for s in aset.spans])
            present = sample_project.has_set(who, doc_id) and aset.status != "new"
            rows[r] += [
                codes.setdefault(v, float(len(codes))) if present else math.nan for v in values
            ]
    reference = krippendorff.alpha(reliability_data=np.array(rows), level_of_measurement="nominal")
    assert abs(data["corpus"]["krippendorff_alpha"]["all"] - reference) < 1e-12
    assert data["corpus"]["tokens"] == len(rows[0])
