"""What ``annotate`` and ``adjudicate`` share when they open an app: the default project, the
terminal options, and running it so that no work is lost on SIGHUP, SIGTERM or a crash.

No Textual here: the commands import the app only when they run it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sys
from pathlib import Path
from types import FrameType
from typing import Any, Protocol

from platformdirs import user_data_path

from annotator.resources import sample_corpus_path
from annotator.store.project import CONFIG_NAME
from annotator.store.session import EditingSession


class RunnableApp(Protocol):
    @property
    def return_code(self) -> int | None: ...

    def run(self) -> Any: ...

    def open_sessions(self) -> list[EditingSession]: ...


def add_terminal_arguments(parser: argparse.ArgumentParser) -> None:
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


def run_keeping_work(app: RunnableApp) -> int:
    """Run ``app``; a closing terminal (SIGHUP) or a kill (SIGTERM) saves every open document
    first, and a crash leaves unsaved work in the recovery files."""

    def save_and_leave(signum: int, frame: FrameType | None) -> None:
        for session in app.open_sessions():
            try:
                session.close(save=True)
            except Exception:  # last chance: keep a recovery copy instead
                session.write_recovery()
        signal.signal(signum, signal.SIG_DFL)
        sys.exit(128 + signum)

    for sig in (signal.SIGHUP, signal.SIGTERM):
        signal.signal(sig, save_and_leave)
    try:
        app.run()
    finally:
        for session in app.open_sessions():
            if session.dirty:
                session.write_recovery()
    return 0 if app.return_code in (None, 0) else app.return_code
