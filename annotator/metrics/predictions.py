"""The predicted side of an evaluation: an extractor's output, read and checked against the gold.

``load_predictions(path, fmt, context)`` is the one entry point. It reads:

- ``annotator``: our annotation YAML, a folder of ``*.yaml`` files or a single file. Each file's
  recorded sha256 must be the gold text's; otherwise its offsets refer to another text and the
  file is refused, named.
- ``jsonl``: one JSON object per line, the shape extractors naturally write
  (docs/evaluate.md has the full description)::

      {"id": "doc-1", "spans": [{"start": 0, "end": 5, "label": "ACTOR"}],
       "relations": [{"type": "source", "from": 1, "to": 0}]}

  ``relations`` is optional; ``from``/``to`` are indices into ``spans`` or span ``id`` values.
  doccano's JSONL is read too: ``"label": [[start, end, "LABEL"], ...]`` (sequence labelling)
  or ``"entities"`` (``start_offset``/``end_offset``) with ``"relations"``
  (``from_id``/``to_id``/``type``).
  Optional ``text`` (of the document) and span ``text`` are checked when present. Other keys
  (scores, model names) are ignored. Offsets are checked against the gold text; every problem
  names the line.

The import formats (brat, CoNLL/BIOES, Label Studio, spaCy) are read by ``annotator.formats``
and checked against the gold text here. Predictions for documents that are not
in the gold are returned unchecked (they cannot be scored, only reported).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeGuard

from annotator.bulk import cycle_collector_paused, parallel_map
from annotator.errors import (
    AnnotatorError,
    ImportExportError,
    Place,
    Problem,
    ValidationError,
)
from annotator.metrics.gold import set_contents, yaml_files
from annotator.metrics.matching import SpanKey
from annotator.metrics.relations import RelationKey
from annotator.model.annotation_set import AnnotationSet
from annotator.model.document import Document
from annotator.model.labels import LabelSchema
from annotator.store.annotation_file import check_annotation_file, read_annotation_file
from annotator.store.json_safe import JsonProblem, parse_json
from annotator.store.prefetch import will_read
from annotator.store.project import CONFIG_NAME
from annotator.store.texts import MAX_TEXT_BYTES
from annotator.store.yaml_safe import decode_utf8, read_limited

#: At most this many problems are listed; a thoroughly broken file would drown the terminal.
MAX_PROBLEMS = 50


@dataclass(frozen=True, slots=True)
class PredictedDoc:
    id: str
    spans: tuple[SpanKey, ...]  # document order
    relations: tuple[RelationKey, ...]
    source: str  # file, or file:line

    @classmethod
    def from_annotation_set(cls, aset: AnnotationSet, source: str) -> PredictedDoc:
        """What a format reader's AnnotationSet contributes (the hook for annotator.formats)."""
        spans, relations = set_contents(aset)
        return cls(aset.document.id, spans, relations, source)


@dataclass(frozen=True, slots=True)
class PredictionContext:
    """What readers check predictions against."""

    documents: Mapping[str, Document]  # the gold texts, by id
    schema: LabelSchema
    labels: frozenset[str] | None = None  # score only these; spans of other labels are ignored
    jobs: int = 1  # processes for readers that read many files (annotator/bulk.py)


PredictionReader = Callable[[Path, PredictionContext], dict[str, PredictedDoc]]


def keep_labels(
    spans: tuple[SpanKey, ...], relations: tuple[RelationKey, ...], labels: frozenset[str] | None
) -> tuple[tuple[SpanKey, ...], tuple[RelationKey, ...]]:
    """Spans with a label in ``labels`` and the relations between them (all if None)."""
    if labels is None:
        return spans, relations
    return (
        tuple(s for s in spans if s[2] in labels),
        tuple(r for r in relations if r[1][2] in labels and r[2][2] in labels),
    )


# -- our YAML --------------------------------------------------------------------------------


