"""``annotator annotate``: open the annotation app."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.commands.running_apps import (
    add_terminal_arguments,
    default_project,
    run_keeping_work,
)
from annotator.errors import ProjectError
from annotator.store.locks import current_user
from annotator.store.project import CONFIG_NAME, Project, check_id

NAME = "annotate"
HELP = "Open the annotation app on a project (default: this folder, else the sample corpus)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "project",
        nargs="?",
        type=Path,
        help=f"project folder (default: this folder if it has {CONFIG_NAME}, else the sample corpus)",
    )
    parser.add_argument(
        "--as",
        dest="annotator",
        metavar="NAME",
        help="annotator name (default: your user name); with assignments.yaml the app opens "
        "on NAME's queue: their documents, unfinished first ('a' shows all)",
    )
    parser.add_argument("--doc", metavar="ID", help="open this document directly")
    parser.add_argument(
        "--suggestions",
        metavar="NAME",
        help="show the suggestions of recommender NAME (annotator suggest --as NAME) to "
        "accept (y) or reject (x); S switches in the app",
    )
    add_terminal_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from annotator.tui.app import build_app  # Textual loads only for the app

    root = args.project or default_project()
    project = Project.open(root, tidy=True)
    annotator = check_id(args.annotator or current_user(), "annotator name")
    if args.doc is not None and args.doc not in project.document_ids():
        raise ProjectError(f"no document {args.doc!r} in the project", file=root)
    if args.suggestions is not None:
        check_id(args.suggestions, "recommender name")
        if not (project.root / "annotations" / args.suggestions).is_dir():
            raise ProjectError(
                f"no suggestions by {args.suggestions!r} (no annotations/{args.suggestions}/); "
                f"make them with 'annotator suggest {root} --matcher --as {args.suggestions}'",
                file=root,
            )
    app = build_app(
        project,
        annotator,
        document=args.doc,
        bidi=args.bidi,
        shaping=args.shaping,
        snap=not args.no_snap,
        keymap_file=args.keymap,
        suggestions=args.suggestions,
    )
    return run_keeping_work(app)
