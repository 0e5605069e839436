"""JSON Lines: one document per line, in our shape, doccano's two shapes or spaCy's Doc JSON.

Shapes (``--jsonl-shape`` when writing; detected per line when reading, or forced):

- ``ours`` (lossless): ``{"id", "text", "spans": [{"id", "start", "end", "label", "text",
  "attributes"?, "note"?}], "relations": [{"id", "type", "from", "to"}]}``. ``text`` in a span is
  a check: on reading it must equal the document text at the offsets.
- ``doccano`` (doccano's sequence-labelling JSONL): ``{"id", "text", "label": [[start, end,
  "LABEL"], ...]}``. Drops attributes, notes, relations and span ids.
- ``doccano-rel`` (doccano's relation-extraction JSONL): ``{"id", "text", "entities": [{"id",
  "label", "start_offset", "end_offset"}], "relations": [{"id", "from_id", "to_id",
  "type"}]}``. Drops attributes and notes; numeric ids ``7`` are our ``s7``/``r7``.
- ``spacy``: ``Doc.to_json()`` (``text``, ``tokens``, ``ents``, ``sents``, ``spans``), loadable
  with ``Doc(nlp.vocab).from_json(line)``; see spacy_shape.py for what it drops. Reading takes
  ``spans["sc"]`` and ``ents``.

Offsets are code points (Python ``str`` indices), end exclusive, in every shape. Lines are
UTF-8 with non-ASCII characters as they are, except U+2028, U+2029 and U+0085, which are
escaped so that readers that split lines on them (``str.splitlines``) still see one document
per line.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from annotator.errors import ImportExportError, Place
from annotator.formats.base import (
    Corpus,
    ExportReport,
    ImportedDocument,
    JsonlShape,
    Problems,
    Progress,
    ReadOptions,
    WriteOptions,
    check_quoted_text,
    document_id_from,
    numbered_id,
    sorted_spans,
)
from annotator.formats.spacy_shape import SPAN_KEY, doc_json, spacy_layout
from annotator.model.annotation_set import AnnotationSet
from annotator.model.span import Relation, Span, as_attributes
from annotator.store.atomic import write_atomic
from annotator.store.json_safe import JsonProblem, parse_json
from annotator.store.texts import read_text

_LINE_SAFE = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"}


def dumps(obj: Any) -> str:
    line = json.dumps(obj, ensure_ascii=False, separators=(", ", ": "))
    for char, escaped in _LINE_SAFE.items():
        line = line.replace(char, escaped)
    return line


# -- writing ------------------------------------------------------------------------------------


def ours(aset: AnnotationSet) -> dict[str, Any]:
    text = aset.text
    spans = []
    for s in aset.spans:
        item: dict[str, Any] = {
            "id": s.id,
            "start": s.start,
            "end": s.end,
            "label": s.label,
            "text": text[s.start : s.end],
        }
        if s.attributes:
            item["attributes"] = dict(s.attributes)
        if s.note:
            item["note"] = s.note
        spans.append(item)
    return {
        "id": aset.document.id,
        "text": text,
        "spans": spans,
        "relations": [
            {"id": r.id, "type": r.type, "from": r.from_id, "to": r.to_id} for r in aset.relations
        ],
    }


def doccano(aset: AnnotationSet) -> dict[str, Any]:
    return {
        "id": aset.document.id,
        "text": aset.text,
        "label": [[s.start, s.end, s.label] for s in aset.spans],
    }


def _numbers(prefix: str, idents: Sequence[str]) -> dict[str, int]:
    """Numeric ids for doccano: ``s7`` -> 7; other ids get numbers after the largest."""
    numbers: dict[str, int] = {}
    for ident in idents:
        if ident[:1] == prefix and ident[1:].isdigit() and ident[1:] == str(int(ident[1:])):
            numbers[ident] = int(ident[1:])
    n = max(numbers.values(), default=0)
    for ident in idents:
        if ident not in numbers:
            n += 1
            numbers[ident] = n
    return numbers


def doccano_rel(aset: AnnotationSet) -> dict[str, Any]:
    span_no = _numbers("s", [s.id for s in aset.spans])
    rel_no = _numbers("r", [r.id for r in aset.relations])
    return {
        "id": aset.document.id,
        "text": aset.text,
        "entities": [
            {"id": span_no[s.id], "label": s.label, "start_offset": s.start, "end_offset": s.end}
            for s in aset.spans
        ],
        "relations": [
            {
                "id": rel_no[r.id],
                "from_id": span_no[r.from_id],
                "to_id": span_no[r.to_id],
                "type": r.type,
            }
            for r in aset.relations
        ],
    }


def write_jsonl(
    sets: Sequence[AnnotationSet], out: Path, options: WriteOptions, progress: Progress
) -> ExportReport:
    shape = options.jsonl_shape if options.jsonl_shape != "auto" else "ours"
    report = ExportReport(f"jsonl ({shape})")
    lines = []
    for aset in sets:
        if shape == "ours":
            obj = ours(aset)
            report.spans += len(aset.spans)
            report.relations += len(aset.relations)
            report.documents += 1
        elif shape == "doccano":
            obj = doccano(aset)
            report.spans += len(aset.spans)
            report.documents += 1
            report.lose_unsupported(aset, attributes=True, notes=True, relations=True)
            report.lost["span ids"] += len(aset.spans)
        elif shape == "doccano-rel":
            obj = doccano_rel(aset)
            report.spans += len(aset.spans)
            report.relations += len(aset.relations)
            report.documents += 1
            report.lose_unsupported(aset, attributes=True, notes=True, relations=False)
        elif shape == "spacy":
            obj = doc_json(aset, spacy_layout(aset, options, report, with_sentences=True))
            report.lose_unsupported(aset, attributes=True, notes=True, relations=True)
            report.lost["span ids"] += len(aset.spans)
        else:
            raise ImportExportError(f"unknown JSONL shape {shape!r}")
        lines.append(dumps(obj))
        progress.advance()
    write_atomic(out, "".join(f"{line}\n" for line in lines))
    report.files.append(out)
    return report


# -- reading ------------------------------------------------------------------------------------


def detect_shape(obj: Mapping[str, Any]) -> JsonlShape | None:
    if "entities" in obj:
        return "doccano-rel"
    if "label" in obj and isinstance(obj["label"], list):
        return "doccano"
    if "ents" in obj or "tokens" in obj or isinstance(obj.get("spans"), dict):
        return "spacy"
    if "spans" in obj or "text" in obj:
        return "ours"
    return None


class _Line:
    """Reads one JSONL line's fields, turning every wrong type into a problem at that line."""

    def __init__(self, place: Place, problems: Problems) -> None:
        self.place = place
        self.problems = problems

    def bad(self, message: str) -> None:
        self.problems.add(self.place, message)

    def items(self, obj: Mapping[str, Any], key: str, what: str) -> list[Any]:
        value = obj.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.bad(f"{what}: {key!r} must be a list, not {type(value).__name__}")
            return []
        return value


