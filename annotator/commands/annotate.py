"""``annotator annotate``: open the annotation app (the TUI issue delivers it)."""

from __future__ import annotations

import argparse
import sys

NAME = "annotate"
HELP = "Open the annotation app on a project (default: this folder, else the sample corpus)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", nargs="?", help="project folder")


def run(args: argparse.Namespace) -> int:
    print("annotator: the annotation app is not available in this build yet", file=sys.stderr)
    return 2
