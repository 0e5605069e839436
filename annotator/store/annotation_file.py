"""The ``annotator/1`` annotation file: canonical writing and fast, strict reading.

Writing is canonical: header keys in a fixed order, one span per line as a YAML flow mapping
with keys in a fixed order, spans sorted by (start, end, label), relations by id. Strings are
plain when YAML reads them back as the same string, else double-quoted with escapes that JSON and
YAML share; invisible format characters (bidi controls, zero-width joiners) are always escaped so
a diff cannot hide them. Saving the same set twice gives identical bytes.

Reading has two paths that give the same result. Files in the canonical shape (everything this
tool writes) are read line by line with a grammar that accepts only what YAML would read the
same way; anything else (a hand-edited file, comments, block style) goes through the YAML safe
loader and the JSON Schema. A property test keeps the two paths equal.
"""

from __future__ import annotations

import json
import operator
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cache, lru_cache
from itertools import compress
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from annotator.errors import FormatError, Place, Problem, TextChangedError, ValidationError
from annotator.model.annotation_set import AnnotationSet, build_set, valid_origin
from annotator.model.decision import DECISION_ACTIONS, Decision
from annotator.model.document import Document
from annotator.model.labels import LabelSchema
from annotator.model.span import (
    MANUAL,
    NO_ATTRIBUTES,
    Attributes,
    Provenance,
    Relation,
    Span,
    as_attributes,
)
from annotator.resources import annotation_json_schema_path
from annotator.store.atomic import write_atomic
from annotator.store.yaml_safe import (
    RESOLVABLE_FIRST,
    decode_utf8,
    load_yaml_text,
    loader_reads_plain_as_str,
    locate,
    plain_is_str,
    read_limited,
)
from annotator.text.safe import short, shown

if TYPE_CHECKING:
    import jsonschema

FORMAT = "annotator/1"

# Characters never written plain: YAML structure in flow context, quotes and escapes, controls,
# and the invisible format characters that could make a diff lie.
_INVISIBLE = r"\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\uffff\ud800-\udfff"
# "?" too: PyYAML ends a plain scalar at "?" in flow context.
_PLAIN_BAD = re.compile(rf'[\x00-\x1f\x7f-\xa0,\[\]{{}}#:?"\\{_INVISIBLE}]')
_PLAIN_FIRST_BAD = frozenset("-?:,[]{}#&*!|>'\"%@` ")
_ESCAPE = re.compile(rf'["\\\x00-\x1f\x7f-\x9f{_INVISIBLE}]')
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


@lru_cache(maxsize=65536)
def scalar(value: str) -> str:
    """``value`` as a YAML flow scalar that reads back as exactly ``value``."""
    if (
        value
        and value[0] not in _PLAIN_FIRST_BAD
        and value[-1] != " "
        and not _PLAIN_BAD.search(value)
        and plain_is_str(value)
    ):
        return value
    return '"' + _ESCAPE.sub(_escape_char, value) + '"'


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    return _ESCAPES.get(char) or f"\\u{ord(char):04x}"


def _flow_list(values: Iterable[str]) -> str:
    return "[" + ", ".join(scalar(v) for v in values) + "]"


def span_line(span: Span, text: str) -> str:
    parts = [
        f"id: {scalar(span.id)}",
        f"label: {scalar(span.label)}",
        f"start: {span.start}",
        f"end: {span.end}",
        f"text: {scalar(text)}",
    ]
    if span.attributes:
        inner = ", ".join(f"{scalar(k)}: {scalar(v)}" for k, v in span.attributes.items())
        parts.append(f"attributes: {{{inner}}}")
    if span.note:
        parts.append(f"note: {scalar(span.note)}")
    if span.origin != MANUAL:
        parts.append(f"origin: {scalar(span.origin)}")
    if span.provenance is not None:
        who = _flow_list(span.provenance.annotators)
        edited = "true" if span.provenance.edited else "false"
        parts.append(f"provenance: {{annotators: {who}, edited: {edited}}}")
    if span.score is not None:
        parts.append(f"score: {format_score(span.score)}")
    if span.suggested_by:
        parts.append(f"suggested_by: {scalar(span.suggested_by)}")
    return "  - {" + ", ".join(parts) + "}"


def format_score(score: float) -> str:
    """A score to three decimals, as YAML and JSON both read it back (``0.873``, ``1.0``)."""
    return repr(round(min(max(float(score), 0.0), 1.0), 3))


def relation_line(rel: Relation) -> str:
    return (
        f"  - {{id: {scalar(rel.id)}, type: {scalar(rel.type)}, "
        f"from: {scalar(rel.from_id)}, to: {scalar(rel.to_id)}}}"
    )


