"""JSON from files that may be hostile (imports, predictions): every way it can fail to read is
one ``JsonProblem`` with the line and column when they are known, never a traceback.

``json.loads`` fails in three ways: a syntax error (``JSONDecodeError``, with its place), a
number of more than 4,300 digits (a bare ``ValueError``: Python will not convert it) and
nesting deeper than the interpreter's recursion limit (``RecursionError``).
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

#: A run of digits longer than Python converts to an int (``sys.get_int_max_str_digits``).
_LONG_NUMBER = re.compile(rf"\d{{{sys.get_int_max_str_digits() + 1},}}")


class JsonProblem(Exception):
    """Why a text is not JSON we can read; ``line`` and ``column`` are 1-based or None."""

    def __init__(self, reason: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line
        self.column = column


def parse_json(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise JsonProblem(err.msg, err.lineno, err.colno) from None
    except RecursionError:
        raise JsonProblem("nested too deep") from None
    except ValueError:
        found = _LONG_NUMBER.search(text)
        if found is None:
            raise JsonProblem("a value Python cannot read") from None
        start = found.start()
        line = text.count("\n", 0, start) + 1
        column = start - text.rfind("\n", 0, start)
        raise JsonProblem(f"a number of {found.end() - start} digits", line, column) from None
