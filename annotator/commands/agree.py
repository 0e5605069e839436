"""``annotator agree PROJECT``: agreement between annotators, documents ranked lowest first.

See docs/agreement.md for the measures, the tokenisation, missing sets and the JSON layout.
"""

from __future__ import annotations

import argparse
import sys

from annotator.bulk import add_jobs_argument
from annotator.formats.progress import ProgressLine
from annotator.metrics.agreement import project_agreement
from annotator.metrics.agreement_report import to_json, to_table
from annotator.store.project import Project, current_project
from annotator.text.safe import clean

NAME = "agree"
HELP = "Agreement between annotators: span F1, Cohen's and Fleiss' kappa, Krippendorff's alpha."


def _names(value: str | None) -> list[str] | None:
    if value is None:
        return None
    return list(dict.fromkeys(name.strip() for name in value.split(",") if name.strip()))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "project",
        metavar="PROJECT",
        nargs="?",
        help="project folder (default: the project of the current folder)",
    )
    parser.add_argument(
        "--annotators",
        metavar="A,B,...",
        help="annotators to compare (default: every annotator of the project)",
    )
    parser.add_argument(
        "--docs",
        metavar="ID,ID,...",
        help="documents to compare (default: every text of the project)",
    )
    parser.add_argument(
        "--done-only",
        action="store_true",
        help="count only sets marked done (default: every set that is not new)",
    )
    parser.add_argument(
        "--format", choices=("table", "json"), default="table", help="output (table)"
    )
    add_jobs_argument(parser, "read and compare the documents")


def run(args: argparse.Namespace) -> int:
    if args.project is None:
        args.project = current_project()
    project = Project.open(args.project)
    docs = _names(args.docs)
    total = len(docs) if docs is not None else len(project.document_ids())
    with ProgressLine("agree", total) as progress:
        result = project_agreement(
            project,
            _names(args.annotators),
            docs,
            done_only=args.done_only,
            jobs=args.jobs,
            progress=progress,
            # The table shows each document's alpha and span F1 only; JSON has every figure.
            document_figures=args.format == "json",
        )
    if args.format == "json":
        out = to_json(result, str(args.project), done_only=args.done_only)
    else:
        out = to_table(result, str(args.project))
    sys.stdout.write(clean(out))
    return 0