def read_annotation_predictions(path: Path, context: PredictionContext) -> dict[str, PredictedDoc]:
    if path.is_dir() and (path / CONFIG_NAME).is_file():
        raise ImportExportError(
            "this is a project; give one annotator's folder (annotations/<name>) or a "
            "prediction file",
            file=path,
        )
    files = yaml_files(path) if path.is_dir() else [path]
    if not files:
        raise ImportExportError("no annotation files (*.yaml) in this folder", file=path)
    problems: list[Problem] = []
    result: dict[str, PredictedDoc] = {}
    global _shared_context
    _shared_context = context  # forked workers inherit it: the texts are not sent to each
    try:
        read = list(parallel_map(_read_yaml_files, files, context.jobs))
    finally:
        _shared_context = None
    for file, doc in zip(files, read, strict=True):
        if isinstance(doc, list):
            problems.extend(doc)
            continue
        if doc.id in result:
            problems.append(
                Problem(Place(str(file)), f"document {doc.id!r} is also in {result[doc.id].source}")
            )
            continue
        result[doc.id] = doc
    _raise_if(problems)
    return result


_shared_context: PredictionContext | None = None


def _read_yaml_files(files: list[Path]) -> list[PredictedDoc | list[Problem]]:
    """Each file's prediction, or its problems (in a worker process, or in this one)."""
    assert _shared_context is not None
    out: list[PredictedDoc | list[Problem]] = []
    will_read(files)
    with cycle_collector_paused():
        for file in files:
            try:
                out.append(_read_yaml_file(file, _shared_context))
            except AnnotatorError as err:
                out.append(list(err.problems))
    return out


def _read_yaml_file(file: Path, context: PredictionContext) -> PredictedDoc:
    parsed = read_annotation_file(file)
    document = context.documents.get(parsed.document_id)
    if document is None:  # not in the gold: reported as extra, never scored
        spans = tuple(sorted(r.span.key for r in parsed.spans))
        return PredictedDoc(parsed.document_id, spans, (), str(file))
    if parsed.sha256 != document.sha256:
        raise ValidationError(
            f"made on a different text than the gold's {document.file} (sha256 "
            f"{parsed.sha256[:12]}… recorded, {document.sha256[:12]}… in the gold project; "
            f"{parsed.chars} chars recorded, {document.chars} there): offsets cannot be compared",
            file=file,
            line=2,
        )
    aset, problems = check_annotation_file(parsed, document, context.schema)
    if problems:
        raise ValidationError.from_problems(problems)
    spans, relations = keep_labels(*set_contents(aset), context.labels)
    return PredictedDoc(document.id, spans, relations, str(file))


# -- JSON Lines ------------------------------------------------------------------------------


def read_jsonl_predictions(path: Path, context: PredictionContext) -> dict[str, PredictedDoc]:
    if not path.is_file():
        raise ImportExportError("no such file", file=path)
    content = decode_utf8(read_limited(path, MAX_TEXT_BYTES), path).removeprefix("\ufeff")
    problems: list[Problem] = []
    result: dict[str, PredictedDoc] = {}
    first_line: dict[str, int] = {}
    for number, line in enumerate(content.split("\n"), 1):
        if not line.strip():
            continue
        if len(problems) > MAX_PROBLEMS:
            break
        record = _JsonlRecord(path, number, context)
        doc = record.read(line)
        problems.extend(record.problems)
        if doc is None:
            continue
        if doc.id in first_line:
            problems.append(
                Problem(
                    Place(str(path), number),
                    f"document {doc.id!r} already appears on line {first_line[doc.id]}",
                )
            )
            continue
        first_line[doc.id] = number
        result[doc.id] = doc
    _raise_if(problems)
    return result


def _is_int(value: object) -> TypeGuard[int]:
    """A JSON whole number (``true`` is an int to Python, not to us)."""
    return isinstance(value, int) and not isinstance(value, bool)


