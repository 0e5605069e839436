"""Reading YAML that may be hostile or broken, with errors that point at the line.

Only the safe loader is ever used (libyaml's when present). Files over ``MAX_BYTES`` are refused
before parsing. Every document is composed into nodes and measured with its aliases expanded
before it is built: one that would grow far beyond its own text (an alias bomb), nest deeper than
``MAX_DEPTH``, refer to itself, or repeat a key in one mapping is refused with its line. Timestamps stay strings,
so ``updated: 2026-11-25T12:00:00Z`` reads back exactly as written.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar

import yaml

from annotator.errors import FormatError
from annotator.text.safe import clean, short

MAX_BYTES = 64 * 1024 * 1024
#: Deepest nesting accepted; our files nest four levels.
MAX_DEPTH = 64
#: A document may expand (aliases followed) to this many nodes and scalar characters plus
#: EXPANSION per character of its text.
MIN_EXPANDED_NODES = 10_000
MIN_EXPANDED_CHARS = 1_000_000
EXPANSION = 4

#: Longest whole number read (Python refuses to turn more than 4,300 digits into an int, and
#: no offset, count or second needs more than a few).
MAX_INT_CHARS = 100
_INT_TAG = "tag:yaml.org,2002:int"

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Loader(_Base):
    """The safe loader without YAML 1.1 timestamp resolution."""

    yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, Any]]]] = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


_STR_TAG = "tag:yaml.org,2002:str"
_SURROGATE = re.compile("[\ud800-\udfff]")
_resolver = yaml.resolver.Resolver()
#: First characters for which YAML might resolve a plain scalar to something else than a string.
RESOLVABLE_FIRST = frozenset(k for k in yaml.resolver.Resolver.yaml_implicit_resolvers if k)


def plain_is_str(value: str) -> bool:
    """True if standard YAML reads ``value`` written plain (unquoted) back as this string.

    Uses the full YAML 1.1 resolver, timestamps included, so files stay unambiguous to any
    other YAML reader too.
    """
    if value and value[0] not in RESOLVABLE_FIRST:
        return True
    return _resolver.resolve(yaml.ScalarNode, value, (True, False)) == _STR_TAG


class _LoaderResolver(yaml.resolver.Resolver):
    yaml_implicit_resolvers = Loader.yaml_implicit_resolvers


_loader_resolver = _LoaderResolver()


@lru_cache(maxsize=1024)
def loader_reads_plain_as_str(value: str) -> bool:
    """True if ``load_yaml_text`` (which leaves timestamps as text) reads ``value`` written
    plain back as this string: what a fast reader of our own files may assume of it."""
    return _loader_resolver.resolve(yaml.ScalarNode, value, (True, False)) == _STR_TAG


def read_limited(path: Path | str, limit: int | None = None) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    Devices, pipes and sockets are refused before they are opened (``/dev/zero`` never ends, a
    pipe may never answer), and the read itself is bounded, so a file that grows while it is
    read cannot exceed the limit either.
    """
    limit = MAX_BYTES if limit is None else limit
    try:
        info = os.stat(path)  # os, not pathlib: bulk commands read tens of thousands of files
    except FileNotFoundError:
        raise FormatError("file not found", file=path) from None
    except OSError as err:
        raise FormatError(f"cannot read: {err.strerror}", file=path) from None
    if stat.S_ISDIR(info.st_mode):
        raise FormatError("is a folder, not a file", file=path)
    if not stat.S_ISREG(info.st_mode):
        raise FormatError(
            "is not a regular file (a device, a pipe or a socket); refusing to read it", file=path
        )
    if info.st_size > limit:
        raise FormatError(
            f"file is {_human(info.st_size)}, over the {_human(limit)} limit for this kind of file",
            file=path,
        )
    try:
        with open(path, "rb") as handle:
            # Read what stat promised, then check nothing more came (a file that grew): never
            # allocate the whole limit up front.
            data = handle.read(info.st_size + 1)
            while len(data) <= limit:
                more = handle.read(min(1 << 20, limit + 1 - len(data)))
                if not more:
                    break
                data += more
    except OSError as err:
        raise FormatError(f"cannot read: {err.strerror}", file=path) from None
    if len(data) > limit:
        raise FormatError(
            f"file is over the {_human(limit)} limit for this kind of file", file=path
        )
    return data


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
    """Parse one YAML document from ``text``; errors name ``source`` with line and column.

    The document is composed into nodes first and checked before anything is built from it:
    its size with every alias expanded (nodes and characters), its depth, alias cycles and
    duplicate keys. Only then is it constructed, so nothing later (a schema check, an error
    message, ``str()``) can walk a value that is bigger than the file.
    """
    surrogate = _SURROGATE.search(text)
    if surrogate is not None:
        line = text.count("\n", 0, surrogate.start()) + 1
        raise FormatError(
            f"not valid text: lone surrogate U+{ord(surrogate.group()):04X}", file=source, line=line
        )
    loader = Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        check_node(node, len(text), source)
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        message = " ".join(str(part) for part in (err.context, err.problem) if part)
        raise FormatError(
            f"YAML syntax error: {clean(message)[:200]}",
            file=source,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    except yaml.YAMLError as err:
        raise FormatError(f"YAML error: {clean(str(err))[:200]}", file=source) from None
    except RecursionError:
        raise FormatError(f"YAML nested more than {MAX_DEPTH} levels deep", file=source) from None
    finally:
        loader.dispose()


def load_yaml_file(path: Path) -> Any:
    return load_yaml_text(decode_utf8(read_limited(path), path), path)


def node_budget(text_length: int) -> tuple[int, int]:
    """How many nodes and scalar characters a document of ``text_length`` may expand to.

    Without aliases a document cannot hold more nodes or characters than its text; aliases may
    repeat a part a few times (that is what they are for), never by orders of magnitude.
    """
    return (
        MIN_EXPANDED_NODES + EXPANSION * text_length,
        MIN_EXPANDED_CHARS + EXPANSION * text_length,
    )


def check_node(root: yaml.Node, text_length: int, source: str | Path) -> None:
    """Refuse documents that expand too far, nest too deep, refer to themselves, or repeat a
    key in one mapping; each refusal names the line and column."""
    max_nodes, max_chars = node_budget(text_length)
    # Expanded size of each distinct node, so an alias costs its size without a second walk.
    sizes: dict[int, tuple[int, int]] = {}
    on_path: set[int] = set()
    # Iterative post-order walk: (node, depth, children done?)
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            n, c = 1, 0
            for child in _children(node):
                cn, cc = sizes[id(child)]
                n += cn
                c += cc
            if n > max_nodes or c > max_chars:
                _refuse(
                    node,
                    source,
                    f"YAML document expands to more than {max_nodes} nodes "
                    f"or {max_chars} characters (aliases); refusing a possible alias bomb",
                )
            sizes[key] = (n, c)
            continue
        if key in sizes:
            continue
        if key in on_path:
            _refuse(node, source, "YAML alias refers to itself (a recursive structure)")
        if depth > MAX_DEPTH:
            _refuse(node, source, f"YAML nested more than {MAX_DEPTH} levels deep")
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _INT_TAG and len(node.value) > MAX_INT_CHARS:
                _refuse(
                    node,
                    source,
                    f"a number of {len(node.value)} characters; numbers here have at most "
                    f"{MAX_INT_CHARS}",
                )
            sizes[key] = (1, len(node.value))
            continue
        if isinstance(node, yaml.MappingNode):
            _check_duplicate_keys(node, source)
        on_path.add(key)
        stack.append((node, depth, True))
        for child in _children(node):
            if id(child) in on_path:
                _refuse(child, source, "YAML alias refers to itself (a recursive structure)")
            if id(child) not in sizes:
                stack.append((child, depth + 1, False))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _check_duplicate_keys(node: yaml.MappingNode, source: str | Path) -> None:
    seen: dict[tuple[str, str], int] = {}
    for key, _ in node.value:
        if not isinstance(key, yaml.ScalarNode) or key.tag == "tag:yaml.org,2002:merge":
            continue
        ident = (key.tag, key.value)
        if ident in seen:
            _refuse(
                key,
                source,
                f"duplicate key {short(key.value, 40)} (first at line {seen[ident]}); "
                "YAML keeps only one of them",
            )
        seen[ident] = key.start_mark.line + 1


def _refuse(node: yaml.Node, source: str | Path, message: str) -> None:
    mark = node.start_mark
    raise FormatError(
        message,
        file=source,
        line=mark.line + 1 if mark else None,
        column=mark.column + 1 if mark else None,
    )


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