def decision_line(decision: Decision) -> str:
    parts = [
        f"labels: {_flow_list(decision.labels)}",
        f"start: {decision.start}",
        f"end: {decision.end}",
        f"decision: {decision.action}",
    ]
    if decision.annotator:
        parts.append(f"annotator: {scalar(decision.annotator)}")
    return "  - {" + ", ".join(parts) + "}"


def format_time(when: datetime) -> str:
    """ISO 8601 to the second; UTC (and naive times, taken as UTC) end in ``Z``."""
    offset = when.utcoffset()
    if offset is None or not offset:
        return when.strftime("%Y-%m-%dT%H:%M:%SZ")
    return when.isoformat(timespec="seconds")


def dump_annotation_set(aset: AnnotationSet) -> str:
    """The canonical file content for ``aset``."""
    doc = aset.document
    lines = [
        f"format: {FORMAT}",
        f"document: {{id: {scalar(doc.id)}, file: {scalar(doc.file)}, "
        f"sha256: {scalar(doc.sha256)}, chars: {doc.chars}}}",
        f"annotator: {scalar(aset.annotator)}",
        f"status: {aset.status}",
    ]
    if aset.updated is not None:
        lines.append(f"updated: {format_time(aset.updated)}")
    if aset.active_seconds:
        lines.append(f"active_seconds: {aset.active_seconds}")
    if aset.adjudicated_from:
        lines.append(f"adjudicated_from: {_flow_list(aset.adjudicated_from)}")
    text = doc.text
    if aset.spans:
        lines.append("spans:")
        lines.extend(span_line(s, text[s.start : s.end]) for s in aset.spans)
    else:
        lines.append("spans: []")
    if aset.relations:
        lines.append("relations:")
        lines.extend(relation_line(r) for r in aset.relations)
    else:
        lines.append("relations: []")
    if aset.decisions:
        lines.append("decisions:")
        lines.extend(decision_line(d) for d in aset.decisions)
    return "\n".join(lines) + "\n"


def save_annotation_set(aset: AnnotationSet, path: Path) -> None:
    """Write ``aset`` to ``path`` atomically (old file or new file, never a torn one)."""
    write_atomic(path, dump_annotation_set(aset))


# -- reading ---------------------------------------------------------------------------------


class SpanRecord(NamedTuple):
    """A span as its line gives it, the text the line says it covers, and the line."""

    span: Span
    text: str
    line: int | None


class RelationRecord(NamedTuple):
    relation: Relation
    line: int | None


@dataclass(frozen=True, slots=True)
class DecisionRecord:
    decision: Decision
    line: int | None


@dataclass
class AnnotationFile:
    """A parsed annotation file whose shape is valid, before it is checked against its text."""

    source: str
    document_id: str
    document_file: str
    sha256: str
    chars: int
    annotator: str
    status: str
    updated: str | None
    adjudicated_from: tuple[str, ...]
    spans: list[SpanRecord] = field(default_factory=list)
    relations: list[RelationRecord] = field(default_factory=list)
    decisions: list[DecisionRecord] = field(default_factory=list)
    active_seconds: int = 0


@cache
def _validator() -> jsonschema.protocols.Validator:
    import jsonschema  # here: commands that read no annotation file do not pay for it

    schema = json.loads(annotation_json_schema_path().read_text(encoding="utf-8"))
    base = jsonschema.validators.validator_for(schema)
    base.check_schema(schema)
    # An offset is a Python int: not 5.0 (JSON Schema's "integer" allows it), not true.
    strict = base.TYPE_CHECKER.redefine("integer", lambda _checker, value: type(value) is int)
    return jsonschema.validators.extend(base, type_checker=strict)(schema)


def parse_annotation_text(text: str, source: str | Path) -> AnnotationFile:
    """Parse and shape-check file content; raises FormatError naming line and column."""
    name = str(source)
    parsed = _parse_canonical(text, name)
    return parsed if parsed is not None else _parse_general(text, name)


def read_annotation_file(path: Path) -> AnnotationFile:
    return parse_annotation_text(decode_utf8(read_limited(path), path), path)


def read_for_checking(path: Path | str) -> CanonicalFile | AnnotationFile:
    """The file read for a bulk check: a CanonicalFile (whose ``digest`` checks it without
    building a set) when it is in the shape this tool writes, else the YAML loader's reading.
    Raises FormatError as ``read_annotation_file`` does."""
    text = decode_utf8(read_limited(path), path)
    canonical = read_canonical(text, path)
    return canonical if canonical is not None else _parse_general(text, str(path))


def _schema_problems(data: Any, text: str, source: str) -> list[Problem]:
    problems = []
    for error in sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path)):
        where = locate(text, list(error.absolute_path)) if text else None
        path = "/".join(str(p) for p in error.absolute_path) or "top level"
        problems.append(
            Problem(
                Place(source, *(where or (None, None))),
                f"{path}: {_short(error.message)}",
            )
        )
    return problems


