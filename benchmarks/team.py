"""``annotator progress`` and the adjudication list on 10,000 documents x 2 annotators
(targets: progress and stats under a second with a warm index, whole command included; the
adjudication list's first paint with figures under a second with a warm cache).

Builds the generated project of benchmarks/corpus_project.py (or reuses one: --project),
assigns every document to both annotators, and reports:

- in process, ``progress_of`` plus the JSON report (every figure of ``progress --format
  json``, agreement included): cold (no summary index, no pair cache), warm (nothing changed:
  the lead runs it again), one file changed since; the reference in the same run is
  ``load_summaries`` alone (reading the index);
- whole commands (``python -m annotator ...``: start-up and imports included), run in turn
  with the same commands of a reference checkout (--reference: another tree of this
  repository, on a hard-linked copy of the project with its own private folder), median and
  p90 of wall and CPU seconds, and the ratio to the reference pair by pair;
- the adjudication list (``annotator adjudicate PROJECT``, headless, every update rendered as
  benchmarks/tui.py does), opened first and again at the end: first paint of its rows, first
  paint with the first row's figures, and the whole list compared and ranked, or the documents
  compared per second when that takes longer than --list-seconds (the list computes what its
  cache has no figures for; the second opening finds what the first computed).

Hard-linking the reference copy changes every file's ctime, which every cache keys on: it is
made first, and a project reused with --reference has its caches rebuilt once.

Usage: python benchmarks/team.py [--documents N] [--project PATH] [--reference TREE]
       [--runs N] [--list-seconds S]          (prints one JSON object)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotator.commands.progress import report_json
from annotator.store.project import Project
from annotator.store.summary_index import load_summaries
from annotator.team.assignments import Assignments, load_assignments, save_assignments
from annotator.team.progress import progress_of
from benchmarks._common import machine_speed
from benchmarks.corpus_project import ANNOTATORS, make_project

COMMANDS = {
    "progress_json": ["progress", "{root}", "--format", "json"],
    "progress_table_chart": ["progress", "{root}"],
    "stats": ["stats", "{root}"],
}


def timed(fn: Callable[[], object], repeat: int) -> dict[str, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return spread(times) | {"runs": repeat}


def spread(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "median_s": round(statistics.median(ordered), 4),
        "p90_s": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))], 4),
    }


def run_once(tree: Path, args: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of ``python -m annotator ARGS`` with ``tree`` first on the path."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "annotator", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        cwd=tree,  # python -m puts the folder it runs in first on the path
        check=False,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"annotator {' '.join(args)}: {done.stderr[-2000:]!r}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu


def commands(root: Path, reference: tuple[Path, Path] | None, runs: int) -> dict[str, Any]:
    """Each command ``runs`` times (after one warm-up), in turn with the reference's."""
    tree = Path(__file__).resolve().parents[1]
    out: dict[str, Any] = {}
    for name, pattern in COMMANDS.items():
        mine: list[tuple[float, float]] = []
        theirs: list[tuple[float, float]] = []
        args = [a.replace("{root}", str(root)) for a in pattern]
        run_once(tree, args)
        if reference is not None:
            ref_args = [a.replace("{root}", str(reference[1])) for a in pattern]
            run_once(reference[0], ref_args)
        for _ in range(runs):
            mine.append(run_once(tree, args))
            if reference is not None:
                theirs.append(run_once(reference[0], ref_args))
        figures: dict[str, Any] = {
            "wall": spread([w for w, _ in mine]),
            "cpu": spread([c for _, c in mine]),
        }
        if reference is not None:
            figures["reference_wall"] = spread([w for w, _ in theirs])
            figures["reference_cpu"] = spread([c for _, c in theirs])
            figures["wall_over_reference"] = round(
                statistics.median(a[0] / b[0] for a, b in zip(mine, theirs, strict=True)), 3
            )
            figures["cpu_over_reference"] = round(
                statistics.median(a[1] / b[1] for a, b in zip(mine, theirs, strict=True)), 3
            )
        out[name] = figures
    return out


