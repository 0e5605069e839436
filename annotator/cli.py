"""The ``annotator`` command: one parser, one sub-command per module in annotator.commands.

Each command module exposes ``NAME``, ``HELP`` (one line for ``annotator --help``),
``add_arguments(parser)`` and ``run(args) -> int``. Errors of the AnnotatorError family are
printed as one line each and turn into exit status 1; anything else is a bug and shows a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib import import_module
from typing import Protocol, cast

from annotator import __version__
from annotator.errors import AnnotatorError

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
    "suggest",
    "train",
)


class CommandModule(Protocol):
    NAME: str
    HELP: str

    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace) -> int: ...


def load_commands() -> list[CommandModule]:
    return [
        cast(CommandModule, import_module(f"annotator.commands.{name}")) for name in COMMAND_MODULES
    ]


def build_parser() -> argparse.ArgumentParser:
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
    for command in load_commands():
        child = sub.add_parser(
            command.NAME, help=command.HELP, description=command.HELP.rstrip(".") + "."
        )
        command.add_arguments(child)
        child.set_defaults(_run=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["annotate", *(argv or [])])
    try:
        return int(args._run(args))
    except AnnotatorError as err:
        for problem in err.problems:
            print(f"annotator: {problem}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("annotator: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
