"""Progress figures: per annotator, per document, agreement so far, and the command's output."""

from __future__ import annotations

import dataclasses
import json
import os
import time

import pytest

from annotator.metrics.agreement import project_agreement
from annotator.metrics.span_agreement import SpanPairCounts
from annotator.store.project import Project
from annotator.team.assignments import Assignments, save_assignments
from annotator.team.pair_cache import PairCache, cache_path
from annotator.team.progress import (
    ProjectFacts,
    SetFacts,
    progress_of,
    team_progress,
)
from tests.cli_helpers import run_cli


def no_pairs(first: str, second: str, doc: str) -> SpanPairCounts:
    raise AssertionError("no pair should be compared")


def test_status_of_each_assigned_document_and_totals_per_annotator() -> None:
    facts = ProjectFacts(
        ["d1", "d2", "d3", "d4"],
        {
            ("amal", "d1"): SetFacts("done", 5, 600),
            ("amal", "d2"): SetFacts("new", 0, 20),  # opened, nothing tagged: not started
            ("amal", "d3"): SetFacts("new", 2, 60),  # tagged, status untouched: in progress
            ("badr", "d1"): SetFacts("in_progress", 3, 300),
            ("carim", "d4"): SetFacts("done", 1, 0),  # not assigned to carim
        },
        gold_done={"d1"},
    )
    assignments = Assignments({"d1": ("amal", "badr"), "d2": ("amal",), "d3": ("amal", "badr")}, 2)
    progress = team_progress(facts, assignments, no_pairs, ["amal", "badr", "dina"])
    report = progress.as_json()
    assert report["annotators"] == {
        "amal": {
            "assigned": 3,
            "done": 1,
            "in_progress": 1,
            "not_started": 1,
            "spans": 7,
            "active_seconds": 680,
        },
        "badr": {
            "assigned": 2,
            "done": 0,
            "in_progress": 1,
            "not_started": 1,
            "spans": 3,
            "active_seconds": 300,
        },
        "dina": {
            "assigned": 0,
            "done": 0,
            "in_progress": 0,
            "not_started": 0,
            "spans": 0,
            "active_seconds": 0,
        },
        "carim": {  # done work counts, assigned or not (as in stats)
            "assigned": 0,
            "done": 1,
            "in_progress": 0,
            "not_started": 0,
            "spans": 1,
            "active_seconds": 0,
        },
    }
    assert report["documents"] == {
        "d1": {"assigned": ["amal", "badr"], "done": ["amal"], "ready": False, "adjudicated": True},
        "d2": {"assigned": ["amal"], "done": [], "ready": False, "adjudicated": False},
        "d3": {"assigned": ["amal", "badr"], "done": [], "ready": False, "adjudicated": False},
        "d4": {"assigned": [], "done": ["carim"], "ready": False, "adjudicated": False},
    }
    assert progress.annotators["amal"].spans_per_hour == pytest.approx(7 * 3600 / 680)
    assert progress.annotators["dina"].spans_per_hour is None
    assert report["agreement"] == [
        {"annotators": ["amal", "badr"], "documents": 0, "strict_f1": None, "overlap_f1": None}
    ]


def _assign_sample(project: Project) -> Assignments:
    value = Assignments(
        {
            "xinhua-deir-ezzor": ("ann1", "ann2"),
            "damascus-quotes": ("ann1", "ann2"),
            "beirut-harakat": ("ann2",),
        },
        2,
    )
    save_assignments(project.root, value)
    return value


def _finish(project: Project, who: str, doc_id: str) -> None:
    project.save_set(project.load_set(who, doc_id).with_status("done"))


def test_agreement_so_far_matches_the_agreement_command_on_the_finished_overlap(
    sample_project: Project,
) -> None:
    assignments = _assign_sample(sample_project)
    for who in ("ann1", "ann2"):
        _finish(sample_project, who, "xinhua-deir-ezzor")
    progress = progress_of(sample_project, assignments)
    reference = project_agreement(
        sample_project, ["ann1", "ann2"], ["xinhua-deir-ezzor"], done_only=True
    )
    (pair,) = progress.agreement
    (expected,) = reference.figures.pairs
    assert pair.documents == 1  # damascus-quotes: ann2 has no set yet
    assert pair.counts.f1("strict") == pytest.approx(expected.f1("strict"))
    assert pair.counts.f1("overlap") == pytest.approx(expected.f1("overlap"))
    assert progress.documents["xinhua-deir-ezzor"].ready
    assert progress.documents["xinhua-deir-ezzor"].adjudicated  # the sample's gold is done


def test_pair_counts_are_cached_and_read_again_when_a_file_changes(
    sample_project: Project,
) -> None:
    assignments = _assign_sample(sample_project)
    for who in ("ann1", "ann2"):
        _finish(sample_project, who, "xinhua-deir-ezzor")
    old = time.time() - 60  # older than the racy window, so the counts are stored
    for who in ("ann1", "ann2"):
        path = sample_project.annotation_path(who, "xinhua-deir-ezzor")
        os.utime(path, (old, old))
    time.sleep(2.1)  # ctime cannot be set back: wait until it is out of the racy window
    first = progress_of(sample_project, assignments)
    assert cache_path(sample_project).is_file()
    with PairCache(sample_project) as cache:
        counts = cache.counts("ann1", "ann2", "xinhua-deir-ezzor")
        assert cache.read_again == 0
    assert counts == first.agreement[0].counts
    # ann2 removes a span: the cache entry no longer matches and is computed again.
    aset = sample_project.load_set("ann2", "xinhua-deir-ezzor")
    sample_project.save_set(aset.remove_span(aset.spans[0].id))
    second = progress_of(sample_project, assignments)
    assert second.agreement[0].counts.second == first.agreement[0].counts.second - 1


