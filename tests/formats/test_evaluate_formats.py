"""Every prediction format docs/evaluate.md lists is read by ``annotator evaluate``, and the list
is exactly what the reader accepts; doccano's JSONL lines score like our own."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from annotator.metrics.predictions import READERS
from annotator.store.project import Project
from tests.cli_helpers import run_cli

DOC = Path(__file__).resolve().parents[2] / "docs" / "evaluate.md"


def documented_formats() -> list[str]:
    text = DOC.read_text(encoding="utf-8")
    table = text[text.index("| `--pred-format` | PRED |") :].split("\n\n", 1)[0]
    return re.findall(r"^\| `([a-z]+)` \|", table, flags=re.M)


def scores(*args: str | Path) -> dict:
    result = run_cli("evaluate", *args, "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def export(project: Project, fmt: str, out: Path, *extra: str) -> Path:
    result = run_cli("export", project.root, "--to", fmt, "--out", out, "--source", "ann2", *extra)
    assert result.returncode == 0, result.stderr
    return out


def test_the_documented_formats_are_exactly_the_readers() -> None:
    assert sorted(documented_formats()) == sorted(READERS)


@pytest.mark.slow
def test_every_documented_format_scores_a_prediction(
    sample_project: Project, tmp_path: Path
) -> None:
    reference = scores(sample_project.root, sample_project.root / "annotations" / "ann2")
    files = {
        "annotator": sample_project.root / "annotations" / "ann2",
        "jsonl": export(sample_project, "jsonl", tmp_path / "ours.jsonl"),
        "brat": export(sample_project, "brat", tmp_path / "brat"),
        "conll": export(sample_project, "conll", tmp_path / "p.conll"),
        "bioes": export(sample_project, "bioes", tmp_path / "p.bioes"),
        "labelstudio": export(sample_project, "labelstudio", tmp_path / "p.json"),
    }
    if pytest.importorskip("spacy"):
        files["spacy"] = export(sample_project, "spacy", tmp_path / "sp" / "p.spacy")
    assert sorted(files) == sorted(documented_formats())
    for fmt, path in files.items():
        got = scores(sample_project.root, path, "--pred-format", fmt)
        assert got["prediction_format"] == fmt
        assert got["spans"]["predicted"] > 0, fmt
        if fmt in ("annotator", "jsonl", "brat", "labelstudio"):  # lossless
            assert got["schemes"] == reference["schemes"], fmt
            assert got["relations"] == reference["relations"], fmt


@pytest.mark.parametrize("shape", ["doccano", "doccano-rel"])
def test_doccano_lines_score_like_our_own(
    sample_project: Project, tmp_path: Path, shape: str
) -> None:
    reference = scores(sample_project.root, sample_project.root / "annotations" / "ann2")
    path = export(sample_project, "jsonl", tmp_path / f"{shape}.jsonl", "--jsonl-shape", shape)
    line = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
    assert "spans" not in line and ("label" in line or "entities" in line)
    got = scores(sample_project.root, path)
    assert got["schemes"] == reference["schemes"]
    if shape == "doccano-rel":
        assert got["relations"] == reference["relations"]


def test_a_doccano_line_with_a_numeric_id_and_bad_labels_is_explained(
    sample_project: Project, tmp_path: Path
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": 7, "label": [[0, 3]]}\n', encoding="utf-8")
    result = run_cli("evaluate", sample_project.root, path)
    assert result.returncode == 1
    assert 'bad.jsonl:1: label[0]: expected [start, end, "LABEL"]' in result.stderr
