"""``annotator progress`` on 10,000 documents x 2 annotators (target: under a second).

Builds the generated project of benchmarks/corpus_project.py, assigns every document to both
annotators, and times ``progress_of`` (every figure of ``progress --format json``, agreement
included):

- cold: no summary index and no pair cache yet (every file is read once);
- warm: nothing changed since the last report (the common case: the lead runs it again);
- one changed: one annotator saved one document since.

The reference in the same run is ``load_summaries`` alone (what ``stats`` reads), so the ratio
says what the team figures and agreement add on top of reading the index.

Usage: python benchmarks/team.py [DOCUMENTS]   (prints one JSON object)
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotator.store.project import Project
from annotator.store.summary_index import load_summaries
from annotator.team.assignments import Assignments, save_assignments
from annotator.team.progress import progress_of
from benchmarks._common import machine_speed
from benchmarks.corpus_project import ANNOTATORS, make_project


def timed(fn: Callable[[], object], repeat: int) -> dict[str, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    times.sort()
    return {
        "median_s": round(statistics.median(times), 4),
        "p90_s": round(times[min(len(times) - 1, int(len(times) * 0.9))], 4),
        "runs": repeat,
    }


def main() -> None:
    documents = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        root = make_project(Path(tmp) / "p", documents=documents)
        project = Project.open(root)
        assignments = Assignments({d: ANNOTATORS for d in project.document_ids()}, 2)
        save_assignments(root, assignments)
        time.sleep(2.1)  # files older than the racy window, so the caches store them
        start = time.perf_counter()
        report = progress_of(project, assignments)
        cold = time.perf_counter() - start
        warm = timed(lambda: json.dumps(progress_of(project, assignments).as_json()), 10)
        reference = timed(lambda: load_summaries(project), 10)
        first = project.document_ids()[0]
        path = project.annotation_path(ANNOTATORS[1], first)
        content = path.read_text(encoding="utf-8")

        def one_changed() -> None:
            path.write_text(content.replace("status: done", "status: in_progress"), "utf-8")
            progress_of(project, assignments)
            path.write_text(content, encoding="utf-8")

        changed = timed(one_changed, 5)
        pair = report.agreement[0]
        print(
            json.dumps(
                {
                    "benchmark": "team progress",
                    "documents": documents,
                    "annotation_files": len(ANNOTATORS) * documents,
                    "cold_s": round(cold, 3),
                    "warm": warm,
                    "one_file_changed": changed,
                    "reference_load_summaries": reference,
                    "warm_over_reference": round(warm["median_s"] / reference["median_s"], 2),
                    "agreement_checked": {
                        "documents": pair.documents,
                        "strict_f1": round(pair.counts.f1("strict"), 4),
                    },
                    "machine": machine_speed(),
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