class _JsonlRecord:
    """Checks one line; collects every problem with its line and item."""

    def __init__(self, path: Path, line: int, context: PredictionContext) -> None:
        self.path, self.line, self.context = path, line, context
        self.problems: list[Problem] = []

    def bad(self, message: str, column: int | None = None) -> None:
        self.problems.append(Problem(Place(str(self.path), self.line, column), message))

    def read(self, line: str) -> PredictedDoc | None:
        try:
            data = parse_json(line)
        except JsonProblem as err:
            self.bad(f"not valid JSON: {err.reason}", err.column)
            return None
        if not isinstance(data, dict):
            self.bad('each line must be a JSON object like {"id": ..., "spans": [...]}')
            return None
        if "spans" not in data:
            data = self._from_doccano(data)
            if data is None:
                return None
        doc_id = data.get("id")
        if not isinstance(doc_id, str) or not doc_id:
            self.bad('"id" must be the document id as a non-empty string')
            return None
        raw_spans = data.get("spans")
        if not isinstance(raw_spans, list):
            self.bad('"spans" must be a list of {"start", "end", "label"} objects')
            return None
        document = self.context.documents.get(doc_id)
        text = data.get("text")
        if document is not None and text is not None and text != document.text:
            size = f"{len(text)} chars" if isinstance(text, str) else "not a string"
            self.bad(
                f'"text" is not the gold text {document.file} ({size} here, '
                f"{document.chars} there): offsets would not mean the same"
            )
            return None
        spans, by_ref = self._spans(raw_spans, document)
        relations = self._relations(data.get("relations", []), by_ref, document)
        if self.problems:
            return None
        source = f"{self.path}:{self.line}"
        return PredictedDoc(doc_id, tuple(sorted(s for s in spans if s)), relations, source)

    def _from_doccano(self, data: dict[str, Any]) -> dict[str, Any] | None:
        """A doccano line in our shape: ``"label": [[start, end, "LABEL"], ...]`` (sequence
        labelling) or ``"entities"`` + ``"relations"`` (relation extraction, ``start_offset``,
        ``end_offset``, ``from_id``, ``to_id``). A whole-number ``id`` is read as a string."""
        out: dict[str, Any] = {k: v for k, v in data.items() if k not in ("label", "entities")}
        if _is_int(data.get("id")):
            out["id"] = str(data["id"])
        if isinstance(data.get("label"), list):
            spans = []
            for n, item in enumerate(data["label"]):
                if not (isinstance(item, list) and len(item) == 3):
                    self.bad(f'label[{n}]: expected [start, end, "LABEL"]')
                    return None
                spans.append({"start": item[0], "end": item[1], "label": item[2]})
            out["spans"] = spans
            return out
        if isinstance(data.get("entities"), list):
            spans = []
            for n, entity in enumerate(data["entities"]):
                if not isinstance(entity, dict):
                    self.bad(f'entities[{n}]: expected {{"id", "label", "start_offset", ...}}')
                    return None
                span = {
                    "start": entity.get("start_offset"),
                    "end": entity.get("end_offset"),
                    "label": entity.get("label"),
                }
                if entity.get("id") is not None:
                    span["id"] = str(entity["id"])
                spans.append(span)
            relations = []
            for n, rel in enumerate(data.get("relations") or []):
                if not isinstance(rel, dict):
                    self.bad(f'relations[{n}]: expected {{"from_id", "to_id", "type"}}')
                    return None
                relations.append(
                    {"type": rel.get("type"), "from": str(rel.get("from_id")),
                     "to": str(rel.get("to_id"))}
                )  # fmt: skip
            out["spans"], out["relations"] = spans, relations
            return out
        self.bad(
            '"spans" must be a list of {"start", "end", "label"} objects (or, doccano: '
            '"label": [[start, end, "LABEL"]] or "entities" + "relations")'
        )
        return None

    def _spans(
        self, raw_spans: list[Any], document: Document | None
    ) -> tuple[list[SpanKey | None], dict[object, SpanKey | None]]:
        """Each span, or None for one whose label is not scored; and spans by index and id."""
        spans: list[SpanKey | None] = []
        by_ref: dict[object, SpanKey | None] = {}
        for n, raw in enumerate(raw_spans):
            span = self._span(n, raw, document)
            spans.append(span)
            by_ref[n] = span
            ident = raw.get("id") if isinstance(raw, dict) else None
            if ident is not None:
                if not isinstance(ident, str):
                    self.bad(f"spans[{n}]: id must be a string (relations use numbers as indices)")
                elif ident in by_ref:
                    self.bad(f"spans[{n}]: id {ident!r} is used twice")
                else:
                    by_ref[ident] = span
        return spans, by_ref

    def _span(self, n: int, raw: Any, document: Document | None) -> SpanKey | None:
        where = f"spans[{n}]"
        if not isinstance(raw, dict):
            self.bad(f'{where}: must be an object {{"start", "end", "label"}}')
            return None
        start, end, label = raw.get("start"), raw.get("end"), raw.get("label")
        if not (_is_int(start) and _is_int(end)):
            self.bad(f"{where}: start and end must be whole numbers (character offsets)")
            return None
        if not isinstance(label, str) or not label:
            self.bad(f"{where}: label must be a non-empty string")
            return None
        if not 0 <= start < end:
            self.bad(f"{where}: empty or reversed range {start}-{end}")
            return None
        labels, schema = self.context.labels, self.context.schema
        if labels is not None and label not in labels:
            return None
        if document is None:
            return (start, end, label)
        if label not in schema.labels:
            self.bad(
                f"{where}: unknown label {label!r} (the gold schema has "
                f"{', '.join(schema.labels)}; --labels scores a subset)"
            )
            return None
        if end > document.chars:
            self.bad(
                f"{where}: offsets {start}-{end} are outside the text of {document.id!r} "
                f"(0-{document.chars})"
            )
            return None
        quoted = raw.get("text")
        if quoted is not None and quoted != document.text[start:end]:
            self.bad(
                f"{where}: text {quoted!r} does not match the document at {start}-{end}, "
                f"which reads {document.text[start:end]!r}"
            )
            return None
        return (start, end, label)

    def _relations(
        self, raw_relations: Any, by_ref: dict[object, SpanKey | None], document: Document | None
    ) -> tuple[RelationKey, ...]:
        if not isinstance(raw_relations, list):
            self.bad('"relations" must be a list of {"type", "from", "to"} objects')
            return ()
        relations: list[RelationKey] = []
        for n, raw in enumerate(raw_relations):
            rel = self._relation(n, raw, by_ref, document)
            if rel is not None:
                relations.append(rel)
        return tuple(relations)

    def _relation(
        self, n: int, raw: Any, by_ref: dict[object, SpanKey | None], document: Document | None
    ) -> RelationKey | None:
        where = f"relations[{n}]"
        if not isinstance(raw, dict) or not isinstance(raw.get("type"), str):
            self.bad(f'{where}: must be an object {{"type", "from", "to"}}')
            return None
        ends: list[SpanKey] = []
        for side in ("from", "to"):
            ref = raw.get(side)
            key: object = ref if _is_int(ref) or isinstance(ref, str) else None
            if key is None or key not in by_ref:
                self.bad(f"{where}: {side} {ref!r} is neither a span index nor a span id")
                return None
            span = by_ref[key]
            if span is None:  # a span that was refused or whose label is not scored
                return None
            ends.append(span)
        rtype = raw["type"]
        definition = self.context.schema.relations.get(rtype)
        if document is not None and definition is None:
            known = ", ".join(self.context.schema.relations) or "none"
            self.bad(f"{where}: unknown relation type {rtype!r} (the gold schema has {known})")
            return None
        if definition is not None and not definition.allows(ends[0][2], ends[1][2]):
            self.bad(f"{where}: {rtype} cannot link {ends[0][2]} -> {ends[1][2]}")
            return None
        return (rtype, ends[0], ends[1])


