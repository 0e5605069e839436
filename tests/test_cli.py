"""The command line as a user meets it: help, stats, errors as single lines."""

from __future__ import annotations

from pathlib import Path

from annotator.store.project import Project
from tests.cli_helpers import run_cli


def test_help_lists_every_command_with_a_line_of_help() -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    for command in ("annotate", "init", "validate", "stats"):
        assert f"    {command} " in result.stdout


def test_stats_shows_documents_annotators_status_and_counts(sample_project: Project) -> None:
    result = run_cli("stats", sample_project.root)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "project sample: 6 documents, annotators: ann1, ann2"
    header = lines[1].split()
    assert header[:4] == ["document", "chars", "set", "status"]
    assert header[4:8] == ["ACTOR", "LOCATION", "WEAPON", "CLAIM"]
    gold_row = next(line for line in lines if line.split()[:1] == ["gold"])
    gold = sample_project.load_gold("xinhua-deir-ezzor")
    assert gold is not None
    counts = gold.counts()
    assert gold_row.split()[1:6] == [
        "done",
        str(counts["ACTOR"]),
        str(counts["LOCATION"]),
        str(counts["WEAPON"]),
        str(counts["CLAIM"]),
    ]
    assert "done: ann1 1/6, ann2 1/6" in result.stdout


def test_errors_are_one_line_naming_the_file(tmp_path: Path) -> None:
    result = run_cli("stats", tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"annotator: {tmp_path}: not a project: no annotator.yaml "
        f"(create one with 'annotator init {tmp_path}')"
    )
