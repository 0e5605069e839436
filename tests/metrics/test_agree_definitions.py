"""Numbers that mean something: undefined figures are not 1.0, one span-F1 definition shared by
agree and the adjudication list, tokenisation described in words, the current project default."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.adjudication.project import document_state
from annotator.store.project import Project
from tests.hostile.helpers import TEXT, make_project, run, span_file

ACTOR = "  - {id: s1, label: ACTOR, start: 5, end: 21, text: القوات الأمريكية, attributes: {kind: state_forces}}\n"
ACTOR_SHORT = "  - {id: s1, label: ACTOR, start: 5, end: 11, text: القوات, attributes: {kind: state_forces}}\n"
WEAPON = "  - {id: s2, label: WEAPON, start: 31, end: 36, text: أسلحة, attributes: {kind: other}}\n"


def _three(tmp_path: Path) -> Path:
    root = make_project(tmp_path / "p")
    (root / "annotator.yaml").write_text("name: h\nannotators: [ann1, ann2, ann3]\n")
    (root / "annotations" / "ann3").mkdir()
    assert TEXT[31:36] == "أسلحة"
    (root / "annotations" / "ann3" / "doc1.yaml").write_text(
        span_file("doc1", TEXT, "ann3", ACTOR + WEAPON), encoding="utf-8"
    )
    return root


def test_a_label_neither_annotator_used_is_not_defined(tmp_path: Path) -> None:
    root = _three(tmp_path)
    data = json.loads(run("agree", root, "--format", "json").stdout)
    pair = next(p for p in data["corpus"]["pairs"] if p["annotators"] == ["ann1", "ann2"])
    assert pair["cohen_kappa"]["labels"]["WEAPON"] is None
    assert pair["spans"]["labels"]["WEAPON"]["strict_f1"] is None
    assert pair["not_defined"]["labels"] == ["WEAPON"]
    other = next(p for p in data["corpus"]["pairs"] if p["annotators"] == ["ann1", "ann3"])
    assert other["spans"]["labels"]["WEAPON"]["strict_f1"] == 0.0  # ann3 used it: defined
    table = run("agree", root).stdout
    row = next(line for line in table.splitlines() if line.startswith("ann1 / ann2  WEAPON"))
    assert row.split()[-2:] == ["n/a", "n/a"]
    assert "n/a: neither annotator of the pair used the label" in table


def test_agree_and_the_adjudication_list_use_one_span_f1(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    # ann2 marks a shorter ACTOR and a WEAPON: one conflict cluster, one extra span
    (root / "annotations" / "ann2" / "doc1.yaml").write_text(
        span_file("doc1", TEXT, "ann2", ACTOR_SHORT + WEAPON), encoding="utf-8"
    )
    (root / "annotations" / "ann1" / "doc1.yaml").write_text(
        span_file("doc1", TEXT, "ann1", ACTOR + WEAPON), encoding="utf-8"
    )
    data = json.loads(run("agree", root, "--format", "json").stdout)
    agree_f1 = data["documents"][0]["mean_f1"]["strict"]
    assert agree_f1 == 0.5  # 2 * 1 pair / (2 + 2) spans
    state = document_state(Project.open(root), "doc1")
    assert state.span_f1 == agree_f1
    assert "span F1: strict (same start, end and label)" in data["settings"]["document_span_f1"]


def test_agree_describes_the_tokenisation_in_words(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    out = run("agree", root).stdout + run("agree", root, "--format", "json").stdout
    assert "annotator.text" not in out
    assert "whitespace separates them" in out


def test_agree_and_evaluate_default_to_the_current_project(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    (root / "sub").mkdir()
    result = run("agree", cwd=root / "sub")
    assert result.returncode == 0, result.stderr
    assert f"in {root}" in result.stdout
    result = run("evaluate", root / "annotations" / "ann1", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "Evaluated 1 document" in result.stdout
    result = run("agree", cwd=tmp_path)
    assert result.returncode == 1 and "no project here" in result.stderr
