"""``annotator validate``: check projects and annotation files, one line per problem."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annotator.bulk import add_jobs_argument
from annotator.formats.progress import ProgressLine
from annotator.store.validation import validate_paths
from annotator.text.hygiene import CLEAN_HINT
from annotator.text.safe import clean
from annotator.text.wording import plural

NAME = "validate"
HELP = "Check projects or annotation files; print one line per problem, exit 1 if any."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="project or file")
    parser.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    add_jobs_argument(parser, "read and check the files of a project")


def run(args: argparse.Namespace) -> int:
    report = validate_paths(
        args.paths,
        jobs=args.jobs,
        progress=lambda total: ProgressLine("validate", total, unit="files"),
    )
    for problem in report.problems:
        print(clean(str(problem)))
    if not args.quiet:
        verdict = plural(len(report.problems), "problem") if report.problems else "ok"
        print(
            f"{verdict}: {plural(report.documents, 'document')}, "
            f"{plural(report.files, 'annotation file')}, {plural(report.spans, 'span')}, "
            f"{plural(report.relations, 'relation')}",
            file=sys.stderr,
        )
    if not args.quiet and report.hygiene:
        # Texts holding invisible marks or look-alike letters: reported, never changed (they
        # are not problems: the offsets stay right; they make tokens and search differ).
        print(f"text hygiene ({CLEAN_HINT}):", file=sys.stderr)
        for line in report.hygiene:
            print(f"  {line}", file=sys.stderr)
    return 1 if report.problems else 0