def read_jsonl(path: Path, options: ReadOptions) -> Corpus:
    problems = Problems(options.skip_invalid)
    corpus = Corpus()
    lines = read_text(path).split("\n")
    numbered = [(n, line) for n, line in enumerate(lines, start=1) if line.strip()]
    width = len(str(len(numbered)))
    for index, (number, line) in enumerate(numbered, start=1):
        place = Place(str(path), number)
        try:
            obj = parse_json(line)
        except JsonProblem as err:
            problems.add(Place(str(path), number, err.column), f"not JSON: {err.reason}")
            corpus.skipped.extend(problems.take_skipped())
            continue
        text = _text_of(obj, options)
        problem = _document_problem(obj, options.jsonl_shape, text)
        if problem is not None:
            problems.add(place, problem)
            corpus.skipped.extend(problems.take_skipped())
            continue
        shape = options.jsonl_shape if options.jsonl_shape != "auto" else detect_shape(obj)
        assert shape is not None and text is not None
        doc_id, id_given = _document_id(obj, path.stem, index, width)
        reader = _Line(place, problems)
        spans, relations = _SHAPES[shape](obj, text, reader)
        corpus.append(
            ImportedDocument(
                id=doc_id,
                text=text,
                spans=sorted_spans(spans),
                relations=tuple(relations),
                source=place,
                span_places={s.id: place for s in spans},
                relation_places={r.id: place for r in relations},
                id_given=id_given,
                skipped=problems.take_skipped(),
            )
        )
    problems.raise_if_any()
    return corpus


