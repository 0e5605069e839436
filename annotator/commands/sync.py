"""``annotator sync``: commit your own files, pull with rebase, push (never force)."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.store.locks import current_user
from annotator.store.project import Project, check_id
from annotator.team.sync import ROLES, sync

NAME = "sync"
HELP = (
    "Commit your own files (annotations/NAME/, or gold/ for an adjudicator), pull with "
    "rebase and push; others' files you changed stay uncommitted and are listed."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", type=Path, nargs="?", default=Path("."), help="project folder")
    parser.add_argument(
        "--as", dest="name", metavar="NAME", help="your annotator name (default: your user name)"
    )
    parser.add_argument(
        "--role",
        choices=ROLES,
        default="annotator",
        help="annotator: commit annotations/NAME/; adjudicator: gold/; lead: the project "
        "setup (annotator.yaml, assignments.yaml, texts/, ...) (default: annotator)",
    )


def run(args: argparse.Namespace) -> int:
    project = Project.open(args.project)
    name = check_id(args.name or current_user(), "annotator name")
    report = sync(project.root, name, args.role)
    for line in report.lines():
        print(line)
    return 0
