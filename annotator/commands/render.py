"""``annotator render``: print a text file exactly as the article view lays it out."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

from annotator.errors import LayoutError
from annotator.layout import DocumentLayout, LayoutOptions, line_map
from annotator.store.texts import read_text

NAME = "render"
HELP = "Print a text as the article view draws it (bidi, shaping, wrapping), or its cell map."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="UTF-8 text file")
    parser.add_argument(
        "--width",
        type=int,
        default=None,
        help="line width in cells (default: the terminal's width, else 80)",
    )
    parser.add_argument(
        "--direction",
        choices=("auto", "rtl", "ltr"),
        default="auto",
        help="paragraph direction (default: auto, from each paragraph's first strong letter)",
    )
    parser.add_argument(
        "--no-shaping",
        dest="shaping",
        action="store_false",
        help="leave Arabic shaping to the terminal",
    )
    parser.add_argument(
        "--bidi",
        choices=("app", "terminal"),
        default="app",
        help="who reorders right-to-left text (default: app; 'terminal' keeps logical order)",
    )
    parser.add_argument("--no-harakat", dest="harakat", action="store_false", help="hide harakat")
    parser.add_argument(
        "--show-controls",
        action="store_true",
        help="draw bidi controls and other invisible characters as visible marks",
    )
    parser.add_argument(
        "--map",
        action="store_true",
        help="print one JSON object per line: paragraph, start, end, text, cells [col, start, end]",
    )


def run(args: argparse.Namespace) -> int:
    width = args.width if args.width is not None else _terminal_width()
    if width < 1:
        raise LayoutError(f"--width must be at least 1 (got {width})", file=args.file)
    options = LayoutOptions(
        direction=args.direction,
        shaping=args.shaping,
        bidi=args.bidi == "app",
        harakat=args.harakat,
        show_controls=args.show_controls,
    )
    layout = DocumentLayout(read_text(args.file), width, options)
    out = sys.stdout
    for line in layout.lines():
        if args.map:
            out.write(json.dumps(line_map(line), ensure_ascii=False) + "\n")
        else:
            out.write(line.text + "\n")
    out.flush()
    return 0


def _terminal_width() -> int:
    """The terminal's width when stdout is one, else 80 (pipes, files, tests)."""
    if not sys.stdout.isatty():
        return 80
    return shutil.get_terminal_size((80, 24)).columns