def test_progress_command_prints_json_with_the_documented_keys_and_a_table(
    sample_project: Project,
) -> None:
    _assign_sample(sample_project)
    _finish(sample_project, "ann1", "damascus-quotes")
    done = run_cli("progress", sample_project.root, "--format", "json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert set(report) == {"annotators", "documents", "agreement"}
    for figures in report["annotators"].values():
        assert set(figures) == {
            "assigned",
            "done",
            "in_progress",
            "not_started",
            "spans",
            "active_seconds",
        }
    for entry in report["documents"].values():
        assert set(entry) == {"assigned", "done", "ready", "adjudicated"}
    assert report["documents"]["damascus-quotes"]["done"] == ["ann1"]
    table = run_cli("progress", sample_project.root)
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[1].split() == [
        "annotator",
        "assigned",
        "done",
        "in",
        "progress",
        "not",
        "started",
        "spans",
        "active",
        "h:mm",
        "spans/hour",
    ]
    for line, name in zip(lines[2:4], ("ann1", "ann2"), strict=True):
        figures = report["annotators"][name]
        expected = [figures[k] for k in ("assigned", "done", "in_progress", "not_started")]
        assert line.split()[:6] == [name, *map(str, expected), str(figures["spans"])]
    # The chart, drawn by plotext: its title and legend, one bar per annotator.
    assert any("assigned documents per annotator" in line for line in lines)
    assert any(line.startswith("ann2 ") and "▇" in line for line in lines)
    assert "\x1b[" not in table.stdout  # no colour codes when not a terminal


def test_progress_without_plotext_says_how_to_get_the_chart(
    sample_project: Project, tmp_path
) -> None:
    _assign_sample(sample_project)
    blocker = tmp_path / "block"
    blocker.mkdir()
    (blocker / "plotext.py").write_text("raise ImportError('blocked for the test')\n")
    import subprocess
    import sys

    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(blocker), os.environ.get("PYTHONPATH", "")]),
    }
    done = subprocess.run(
        [sys.executable, "-m", "annotator", "progress", str(sample_project.root)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0
    assert done.stderr.strip().splitlines() == [
        "annotator: bar chart left out: it needs plotext (pip install 'annotator[plot]'); "
        "--no-chart hides this note"
    ]
    assert "annotator  assigned" in done.stdout


def test_progress_and_stats_agree_on_done_without_assignments(sample_project: Project) -> None:
    """Nothing assigned: each annotator's done sets are what stats counts as done, and the
    sets begun but not finished are in progress (nothing is "not started": nothing was given)."""
    _finish(sample_project, "ann1", "damascus-quotes")
    stats = run_cli("stats", sample_project.root)
    assert stats.returncode == 0, stats.stderr
    (done_line,) = [line for line in stats.stdout.splitlines() if line.startswith("done: ")]
    stats_done = {
        part.split()[0]: int(part.split()[1].split("/")[0])
        for part in done_line.removeprefix("done: ").split(", ")
    }
    report = json.loads(run_cli("progress", sample_project.root, "--format", "json").stdout)
    progress_done = {name: f["done"] for name, f in report["annotators"].items()}
    assert progress_done == stats_done
    assert stats_done["ann1"] >= 1
    for name in ("ann1", "ann2"):
        figures = report["annotators"][name]
        mine = [
            sample_project.load_set(name, doc)
            for doc in sample_project.document_ids()
            if sample_project.has_set(name, doc)
        ]
        assert figures["assigned"] == figures["not_started"] == 0
        assert figures["in_progress"] == sum(
            1 for s in mine if s.status != "done" and (s.status != "new" or s.spans)
        )


def test_json_report_is_written_as_json_dumps_writes_it(sample_project: Project) -> None:
    from annotator.commands.progress import report_json

    _assign_sample(sample_project)
    _finish(sample_project, "ann1", "damascus-quotes")
    report = progress_of(sample_project, _assign_sample(sample_project)).as_json()
    report["documents"]["مستند-١"] = {  # type: ignore[index]
        "assigned": ["سارة", "ann1"],
        "done": [],
        "ready": False,
        "adjudicated": True,
    }
    assert report_json(report) == json.dumps(report, ensure_ascii=False, indent=2)
    empty = {"annotators": {}, "documents": {}, "agreement": []}
    assert report_json(empty) == json.dumps(empty, ensure_ascii=False, indent=2)


def test_pair_cache_keeps_entries_other_reports_use_and_ignores_a_damaged_file(
    sample_project: Project,
) -> None:
    """Counts asked for by one report (the adjudication list) survive another's save
    (progress) while their files are unchanged; a damaged cache is ignored, not trusted."""
    copy = dataclasses.replace(sample_project.load_set("ann1", "damascus-quotes"), annotator="ann2")
    sample_project.save_set(copy)
    time.sleep(2.1)  # out of the racy window, so the counts are stored
    with PairCache(sample_project) as cache:
        counts = cache.counts("ann2", "ann1", "xinhua-deir-ezzor")  # either order
    with PairCache(sample_project) as cache:
        same = cache.counts("ann1", "ann2", "damascus-quotes")  # computed: written again
        assert cache.read_again == 1
    assert same.first == same.second == same.strict == same.overlap > 0
    with PairCache(sample_project) as cache:
        assert cache.counts("ann1", "ann2", "xinhua-deir-ezzor") == counts
        assert cache.counts("ann2", "ann1", "damascus-quotes") == same
        assert cache.read_again == 0
    data = cache_path(sample_project).read_bytes()
    cache_path(sample_project).write_bytes(data.replace(b"[", b"[9", 1))  # checksum fails
    with PairCache(sample_project) as cache:
        assert cache.counts("ann1", "ann2", "xinhua-deir-ezzor") == counts
        assert cache.read_again == 1
