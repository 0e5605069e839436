"""Predictions in the import formats score exactly as the same annotations in our YAML."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.store.project import Project
from tests.cli_helpers import run_cli


def scores(*args: str | Path) -> dict:
    result = run_cli("evaluate", *args, "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("fmt", ["brat", "labelstudio"])
def test_lossless_formats_score_like_the_yaml_they_came_from(
    sample_project: Project, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / ("pred" if fmt == "brat" else "pred.json")
    exported = run_cli("export", sample_project.root, "--to", fmt, "--out", out, "--source", "ann2")
    assert exported.returncode == 0, exported.stderr
    from_format = scores(sample_project.root, out, "--pred-format", fmt)
    from_yaml = scores(sample_project.root, sample_project.root / "annotations" / "ann2")
    assert from_format["schemes"] == from_yaml["schemes"]
    assert from_format["relations"] == from_yaml["relations"]
    assert from_format["schemes"]["strict"]["micro"]["f1"] < 1.0  # ann2 differs from gold


def test_conll_predictions_are_mapped_onto_the_gold_text(
    sample_project: Project, tmp_path: Path
) -> None:
    out = tmp_path / "pred.conll"
    exported = run_cli(
        "export", sample_project.root, "--to", "conll", "--out", out, "--source", "gold",
        "--labels", "ACTOR", "--split-clitics",
    )  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    result = scores(sample_project.root, out, "--pred-format", "conll", "--labels", "ACTOR")
    strict = result["schemes"]["strict"]["micro"]
    # With proclitics split off, every ACTOR lines up with tokens; only ACTORs nested in other
    # ACTORs are lost to BIO (the export reports them), and the rest come back exactly.
    dropped = int(exported.stdout.split(" spans dropped")[0].split()[-1])
    assert strict["precision"] == 1.0
    assert strict["missed"] == dropped > 0