def _short(message: str, limit: int = 160) -> str:
    return message if len(message) <= limit else message[: limit - 1] + "…"


def _parse_general(text: str, source: str) -> AnnotationFile:
    data = load_yaml_text(text, source)
    problems = _schema_problems(data, text, source)
    if problems:
        raise FormatError.from_problems(problems)
    lines = _item_lines(text)
    spans = [
        SpanRecord(_span_from_dict(raw), raw["text"], lines["spans"].get(i))
        for i, raw in enumerate(data.get("spans") or [])
    ]
    relations = [
        RelationRecord(
            Relation(raw["id"], raw["type"], raw["from"], raw["to"]), lines["relations"].get(i)
        )
        for i, raw in enumerate(data.get("relations") or [])
    ]
    decisions = [
        DecisionRecord(_decision_from_dict(raw), lines["decisions"].get(i))
        for i, raw in enumerate(data.get("decisions") or [])
    ]
    return _file_from_header(data, source, spans, relations, decisions)


def _item_lines(text: str) -> dict[str, dict[int, int]]:
    """Line of each span and relation item, for messages about them."""
    import yaml

    from annotator.store.yaml_safe import Loader

    result: dict[str, dict[int, int]] = {"spans": {}, "relations": {}, "decisions": {}}
    try:
        root = yaml.compose(text, Loader=Loader)
    except yaml.YAMLError:
        return result
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value in result and isinstance(value, yaml.SequenceNode):
                result[key.value] = {
                    i: item.start_mark.line + 1 for i, item in enumerate(value.value)
                }
    return result


def _span_from_dict(raw: dict[str, Any]) -> Span:
    prov = raw.get("provenance")
    return Span(
        raw["id"],
        raw["label"],
        raw["start"],
        raw["end"],
        as_attributes(raw.get("attributes")),
        raw.get("note", ""),
        raw.get("origin", MANUAL),
        Provenance(tuple(prov["annotators"]), prov["edited"]) if prov is not None else None,
        float(raw["score"]) if raw.get("score") is not None else None,
        raw.get("suggested_by", ""),
    )


def _decision_from_dict(raw: dict[str, Any]) -> Decision:
    return Decision(
        tuple(raw["labels"]), raw["start"], raw["end"], raw["decision"], raw.get("annotator", "")
    )


def _file_from_header(
    data: dict[str, Any],
    source: str,
    spans: list[SpanRecord],
    relations: list[RelationRecord],
    decisions: list[DecisionRecord] | None = None,
) -> AnnotationFile:
    doc = data["document"]
    return AnnotationFile(
        source=source,
        document_id=doc["id"],
        document_file=doc.get("file", f"texts/{doc['id']}.txt"),
        sha256=doc["sha256"],
        chars=doc["chars"],
        annotator=data["annotator"],
        status=data["status"],
        updated=data.get("updated"),
        adjudicated_from=tuple(data.get("adjudicated_from") or ()),
        spans=spans,
        relations=relations,
        decisions=decisions or [],
        active_seconds=data.get("active_seconds", 0),
    )


