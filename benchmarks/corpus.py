"""A project of 10,000 documents: the everyday commands and the corpus screen (issue 18).

Generates (benchmarks/corpus_project.py, in a temporary folder, never committed) 10,000
articles of about 3 KB, two annotators with 100 spans per document, then measures:

- ``stats`` with a warm summary index (and ``progress`` when that command exists), target
  under 1 s; ``stats`` with no index (building it) for comparison;
- ``validate`` and ``agree`` with no index, with ``--jobs 1`` and ``--jobs 2``, target under
  10 s on two cores, with the speed-up;
- the corpus screen: seconds from starting the app to the first paint with counts (warm
  index), target under 1 s; milliseconds from a filter keystroke to the end of the repaint it
  causes, target under 16 ms;
- the peak memory of each command: the proportional set size (PSS: shared pages counted once
  across the forked workers) of the command and all its workers, sampled every 50 ms.

Commands run as separate processes, exactly as a user types them (``python -m annotator``),
so their times include Python's start-up and imports. The machine is shared and its speed
varies from minute to minute: every figure comes with the machine's load average and the time
of a fixed Python loop before and after, repeated figures are given as median and p90, and the
speed-ups are ratios of runs made back to back.

    python benchmarks/corpus.py [--documents N] [--repeat R] [--keep DIR] [--reference CHECKOUT]
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
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._common import machine_speed
from benchmarks.corpus_project import make_project


def _children(pid: int) -> list[int]:
    """``pid`` and all its descendants, from /proc."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(parents.get(current, []))
    return found


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_command(
    args: list[str], cwd: Path | None = None, code: Path | None = None
) -> dict[str, Any]:
    """Run ``python -m annotator ARGS``: seconds, exit status, peak PSS of its process tree.
    ``code``: run the annotator in that checkout (another branch, to compare) instead."""
    peak = [0]
    env = None if code is None else {**os.environ, "PYTHONPATH": str(code)}
    if code is not None:
        cwd = code  # ``python -m`` imports from the working folder first
    used_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "annotator", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=cwd,
        env=env,
        text=True,
    )
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            total = sum(_pss_kb(pid) for pid in _children(proc.pid))
            peak[0] = max(peak[0], total)
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (used.ru_utime - used_before.ru_utime) + (used.ru_stime - used_before.ru_stime)
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"annotator {' '.join(args)} failed: {err[-2000:]}")
    return {
        "seconds": round(seconds, 3),
        "exit": proc.returncode,
        "peak_pss_mb": round(peak[0] / 1024, 1),
        # CPU time of the command and its workers, and how many cores that kept busy on
        # average: on a shared machine a second process only helps if it gets a core.
        "cpu_s": round(cpu, 3),
        "cores_used": round(cpu / seconds, 2),
    }


def summary(values: list[float], digits: int = 3) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "median": round(statistics.median(values), digits),
        "p90": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))], digits),
        "min": round(ordered[0], digits),
        "n": len(values),
    }


def repeated(args: list[str], times: int) -> dict[str, Any]:
    runs = [run_command(args) for _ in range(times)]
    return {
        "seconds": summary([r["seconds"] for r in runs]),
        "peak_pss_mb": summary([r["peak_pss_mb"] for r in runs], 1),
        "exit": runs[-1]["exit"],
    }


def has_command(name: str) -> bool:
    probe = subprocess.run(
        [sys.executable, "-m", "annotator", name, "--help"], capture_output=True, text=True
    )
    return probe.returncode == 0


def cold_pair(
    command: list[str],
    root: Path,
    documents: int,
    reference: Path | None = None,
    repeat: int = 1,
) -> dict[str, Any]:
    """The command with --jobs 1 then --jobs 2, the index removed before each, with its CPU
    seconds per 1,000 documents (what carries over between loaded and idle machines). With
    ``reference`` (another checkout, e.g. main), each run is followed by the same run of that
    code, and the ratio of CPU times (this code / reference) is reported. ``repeat``: runs of
    each (``jobs_N`` is the first; ``jobs_N_runs`` the median and p90 of them all)."""
    out: dict[str, Any] = {}
    for jobs in ("1", "2"):
        args = [*command, str(root), "--jobs", jobs]
        mine_runs, their_runs = [], []
        for _ in range(repeat):
            shutil.rmtree(root / ".annotator", ignore_errors=True)
            mine_runs.append(run_command(args))
            if reference is not None:
                shutil.rmtree(root / ".annotator", ignore_errors=True)
                their_runs.append(run_command(args, code=reference))
        for name, runs in ((f"jobs_{jobs}", mine_runs), (f"reference_jobs_{jobs}", their_runs)):
            if not runs:
                continue
            first = out[name] = runs[0]
            first["cpu_s_per_1000_docs"] = round(first["cpu_s"] * 1000 / documents, 2)
            if repeat > 1:
                out[f"{name}_runs"] = {
                    "seconds": summary([r["seconds"] for r in runs]),
                    "cpu_s": summary([r["cpu_s"] for r in runs]),
                }
        if reference is not None:
            out[f"cpu_ratio_to_reference_jobs_{jobs}"] = round(
                statistics.median(r["cpu_s"] for r in mine_runs)
                / statistics.median(r["cpu_s"] for r in their_runs),
                3,
            )
    out["speedup"] = round(out["jobs_1"]["seconds"] / out["jobs_2"]["seconds"], 2)
    if repeat > 1:
        out["speedup_of_medians"] = round(
            out["jobs_1_runs"]["seconds"]["median"] / out["jobs_2_runs"]["seconds"]["median"], 2
        )
    return out


