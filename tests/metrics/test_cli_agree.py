"""``annotator agree`` as a user runs it."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from annotator.store.project import Project

from .conftest import ARTICLE, at, save_set

Run = Callable[..., tuple[int, str, str]]
ACTOR = at(ARTICLE, "القوات الأمريكية")
PLACE = at(ARTICLE, "سوريا")


@pytest.fixture
def project(make_project: Callable[..., Project]) -> Project:
    project = make_project(
        {"agreed": ARTICLE, "disputed": ARTICLE, "single": ARTICLE},
        annotators=("ann1", "ann2", "ann3"),
    )
    for who in ("ann1", "ann2", "ann3"):
        save_set(project, who, "agreed", [("ACTOR", *ACTOR), ("LOCATION", *PLACE)])
    save_set(project, "ann1", "disputed", [("ACTOR", *ACTOR)])
    save_set(project, "ann2", "disputed", [("WEAPON", *ACTOR), ("LOCATION", *PLACE)])
    save_set(project, "ann1", "single", [("ACTOR", *ACTOR)])
    return project


def test_table_ranks_lowest_agreement_first(project: Project, run_cli: Run) -> None:
    status, out, err = run_cli("agree", str(project.root))
    assert status == 0 and err == ""
    lines = out.splitlines()
    title = next(i for i, line in enumerate(lines) if line.startswith("Documents, lowest"))
    rows = lines[title + 2 :]
    assert rows[0].startswith("disputed") and rows[1].startswith("agreed")
    assert "Fleiss' kappa (1 doc all annotated)" in out
    assert "Cohen's kappa ann1 / ann2" in out
    assert "Not compared (fewer than two annotated sets): single (ann1)" in out


def test_json_and_options(project: Project, run_cli: Run) -> None:
    status, out, _ = run_cli(
        "agree",
        str(project.root),
        "--annotators",
        "ann1,ann2",
        "--docs",
        "agreed,disputed",
        "--format",
        "json",
    )
    data = json.loads(out)
    assert status == 0 and data["annotators"] == ["ann1", "ann2"]
    assert [d["document"] for d in data["documents"]] == ["disputed", "agreed"]
    assert data["documents"][1]["headline"] == 1.0
    assert data["corpus"]["fleiss_kappa"]["all"] is None  # two annotators
    pair = data["corpus"]["pairs"][0]
    assert pair["annotators"] == ["ann1", "ann2"] and pair["documents"] == 2
    assert pair["spans"]["all"]["strict_pairs"] == 2  # both spans of "agreed"
    assert list(data) == [
        "format",
        "project",
        "annotators",
        "settings",
        "corpus",
        "documents",
        "not_compared",
    ]


def test_errors(project: Project, run_cli: Run) -> None:
    status, _, err = run_cli("agree", str(project.root), "--annotators", "ann1,nobody")
    assert status == 1 and "unknown annotator 'nobody'" in err
    status, _, err = run_cli("agree", str(project.root / "texts"))
    assert status == 1 and "not a project" in err