def _text_of(obj: Any, options: ReadOptions) -> str | None:
    """The line's text, or, for a line without one (what an extractor writes about a project
    text: ``{"id", "spans"}``), the text of the project document with that id."""
    if not isinstance(obj, dict):
        return None
    text = obj.get("text")
    if text is None and options.texts is not None and isinstance(obj.get("id"), str | int):
        return options.texts.get(str(obj["id"]))
    return text if isinstance(text, str) else None


def _document_problem(obj: Any, forced: JsonlShape, text: str | None) -> str | None:
    if not isinstance(obj, dict):
        return f"each line must be a JSON object, not {type(obj).__name__}"
    if forced == "auto" and detect_shape(obj) is None:
        return "no 'text' here: not a document in any JSONL shape we know"
    if "text" not in obj and text is None:
        return f"no 'text', and no document {obj.get('id')!r} in the project to take it from"
    if text is None:
        return "'text' must be a string"
    return None


def _document_id(obj: Mapping[str, Any], stem: str, index: int, width: int) -> tuple[str, bool]:
    value = obj.get("id")
    if (isinstance(value, str) and value) or (
        isinstance(value, int) and not isinstance(value, bool)
    ):
        return str(value), True
    return document_id_from(stem, index, width), False


def _span(
    reader: _Line,
    text: str,
    ident: str,
    label: Any,
    start: Any,
    end: Any,
    quoted: Any = None,
    attributes: Any = None,
    note: Any = "",
) -> Span | None:
    if (  # the common, valid case first, without building any message
        type(label) is str
        and label
        and type(start) is int
        and type(end) is int
        and 0 <= start < end <= len(text)
        and (quoted is None or (type(quoted) is str and text[start:end] == quoted))
        and type(note) is str
        and (not attributes or _string_map(attributes))
    ):
        return Span(ident, label, start, end, as_attributes(attributes), note)
    what = f"span {ident}"
    if not isinstance(label, str) or not label:
        reader.bad(f"{what}: label must be a non-empty string, not {label!r}")
        return None
    if quoted is not None and not isinstance(quoted, str):
        reader.bad(f"{what}: 'text' must be a string")
        return None
    if attributes and not _string_map(attributes):
        reader.bad(f"{what}: attributes must map names to strings")
        return None
    if not isinstance(note, str):
        reader.bad(f"{what}: note must be a string")
        return None
    problem = check_quoted_text(text, start, end, quoted, what)
    if problem:
        reader.bad(problem)
        return None
    return Span(ident, label, start, end, as_attributes(attributes), note)


def _string_map(value: Any) -> bool:
    return isinstance(value, dict) and all(
        type(k) is str and type(v) is str for k, v in value.items()
    )


def _free_ids(given: list[Any], prefix: str) -> list[str]:
    """Our ids for items that may carry their own: given ones kept, the rest numbered after."""
    taken = {numbered_id(prefix, g) for g in given if g is not None}
    out = []
    n = 0
    for g in given:
        if g is not None:
            out.append(numbered_id(prefix, g))
            continue
        n += 1
        while f"{prefix}{n}" in taken:
            n += 1
        out.append(f"{prefix}{n}")
    return out


def _read_ours(
    obj: Mapping[str, Any], text: str, reader: _Line
) -> tuple[list[Span], list[Relation]]:
    raw_spans = [s for s in reader.items(obj, "spans", "spans") if _is_object(reader, s, "span")]
    ids = _free_ids([s.get("id") for s in raw_spans], "s")
    spans = []
    for ident, raw in zip(ids, raw_spans, strict=True):
        get = raw.get
        span = _span(
            reader,
            text,
            ident,
            get("label"),
            get("start"),
            get("end"),
            get("text"),
            get("attributes"),
            get("note", ""),
        )
        if span is not None:
            spans.append(span)
    return spans, _relations(reader, obj, "from", "to")


