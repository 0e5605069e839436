"""``annotator serve``: the annotation (or adjudication) app in a browser, through textual-serve.

Each browser session runs its own ``annotator annotate`` (or ``adjudicate``) process, so two
sessions on one annotator's document meet the same lock as two terminals would. See
docs/serve.md.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from annotator.commands.running_apps import add_terminal_arguments, default_project
from annotator.errors import AnnotatorError, ProjectError
from annotator.store.locks import current_user
from annotator.store.project import Project, check_id

NAME = "serve"
HELP = "Serve the app to a web browser (textual-serve); loopback only unless given a token file."

MISSING = "annotator serve needs textual-serve: pip install 'annotator[serve]'"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "project",
        nargs="?",
        type=Path,
        help="project folder (default: this folder if it is a project, else the sample corpus)",
    )
    parser.add_argument(
        "--as",
        dest="annotator",
        metavar="NAME",
        help="who works in the browser: annotator, or adjudicator with --adjudicate "
        "(default: your user name)",
    )
    parser.add_argument(
        "--adjudicate", action="store_true", help="serve the adjudication app instead"
    )
    parser.add_argument("--doc", metavar="ID", help="open this document directly")
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this machine only; any other needs "
        "--token-file)",
    )
    parser.add_argument(
        "--port", type=int, default=8000, help="port to listen on (default: 8000; 0: any free)"
    )
    parser.add_argument(
        "--token-file",
        type=Path,
        metavar="FILE",
        help="file holding the secret token; browsers must open the URL once with ?token=...",
    )
    parser.add_argument(
        "--public-url",
        metavar="URL",
        help="the address browsers use, when behind a reverse proxy (default: what each "
        "browser asked for)",
    )
    add_terminal_arguments(parser)


def app_command(args: argparse.Namespace, project: Project, name: str) -> str:
    """The shell command textual-serve runs once per browser session."""
    words = [sys.executable, "-m", "annotator"]
    words += ["adjudicate" if args.adjudicate else "annotate", str(project.root.resolve())]
    words += ["--as", name, "--bidi", args.bidi, "--shaping", args.shaping]
    if args.doc is not None:
        words += ["--doc", args.doc]
    if args.no_snap:
        words.append("--no-snap")
    if args.keymap is not None:
        words += ["--keymap", str(args.keymap.resolve())]
    return "exec " + shlex.join(words)  # the shell gives way: signals reach the app itself


def run(args: argparse.Namespace) -> int:
    try:
        from annotator.serve import AnnotatorServer, is_loopback, read_token
    except ImportError:
        raise AnnotatorError(MISSING) from None

    if not 0 <= args.port <= 65535:
        raise AnnotatorError(f"--port must be between 0 and 65535 (got {args.port})")
    if args.token_file is None and not is_loopback(args.host):
        raise AnnotatorError(
            f"--host {args.host} lets other machines connect: give --token-file FILE too, "
            "or keep the default 127.0.0.1 and use ssh -L (docs/serve.md)"
        )
    token = read_token(args.token_file) if args.token_file is not None else None
    root = args.project or default_project()
    project = Project.open(root)
    name = check_id(
        args.annotator or current_user(),
        "adjudicator name" if args.adjudicate else "annotator name",
    )
    if args.doc is not None and args.doc not in project.document_ids():
        raise ProjectError(f"no document {args.doc!r} in the project", file=root)
    if args.keymap is not None and not args.keymap.is_file():
        raise AnnotatorError("keymap file not found", file=args.keymap)
    what = "adjudication" if args.adjudicate else "annotation"

    def announce(url: str) -> None:
        if token is None:
            print(f"annotator: {what} app for {name} at {url}", flush=True)
        else:
            print(
                f"annotator: {what} app for {name} at {url}?token=TOKEN "
                f"(TOKEN: the contents of {args.token_file}; needed once per browser)",
                flush=True,
            )
        print("annotator: Ctrl+C stops the server (open documents are saved)", flush=True)

    server = AnnotatorServer(
        app_command(args, project, name),
        host=args.host,
        port=args.port,
        title=f"annotator · {project.root.name} · {name}",
        token=token,
        public_url=args.public_url,
        announce=announce,
    )
    server.serve()
    return 0