def read_records(
    records: Sequence[Mapping[str, Any]], context: PredictionContext
) -> dict[str, PredictedDoc]:
    """Predictions given as per-document dicts in the JSONL shape (``{"id", "spans"}``),
    checked exactly as the lines of a JSONL file (problems name ``<predictions>[n]``)."""
    problems: list[Problem] = []
    result: dict[str, PredictedDoc] = {}
    where = Path("<predictions>")
    for n, record in enumerate(records):
        if not isinstance(record, Mapping):
            problems.append(Problem(Place(f"<predictions>[{n}]"), "each item must be a dict"))
            continue
        reader = _JsonlRecord(where, n + 1, context)
        doc = reader.read(json.dumps(dict(record), ensure_ascii=False))
        problems.extend(reader.problems)
        if doc is None:
            continue
        if doc.id in result:
            problems.append(Problem(Place(f"<predictions>[{n}]"), f"document {doc.id!r} twice"))
            continue
        result[doc.id] = doc
    _raise_if(problems)
    return result


# -- the import formats ---------------------------------------------------------------------


def format_reader(name: str) -> PredictionReader:
    """Predictions in one of the import formats (``annotator.formats``: brat, CoNLL, Label
    Studio, spaCy): read with the same reader as ``annotator import``, then checked against the
    gold. A document must carry the gold's exact text; token-only formats (CoNLL) are mapped
    onto it when their tokens are the gold text's tokens."""

    def read(path: Path, context: PredictionContext) -> dict[str, PredictedDoc]:
        from annotator.formats.base import ReadOptions
        from annotator.formats.registry import read_corpus

        texts = {doc_id: doc.text for doc_id, doc in context.documents.items()}
        problems: list[Problem] = []
        result: dict[str, PredictedDoc] = {}
        for imported in read_corpus(path, name, ReadOptions(texts=texts)):
            gold = context.documents.get(imported.id)
            spans = tuple(sorted(s.key for s in imported.spans))
            if gold is None:  # not in the gold: reported as extra, never scored
                result[imported.id] = PredictedDoc(imported.id, spans, (), str(imported.source))
                continue
            if imported.text != gold.text:
                problems.append(
                    Problem(
                        imported.source,
                        f"document {imported.id!r}: its text is not the gold's {gold.file}; "
                        "offsets cannot be compared",
                    )
                )
                continue
            unknown = sorted({s.label for s in imported.spans} - set(context.schema.labels))
            if unknown and context.labels is None:
                problems.append(
                    Problem(
                        imported.source,
                        f"document {imported.id!r}: labels not in the gold schema: "
                        f"{', '.join(unknown)} (score the others with --labels)",
                    )
                )
                continue
            by_id = {s.id: s.key for s in imported.spans}
            relations = tuple(
                (r.type, by_id[r.from_id], by_id[r.to_id])
                for r in imported.relations
                if r.from_id in by_id and r.to_id in by_id
            )
            spans, relations = keep_labels(spans, relations, context.labels)
            result[imported.id] = PredictedDoc(imported.id, spans, relations, str(imported.source))
        _raise_if(problems)
        return result

    return read


