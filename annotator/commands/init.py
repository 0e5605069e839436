"""``annotator init``: make a project folder from a folder of .txt articles."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.store.project import init_project

NAME = "init"
HELP = "Create a project from a folder of UTF-8 .txt articles."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "dir",
        type=Path,
        help="project folder; its top-level .txt files are moved into DIR/texts/",
    )
    parser.add_argument(
        "--texts",
        type=Path,
        metavar="FOLDER",
        help="copy the .txt files of FOLDER into DIR/texts/ instead (originals untouched)",
    )
    parser.add_argument("--name", help="project name (default: the folder name)")
    parser.add_argument(
        "--annotators",
        default="",
        metavar="A,B,...",
        help="annotator names to list in annotator.yaml",
    )


def run(args: argparse.Namespace) -> int:
    annotators = tuple(a.strip() for a in args.annotators.split(",") if a.strip())
    project, done = init_project(
        args.dir, name=args.name, texts_from=args.texts, annotators=annotators
    )
    for line in done:
        print(line)
    count = len(project.document_ids())
    print(f"project {project.config.name!r} in {args.dir}: {count} documents")
    if count == 0:
        print(f"add UTF-8 articles as {args.dir}/texts/<id>.txt")
    return 0