# The canonical grammar. Scalars: double-quoted with JSON/YAML-common escapes, or plain
# (checked further in _scalar_value). Anything outside it sends the file to the general path.
# Possessive (*+) and atomic ((?>...)): what follows a scalar or a number is a character they
# cannot hold (a delimiter, a closing quote), so giving characters back could never lead to a
# match; not trying saves the regex engine a fifth of its time on the span lines.
#
# No token holds a character YAML refuses in a stream (C0 and C1 controls, U+FFFE, U+FFFF,
# surrogates): inside quotes they are always escaped by ``scalar`` (with every other invisible
# character), and plain scalars cannot hold them. So a text the grammar matches is printable
# throughout, and read_canonical needs no pass over every character to check it.
_Q = rf'"(?:[^"\\\x00-\x1f\x7f-\x9f{_INVISIBLE}]++|\\["\\/bfnrt]|\\u[0-9a-fA-F]{{4}})*+"'
_P_FIRST = rf'[^-?:,\[\]{{}}#&*!|>\'"%@`\s\\{_INVISIBLE}\x00-\x1f\x7f-\xa0]'
_P = _P_FIRST + rf'[^,\[\]{{}}#:?"\\\x00-\x1f\x7f-\xa0{_INVISIBLE}]*+'
_S = f"(?>{_Q}|{_P})"
_INT = r"(?:0|[1-9][0-9]{0,17}+)"
_SPAN_LINE = (
    rf"  - \{{id: (?P<id>{_S}), label: (?P<label>{_S}), start: (?P<start>{_INT}), "
    rf"end: (?P<end>{_INT}), text: (?P<text>{_S})"
    rf"(?:, attributes: \{{(?P<attrs>{_S}: {_S}(?:, {_S}: {_S})*)\}})?"
    rf"(?:, note: (?P<note>{_S}))?(?:, origin: (?P<origin>{_S}))?"
    rf"(?:, provenance: \{{annotators: \[(?P<who>{_S}(?:, {_S})*)?\], "
    rf"edited: (?P<edited>true|false)\}})?"
    r"(?:, score: (?P<score>[01]\.[0-9]{1,3}))?"
    rf"(?:, suggested_by: (?P<suggested_by>{_S}))?\}}"
)
_RELATION_LINE = (
    rf"  - \{{id: (?P<id>{_S}), type: (?P<type>{_S}), from: (?P<from>{_S}), to: (?P<to>{_S})\}}"
)
_DECISION_LINE = (
    rf"  - \{{labels: \[(?P<labels>{_S}(?:, {_S})*)\], start: (?P<start>{_INT}), "
    rf"end: (?P<end>{_INT}), decision: (?P<action>{'|'.join(DECISION_ACTIONS)})"
    rf"(?:, annotator: (?P<annotator>{_S}))?\}}"
)
#: The schema's pattern for ``updated`` (plain: the loader leaves timestamps as text).
_TIME = (
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?(?:Z|[+-][0-9]{2}:[0-9]{2})"
)
#: The header as dump_annotation_set writes it: keys in this order, optional ones left out.
_HEADER = (
    rf"format: {FORMAT}\n"
    rf"document: \{{id: (?P<id>{_S}), file: (?P<file>{_S}), "
    rf"sha256: (?P<sha256>[0-9a-f]{{64}}), chars: (?P<chars>{_INT})\}}\n"
    rf"annotator: (?P<annotator>{_S})\n"
    r"status: (?P<status>new|in_progress|done)"
    rf"(?:\nupdated: (?P<updated>{_TIME}))?"
    rf"(?:\nactive_seconds: (?P<active>{_INT}))?"
    rf"(?:\nadjudicated_from: \[(?P<adjudicated>{_S}(?:, {_S})*)\])?"
)


#: Line breaks to YAML besides "\n" (and "\r", refused before): the canonical reader counts
#: lines by "\n" only; no token of its grammar holds one (``scalar`` escapes them).
_YAML_ONLY_BREAKS = ("\x85", "\u2028", "\u2029")


class _Grammar(NamedTuple):
    span_lines: re.Pattern[str]  # a block of span lines, each match one whole line
    relation_lines: re.Pattern[str]
    decision_line: re.Pattern[str]
    header: re.Pattern[str]
    pair: re.Pattern[str]  # ``key: value`` of an attributes body
    item: re.Pattern[str]  # one scalar of a flow list


@cache
def _grammar() -> _Grammar:
    """The canonical grammar, compiled on first use: its patterns take tens of milliseconds to
    compile, which every command would otherwise pay at start-up, also those that read no set
    (``stats`` and ``progress`` from a warm index, the app)."""
    return _Grammar(
        re.compile(f"^{_SPAN_LINE}\n", re.MULTILINE),
        re.compile(f"^{_RELATION_LINE}\n", re.MULTILINE),
        re.compile(_DECISION_LINE),
        re.compile(_HEADER),
        re.compile(rf"({_S}): ({_S})"),
        re.compile(_S),
    )


#: A text token that may not stand for itself: quoted, ending in a space, or plain but
#: starting with a character YAML might resolve to something else than a string.
#: The first characters of such tokens.
_TEXT_FIRST_TO_READ = frozenset({'"', *RESOLVABLE_FIRST})
_TEXT_TOKEN_TO_READ = re.compile(
    '["' + "".join(re.escape(c) for c in sorted(RESOLVABLE_FIRST)) + "]|.* \\Z"
)


class _NotCanonical(Exception):
    pass


@lru_cache(maxsize=1 << 16)
def _scalar_value(token: str) -> str:
    """The string a canonical scalar token stands for (cached: labels, attribute values and
    ids repeat across spans and files)."""
    if token[0] == '"':
        if re.search(r"\\u[dD][89a-fA-F]", token):
            raise _NotCanonical  # surrogate escapes: JSON and YAML disagree
        return str(json.loads(token))
    if token[-1] == " " or not plain_is_str(token):
        raise _NotCanonical
    return token


@lru_cache(maxsize=1 << 16)
def _nonempty(token: str) -> str:
    value = _scalar_value(token)
    if not value:
        raise _NotCanonical  # the schema says minLength 1; let it report that
    return value


def _parse_canonical(text: str, source: str) -> AnnotationFile | None:
    """Read a file in exactly the shape dump_annotation_set writes, or return None."""
    canonical = read_canonical(text, source)
    return canonical.annotation_file() if canonical is not None else None


