"""``annotator suggest --matcher``: pre-annotation sets on the documents without gold, never
over anyone's work, re-runs replacing only the recommender's own earlier suggestions."""

from __future__ import annotations

import json

from annotator.model import Span
from annotator.store.project import Project
from tests.cli_helpers import run_cli
from tests.conftest import SEED_ID


def test_matcher_writes_pre_annotation_sets_with_origin_and_score(sample_project: Project) -> None:
    root = sample_project.root
    result = run_cli("suggest", root, "--matcher", "--as", "matcher")
    assert result.returncode == 0, result.stderr
    written = sorted(p.stem for p in sample_project.annotation_files("matcher"))
    without_gold = [d for d in sample_project.document_ids() if d != SEED_ID]
    assert written == without_gold  # the gold document gets no suggestions
    spans = [s for d in written for s in sample_project.load_set("matcher", d).spans]
    assert spans and all(s.origin == "imported:matcher" for s in spans)
    assert all(s.score is not None and 0.4 <= s.score <= 1.0 for s in spans)
    aset = sample_project.load_set("matcher", "damascus-quotes")
    assert aset.status == "new"
    assert any(aset.span_text(s) == "سانا" and s.label == "ACTOR" for s in aset.spans)
    assert f"suggested {len(spans)} spans on {len(written)} documents" in result.stdout


def test_rerun_replaces_only_its_own_suggestions(sample_project: Project) -> None:
    root = sample_project.root
    assert run_cli("suggest", root, "--matcher", "--as", "matcher").returncode == 0
    first = sample_project.load_set("matcher", "damascus-quotes")
    # Someone opened the recommender's set and tagged a span by hand.
    edited, _manual = first.add_span(sample_project.schema, "WEAPON", 11, 16)
    sample_project.save_set(edited)
    result = run_cli("suggest", root, "--matcher", "--as", "matcher")
    assert result.returncode == 0, result.stderr
    again = sample_project.load_set("matcher", "damascus-quotes")
    assert again.find(11, 16, "WEAPON") is not None
    assert again.find(11, 16, "WEAPON").origin == "manual"  # type: ignore[union-attr]
    suggested = sorted(s.key for s in again.spans if s.origin == "imported:matcher")
    assert suggested == sorted(s.key for s in first.spans)  # replaced, not doubled
    assert "replacing" in result.stdout


def test_never_over_anyones_work(sample_project: Project) -> None:
    root = sample_project.root
    before = {p: p.read_bytes() for p in root.rglob("*.yaml")}
    for name in ("ann1", "gold"):
        result = run_cli("suggest", root, "--matcher", "--as", name)
        assert result.returncode == 1
        assert result.stderr.count("\n") == 1 and "--as" in result.stderr
        assert "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in root.rglob("*.yaml")} == before


def test_done_set_of_the_recommender_is_left_alone(sample_project: Project) -> None:
    root = sample_project.root
    assert run_cli("suggest", root, "--matcher", "--as", "m").returncode == 0
    aset = sample_project.load_set("m", "beirut-harakat").with_status("done")
    sample_project.save_set(aset)
    before = sample_project.annotation_path("m", "beirut-harakat").read_bytes()
    result = run_cli("suggest", root, "--matcher", "--as", "m")
    assert "marked done; left as it is" in result.stderr
    assert sample_project.annotation_path("m", "beirut-harakat").read_bytes() == before


def test_no_gold_and_unknown_docs_are_clear_errors(sample_project: Project) -> None:
    root = sample_project.root
    result = run_cli("suggest", root, "--matcher", "--as", "m", "--docs", "nope")
    assert result.returncode == 1 and "no document 'nope'" in result.stderr
    result = run_cli("suggest", root, "--as", "m")
    assert result.returncode == 1 and "--matcher, --model DIR, or both" in result.stderr
    sample_project.gold_path(SEED_ID).unlink()
    result = run_cli("suggest", root, "--matcher", "--as", "m")
    assert result.returncode == 1 and "nothing to learn from" in result.stderr
    # ...but annotators' done sets can teach it
    ann1 = sample_project.load_set("ann1", SEED_ID).with_status("done")
    sample_project.save_set(ann1)
    result = run_cli("suggest", root, "--matcher", "--as", "m", "--from", "ann1")
    assert result.returncode == 0, result.stderr
    assert sample_project.has_set("m", SEED_ID)  # no gold now: it is suggested on too


def test_a_min_score_beyond_one_is_refused_before_it_replaces_suggestions(
    sample_project: Project,
) -> None:
    """A slip of the finger (--min-score 4 for 0.4) would leave out every suggestion and
    replace the earlier ones with none."""
    root = sample_project.root
    assert run_cli("suggest", root, "--matcher", "--as", "m").returncode == 0
    before = sorted((root / "annotations" / "m").iterdir())
    contents = [path.read_bytes() for path in before]
    for score in ("4", "-0.1"):
        result = run_cli("suggest", root, "--matcher", "--as", "m", "--min-score", score)
        assert result.returncode == 1
        assert result.stderr.strip().splitlines() == [
            f"annotator: --min-score: {float(score)} is not a score between 0 and 1"
        ]
    assert [path.read_bytes() for path in before] == contents


def test_an_unknown_annotator_is_named_with_the_option_given(sample_project: Project) -> None:
    root = sample_project.root
    result = run_cli("suggest", root, "--matcher", "--as", "m", "--from", "ann9")
    assert result.returncode == 1 and "annotator: --from: no annotator 'ann9'" in result.stderr
    result = run_cli("train", root, "--out", root / "model", "--source", "ann9")
    assert result.returncode == 1 and "annotator: --source: no annotator 'ann9'" in result.stderr


def test_evaluate_scores_a_recommenders_sets(sample_project: Project) -> None:
    """Suggest on the gold document itself (--docs) and score it like any predictions: the
    matcher learnt from that very gold, so it must find much of it."""
    root = sample_project.root
    result = run_cli(
        "suggest", root, "--matcher", "--as", "m", "--docs", SEED_ID, "--min-score", "0"
    )
    assert result.returncode == 0, result.stderr
    report = run_cli("evaluate", root, root / "annotations" / "m", "--format", "json")
    assert report.returncode == 0, report.stderr
    data = json.loads(report.stdout)
    strict = data["schemes"]["strict"]["micro"]
    aset = sample_project.load_set("m", SEED_ID)
    assert data["spans"]["predicted"] == len(aset.spans) > 0
    assert strict["correct"] > 0.5 * len(aset.spans)
    assert all(isinstance(s, Span) and s.score is not None for s in aset.spans)
