"""Hostile JSON (a Label Studio export, a JSONL corpus, an extractor's predictions) is one
error naming the file and the place: a number too long for Python and nesting deeper than the
interpreter goes were tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.store.json_safe import JsonProblem, parse_json
from annotator.store.project import Project
from tests.cli_helpers import run_cli

LONG = "1" + "0" * 5000
DEEP = "[" * 100_000 + "]" * 100_000


def test_the_three_ways_json_fails_are_one_problem_each() -> None:
    assert parse_json('{"a": [1, 2.5, "x"]}') == {"a": [1, 2.5, "x"]}
    with pytest.raises(JsonProblem) as syntax:
        parse_json('{"a": 1,\n "b": }')
    assert (syntax.value.line, syntax.value.column) == (2, 7)
    with pytest.raises(JsonProblem) as number:
        parse_json('{"a": 1,\n  "start": ' + LONG + "}")
    assert number.value.reason == "a number of 5001 digits"
    assert (number.value.line, number.value.column) == (2, 12)
    with pytest.raises(JsonProblem, match="nested too deep"):
        parse_json(DEEP)
    assert parse_json("1" + "0" * 4299) == 10**4299  # what Python converts is read


def _one_line_error(result: object, path: Path) -> str:
    assert result.returncode == 1, result.stdout + result.stderr  # type: ignore[attr-defined]
    err = result.stderr  # type: ignore[attr-defined]
    assert "Traceback" not in err, err
    lines = [line for line in err.splitlines() if str(path) in line]
    assert len(lines) == 1, err
    return lines[0]


@pytest.mark.parametrize("hostile", ["number", "nesting"])
def test_imports_and_predictions_refuse_hostile_json_in_one_line(
    sample_project: Project, tmp_path: Path, hostile: str
) -> None:
    start = LONG if hostile == "number" else "1"
    task = (
        '[{"data": {"text": "abc"}, "annotations": [{"result": [{"type": "labels", '
        f'"value": {{"start": {start}, "end": 2, "labels": ["ACTOR"]}}}}]}}]}}]'
    )
    studio = tmp_path / "studio.json"
    studio.write_text(task if hostile == "number" else DEEP, encoding="utf-8")
    line = _one_line_error(
        run_cli(
            "import", studio, "--from", "labelstudio", "--into", sample_project.root, "--as", "x"
        ),
        studio,
    )
    assert ("a number of 5001 digits" if hostile == "number" else "nested too deep") in line

    span = {"start": 0, "end": 2, "label": "ACTOR"}
    record = json.dumps({"id": "doc", "text": "abc", "spans": [span]})
    bad = record.replace('"start": 0', f'"start": {LONG}') if hostile == "number" else DEEP
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(record + "\n" + bad + "\n", encoding="utf-8")
    line = _one_line_error(
        run_cli("import", corpus, "--from", "jsonl", "--into", sample_project.root, "--as", "y"),
        corpus,
    )
    assert f"{corpus}:2" in line

    predictions = tmp_path / "pred.jsonl"
    predictions.write_text(
        '{"id": "xinhua-deir-ezzor", "spans": []}\n'
        + ('{"id": "x", "spans": [{"start": ' + LONG + "}]}" if hostile == "number" else DEEP)
        + "\n",
        encoding="utf-8",
    )
    line = _one_line_error(run_cli("evaluate", sample_project.root, predictions), predictions)
    assert f"{predictions}:2" in line