# -- choosing a reader -----------------------------------------------------------------------

#: Prediction formats by name: our YAML, the extractor JSONL shape, and the import formats.
READERS: dict[str, PredictionReader] = {
    "annotator": read_annotation_predictions,
    "jsonl": read_jsonl_predictions,
    **{name: format_reader(name) for name in ("brat", "conll", "bioes", "labelstudio", "spacy")},
}
_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".yaml": "annotator", ".yml": "annotator"}


def detect_format(path: Path) -> str:
    """The format of ``path`` from what it is: a folder is our YAML, a file goes by suffix."""
    if path.is_dir():
        return "annotator"
    if not path.exists():
        raise ImportExportError("no such file or folder", file=path)
    fmt = _SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise ImportExportError(
            f"cannot tell the format from the name; give --pred-format ({', '.join(READERS)})",
            file=path,
        )
    return fmt


def load_predictions(
    path: Path, fmt: str | None, context: PredictionContext
) -> dict[str, PredictedDoc]:
    """Read predictions in format ``fmt`` (None: detect), checked against the gold texts."""
    name = fmt or detect_format(path)
    reader = READERS.get(name)
    if reader is None:
        raise ImportExportError(
            f"unknown prediction format {name!r}: this version reads {', '.join(READERS)}",
            file=path,
        )
    if not path.exists():
        raise ImportExportError("no such file or folder", file=path)
    return reader(path, context)


def _raise_if(problems: list[Problem]) -> None:
    if not problems:
        return
    if len(problems) > MAX_PROBLEMS:
        problems = [
            *problems[:MAX_PROBLEMS],
            Problem(problems[MAX_PROBLEMS].place, "further problems not listed; fix these first"),
        ]
    raise ValidationError.from_problems(problems)
