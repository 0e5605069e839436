"""A real ``spacy train`` (blank Arabic, CPU, a few steps) through ``annotator train``; the model
suggests on a document without gold and ``annotator evaluate`` scores its sets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.store.project import Project
from tests.cli_helpers import run_cli
from tests.conftest import SEED_ID

pytest.importorskip("spacy")
pytestmark = pytest.mark.slow

STEPS = ("--max-steps", "30", "--eval-every", "10", "--quiet")


def test_train_suggest_and_evaluate(sample_project: Project, tmp_path: Path) -> None:
    root, out = sample_project.root, tmp_path / "model"
    result = run_cli("train", root, "--out", out, *STEPS)
    assert result.returncode == 0, result.stderr
    assert (out / "model-best" / "meta.json").is_file()
    config = (out / "corpus" / "config.cfg").read_text("utf-8")
    assert "annotator.arabic_tokenizer.v1" in config  # the export's config, our tokens
    scores = json.loads((out / "scores.json").read_text("utf-8"))
    rows = {row["label"]: row for row in scores["labels"]}
    assert set(rows) <= {"ACTOR", "LOCATION", "WEAPON", "all"} and "all" in rows
    assert all(0.0 <= row["f1"] <= 1.0 for row in rows.values())
    assert "dev scores (strict)" in result.stdout and "ACTOR" in result.stdout
    assert scores["keep_proclitics"] is False  # the sample's gold leaves proclitics out

    # Suggest on a document without gold: a pre-annotation set of the model's.
    result = run_cli("suggest", root, "--model", out, "--as", "model", "--docs", "damascus-quotes")
    assert result.returncode == 0, result.stderr
    aset = sample_project.load_set("model", "damascus-quotes")
    assert aset.status == "new"
    assert all(s.origin == "imported:model" for s in aset.spans)
    text = aset.document.text
    for span in aset.spans:  # trimmed as the guidelines say: no punctuation at the ends
        assert text[span.start].isalpha() and text[span.end - 1].isalpha()

    # Evaluate the model's set on the gold document like any predictions.
    assert (
        run_cli("suggest", root, "--model", out, "--as", "model", "--docs", SEED_ID).returncode == 0
    )
    report = run_cli("evaluate", root, root / "annotations" / "model", "--format", "json")
    assert report.returncode == 0, report.stderr
    data = json.loads(report.stdout)
    assert data["documents"]["evaluated"] == 1
    predicted = len(sample_project.load_set("model", SEED_ID).spans)
    assert data["spans"]["predicted"] == predicted

    # The model and the matcher together: every model span, and the matcher's where the model
    # proposes nothing overlapping.
    docs = ("--docs", "damascus-quotes")
    assert run_cli("suggest", root, "--matcher", "--as", "matcher", *docs).returncode == 0
    result = run_cli("suggest", root, "--model", out, "--matcher", "--as", "both", *docs)
    assert result.returncode == 0, result.stderr
    model_keys = {s.key for s in sample_project.load_set("model", "damascus-quotes").spans}
    matcher_keys = {s.key for s in sample_project.load_set("matcher", "damascus-quotes").spans}
    both_keys = {s.key for s in sample_project.load_set("both", "damascus-quotes").spans}
    free = {
        (a, b, label)
        for a, b, label in matcher_keys
        if all(b <= s or e <= a for s, e, _ in model_keys)
    }
    assert both_keys == model_keys | free


def test_curve_prints_a_table_and_a_plot(
    sample_project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """In this process (four trainings may outlast a subprocess timeout on a loaded machine)."""
    from annotator.cli import main

    out = tmp_path / "model"
    code = main(["train", str(sample_project.root), "--out", str(out), "--curve", *STEPS])
    assert code == 0
    result = capsys.readouterr()
    curve = json.loads((out / "curve.json").read_text("utf-8"))
    assert [p["share"] for p in curve["points"]] == [0.25, 0.5, 0.75, 1.0]
    assert "learning curve (strict dev F1)" in result.out
    assert "strict F1" in result.out  # the plot's axis label
    for pct in (25, 50, 75, 100):
        assert (out / f"curve-{pct}" / "model-best").is_dir()


def test_errors_are_one_line(sample_project: Project, tmp_path: Path) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    result = run_cli("train", sample_project.root, "--out", tmp_path / "full")
    assert result.returncode == 1 and "not empty" in result.stderr
    result = run_cli("suggest", sample_project.root, "--model", tmp_path / "full", "--as", "m")
    assert result.returncode == 1 and "not a trained model" in result.stderr
    assert "Traceback" not in result.stderr


def test_plot_without_plotext_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from annotator.commands.train import plot_curve
    from annotator.suggest.spacy_model import CurvePoint

    points = [CurvePoint(0.5, 2, 0.4, 1.0), CurvePoint(1.0, 4, 0.6, 2.0)]
    assert "strict F1" in plot_curve(points)
    monkeypatch.setitem(sys.modules, "plotext", None)
    assert plot_curve(points) == (
        "(the plot needs plotext, which is not installed: pip install 'annotator[plot]')"
    )


def test_spancat_adds_scored_and_nested_spans(
    sample_project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from annotator.cli import main
    from annotator.suggest.spacy_model import SpacyRecommender

    out = tmp_path / "model"
    code = main(["train", str(sample_project.root), "--out", str(out), "--spancat", "3", *STEPS])
    assert code == 0
    assert "spancat" in (out / "config.cfg").read_text("utf-8")
    model = SpacyRecommender.load(out)
    assert "spancat" in model.nlp.pipe_names
    scores = json.loads((out / "scores.json").read_text("utf-8"))
    assert "CLAIM" in {row["label"] for row in scores["labels"]}  # every label is scored
    doc = model.nlp(sample_project.document(SEED_ID).text)
    spans = doc.spans["sc"]
    assert len(spans.attrs["scores"]) == len(spans)
    assert all(0.0 <= float(x) <= 1.0 for x in spans.attrs["scores"])


@pytest.mark.parametrize(
    ("keep", "expected"),
    [(False, "بريطانيا"), (True, "وبريطانيا")],
)
def test_entities_follow_the_golds_habit_with_proclitics(keep: bool, expected: str) -> None:
    """An entity "(وبريطانيا" loses its punctuation; its proclitic only when the training gold
    left proclitics out (scores.json's keep_proclitics)."""
    from annotator.suggest.spacy_model import SpacyRecommender

    model = SpacyRecommender(nlp=None)
    model.keep_proclitics = keep
    text = "عاد من (وبريطانيا) أمس"
    start, end = model._trim(text, text.index("("), text.index(")") + 1)
    assert text[start:end] == expected
