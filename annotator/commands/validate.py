"""``annotator validate``: check projects and annotation files, one line per problem."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annotator.store.project import CONFIG_NAME, Project
from annotator.store.validation import validate_paths
from annotator.text.hygiene import CLEAN_HINT, hygiene_lines

NAME = "validate"
HELP = "Check projects or annotation files; print one line per problem, exit 1 if any."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="project or file")
    parser.add_argument("-q", "--quiet", action="store_true", help="print problems only")


def run(args: argparse.Namespace) -> int:
    report = validate_paths(args.paths)
    for problem in report.problems:
        print(problem)
    if not args.quiet:
        verdict = f"{len(report.problems)} problems" if report.problems else "ok"
        print(
            f"{verdict}: {report.documents} documents, {report.files} annotation files, "
            f"{report.spans} spans, {report.relations} relations",
            file=sys.stderr,
        )
    if not args.quiet:
        print_hygiene(args.paths)
    return 1 if report.problems else 0


def print_hygiene(paths: list[Path]) -> None:
    """Texts holding invisible marks or look-alike letters: reported, never changed (they are
    not problems: the offsets stay right; they make tokens and search differ)."""
    lines = []
    for path in paths:
        if not (path / CONFIG_NAME).is_file():
            continue
        project = Project.open(path)
        lines += hygiene_lines(
            (project.relative(project.text_path(d)), project.document(d).text)
            for d in project.document_ids()
        )
    if lines:
        print(f"text hygiene ({CLEAN_HINT}):", file=sys.stderr)
        for line in lines:
            print(f"  {line}", file=sys.stderr)