class SpanColumns(NamedTuple):
    """The span lines of a canonical file, one list per field (Span's fields, in its order,
    then the text each line gives): columns let the reader and the digest run their loops in C
    (``map``, ``zip``, ``set``) rather than one Python step per span."""

    ids: list[str]
    labels: list[str]
    starts: list[int]
    ends: list[int]
    attributes: list[Attributes]
    notes: list[str]
    origins: list[str]
    provenances: list[Provenance | None]
    scores: list[float | None]
    suggested_by: list[str]
    texts: list[str]


@dataclass(frozen=True, slots=True)
class SetDigest:
    """What bulk commands need of a set that passed every check of ``check_annotation_file``."""

    status: str
    #: (start, end, label) of every span, in the set's order (the same order as its spans).
    keys: tuple[tuple[int, int, str], ...]
    relations: int


@dataclass(frozen=True, slots=True)
class CanonicalFile:
    """A file in the canonical shape read into plain values, a column per span field.

    ``annotation_file()`` builds what ``parse_annotation_text`` returns; ``digest()`` checks the
    values against the text and the schema without building a Span per line, for commands
    that read every set of a project and only need to know it is valid (``validate``) or its
    span keys (``agree``).
    """

    source: str
    header: dict[str, Any]
    spans: SpanColumns
    first_span_line: int
    relations: list[tuple[str, str, str, str]]
    first_relation_line: int
    decisions: list[DecisionRecord]

    @property
    def document_id(self) -> str:
        return str(self.header["document"]["id"])

    def annotation_file(self) -> AnnotationFile:
        spans = [
            SpanRecord(Span(*fields[:10]), fields[10], line)
            for line, fields in enumerate(zip(*self.spans, strict=True), self.first_span_line)
        ]
        relations = [
            RelationRecord(Relation(*fields), line)
            for line, fields in enumerate(self.relations, self.first_relation_line)
        ]
        return _file_from_header(self.header, self.source, spans, relations, self.decisions)

    def digest(
        self,
        document: Document,
        schema: LabelSchema,
        *,
        expected_annotator: str | None = None,
        memo: dict[tuple[str, Attributes], bool] | None = None,
    ) -> SetDigest | None:
        """The digest of the set, or None unless ``check_annotation_file`` would find nothing
        wrong with this file (then the caller runs it to say what is wrong).

        ``memo`` keeps, across files, whether a label takes given attributes.
        """
        header = self.header
        doc = header["document"]
        if (
            doc["id"] != document.id
            or doc["sha256"] != document.sha256
            or doc["chars"] != document.chars
            or (expected_annotator is not None and header["annotator"] != expected_annotator)
            or self.decisions
            or not _valid_time(header.get("updated"))
        ):
            return None
        memo = {} if memo is None else memo
        text = document.text
        spans = self.spans
        starts, ends, labels = spans.starts, spans.ends, spans.labels
        keys = list(zip(starts, ends, labels, strict=True))
        # The offsets are whole numbers from 0 (the grammar) and the origins are valid (the
        # reader checked them). Every range in the text, its characters those the line gives,
        # no id and no (start, end, label) twice:
        if keys and (
            max(ends) > len(text)
            or not all(map(operator.lt, starts, ends))
            or list(map(text.__getitem__, map(slice, starts, ends))) != spans.texts
            or len(set(spans.ids)) != len(keys)
            or len(set(keys)) != len(keys)
        ):
            return None
        # Each (label, attributes) once: spans with the same attributes share one object (the
        # reader's cache), so they are told apart by identity, without hashing each.
        attributes_of = spans.attributes
        pairs = dict(
            zip(
                zip(labels, map(id, attributes_of), strict=True),
                zip(labels, attributes_of, strict=True),
                strict=True,
            )
        )
        for label, attributes in pairs.values():
            allowed = memo.get((label, attributes))
            if allowed is None:
                problems = schema.attribute_problems(label, attributes)
                allowed = memo[(label, attributes)] = not problems
            if not allowed:
                return None
        if self.relations and not _relations_valid(
            self.relations, dict(zip(spans.ids, labels, strict=True)), schema
        ):
            return None
        return SetDigest(str(header["status"]), tuple(sorted(keys)), len(self.relations))


def _relations_valid(
    relations: list[tuple[str, str, str, str]], label_of: dict[str, str], schema: LabelSchema
) -> bool:
    """What check_annotation_file asks of the relations, a column at a time: a known type,
    both ends spans of the set and not the same span, labels the type allows, no id and no
    (type, from, to) twice."""
    ids, kinds, tails, heads = zip(*relations, strict=True)
    if (
        not schema.relations.keys() >= set(kinds)
        or not label_of.keys() >= {*tails, *heads}
        or any(map(operator.eq, tails, heads))
        or len(set(ids)) != len(ids)
        or len(set(zip(kinds, tails, heads, strict=True))) != len(ids)
    ):
        return False
    label = label_of.__getitem__
    typed = set(zip(kinds, map(label, tails), map(label, heads), strict=True))
    return all(schema.relations[kind].allows(tail, head) for kind, tail, head in typed)


