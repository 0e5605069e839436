"""The ``annotator`` command: one parser, one sub-command per module in annotator.commands.

Each command module exposes ``NAME``, ``HELP`` (one line for ``annotator --help``),
``add_arguments(parser)`` and ``run(args) -> int``. Errors of the AnnotatorError family are
printed as one line each and turn into exit status 1. An OSError that escapes a command (a full
disk, a read-only filesystem, a name too long) is reported the same way, naming the file and
the cause. Standard output and standard error are wrapped in the one sanitiser
(annotator/text/safe.py) while a command runs, so no text from a file can drive the terminal.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Sequence
from importlib import import_module
from typing import Protocol, cast

from annotator import __version__
from annotator.errors import AnnotatorError, os_error_message
from annotator.text.safe import clean, guard

#: Command modules in the order ``annotator --help`` lists them.
COMMAND_MODULES: tuple[str, ...] = (
    "annotate",
    "init",
    "validate",
    "stats",
    "render",
    "evaluate",
    "agree",
    "export",
    "import_",
    "adjudicate",
    "diff",
    "assign",
    "progress",
    "sync",
    "serve",
    "suggest",
    "train",
)


class CommandModule(Protocol):
    NAME: str
    HELP: str

    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace) -> int: ...


def command_name(module: str) -> str:
    """The command a module implements (``import_`` is ``import``: a keyword)."""
    return module.rstrip("_")


def load_commands(only: str | None = None) -> list[CommandModule]:
    """The command modules, or only the one implementing command ``only``: importing every
    command (and what each imports) costs more start-up time than a quick command takes."""
    return [
        cast(CommandModule, import_module(f"annotator.commands.{name}"))
        for name in COMMAND_MODULES
        if only is None or command_name(name) == only
    ]


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator",
        description=(
            "Annotate Arabic news articles in the terminal: actors, locations, weapons and "
            "claims. With no command, opens the project in the current folder "
            "(or the bundled sample corpus)."
        ),
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    for command in load_commands(only):
        child = sub.add_parser(
            command.NAME, help=command.HELP, description=command.HELP.rstrip(".") + "."
        )
        command.add_arguments(child)
        child.set_defaults(_run=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    known = {command_name(m) for m in COMMAND_MODULES}
    # With a command named first, only its module is imported; help and errors about which
    # command to run need them all.
    parser = build_parser(words[0] if words and words[0] in known else None)
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["annotate", *(argv or [])])
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = guard(sys.stdout), guard(sys.stderr)
    try:
        return int(args._run(args))
    except AnnotatorError as err:
        for problem in err.problems:
            print(f"annotator: {clean(str(problem))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("annotator: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as err:
        print(f"annotator: {clean(os_error_message(err))}", file=sys.stderr)
        return 1
    finally:
        with contextlib.suppress(BrokenPipeError, ValueError):
            sys.stdout.flush()
        sys.stdout, sys.stderr = saved


if __name__ == "__main__":
    raise SystemExit(main())
