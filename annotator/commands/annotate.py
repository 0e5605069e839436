"""``annotator annotate``: open the annotation app."""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sys
from pathlib import Path
from types import FrameType

from platformdirs import user_data_path

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
    """This folder if it is a project, else the bundled sample corpus.

    An installed package's sample corpus may not be writable (site-packages); then a copy in
    the user's data folder is made once and used from then on.
    """
    here = Path.cwd()
    if (here / CONFIG_NAME).is_file():
        return here
    bundled = sample_corpus_path()
    if os.access(bundled, os.W_OK) and os.access(bundled / "annotations", os.W_OK):
        return bundled
    copy = user_data_path("annotator") / "sample_corpus"
    if not (copy / CONFIG_NAME).is_file():
        shutil.copytree(bundled, copy, dirs_exist_ok=True, copy_function=shutil.copyfile)
        for path in (copy, *copy.rglob("*")):  # the originals may be read-only
            path.chmod(path.stat().st_mode | 0o200)
        print(f"annotator: using a copy of the sample corpus in {copy}", file=sys.stderr)
    return copy


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
            except Exception:
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