def _valid_time(value: str | None) -> bool:
    try:
        _parse_time(value)
    except ValueError:
        return False
    return True


def read_canonical(text: str, source: str | Path) -> CanonicalFile | None:
    """``text`` read as a file in exactly the shape dump_annotation_set writes, or None when
    it is in any other shape (``parse_annotation_text`` then reads it with the YAML loader)."""
    if "\r" in text:  # (non-printable characters: no token of the grammar holds one)
        return None
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    try:
        spans_at = lines.index("spans:") if "spans:" in lines else lines.index("spans: []")
    except ValueError:
        return None
    # The first line after the spans that opens the relations (list.index: a search in C).
    found = [_index_from(lines, line, spans_at + 1) for line in ("relations:", "relations: []")]
    if found == [None, None]:
        return None
    rel_at = min(i for i in found if i is not None)
    # Gold files may end with their adjudication decisions (left out when there are none).
    dec_at = lines.index("decisions:", rel_at) if "decisions:" in lines[rel_at:] else len(lines)
    if lines[spans_at] == "spans: []" and rel_at != spans_at + 1:
        return None
    if lines[rel_at] == "relations: []" and rel_at != dec_at - 1:
        return None
    if dec_at == len(lines) - 1:
        return None  # "decisions:" with no items is not what we write
    name = str(source)
    try:
        return CanonicalFile(
            name,
            _canonical_header(lines[:spans_at], name),
            _span_columns(_block(_grammar().span_lines, lines, spans_at + 1, rel_at)),
            spans_at + 2,
            _relation_fields(_block(_grammar().relation_lines, lines, rel_at + 1, dec_at)),
            rel_at + 2,
            [_decision_record(lines[i], i + 1) for i in range(dec_at + 1, len(lines))],
        )
    except _NotCanonical:
        return None


def _index_from(lines: list[str], line: str, start: int) -> int | None:
    try:
        return lines.index(line, start)
    except ValueError:
        return None


def _block(pattern: re.Pattern[str], lines: list[str], first: int, stop: int) -> list[Any]:
    """The fields of each of ``lines[first:stop]``, matched all at once (``findall`` hands back
    each line's fields as a tuple of strings, so no match object is built). Each match is one
    whole line; a line that does not match leaves the count short."""
    if first == stop:
        return []
    found = pattern.findall("\n".join(lines[first:stop]) + "\n")
    if len(found) != stop - first:
        raise _NotCanonical
    return found


def _canonical_header(lines: list[str], source: str) -> dict[str, Any]:
    """The header (the lines before ``spans:``) as the YAML loader builds it.

    The header is one fixed shape (``_HEADER``) in everything this tool writes, read with the
    same scalar rules as the spans; a header in any other shape (keys in another order, a
    comment, block style) is read by the YAML loader and checked against the JSON Schema.
    """
    match = _grammar().header.fullmatch("\n".join(lines))
    if match is None:
        return _yaml_header(lines, source)
    g = match.group
    updated = g("updated")
    if updated is not None and not loader_reads_plain_as_str(updated):
        raise _NotCanonical
    document: dict[str, Any] = {
        "id": _nonempty(g("id")),
        "file": _scalar_value(g("file")),
        "sha256": _scalar_value(g("sha256")),
        "chars": int(g("chars")),
    }
    header: dict[str, Any] = {
        "format": FORMAT,
        "document": document,
        "annotator": _nonempty(g("annotator")),
        "status": g("status"),
    }
    if updated is not None:
        header["updated"] = updated
    if g("active") is not None:
        header["active_seconds"] = int(g("active"))
    if g("adjudicated") is not None:
        header["adjudicated_from"] = [
            _nonempty(t) for t in _grammar().item.findall(g("adjudicated"))
        ]
    return header


def _yaml_header(lines: list[str], source: str) -> dict[str, Any]:
    text = "\n".join(lines) + "\n"
    if any(brk in text for brk in _YAML_ONLY_BREAKS):
        raise _NotCanonical  # the loader would count more lines than the reader: its numbers hold
    try:
        header = load_yaml_text(text, source)
    except FormatError:
        raise _NotCanonical from None
    if not isinstance(header, dict) or "spans" in header or "relations" in header:
        raise _NotCanonical
    if not _validator().is_valid({**header, "spans": [], "relations": []}):
        raise _NotCanonical
    return header


