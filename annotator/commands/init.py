"""``annotator init``: make a project folder from a folder of .txt articles."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.formats.project_cleaning import apply_clean, plan_clean
from annotator.store.project import CONFIG_NAME, Project, init_project

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
        "--clean",
        action="store_true",
        help="normalise the texts: remove invisible (bidi) marks and tatweel, no-break spaces "
        "to spaces, presentation forms to letters, mixed ي/ی ك/ک to one variant, and report "
        "what changed; on an existing project, annotated texts are cleaned only with every "
        "span moved exactly (all or nothing)",
    )
    parser.add_argument(
        "--annotators",
        default="",
        metavar="A,B,...",
        help="annotator names to list in annotator.yaml",
    )


def run(args: argparse.Namespace) -> int:
    annotators = tuple(a.strip() for a in args.annotators.split(",") if a.strip())
    if args.clean and (args.dir / CONFIG_NAME).is_file() and args.texts is None:
        project = Project.open(args.dir)
        clean_texts(project)
        return 0
    project, done = init_project(
        args.dir, name=args.name, texts_from=args.texts, annotators=annotators
    )
    for line in done:
        print(line)
    if args.clean:
        clean_texts(project)
    count = len(project.document_ids())
    print(f"project {project.config.name!r} in {args.dir}: {count} documents")
    if count == 0:
        print(f"add UTF-8 articles as {args.dir}/texts/<id>.txt")
    return 0


def clean_texts(project: Project) -> None:
    """Clean every text (annotations moved with them), printing what changed per text."""
    plan = plan_clean(project)
    apply_clean(project, plan)
    for doc_id, changes in plan.changes.items():
        listed = ", ".join(f"{what} {n}" for what, n in sorted(changes.items()))
        print(f"cleaned {project.relative(project.text_path(doc_id))}: {listed}")
    sets = f", {len(plan.sets)} annotation sets moved with them" if plan.sets else ""
    print(f"cleaned {len(plan.changes)} of {len(project.document_ids())} texts{sets}")