def _relations(reader: _Line, obj: Mapping[str, Any], from_key: str, to_key: str) -> list[Relation]:
    """The line's ``relations`` (our shape names the ends from/to, doccano's from_id/to_id)."""
    raw_rels = [
        r for r in reader.items(obj, "relations", "relations") if _is_object(reader, r, "relation")
    ]
    rel_ids = _free_ids([r.get("id") for r in raw_rels], "r")
    relations = []
    for ident, raw in zip(rel_ids, raw_rels, strict=True):
        rel = _relation(reader, ident, raw.get("type"), raw.get(from_key), raw.get(to_key), "s")
        if rel is not None:
            relations.append(rel)
    return relations


def _relation(
    reader: _Line, ident: str, rtype: Any, from_id: Any, to_id: Any, prefix: str
) -> Relation | None:
    if not isinstance(rtype, str) or not rtype:
        reader.bad(f"relation {ident}: type must be a non-empty string, not {rtype!r}")
        return None
    ends = []
    for name, value in (("from", from_id), ("to", to_id)):
        if isinstance(value, bool) or not isinstance(value, str | int) or value == "":
            reader.bad(f"relation {ident}: {name!r} must be a span id, not {value!r}")
            return None
        ends.append(numbered_id(prefix, value))
    return Relation(ident, rtype, ends[0], ends[1])


def _is_object(reader: _Line, value: Any, what: str) -> bool:
    if isinstance(value, dict):
        return True
    reader.bad(f"each {what} must be a JSON object, not {value!r}")
    return False


def _read_doccano(
    obj: Mapping[str, Any], text: str, reader: _Line
) -> tuple[list[Span], list[Relation]]:
    spans = []
    for n, raw in enumerate(reader.items(obj, "label", "label"), start=1):
        if not (isinstance(raw, list) and len(raw) == 3):
            reader.bad(
                f'label {n}: expected [start, end, "LABEL"], found {raw!r} (a text-'
                "classification export has no offsets)"
            )
            continue
        span = _span(reader, text, f"s{n}", raw[2], raw[0], raw[1])
        if span is not None:
            spans.append(span)
    return spans, []


def _read_doccano_rel(
    obj: Mapping[str, Any], text: str, reader: _Line
) -> tuple[list[Span], list[Relation]]:
    raw_spans = [
        e for e in reader.items(obj, "entities", "entities") if _is_object(reader, e, "entity")
    ]
    ids = _free_ids([e.get("id") for e in raw_spans], "s")
    spans = []
    for ident, raw in zip(ids, raw_spans, strict=True):
        span = _span(
            reader, text, ident, raw.get("label"), raw.get("start_offset"), raw.get("end_offset")
        )
        if span is not None:
            spans.append(span)
    return spans, _relations(reader, obj, "from_id", "to_id")


def _read_spacy(
    obj: Mapping[str, Any], text: str, reader: _Line
) -> tuple[list[Span], list[Relation]]:
    raw: list[Any] = list(reader.items(obj, "ents", "ents"))
    groups = obj.get("spans")
    if isinstance(groups, dict) and SPAN_KEY in groups:
        raw.extend(reader.items(groups, SPAN_KEY, f'spans["{SPAN_KEY}"]'))
    spans: list[Span] = []
    seen: set[tuple[Any, Any, Any]] = set()
    for item in raw:
        if not _is_object(reader, item, "entity"):
            continue
        key = (item.get("start"), item.get("end"), item.get("label"))
        if key in seen:
            continue
        seen.add(key)
        span = _span(reader, text, f"s{len(spans) + 1}", key[2], key[0], key[1])
        if span is not None:
            spans.append(span)
    return spans, []


_SHAPES = {
    "ours": _read_ours,
    "doccano": _read_doccano,
    "doccano-rel": _read_doccano_rel,
    "spacy": _read_spacy,
}