def _span_columns(found: list[tuple[str, ...]]) -> SpanColumns:
    """The span lines' tokens turned into values, a column at a time, or _NotCanonical where a
    token does not read back as the value this grammar gives it."""
    if not found:
        return SpanColumns([], [], [], [], [], [], [], [], [], [], [])
    ids, labels, starts, ends, texts, attrs, notes, origins, who, edited, scores, by = zip(
        *found, strict=True
    )
    size = len(found)
    text_values = list(texts)
    # A span's text is seldom repeated (not worth a cache entry) and mostly plain, standing
    # for itself: only the few that are not go through _scalar_value. Mostly none is: their
    # first characters and last ones, all at once, tell.
    if not _TEXT_FIRST_TO_READ.isdisjoint(map(itemgetter(0), texts)) or " \n" in (
        "\n".join(texts) + "\n"
    ):
        for i in compress(range(size), map(_TEXT_TOKEN_TO_READ.match, texts)):
            text_values[i] = _scalar_value(texts[i])
    # Every offset is digits without a leading zero (the grammar): JSON reads them as int()
    # would, all in one call.
    offsets = json.loads(f"[{','.join(starts)},{','.join(ends)}]")
    return SpanColumns(
        list(map(_nonempty, ids)),
        list(map(_nonempty, labels)),
        offsets[:size],
        offsets[size:],
        list(map(_attributes, attrs)),
        [_scalar_value(t) if t else "" for t in notes] if any(notes) else [""] * size,
        list(map(_origin, origins)) if any(origins) else [MANUAL] * size,
        [
            Provenance(tuple(_nonempty(t) for t in _grammar().item.findall(w)), e == "true")
            if e
            else None
            for w, e in zip(who, edited, strict=True)
        ]
        if any(edited)
        else [None] * size,
        [_score(t) if t else None for t in scores] if any(scores) else [None] * size,
        [_nonempty(t) if t else "" for t in by] if any(by) else [""] * size,
        text_values,
    )


def _origin(token: str) -> str:
    if not token:
        return MANUAL
    origin = _scalar_value(token)
    if not valid_origin(origin):
        raise _NotCanonical
    return origin


def _relation_fields(found: list[tuple[str, str, str, str]]) -> list[tuple[str, str, str, str]]:
    return [
        (_nonempty(ident), _nonempty(kind), _nonempty(tail), _nonempty(head))
        for ident, kind, tail, head in found
    ]


def _score(token: str) -> float:
    value = float(token)
    if value > 1.0:
        raise _NotCanonical  # the schema's maximum; let it report that
    return value


@lru_cache(maxsize=4096)
def _attributes(inner: str) -> Attributes:
    """The attributes of a ``{k: v, ...}`` body; shared between spans with the same ones."""
    if not inner:
        return NO_ATTRIBUTES
    return Attributes(
        {_scalar_value(k): _scalar_value(v) for k, v in _grammar().pair.findall(inner)}
    )


def _decision_record(line: str, number: int) -> DecisionRecord:
    match = _grammar().decision_line.fullmatch(line)
    if match is None:
        raise _NotCanonical
    g = match.group
    labels = tuple(_nonempty(t) for t in _grammar().item.findall(g("labels")))
    annotator = _nonempty(g("annotator")) if g("annotator") else ""
    if (g("action") == "take") != bool(annotator):
        raise _NotCanonical  # the schema says which decisions name an annotator
    decision = Decision(labels, int(g("start")), int(g("end")), g("action"), annotator)  # type: ignore[arg-type]
    return DecisionRecord(decision, number)


# -- checking against the text and the schema --------------------------------------------------