async def adjudication_list(root: Path, limit: float) -> dict[str, Any]:
    """First paints and completion of the adjudication list, as the adjudicator sees it."""
    from annotator.tui.adjudicate_app import build_adjudicator_app
    from annotator.tui.screens.adjudication_corpus import AdjudicationCorpusScreen
    from annotator.tui.widgets.document_table import DocumentTable
    from benchmarks.tui import DISPLAYS

    def settled_paint() -> float:
        return DISPLAYS[-1]

    project = Project.open(root)
    DISPLAYS.clear()
    start = time.perf_counter()
    app = build_adjudicator_app(project, "judge")
    out: dict[str, Any] = {}
    async with app.run_test(size=(140, 40)) as pilot:
        while not (isinstance(app.screen, AdjudicationCorpusScreen) and app.screen.loaded):
            await asyncio.sleep(0.001)
        screen = app.screen
        seen = len(DISPLAYS)
        while len(DISPLAYS) == seen:
            await asyncio.sleep(0.001)
        out["first_paint_rows_s"] = round(settled_paint() - start, 3)
        table = screen.query_one(DocumentTable)
        while str(table.get_row_at(0)[2]) in ("…", "") and time.perf_counter() - start < limit:
            await asyncio.sleep(0.001)
        seen = len(DISPLAYS)
        while len(DISPLAYS) == seen and time.perf_counter() - start < limit:
            await asyncio.sleep(0.001)
        out["first_paint_with_figures_s"] = round(settled_paint() - start, 3)
        while not screen.complete and time.perf_counter() - start < limit:
            await asyncio.sleep(0.01)
        elapsed = time.perf_counter() - start
        out["documents"] = len(screen.doc_ids)
        out["with_figures"] = len(screen.states)
        if screen.complete:
            out["complete_s"] = round(elapsed, 3)
        else:
            out["complete_s"] = None
            out["compared_per_s"] = round(len(screen.states) / elapsed, 1)
        await pilot.press("ctrl+q")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--project", type=Path, help="a project made by an earlier run")
    parser.add_argument("--reference", type=Path, help="another tree of this repository")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--list-seconds", type=float, default=60.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.project
        cold = None
        if root is None:
            root = make_project(Path(tmp) / "p", documents=args.documents)
        reference = None
        if args.reference is not None:
            # Hard links first: linking a file changes its ctime, which every cache keys on.
            copy = Path(tmp) / "reference-copy"
            shutil.copytree(root, copy, copy_function=os.link, ignore=_private)
            reference = (args.reference.resolve(), copy)
        project = Project.open(root)
        if not (root / "assignments.yaml").is_file():
            save_assignments(root, Assignments({d: ANNOTATORS for d in project.document_ids()}, 2))
            time.sleep(2.1)  # files older than the racy window, so the caches store them
            start = time.perf_counter()
            progress_of(project, load_assignments(root))
            cold = round(time.perf_counter() - start, 3)

        if reference is not None:
            subprocess.run(  # the reference builds its own caches once, not timed
                [sys.executable, "-m", "annotator", "progress", str(reference[1])],
                env={**os.environ, "PYTHONPATH": str(reference[0])},
                cwd=reference[0],
                capture_output=True,
                check=False,
            )
        open_list = asyncio.run(adjudication_list(root, args.list_seconds))

        def report() -> str:
            return report_json(progress_of(project, load_assignments(root)).as_json())

        report()
        warm = timed(report, args.runs)
        reference_load = timed(lambda: load_summaries(project), args.runs)
        first = project.document_ids()[0]
        path = project.annotation_path(ANNOTATORS[1], first)
        content = path.read_text(encoding="utf-8")

        def one_changed() -> None:
            path.write_text(content.replace("status: done", "status: in_progress"), "utf-8")
            report()
            path.write_text(content, encoding="utf-8")

        changed = timed(one_changed, 5)
        pair = progress_of(project, load_assignments(root)).agreement[0]
        figures = {
            "benchmark": "team progress and the adjudication list",
            "documents": len(project.document_ids()),
            "annotation_files": len(ANNOTATORS) * len(project.document_ids()),
            "cold_s": cold,
            "in_process_warm": warm,
            "in_process_one_file_changed": changed,
            "in_process_reference_load_summaries": reference_load,
            "agreement_checked": {
                "documents": pair.documents,
                "strict_f1": round(pair.counts.f1("strict"), 4),
            },
            "commands": commands(root, reference, args.runs),
            "adjudication_list": open_list,
            "adjudication_list_again": asyncio.run(adjudication_list(root, args.list_seconds)),
            "machine": machine_speed(),
        }
        print(json.dumps(figures, indent=2))


def _private(folder: str, names: list[str]) -> list[str]:
    return [".annotator"] if ".annotator" in names else []


if __name__ == "__main__":
    main()
