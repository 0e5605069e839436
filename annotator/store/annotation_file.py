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
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
    decode_utf8,
    load_yaml_text,
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

# YAML refuses these anywhere in a stream; the fast path must refuse them too.
_YAML_NON_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


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


@dataclass(frozen=True, slots=True)
class SpanRecord:
    span: Span
    text: str
    line: int | None


@dataclass(frozen=True, slots=True)
class RelationRecord:
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
_Q = r'"(?:[^"\\\x00-\x1f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"'
_P_FIRST = rf'[^-?:,\[\]{{}}#&*!|>\'"%@`\s\\{_INVISIBLE}\x7f-\xa0]'
_P = _P_FIRST + rf'[^,\[\]{{}}#:?"\\\x00-\x1f\x7f-\xa0{_INVISIBLE}]*'
_S = f"(?:{_Q}|{_P})"
_INT = r"(?:0|[1-9][0-9]*)"
_SPAN_LINE = re.compile(
    rf"  - \{{id: (?P<id>{_S}), label: (?P<label>{_S}), start: (?P<start>{_INT}), "
    rf"end: (?P<end>{_INT}), text: (?P<text>{_S})"
    rf"(?:, attributes: \{{(?P<attrs>{_S}: {_S}(?:, {_S}: {_S})*)\}})?"
    rf"(?:, note: (?P<note>{_S}))?(?:, origin: (?P<origin>{_S}))?"
    rf"(?:, provenance: \{{annotators: \[(?P<who>{_S}(?:, {_S})*)?\], "
    rf"edited: (?P<edited>true|false)\}})?"
    r"(?:, score: (?P<score>[01]\.[0-9]{1,3}))?"
    rf"(?:, suggested_by: (?P<suggested_by>{_S}))?\}}"
)
_RELATION_LINE = re.compile(
    rf"  - \{{id: (?P<id>{_S}), type: (?P<type>{_S}), from: (?P<from>{_S}), to: (?P<to>{_S})\}}"
)
_DECISION_LINE = re.compile(
    rf"  - \{{labels: \[(?P<labels>{_S}(?:, {_S})*)\], start: (?P<start>{_INT}), "
    rf"end: (?P<end>{_INT}), decision: (?P<action>{'|'.join(DECISION_ACTIONS)})"
    rf"(?:, annotator: (?P<annotator>{_S}))?\}}"
)
_PAIR = re.compile(rf"({_S}): ({_S})")
_ITEM = re.compile(_S)


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


def _nonempty(token: str) -> str:
    value = _scalar_value(token)
    if not value:
        raise _NotCanonical  # the schema says minLength 1; let it report that
    return value


def _parse_canonical(text: str, source: str) -> AnnotationFile | None:
    """Read a file in exactly the shape dump_annotation_set writes, or return None."""
    if _YAML_NON_PRINTABLE.search(text) or "\r" in text:
        return None
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    try:
        spans_at = lines.index("spans:") if "spans:" in lines else lines.index("spans: []")
    except ValueError:
        return None
    rest = lines[spans_at + 1 :]
    try:
        rel_at = (
            spans_at
            + 1
            + next(i for i, line in enumerate(rest) if line in ("relations:", "relations: []"))
        )
    except StopIteration:
        return None
    # Gold files may end with their adjudication decisions (left out when there are none).
    dec_at = lines.index("decisions:", rel_at) if "decisions:" in lines[rel_at:] else len(lines)
    if lines[spans_at] == "spans: []" and rel_at != spans_at + 1:
        return None
    if lines[rel_at] == "relations: []" and rel_at != dec_at - 1:
        return None
    if dec_at == len(lines) - 1:
        return None  # "decisions:" with no items is not what we write
    try:
        header = load_yaml_text("\n".join(lines[:spans_at]) + "\n", source)
    except FormatError:
        return None
    if not isinstance(header, dict) or "spans" in header or "relations" in header:
        return None
    if not _validator().is_valid({**header, "spans": [], "relations": []}):
        return None
    try:
        spans = [_span_record(lines[i], i + 1) for i in range(spans_at + 1, rel_at)]
        relations = [_relation_record(lines[i], i + 1) for i in range(rel_at + 1, dec_at)]
        decisions = [_decision_record(lines[i], i + 1) for i in range(dec_at + 1, len(lines))]
    except _NotCanonical:
        return None
    return _file_from_header(header, source, spans, relations, decisions)


def _span_record(line: str, number: int) -> SpanRecord:
    match = _SPAN_LINE.fullmatch(line)
    if match is None:
        raise _NotCanonical
    ident, label, start, end, text, attrs, note, origin, who, edited, score, by = match.groups()
    attributes = _attributes(attrs) if attrs else NO_ATTRIBUTES
    provenance = None
    if edited:
        names = tuple(_nonempty(t) for t in _ITEM.findall(who or ""))
        provenance = Provenance(names, edited == "true")
    origin = _scalar_value(origin) if origin else MANUAL
    if origin is not MANUAL and not valid_origin(origin):
        raise _NotCanonical
    span = Span(
        _nonempty(ident),
        _nonempty(label),
        int(start),
        int(end),
        attributes,
        _scalar_value(note) if note else "",
        origin,
        provenance,
        _score(score) if score else None,
        _nonempty(by) if by else "",
    )
    return SpanRecord(span, _scalar_value(text), number)


def _score(token: str) -> float:
    value = float(token)
    if value > 1.0:
        raise _NotCanonical  # the schema's maximum; let it report that
    return value


@lru_cache(maxsize=4096)
def _attributes(inner: str) -> Attributes:
    """The attributes of a ``{k: v, ...}`` body; shared between spans with the same ones."""
    return Attributes({_scalar_value(k): _scalar_value(v) for k, v in _PAIR.findall(inner)})


def _relation_record(line: str, number: int) -> RelationRecord:
    match = _RELATION_LINE.fullmatch(line)
    if match is None:
        raise _NotCanonical
    g = match.group
    rel = Relation(
        _nonempty(g("id")), _nonempty(g("type")), _nonempty(g("from")), _nonempty(g("to"))
    )
    return RelationRecord(rel, number)


def _decision_record(line: str, number: int) -> DecisionRecord:
    match = _DECISION_LINE.fullmatch(line)
    if match is None:
        raise _NotCanonical
    g = match.group
    labels = tuple(_nonempty(t) for t in _ITEM.findall(g("labels")))
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
        updated=_parse_time(parsed.updated),
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
    parsed = read_annotation_file(path)
    aset, problems = check_annotation_file(
        parsed, document, schema, expected_annotator=expected_annotator
    )
    if problems:
        changed = parsed.sha256 != document.sha256
        raise (TextChangedError if changed else ValidationError).from_problems(problems)
    return aset
