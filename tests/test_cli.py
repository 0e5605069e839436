"""The command line as a user meets it: help, stats, errors as single lines."""

from __future__ import annotations

from pathlib import Path

import pytest

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


def test_annotate_without_a_project_here_uses_the_sample_corpus(
    tmp_path: Path, monkeypatch
) -> None:
    from annotator.commands.running_apps import default_project
    from annotator.resources import sample_corpus_path

    monkeypatch.chdir(tmp_path)
    assert default_project() == sample_corpus_path()
    (tmp_path / "annotator.yaml").write_text("name: mine\n", encoding="utf-8")
    assert default_project() == tmp_path


def test_a_read_only_sample_corpus_is_copied_to_the_user_data_folder(
    tmp_path: Path, monkeypatch
) -> None:
    import shutil

    from annotator.commands import running_apps as annotate
    from annotator.resources import sample_corpus_path

    bundled = tmp_path / "site-packages" / "sample_corpus"
    shutil.copytree(sample_corpus_path(), bundled)
    for path in [bundled, *bundled.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(annotate, "sample_corpus_path", lambda: bundled)
    monkeypatch.setattr(annotate, "user_data_path", lambda name: tmp_path / "data" / name)
    monkeypatch.setattr(annotate.os, "access", lambda path, mode: False)  # root can write anyway
    chosen = annotate.default_project()
    assert chosen == tmp_path / "data" / "annotator" / "sample_corpus"
    assert (chosen / "texts" / "xinhua-deir-ezzor.txt").read_bytes() == (
        bundled / "texts" / "xinhua-deir-ezzor.txt"
    ).read_bytes()
    assert all(p.stat().st_mode & 0o200 for p in [chosen, *chosen.rglob("*")])  # editable copy
    for path in [bundled, *bundled.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)


BAD_NUMBERS = [
    # (command and options, the option argparse names, what it says)
    (["assign", "{root}", "--seed", "-5"], "--seed", "must be 0 or more, not -5"),
    (["assign", "{root}", "--per-doc", "0"], "--per-doc", "must be 1 or more, not 0"),
    (["export", "{root}", "--to", "conll", "--out", "{out}", "--seed", "-1"], "--seed", "-1"),
    (["train", "{root}", "--out", "{out}", "--eval-every", "0"], "--eval-every", "not 0"),
    (["train", "{root}", "--out", "{out}", "--patience", "-1"], "--patience", "not -1"),
    (["train", "{root}", "--out", "{out}", "--max-steps", "x"], "--max-steps", "'x' is not"),
    (["train", "{root}", "--out", "{out}", "--spancat", "-2"], "--spancat", "not -2"),
    (["train", "{root}", "--out", "{out}", "--seed", "-3"], "--seed", "not -3"),
]


@pytest.mark.parametrize(("words", "option", "says"), BAD_NUMBERS)
def test_a_number_out_of_range_is_one_line_and_writes_nothing(
    sample_project: Project, tmp_path: Path, words: list[str], option: str, says: str
) -> None:
    """Such numbers used to pass: ``assign --seed -5`` wrote an assignments file that every
    later command refused, ``--per-doc 0`` fell back to 2, and ``train --eval-every 0`` ended
    in a ZeroDivisionError traceback."""
    root, out = sample_project.root, tmp_path / "out"
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    result = run_cli(*[w.format(root=root, out=out) for w in words])
    assert result.returncode == 2
    error = result.stderr.strip().splitlines()[-1]
    assert error.startswith(f"annotator {words[0]}: error: argument {option}: ") and says in error
    assert "Traceback" not in result.stderr
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before and not out.exists()


def test_training_that_would_never_stop_is_refused(sample_project: Project, tmp_path: Path) -> None:
    out = tmp_path / "model"
    result = run_cli(
        "train", sample_project.root, "--out", out, "--max-steps", "0", "--patience", "0"
    )
    assert result.returncode == 1 and not out.exists()
    assert result.stderr.strip().splitlines() == [
        "annotator: --max-steps 0 with --patience 0: the training would never stop"
    ]
