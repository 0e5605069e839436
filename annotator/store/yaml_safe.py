"""Reading YAML that may be hostile or broken, with errors that point at the line.

Only the safe loader is ever used (libyaml's when present). Files over ``MAX_BYTES`` are refused
before parsing; documents using more than ``MAX_ALIASES`` aliases are refused (our files never use
any, and alias bombs are how a small file becomes a huge object graph). Timestamps stay strings,
so ``updated: 2026-11-25T12:00:00Z`` reads back exactly as written.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

import yaml

from annotator.errors import FormatError

MAX_BYTES = 64 * 1024 * 1024
MAX_ALIASES = 100

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Loader(_Base):
    """The safe loader without YAML 1.1 timestamp resolution."""

    yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, Any]]]] = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


_STR_TAG = "tag:yaml.org,2002:str"
_resolver = yaml.resolver.Resolver()
#: First characters for which YAML might resolve a plain scalar to something else than a string.
_RESOLVABLE_FIRST = frozenset(k for k in yaml.resolver.Resolver.yaml_implicit_resolvers if k)


def plain_is_str(value: str) -> bool:
    """True if standard YAML reads ``value`` written plain (unquoted) back as this string.

    Uses the full YAML 1.1 resolver, timestamps included, so files stay unambiguous to any
    other YAML reader too.
    """
    if value and value[0] not in _RESOLVABLE_FIRST:
        return True
    return _resolver.resolve(yaml.ScalarNode, value, (True, False)) == _STR_TAG


def read_limited(path: Path, limit: int | None = None) -> bytes:
    limit = MAX_BYTES if limit is None else limit
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise FormatError("file not found", file=path) from None
    except OSError as err:
        raise FormatError(f"cannot read: {err.strerror}", file=path) from None
    if size > limit:
        raise FormatError(
            f"file is {_human(size)}, over the {_human(limit)} limit for this kind of file",
            file=path,
        )
    try:
        return path.read_bytes()
    except OSError as err:
        raise FormatError(f"cannot read: {err.strerror}", file=path) from None


def _human(size: int) -> str:
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("kB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} bytes"


def decode_utf8(raw: bytes, source: str | Path) -> str:
    """Decode UTF-8 or fail naming the line and column of the first bad byte."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        line_start = raw.rfind(b"\n", 0, err.start) + 1
        column = len(raw[line_start : err.start].decode("utf-8", "replace")) + 1
        raise FormatError(
            f"not valid UTF-8 (byte 0x{raw[err.start]:02x} at byte offset {err.start})",
            file=source,
            line=line,
            column=column,
        ) from None


def load_yaml_text(text: str, source: str | Path) -> Any:
    """Parse one YAML document from ``text``; errors name ``source`` with line and column."""
    if "*" in text:
        _refuse_alias_bombs(text, source)
    try:
        return yaml.load(text, Loader=Loader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        message = " ".join(str(part) for part in (err.context, err.problem) if part)
        raise FormatError(
            f"YAML syntax error: {message}",
            file=source,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    except yaml.YAMLError as err:
        raise FormatError(f"YAML error: {err}", file=source) from None


def load_yaml_file(path: Path) -> Any:
    return load_yaml_text(decode_utf8(read_limited(path), path), path)


def _refuse_alias_bombs(text: str, source: str | Path) -> None:
    aliases = 0
    try:
        for event in yaml.parse(text, Loader=Loader):
            if isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > MAX_ALIASES:
                    mark = event.start_mark
                    raise FormatError(
                        f"more than {MAX_ALIASES} YAML aliases; refusing a possible alias bomb",
                        file=source,
                        line=mark.line + 1 if mark else None,
                        column=mark.column + 1 if mark else None,
                    )
    except yaml.YAMLError:
        return  # the real parse reports syntax errors with their position


def locate(text: str, path: Sequence[str | int]) -> tuple[int, int] | None:
    """1-based (line, column) of the node at a JSON-Schema error path, for error messages."""
    try:
        node = yaml.compose(text, Loader=Loader)
    except yaml.YAMLError:
        return None
    best = node
    for step in path:
        if isinstance(node, yaml.MappingNode) and isinstance(step, str):
            found = [v for k, v in node.value if getattr(k, "value", None) == step]
            if not found:
                break
            node = found[0]
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            if step >= len(node.value):
                break
            node = node.value[step]
        else:
            break
        best = node
    if best is None:
        return None
    return best.start_mark.line + 1, best.start_mark.column + 1
