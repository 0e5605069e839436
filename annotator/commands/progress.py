"""``annotator progress``: who has done what, what is ready for adjudication, agreement so far."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path
from typing import Any

from annotator.store.project import Project
from annotator.tables import format_table
from annotator.team.assignments import load_assignments
from annotator.team.progress import AnnotatorProgress, TeamProgress, progress_of

NAME = "progress"
HELP = "Show each annotator's progress, documents ready for adjudication and agreement so far."

#: Documents listed by name under "ready for adjudication" before the list is cut.
READY_LISTED = 20


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", type=Path, nargs="?", default=Path("."), help="project folder")
    parser.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="table (with a bar chart per annotator) or json for scripts",
    )
    parser.add_argument("--no-chart", action="store_true", help="leave out the bar chart")


def run(args: argparse.Namespace) -> int:
    project = Project.open(args.project)
    progress = progress_of(project, load_assignments(project.root))
    if args.format == "json":
        print(report_json(progress.as_json()))
    else:
        print_tables(project, progress)
        if not args.no_chart and any(p.assigned for p in progress.annotators.values()):
            chart = bar_chart(progress.annotators)
            if chart is not None:
                print()
                print(chart)
    for path in progress.errors:
        print(
            f"annotator: {path}: cannot be read; counted as in progress (see 'annotator validate')",
            file=sys.stderr,
        )
    return 0


def report_json(report: dict[str, Any]) -> str:
    """``json.dumps(report, ensure_ascii=False, indent=2)``, character for character, faster.

    The standard library writes indented JSON in pure Python: on 10,000 documents that is a
    tenth of a second. Documents' entries repeat (the same annotators, done or not), so each
    distinct entry is written once and reused; keys and the rest go through ``json.dumps``.
    """
    written: dict[str, str] = {}

    def indented(value: Any, level: int) -> str:
        # A string in JSON never holds a raw newline: every newline is the indentation's.
        text = json.dumps(value, ensure_ascii=False, indent=2)
        return text.replace("\n", "\n" + "  " * level)

    items = []
    for key, value in report.items():
        name = json.dumps(key, ensure_ascii=False)
        if key != "documents" or not value:
            items.append(f"  {name}: {indented(value, 1)}")
            continue
        entries = []
        for doc_id, entry in value.items():
            memo = repr(entry)  # lists of names and booleans: repr tells them apart
            text = written.get(memo)
            if text is None:
                text = written[memo] = indented(entry, 2)
            entries.append(f"    {json.dumps(doc_id, ensure_ascii=False)}: {text}")
        items.append(f"  {name}: {{\n" + ",\n".join(entries) + "\n  }")
    return "{\n" + ",\n".join(items) + "\n}" if items else "{}"


def _duration(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}"


def print_tables(project: Project, progress: TeamProgress) -> None:
    print(f"project {project.config.name}: {len(progress.documents)} documents")
    rows: list[list[object]] = []
    for name, p in progress.annotators.items():
        rate = p.spans_per_hour
        rows.append(
            [
                name,
                p.assigned,
                p.done,
                p.in_progress,
                p.not_started,
                p.spans,
                _duration(p.active_seconds),
                "-" if rate is None else f"{rate:.0f}",
            ]
        )
    headers = ["annotator", "assigned", "done", "in progress", "not started", "spans"]
    headers += ["active h:mm", "spans/hour"]
    if rows:
        print(format_table(headers, rows, numeric=[False, *[True] * 7]))
    else:
        print("no annotators yet: 'annotator assign' hands out documents")
    docs = progress.documents
    assigned = sum(1 for d in docs.values() if d.assigned)
    ready = [doc_id for doc_id, d in docs.items() if d.ready and not d.adjudicated]
    adjudicated = sum(1 for d in docs.values() if d.adjudicated)
    print()
    print(
        f"documents: {assigned} assigned, {len(ready)} ready for adjudication, "
        f"{adjudicated} adjudicated"
    )
    if ready:
        shown = ", ".join(ready[:READY_LISTED])
        more = f" and {len(ready) - READY_LISTED} more" if len(ready) > READY_LISTED else ""
        print(f"ready: {shown}{more}")
    pairs = [p for p in progress.agreement]
    if pairs:
        print()
        print("agreement so far (span F1 on documents both finished):")
        print(
            format_table(
                ["pair", "documents", "strict F1", "overlap F1"],
                [
                    [
                        f"{p.first} & {p.second}",
                        p.documents,
                        f"{p.counts.f1('strict'):.3f}" if p.documents else "-",
                        f"{p.counts.f1('overlap'):.3f}" if p.documents else "-",
                    ]
                    for p in pairs
                ],
                numeric=[False, True, True, True],
            )
        )


def bar_chart(people: dict[str, AnnotatorProgress]) -> str | None:
    """Done / in progress / not started per annotator as stacked horizontal bars (plotext)."""
    try:
        import plotext as plt
    except ImportError:
        print(
            "annotator: bar chart left out: it needs plotext "
            "(pip install 'annotator[plot]'); --no-chart hides this note",
            file=sys.stderr,
        )
        return None
    names = list(people)
    plt.clear_figure()
    width = min(shutil.get_terminal_size((100, 24)).columns, 100)
    plt.simple_stacked_bar(
        names,
        [
            [people[n].done for n in names],
            [people[n].in_progress for n in names],
            [people[n].not_started for n in names],
        ],
        labels=["done", "in progress", "not started"],
        colors=["green", "orange", "gray"],
        width=width,
        title="assigned documents per annotator",
    )
    chart = str(plt.build())
    plt.clear_figure()
    return chart if sys.stdout.isatty() else str(plt.uncolorize(chart))
