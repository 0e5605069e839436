"""``--jobs N``: every command that reads a whole project prints the same with any N.

A generated project of 150 documents (more than annotator.bulk.PARALLEL_FROM, so ``--jobs 2``
really forks) is read by the real ``annotator`` command with one and with two processes.
"""

from __future__ import annotations

import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.bulk import PARALLEL_FROM, chunked
from benchmarks.corpus_project import make_project
from tests.cli_helpers import run_cli

DOCUMENTS = 150


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """150 documents, two annotators, and gold for the first 20 (written by --auto)."""
    assert DOCUMENTS > PARALLEL_FROM
    root = make_project(tmp_path_factory.mktemp("jobs") / "p", DOCUMENTS, spans=12)
    gold = root / "gold"
    staging = root.parent / "staging"
    shutil.copytree(root, staging)
    done = run_cli("adjudicate", staging, "--auto", "--as", "judge", "--jobs", "1")
    assert done.returncode == 0, done.stderr
    for path in sorted((staging / "gold").glob("*.yaml"))[:20]:
        shutil.copy(path, gold / path.name)
    return root


def both(*args: str | Path) -> tuple[subprocess.CompletedProcess[str], ...]:
    return tuple(run_cli(*args, "--jobs", jobs) for jobs in ("1", "2"))


def test_chunks_keep_order_and_cover_everything() -> None:
    items = list(range(1003))
    for jobs in (1, 2, 3, 8):
        parts = chunked(items, jobs, 50)
        assert [x for part in parts for x in part] == items
        assert max(len(p) for p in parts) <= 50


def test_validate_same_report(project: Path) -> None:
    one, two = both("validate", project)
    assert one.returncode == two.returncode == 0, one.stderr
    assert (one.stdout, one.stderr) == (two.stdout, two.stderr)
    assert f"ok: {DOCUMENTS} documents, {2 * DOCUMENTS + 20} annotation files" in one.stderr


def test_validate_same_problems_in_same_order(project: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(project, broken)
    for n in (3, 77, 140):
        path = broken / "annotations" / "ann2" / f"doc-{n:05d}.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("start: ", "start: 9", 2))
    (broken / "annotations" / "ann1" / "doc-00100.yaml").write_text("spans: [", encoding="utf-8")
    one, two = both("validate", broken)
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout and one.stderr == two.stderr
    files = re.findall(r"doc-(\d{5})\.yaml", one.stdout)
    assert sorted(set(files)) == ["00003", "00077", "00100", "00140"]
    assert files == sorted(files, key=lambda f: (f != "00100", f))  # ann1 first, then ann2


@pytest.mark.parametrize("output", ["table", "json"])
def test_agree_same_figures(project: Path, output: str) -> None:
    one, two = both("agree", project, "--format", output)
    assert one.returncode == two.returncode == 0, one.stderr
    assert one.stdout == two.stdout
    assert f"{DOCUMENTS}" in one.stdout


def test_stats_same_table(project: Path) -> None:
    shutil.rmtree(project / ".annotator", ignore_errors=True)
    one = run_cli("stats", project, "--jobs", "1")
    shutil.rmtree(project / ".annotator", ignore_errors=True)
    two = run_cli("stats", project, "--jobs", "2")
    assert one.returncode == two.returncode == 0, one.stderr
    assert one.stdout == two.stdout
    assert f"done: ann1 {DOCUMENTS}/{DOCUMENTS}, ann2 {DOCUMENTS}/{DOCUMENTS}" in one.stdout


def test_evaluate_same_scores(project: Path) -> None:
    one, two = both(
        "evaluate", project, project / "annotations" / "ann2", "--per-document", "--errors"
    )
    assert one.returncode == two.returncode == 0, one.stderr
    assert one.stdout == two.stdout and one.stderr == two.stderr
    assert "doc-00019" in one.stdout


def test_adjudicate_auto_same_report_and_gold(project: Path, tmp_path: Path) -> None:
    outputs = []
    golds = []
    for jobs in ("1", "2"):
        copy = tmp_path / f"copy{jobs}"
        shutil.copytree(project, copy)
        result = run_cli("adjudicate", copy, "--auto", "--as", "judge", "--jobs", jobs)
        assert result.returncode == 0, result.stderr
        outputs.append(result.stdout)
        golds.append(
            {
                p.name: re.sub(r"updated: .*", "", p.read_text(encoding="utf-8"))
                for p in sorted((copy / "gold").glob("*.yaml"))
            }
        )
    assert outputs[0] == outputs[1]
    assert golds[0] == golds[1] and len(golds[0]) == DOCUMENTS
    assert f"gold written for {DOCUMENTS - 20}" in outputs[0]


def test_jobs_must_be_a_positive_number(project: Path) -> None:
    for bad in ("0", "-2", "many"):
        result = run_cli("validate", project, "--jobs", bad)
        assert result.returncode == 2
        assert "--jobs" in result.stderr and "Traceback" not in result.stderr


def test_progress_line_on_a_terminal(project: Path) -> None:
    """On a terminal, validate shows how far it got; in a pipe (the tests above) it does not."""
    main, other = pty.openpty()
    env = {**os.environ, "COLUMNS": "100"}
    proc = subprocess.run(
        [sys.executable, "-m", "annotator", "validate", str(project), "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=other,
        text=True,
        timeout=300,
        env=env,
    )
    os.close(other)
    seen = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(main)
    assert proc.returncode == 0
    total = 2 * DOCUMENTS + 20 + DOCUMENTS
    assert f"validate: {total}/{total} files (100%)".encode() in seen


def test_agree_reports_the_same_problems_with_any_jobs(project: Path, tmp_path: Path) -> None:
    """agree reads canonical files on its fast path; broken ones still get the full loader's
    one-line errors naming file and line, the same with one process or two, no traceback."""
    broken = tmp_path / "broken"
    shutil.copytree(project, broken)
    for n in (5, 120):  # offsets that no longer match the text
        path = broken / "annotations" / "ann2" / f"doc-{n:05d}.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("start: ", "start: 9", 1))
    (broken / "annotations" / "ann1" / "doc-00042.yaml").write_text("spans: [", encoding="utf-8")
    one, two = both("agree", broken)
    assert one.returncode == two.returncode == 1
    assert (one.stdout, one.stderr) == (two.stdout, two.stderr)
    assert "Traceback" not in one.stderr
    reported = re.findall(r"(doc-\d{5}\.yaml):(\d+)", one.stdout + one.stderr)
    assert sorted({name for name, _ in reported}) == [
        "doc-00005.yaml",
        "doc-00042.yaml",
        "doc-00120.yaml",
    ]
