"""The one rule for names and ids that become file or folder names.

Document ids, annotator and adjudicator names and split names all end up as a path component
(``texts/<id>.txt``, ``annotations/<name>/``, ``.annotator-tmp-<id>.yaml.XXXXXXXX`` while a save
is under way). One rule, checked before anything is written, keeps every one of them a single,
visible, portable file name:

- letters (any script), digits, ``-``, ``_`` and inner dots, starting with a letter or digit;
- no control, format (bidi controls, zero-width characters), separator, private-use or
  unassigned characters anywhere: a name must look like what it is;
- at most ``MAX_BYTES`` bytes of UTF-8, so that the longest file made from it (a temporary file
  beside ``<id>.yaml``) stays under the 255-byte limit of common filesystems.

The check matches the whole string (``fullmatch``): a trailing newline is not allowed to slip
through as ``$`` would let it.
"""

from __future__ import annotations

import re
import unicodedata

from annotator.errors import ProjectError
from annotator.text.safe import short

#: Bytes of UTF-8 a name may take: 255 minus the temporary file's prefix and suffixes.
MAX_BYTES = 200

_NAME = re.compile(r"[^\W_][\w.-]*")
#: Names that pass every rule at a glance (ASCII letters, digits, '-', '_', '.', short enough):
#: most names are such, and a project's listing checks tens of thousands of them.
_PLAIN = re.compile(rf"[A-Za-z0-9][A-Za-z0-9_.-]{{0,{MAX_BYTES - 1}}}")
#: Unicode categories a name may never contain (controls, format, separators, private use,
#: surrogates, unassigned); spaces are refused by the pattern.
_FORBIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def name_problem(value: object, what: str = "document id") -> str | None:
    """Why ``value`` cannot be a ``what`` (it would not be one clean file name), or None."""
    if not isinstance(value, str):
        return f"{what} must be text, not {short(value)}"
    if _PLAIN.fullmatch(value) and ".." not in value and not value.endswith("."):
        return None
    if not value:
        return f"empty {what}"
    if "/" in value or "\\" in value:
        return f"{what} {short(value)} contains a path separator"
    if value in (".", "..") or ".." in value:
        return f"{what} {short(value)} would escape the project folder"
    bad = next((c for c in value if unicodedata.category(c) in _FORBIDDEN_CATEGORIES), None)
    if bad is not None:
        name = unicodedata.name(bad, "a control character")
        return (
            f"{what} {short(value)} contains U+{ord(bad):04X} ({name}), which is invisible or "
            "not allowed in a file name"
        )
    size = len(value.encode("utf-8", "surrogatepass"))
    if size > MAX_BYTES:
        return f"{what} {short(value, 40)} is {size} bytes long; the limit is {MAX_BYTES} bytes"
    if not _NAME.fullmatch(value) or value.endswith("."):
        return (
            f"{what} {short(value)} must start with a letter or digit and contain only letters, "
            "digits, '-', '_' and '.'"
        )
    return None


def check_name(value: str, what: str = "document id") -> str:
    """``value`` if it is a valid ``what``; else a ProjectError saying why."""
    problem = name_problem(value, what)
    if problem:
        raise ProjectError(problem)
    return value