async def screen_figures(root: Path, keystrokes: int, paints: int) -> dict[str, Any]:
    """First paint with counts, and filter keystrokes, in the real app (headless, every
    update rendered to terminal output as benchmarks/tui.py does)."""
    from annotator.store.project import Project
    from annotator.tui.app import build_app
    from annotator.tui.screens.corpus import CorpusScreen
    from annotator.tui.widgets.document_table import DocumentTable
    from benchmarks.tui import DISPLAYS, key_to_repaint
    from benchmarks.tui import summary as ms_summary

    firsts: list[float] = []
    keys: list[float] = []
    cpu: list[float] = []  # the app's CPU time per filter key: less the machine's load
    filter_only: list[float] = []
    filter_cold: list[float] = []
    typing: list[float] = []
    updates: list[int] = []  # screen updates per filter key (a second one waits a frame)
    rows_built = 0
    for attempt in range(paints):
        project = Project.open(root)
        DISPLAYS.clear()
        start = time.perf_counter()
        app = build_app(project, "ann1")
        async with app.run_test(size=(140, 40)) as pilot:
            while not (isinstance(app.screen, CorpusScreen) and app.screen.loaded):
                await asyncio.sleep(0.001)
            # The repaint with the counts may already have happened by the time the poll sees
            # the summaries loaded (all in one update), or come within a frame: wait for 50
            # ms without an update, then take the last one.
            loaded_at = time.perf_counter()
            while time.perf_counter() - max(DISPLAYS[-1] if DISPLAYS else 0, loaded_at) < 0.05:
                await asyncio.sleep(0.001)
            firsts.append(DISPLAYS[-1] - start)
            screen = app.screen
            assert isinstance(screen, CorpusScreen)
            table = screen.query_one(DocumentTable)
            assert table.get_row_at(0)[1] == "done"  # counts are there
            if attempt == 0:
                # No blinking cursor: its repaints would be counted as the keystroke's.
                screen.query_one("#filter").cursor_blink = False
                await pilot.press("slash")
                await pilot.pause()
                word = "doc-0123"
                for _ in range(max(1, keystrokes // (2 * len(word)))):
                    for key in [*word, *["backspace"] * len(word)]:
                        used = time.process_time()
                        seen = len(DISPLAYS)
                        keys.append(await key_to_repaint(app, key))
                        cpu.append((time.process_time() - used) * 1000)
                        updates.append(len(DISPLAYS) - seen)
                # The same keys with the filter switched off: what the filter box itself
                # costs per keystroke on this machine now (its own repaint and the screen
                # update), the reference the filter's cost is read against.
                real_filter = screen.apply_filter
                screen.apply_filter = lambda needle: None  # type: ignore[method-assign]
                for char in word:
                    typing.append(await key_to_repaint(app, char))
                for _ in word:
                    typing.append(await key_to_repaint(app, "backspace"))
                screen.apply_filter = real_filter  # type: ignore[method-assign]
                # The filter's own work (search and the table's new key list, no drawing),
                # with the answers of earlier needles forgotten first: a needle over all
                # 10,000 ids each time ("cold"), and needles as typed one after the other
                # (each searches what the one before it matched).
                needles = ("d", "do", "doc", "doc-", "doc-0", "doc-01", "doc-012", "doc-0123")
                for needle in needles:
                    screen._list_documents()  # forgets the filter's earlier answers
                    began = time.perf_counter()
                    screen.apply_filter(needle)
                    filter_cold.append((time.perf_counter() - began) * 1000)
                screen._list_documents()
                for needle in needles:
                    began = time.perf_counter()
                    screen.apply_filter(needle)
                    filter_only.append((time.perf_counter() - began) * 1000)
                rows_built = table.rows_built
            await pilot.press("ctrl+q")
    return {
        "first_paint_with_counts_s": summary(firsts),
        "filter_keystroke_to_repaint_ms": ms_summary(keys),
        # CPU time of the process from the key until 30 ms after its last update (the wait
        # for quiet, polled every millisecond, included): what the key costs the app itself.
        "filter_keystroke_cpu_ms": ms_summary(cpu),
        # Keys typed: "doc-0123" then 8 Backspaces, 3 times: 10,000 ids narrowed to 1,000,
        # 100 and 10 (the vertical scrollbar goes) and widened back (it comes back).
        "filter_keys_typed": len(keys),
        "screen_updates_per_filter_key": {"max": max(updates), "total": sum(updates)},
        "input_keystroke_without_filter_ms": ms_summary(typing),
        "filter_only_ms": ms_summary(filter_only),
        "filter_only_cold_ms": ms_summary(filter_cold),
        "rows_built_after_typing": rows_built,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--spans", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5, help="runs of the warm figures")
    parser.add_argument(
        "--cold-repeat", type=int, default=1, help="runs of each cold figure (default 1)"
    )
    parser.add_argument("--keep", type=Path, help="generate into (or reuse) this folder")
    parser.add_argument(
        "--reference",
        type=Path,
        help="a checkout of another version (e.g. main): the cold commands run with it too, "
        "back to back, and the ratio of CPU times is reported",
    )
    parser.add_argument(
        "--only",
        choices=("cold", "warm", "screen"),
        action="append",
        help="measure only these groups (repeatable; default all): cold validate and agree, "
        "stats with and without an index (and progress), the corpus screen",
    )
    args = parser.parse_args()
    groups = set(args.only or ("cold", "warm", "screen"))
    before = machine_speed()
    with tempfile.TemporaryDirectory(prefix="annotator-corpus-bench-") as tmp:
        root = args.keep or Path(tmp) / "project"
        generated = None
        if not (root / "annotator.yaml").exists():
            began = time.perf_counter()
            make_project(root, args.documents, args.spans)
            generated = round(time.perf_counter() - began, 1)
        time.sleep(2.5)  # files changed in the last two seconds are never stored in the index
        size = sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
        figures: dict[str, Any] = {}
        if "cold" in groups:
            figures["validate_cold"] = cold_pair(
                ["validate", "-q"], root, args.documents, args.reference, args.cold_repeat
            )
            figures["agree_cold"] = cold_pair(
                ["agree"], root, args.documents, args.reference, args.cold_repeat
            )
        if "warm" in groups:
            shutil.rmtree(root / ".annotator", ignore_errors=True)
            figures["stats_no_index_jobs_2"] = run_command(["stats", str(root), "--jobs", "2"])
            figures["stats_warm"] = repeated(["stats", str(root)], args.repeat)
            # The floor stats pays here now: Python's start-up and the imports of the command.
            figures["stats_help_reference"] = repeated(["stats", "--help"], args.repeat)
            figures["stats_warm_over_reference"] = round(
                figures["stats_warm"]["seconds"]["median"]
                / figures["stats_help_reference"]["seconds"]["median"],
                2,
            )
            if has_command("progress"):
                # Its first run builds what the index does not hold (the span counts per pair
                # of annotators, team/pair_cache.py): reported on its own, as stats' is.
                figures["progress_first_run"] = run_command(["progress", str(root)])
                figures["progress_warm"] = repeated(["progress", str(root)], args.repeat)
            else:
                figures["progress_warm"] = "skipped: no 'annotator progress' command in this build"
        if "screen" in groups:
            run_command(["stats", str(root), "--jobs", "2"])  # the index warm
            figures["corpus_screen"] = asyncio.run(
                screen_figures(root, keystrokes=48, paints=max(3, args.repeat // 2))
            )
    after = machine_speed()
    print(
        json.dumps(
            {
                "benchmark": "corpus",
                "documents": args.documents,
                "annotators": 2,
                "spans_per_set": args.spans,
                "project_mb": round(size / 1e6, 1),
                "generate_s": generated,
                "targets": {
                    "stats_warm_s": 1,
                    "first_paint_with_counts_s": 1,
                    "filter_keystroke_ms": 16,
                    "validate_cold_jobs_2_s": 10,
                    "agree_cold_jobs_2_s": 10,
                },
                "figures": figures,
                "machine_before": before,
                "machine_after": after,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
