"""``annotator annotate``: open the annotation app."""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path
from types import FrameType

from annotator.errors import ProjectError
from annotator.resources import sample_corpus_path
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
        "--as", dest="annotator", metavar="NAME", help="annotator name (default: your user name)"
    )
    parser.add_argument("--doc", metavar="ID", help="open this document directly")
    parser.add_argument(
        "--bidi",
        choices=("app", "terminal"),
        default="app",
        help="who reorders right-to-left text: the app (default) or a bidi-capable terminal",
    )
    parser.add_argument(
        "--shaping",
        choices=("app", "terminal"),
        default="app",
        help="who joins Arabic letters: the app (default) or a shaping terminal",
    )
    parser.add_argument(
        "--no-snap", action="store_true", help="tag exact selections instead of whole words"
    )
    parser.add_argument("--keymap", type=Path, metavar="FILE", help="YAML file of binding id: keys")


def default_project() -> Path:
    here = Path.cwd()
    return here if (here / CONFIG_NAME).is_file() else sample_corpus_path()


def run(args: argparse.Namespace) -> int:
    from annotator.tui.app import build_app  # Textual loads only for the app

    root = args.project or default_project()
    project = Project.open(root)
    annotator = check_id(args.annotator or current_user(), "annotator name")
    if args.doc is not None and args.doc not in project.document_ids():
        raise ProjectError(f"no document {args.doc!r} in the project", file=root)
    app = build_app(
        project,
        annotator,
        document=args.doc,
        bidi=args.bidi,
        shaping=args.shaping,
        snap=not args.no_snap,
        keymap_file=args.keymap,
    )

    def save_and_leave(signum: int, frame: FrameType | None) -> None:
        # A closing terminal (SIGHUP) or a kill (SIGTERM): keep the work, then go.
        for session in app.open_sessions():
            try:
                session.close(save=True)
            except Exception:  # noqa: BLE001 - last chance: keep a recovery copy instead
                session.write_recovery()
        signal.signal(signum, signal.SIG_DFL)
        sys.exit(128 + signum)

    for sig in (signal.SIGHUP, signal.SIGTERM):
        signal.signal(sig, save_and_leave)
    try:
        app.run()
    finally:
        for session in app.open_sessions():  # a crash: the work goes to the recovery file
            if session.dirty:
                session.write_recovery()
    return 0 if app.return_code in (None, 0) else app.return_code
