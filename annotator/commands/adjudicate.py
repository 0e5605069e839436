"""``annotator adjudicate``: compare annotators' sets and settle the gold set.

Without ``--auto`` it opens the adjudication app (docs/adjudicate.md); with ``--auto`` it writes
gold for what every annotator agrees on and prints the conflicts per document, for triage and
scripts.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annotator.adjudication.project import AutoResult, auto_adjudicate, check_annotators
from annotator.bulk import add_jobs_argument
from annotator.commands.running_apps import (
    add_terminal_arguments,
    default_project,
    run_keeping_work,
)
from annotator.errors import ProjectError
from annotator.formats.progress import ProgressLine
from annotator.store.locks import current_user
from annotator.store.project import Project, check_id
from annotator.tables import format_table
from annotator.text.safe import dumps

NAME = "adjudicate"
HELP = "Compare annotators' sets side by side and settle the gold set (--auto: agreed spans only)."


def _names(value: str) -> list[str]:
    names = [n.strip() for n in value.split(",") if n.strip()]
    if len(names) < 2:
        raise argparse.ArgumentTypeError("give at least two annotators, e.g. ann1,ann2")
    return names


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "project",
        nargs="?",
        type=Path,
        help="project folder (default: this folder if it is a project, else the sample corpus)",
    )
    parser.add_argument("--doc", metavar="ID", help="only this document (the app opens it)")
    parser.add_argument(
        "--annotators",
        type=_names,
        metavar="A,B,...",
        help="annotators to compare (default: every annotator whose set of the document "
        "exists and is not new)",
    )
    parser.add_argument(
        "--as",
        dest="adjudicator",
        metavar="NAME",
        help="adjudicator name (default: your user name)",
    )
    parser.add_argument(
        "--auto",
        action="store_true",
        help="write gold with the spans everyone agrees on, for documents without gold, and "
        "print the conflicts per document; no app",
    )
    parser.add_argument(
        "--format", choices=("table", "json"), default="table", help="--auto output (table)"
    )
    add_jobs_argument(parser, "check, compare and write the documents with --auto")
    add_terminal_arguments(parser)


def run(args: argparse.Namespace) -> int:
    root = args.project or default_project()
    project = Project.open(root, tidy=True)
    adjudicator = check_id(args.adjudicator or current_user(), "adjudicator name")
    annotators = check_annotators(project, args.annotators) if args.annotators else None
    if args.doc is not None and args.doc not in project.document_ids():
        raise ProjectError(f"no document {args.doc!r} in the project", file=root)
    if args.auto:
        return run_auto(project, args.doc, annotators, adjudicator, args.format, args.jobs)
    if args.doc is not None:
        have = [a for a in annotators or project.annotators() if project.has_set(a, args.doc)]
        if len(have) < 2:
            raise ProjectError(
                f"{args.doc} needs sets from at least two annotators to adjudicate "
                f"(has: {', '.join(have) or 'none'})",
                file=project.text_path(args.doc),
            )
    return run_app(project, adjudicator, annotators, args)


def run_auto(
    project: Project,
    doc: str | None,
    annotators: tuple[str, ...] | None,
    adjudicator: str,
    output: str,
    jobs: int = 1,
) -> int:
    doc_ids = [doc] if doc else project.document_ids()
    results = auto_adjudicate(project, doc_ids, annotators, adjudicator, ProgressLine, jobs=jobs)
    if output == "json":
        print(dumps([_result_json(r) for r in results], indent=2))
        return _undone(results)
    rows = [
        [
            r.state.document,
            ", ".join(r.state.annotators) or "-",
            "" if r.agreement is None else f"{r.agreement:.3f}",
            r.state.agreed if r.state.comparable else "",
            r.state.conflicts if r.state.comparable else "",
            r.state.open if r.state.comparable else "",
            r.action,
            r.message,
        ]
        for r in results
    ]
    print(
        format_table(
            [
                "document",
                "annotators",
                "alpha",
                "agreed spans",
                "conflicts",
                "open",
                "gold",
                "note",
            ],
            rows,
            numeric=[False, False, True, True, True, True, False, False],
        )
    )
    compared = [r for r in results if r.state.comparable]
    written = sum(r.action == "written" for r in results)
    print(
        f"{len(compared)} of {len(results)} documents compared, "
        f"{sum(r.state.conflicts for r in compared)} conflicts "
        f"({sum(r.state.open for r in compared)} open), gold written for {written}"
    )
    return _undone(results)


def _undone(results: list[AutoResult]) -> int:
    """1 (with one line saying what) when a document could not be done, e.g. it was locked."""
    locked = [r.state.document for r in results if r.action == "locked"]
    if not locked:
        return 0
    shown = ", ".join(locked[:5]) + (f" and {len(locked) - 5} more" if len(locked) > 5 else "")
    print(
        f"annotator: gold not written for {len(locked)} locked document(s): {shown}; "
        "run again once they are closed",
        file=sys.stderr,
    )
    return 1


def _result_json(result: AutoResult) -> dict[str, object]:
    state = result.state
    return {
        "document": state.document,
        "annotators": list(state.annotators),
        "status": state.status,
        "agreement": result.agreement,
        "agreed_spans": state.agreed,
        "conflicts": state.conflicts,
        "open": state.open,
        "gold": result.action,
        "note": result.message,
    }


def run_app(
    project: Project,
    adjudicator: str,
    annotators: tuple[str, ...] | None,
    args: argparse.Namespace,
) -> int:
    from annotator.tui.adjudicate_app import build_adjudicator_app  # Textual loads only here

    app = build_adjudicator_app(
        project,
        adjudicator,
        annotators=annotators,
        document=args.doc,
        bidi=args.bidi,
        shaping=args.shaping,
        snap=not args.no_snap,
        keymap_file=args.keymap,
    )
    return run_keeping_work(app)