def check_annotation_file(
    parsed: AnnotationFile,
    document: Document,
    schema: LabelSchema,
    *,
    expected_annotator: str | None = None,
) -> tuple[AnnotationSet, list[Problem]]:
    """Check a parsed file against its document and schema.

    Returns the set built from the valid part and every problem found, each naming the file,
    the line and the span or relation. A text that changed since annotation is one problem of
    its own (TextChangedError semantics) and stops further checks: comparing offsets against a
    different text would only produce noise.
    """
    source = parsed.source
    problems: list[Problem] = []

    def at(line: int | None, message: str) -> None:
        problems.append(Problem(Place(source, line), message))

    if parsed.document_id != document.id:
        at(
            2,
            f"document id {short(parsed.document_id)} does not match the text {short(document.id)}",
        )
    if parsed.sha256 != document.sha256:
        at(
            2,
            f"{document.file} changed since these annotations were made (sha256 "
            f"{parsed.sha256} recorded, {document.sha256} now, {parsed.chars} chars "
            f"recorded, {document.chars} now); offsets were not shifted and nothing was changed",
        )
        empty, _ = build_set(document, parsed.annotator, schema, ())
        return empty, problems
    if parsed.chars != document.chars:
        at(
            2,
            f"document chars is {parsed.chars} but {document.file} has {document.chars} "
            "characters (its sha256 matches); correct chars",
        )
    if expected_annotator is not None and parsed.annotator != expected_annotator:
        at(
            3,
            f"annotator {short(parsed.annotator)} does not match its folder "
            f"{short(expected_annotator)}",
        )
    try:
        updated = _parse_time(parsed.updated)
    except ValueError:
        at(None, f"updated {short(str(parsed.updated))} is not a real date and time")
        updated = None
    text = document.text
    good: list[Span] = []
    span_lines: dict[str, int | None] = {}
    for record in parsed.spans:
        span = record.span
        span_lines.setdefault(span.id, record.line)
        if 0 <= span.start < span.end <= len(text):
            actual = text[span.start : span.end]
            if actual != record.text:
                at(
                    record.line,
                    f"span {shown(span.id)}: text {short(record.text)} does not match the "
                    f"document at {span.start}-{span.end}, which reads {short(actual)}",
                )
                continue
        good.append(span)
    relation_lines = {r.relation.id: r.line for r in parsed.relations}
    aset, refused = build_set(
        document,
        parsed.annotator,
        schema,
        good,
        (r.relation for r in parsed.relations),
        status=parsed.status,  # type: ignore[arg-type]
        updated=updated,
    )
    for message in refused:
        ident = message.split(":", 1)[0].split()[-1]
        line = span_lines.get(ident) if message.startswith("span") else relation_lines.get(ident)
        at(line, message)
    if parsed.adjudicated_from:
        aset = aset.with_adjudicated_from(parsed.adjudicated_from)
    if parsed.active_seconds:
        aset = replace(aset, active_seconds=parsed.active_seconds)
    if parsed.decisions:
        decisions = _checked_decisions(parsed.decisions, len(text), at)
        aset = replace(aset, decisions=tuple(sorted(decisions, key=lambda d: d.sort_key)))
    return aset, problems


def _checked_decisions(
    records: list[DecisionRecord], chars: int, at: Callable[[int | None, str], None]
) -> list[Decision]:
    """The decisions whose range lies in the text, each conflict once; the rest reported."""
    kept: dict[tuple[tuple[str, ...], int, int], Decision] = {}
    for number, record in enumerate(records, 1):
        decision = record.decision
        where = f"decision {number} ({'/'.join(decision.labels)} {decision.start}-{decision.end})"
        if not 0 <= decision.start < decision.end <= chars:
            at(record.line, f"{where}: range is outside the text (0-{chars}) or empty")
        elif decision.conflict in kept:
            at(record.line, f"{where}: the same conflict is decided twice")
        else:
            kept[decision.conflict] = decision
    return list(kept.values())


def _parse_time(value: str | None) -> datetime | None:
    if value is None:
        return None
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def load_annotation_set(
    path: Path,
    document: Document,
    schema: LabelSchema,
    *,
    expected_annotator: str | None = None,
) -> AnnotationSet:
    """Load a set and refuse it, with every problem listed, unless all of it is valid.

    Nothing is dropped silently: a set with problems is not opened, so it cannot be saved back
    without the spans that were wrong.
    """
    return valid_set(
        read_annotation_file(path), document, schema, expected_annotator=expected_annotator
    )


def valid_set(
    parsed: AnnotationFile,
    document: Document,
    schema: LabelSchema,
    *,
    expected_annotator: str | None = None,
) -> AnnotationSet:
    """The set of a parsed file, or every problem it has raised at once (load_annotation_set)."""
    aset, problems = check_annotation_file(
        parsed, document, schema, expected_annotator=expected_annotator
    )
    if problems:
        changed = parsed.sha256 != document.sha256
        raise (TextChangedError if changed else ValidationError).from_problems(problems)
    return aset


def load_span_keys(
    path: Path | str,
    document: Document,
    schema: LabelSchema,
    *,
    expected_annotator: str | None = None,
    memo: dict[tuple[str, Attributes], bool] | None = None,
) -> tuple[str, tuple[tuple[int, int, str], ...]]:
    """The status of a valid set and its spans' (start, end, label), in the set's order; raises
    what load_annotation_set raises for a set that is not valid.

    For commands that read every set of a project (``agree``): a file in the canonical shape
    is checked without building its set (``CanonicalFile.digest``).
    """
    parsed = read_for_checking(path)
    if isinstance(parsed, CanonicalFile):
        digest = parsed.digest(document, schema, expected_annotator=expected_annotator, memo=memo)
        if digest is not None:
            return digest.status, digest.keys
        parsed = parsed.annotation_file()
    aset = valid_set(parsed, document, schema, expected_annotator=expected_annotator)
    return aset.status, tuple(s.key for s in aset.spans)
