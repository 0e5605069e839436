"""brat standoff: ``<id>.txt`` + ``<id>.ann`` per document and one ``annotation.conf``.

The format is specified at https://brat.nlplab.org/standoff.html (docs/formats.md has the
details and our choices). In short, what we write:

- ``<id>.txt`` is our text byte for byte (UTF-8, CRLF stays CRLF).
- ``T<n>\\tLABEL START END\\tTEXT`` for each span; offsets are Unicode code points into the
  .txt, end exclusive, as brat defines them. Our span ``s<n>`` becomes ``T<n>`` and back; other
  span ids are given fresh numbers. A span containing line breaks is written as fragments
  ``START END;START END`` split at the breaks (a .ann line cannot contain one, and this is
  what brat itself does); reading merges fragments separated only by line breaks back into one
  span. A span that begins or ends with a line break is written without it (reported).
- ``R<n>\\tTYPE Arg1:T<i> Arg2:T<j>`` for each relation (from -> to).
- ``A<n>\\tNAME T<i> VALUE`` for each attribute, ``#<n>\\tAnnotatorNotes T<i>\\tNOTE`` for a
  note. Values and notes are escaped so that they fit on one line: ``\\\\``, ``\\t``, ``\\n``,
  ``\\r``, ``\\uhhhh`` (hex) for other line-breaking characters, and ``\\e`` for an empty value.
- ``annotation.conf`` from the label schema: entities, relations with their argument labels,
  attributes with their values (an attribute name shared by several labels lists the union of
  their values, since brat defines each attribute once), and ``<OVERLAP>`` allowing any
  overlap, since our spans may nest.

Reading takes every ``.ann`` with its ``.txt``. Discontinuous spans (other than the line-break
fragments above), events (E), normalizations (N) and equivalences (*) cannot be held: each is a
problem naming the file and line, skipped and reported under ``skip_invalid``. The quoted text
of every T line is checked against the .txt.

brat and CRLF: brat 1.3 (Python 2) reads texts with universal newlines, so it counts CRLF as
one character and its offsets after a CRLF differ from ours (and from the brat's Python 3 code,
which reads the text as is). The writer notes every document with CR characters; the reader's
error for a mismatching span says when the offsets would fit with CRLF counted as one.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from annotator.errors import Place
from annotator.formats.base import (
    Corpus,
    ExportReport,
    ImportedDocument,
    Problems,
    Progress,
    ReadOptions,
    ReportItem,
    WriteOptions,
    check_quoted_text,
    offset_hint,
    sorted_spans,
)
from annotator.model.annotation_set import AnnotationSet
from annotator.model.labels import LabelSchema
from annotator.model.span import Relation, Span, as_attributes
from annotator.store.atomic import write_atomic_many
from annotator.store.texts import read_text

CONF_NAME = "annotation.conf"
DISCONT_SEP = " "
NOTE_TYPE = "AnnotatorNotes"
#: Characters that end a line for str.splitlines (what brat's Python 3 reader splits on).
LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_BREAK_RUN = re.compile(f"[{LINE_BREAKS}]+")
_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_NEEDS_ESCAPE = re.compile(f"[\\\\\t{LINE_BREAKS}]")
_UNESCAPE = re.compile(r"\\(\\|t|n|r|u[0-9a-fA-F]{4})")
_ID = re.compile(r"^([A-Za-z]+|#[A-Za-z]*)([0-9]+)(.*?)$")
_OUR_NUMBERED = re.compile(r"^([sr])([0-9]+)$")


# -- escaping ------------------------------------------------------------------------------------


def escape(value: str) -> str:
    """``value`` on one line, reversibly (see the module docstring)."""
    if value == "":
        return "\\e"
    return _NEEDS_ESCAPE.sub(lambda m: _ESCAPES.get(m.group()) or f"\\u{ord(m.group()):04x}", value)


def unescape(value: str) -> str:
    """Inverse of ``escape``; a backslash that starts no known escape stays as it is."""
    if value == "\\e":
        return ""

    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        if code[0] == "u":
            return chr(int(code[1:], 16))
        return {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}[code]

    return _UNESCAPE.sub(one, value)


# -- writing ------------------------------------------------------------------------------------


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``[start, end)`` without its line breaks, as the pieces between them."""
    if _BREAK_RUN.search(text, start, end) is None:
        return [(start, end)]
    pieces = []
    pos = start
    for match in _BREAK_RUN.finditer(text, start, end):
        if match.start() > pos:
            pieces.append((pos, match.start()))
        pos = match.end()
    if pos < end:
        pieces.append((pos, end))
    return pieces


class _Ids:
    """brat ids for our ids: ``s7`` -> ``T7``, ``r3`` -> ``R3``, anything else a fresh number."""

    def __init__(self, prefix: str, ours: str, idents: Iterable[str]) -> None:
        idents = list(idents)
        numbers = {}
        for ident in idents:
            match = _OUR_NUMBERED.match(ident)
            if match and match.group(1) == ours:
                numbers[ident] = int(match.group(2))
        next_free = max(numbers.values(), default=0) + 1
        self.renumbered = 0
        for ident in idents:
            if ident not in numbers:
                numbers[ident] = next_free
                next_free += 1
                self.renumbered += 1
        self.map = {ident: f"{prefix}{n}" for ident, n in numbers.items()}


def ann_text(aset: AnnotationSet, report: ExportReport) -> str:
    """The .ann content for one set, reporting what brat cannot show as it is."""
    text = aset.text
    doc = aset.document.id
    t_ids = _Ids("T", "s", (s.id for s in aset.spans))
    r_ids = _Ids("R", "r", (r.id for r in aset.relations))
    if t_ids.renumbered or r_ids.renumbered:
        report.notes.append(
            f"{doc}: {t_ids.renumbered + r_ids.renumbered} ids not of the form sN/rN were "
            "given new brat numbers"
        )
    lines: list[str] = []
    attributes: list[str] = []
    notes: list[str] = []
    written: set[str] = set()
    for span in aset.spans:
        pieces = fragments(text, span.start, span.end)
        if not pieces:
            report.dropped.append(_item(doc, span, "holds only line breaks, which brat cannot"))
            continue
        if pieces[0][0] != span.start or pieces[-1][1] != span.end:
            report.changed.append(
                _item(
                    doc,
                    span,
                    "starts or ends with a line break, which a brat span cannot; written as "
                    f"{pieces[0][0]}-{pieces[-1][1]}",
                )
            )
        tid = t_ids.map[span.id]
        written.add(span.id)
        offsets = ";".join(f"{a} {b}" for a, b in pieces)
        quoted = DISCONT_SEP.join(text[a:b] for a, b in pieces)
        lines.append(f"{tid}\t{span.label} {offsets}\t{quoted}")
        for name, value in span.attributes.items():
            attributes.append(f"\t{name} {tid} {escape(value)}")
        if span.note:
            notes.append(f"\t{NOTE_TYPE} {tid}\t{escape(span.note)}")
        report.spans += 1
    for rel in aset.relations:
        if rel.from_id not in written or rel.to_id not in written:
            span = aset.span(rel.from_id)
            report.dropped.append(
                ReportItem(doc, rel.id, rel.type, span.start, span.end, "links a span not written")
            )
            continue
        lines.append(
            f"{r_ids.map[rel.id]}\t{rel.type} "
            f"Arg1:{t_ids.map[rel.from_id]} Arg2:{t_ids.map[rel.to_id]}"
        )
        report.relations += 1
    lines.extend(f"A{n}{line}" for n, line in enumerate(attributes, start=1))
    lines.extend(f"#{n}{line}" for n, line in enumerate(notes, start=1))
    return "".join(f"{line}\n" for line in lines)


def _item(doc: str, span: Span, reason: str) -> ReportItem:
    return ReportItem(doc, span.id, span.label, span.start, span.end, reason)


def annotation_conf(schema: LabelSchema | None, sets: Sequence[AnnotationSet]) -> str:
    """brat's annotation.conf for the schema (or, without one, for the labels in use)."""
    lines = [
        "# brat configuration written by annotator from the label schema"
        + (f" {Path(schema.source).name}" if schema is not None else " (labels in the data)"),
        "[entities]",
    ]
    if schema is not None:
        labels = list(schema.label_names)
        relations = [
            (r.type, "|".join(r.from_labels), "|".join(r.to_labels))
            for r in schema.relations.values()
        ]
    else:
        labels = sorted({s.label for a in sets for s in a.spans})
        relations = [
            (t, "|".join(labels), "|".join(labels))
            for t in sorted({r.type for a in sets for r in a.relations})
        ]
    lines.extend(labels)
    lines.append("[relations]")
    lines.extend(f"{rtype}\tArg1:{a}, Arg2:{b}" for rtype, a, b in relations)
    if labels:
        lines.append("<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>")
    lines.append("[events]")
    lines.append("[attributes]")
    lines.extend(_attribute_lines(schema, sets))
    return "\n".join(lines) + "\n"


def _attribute_lines(schema: LabelSchema | None, sets: Sequence[AnnotationSet]) -> list[str]:
    """One line per attribute name: the labels that have it and every value it may take.

    Free-text attributes have no value list in brat; the values used in this export are listed
    so brat accepts them.
    """
    owners: dict[str, list[str]] = {}
    values: dict[str, list[str]] = {}
    used: dict[str, set[str]] = {}
    for aset in sets:
        for span in aset.spans:
            for name, value in span.attributes.items():
                used.setdefault(name, set()).add(escape(value))
                if schema is None:
                    owners.setdefault(name, [])
                    if span.label not in owners[name]:
                        owners[name].append(span.label)
    if schema is not None:
        for label in schema.labels.values():
            for attr in label.attributes.values():
                owners.setdefault(attr.name, []).append(label.name)
                bucket = values.setdefault(attr.name, [])
                choices = (
                    attr.values if attr.values is not None else sorted(used.get(attr.name, ()))
                )
                bucket.extend(v for v in choices if v not in bucket)
    else:
        values = {name: sorted(found) for name, found in used.items()}
    lines = []
    for name, labels in owners.items():
        listed = "|".join(v for v in values.get(name, []) if v and not re.search(r"[|,\s]", v))
        lines.append(f"{name}\tArg:{'|'.join(labels)}" + (f", Value:{listed}" if listed else ""))
    return lines


def write_brat(
    sets: Sequence[AnnotationSet], out: Path, options: WriteOptions, progress: Progress
) -> ExportReport:
    """Write one .txt and one .ann per set into the folder ``out``, and annotation.conf."""
    report = ExportReport("brat")
    out.mkdir(parents=True, exist_ok=True)
    files: list[tuple[Path, bytes | str]] = []
    for aset in sets:
        doc = aset.document.id
        if "\r" in aset.text:
            report.notes.append(
                f"{doc}: the text has CR characters; brat 1.3 counts CRLF as one character, "
                "so use a brat that reads texts as they are, or LF texts"
            )
        files.append((out / f"{doc}.txt", aset.text))
        files.append((out / f"{doc}.ann", ann_text(aset, report)))
        report.documents += 1
        progress.advance()
    files.append((out / CONF_NAME, annotation_conf(options.schema, sets)))
    write_atomic_many(files)
    report.files.extend(path for path, _ in files)
    return report


# -- reading ------------------------------------------------------------------------------------


@dataclass
class _Parsed:
    path: Path
    text: str
    spans: dict[str, tuple[str, str, int, int]] = field(default_factory=dict)  # T id -> ours
    places: dict[str, Place] = field(default_factory=dict)  # brat id -> line
    relations: list[tuple[str, Relation]] = field(default_factory=list)
    attributes: dict[str, dict[str, str]] = field(default_factory=dict)
    notes: dict[str, list[str]] = field(default_factory=dict)


def ann_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*.ann") if p.is_file())
    if path.suffix in (".ann", ".txt"):
        return [path.with_suffix(".ann")]
    return [path]


def read_brat(path: Path, options: ReadOptions) -> Corpus:
    """Documents of a brat folder (every .ann with its .txt), or of one .ann/.txt pair."""
    problems = Problems(options.skip_invalid)
    corpus = Corpus()
    seen: dict[str, Path] = {}
    for ann in ann_files(path):
        txt = ann.with_suffix(".txt")
        problem = None
        if not ann.is_file():
            problem = "no such .ann file"
        elif not txt.is_file():
            problem = f"no text file {txt.name} next to it"
        elif ann.stem in seen:
            problem = f"a document {ann.stem!r} was read already ({seen[ann.stem]})"
        if problem is not None:
            problems.add(Place(str(ann)), problem)
            corpus.skipped.extend(problems.take_skipped())
            continue
        seen[ann.stem] = ann
        corpus.append(_read_pair(ann, read_text(txt), problems))
    if not corpus and not problems.fatal and not corpus.skipped:
        problems.fail(Place(str(path)), "no brat .ann files here")
    problems.raise_if_any()
    return corpus


def _read_pair(ann: Path, text: str, problems: Problems) -> ImportedDocument:
    parsed = _Parsed(ann, text)
    source = str(ann)
    for number, line in enumerate(re.split(r"\r\n|\r|\n", read_text(ann)), start=1):
        if line.strip():
            _parse_line(parsed, line, Place(source, number), problems)
    spans: list[Span] = []
    span_places: dict[str, Place] = {}
    ours = {tid: fields[0] for tid, fields in parsed.spans.items()}
    for tid, (ident, label, start, end) in parsed.spans.items():
        note = "\n".join(parsed.notes[tid]) if tid in parsed.notes else ""
        attributes = as_attributes(parsed.attributes.get(tid))
        spans.append(Span(ident, label, start, end, attributes, note))
        span_places[ident] = parsed.places[tid]
    relations = []
    relation_places: dict[str, Place] = {}
    for rid, rel in parsed.relations:
        place = parsed.places[rid]
        missing = [t for t in (rel.from_id, rel.to_id) if t not in ours]
        if missing:
            problems.add(place, f"relation {rid} refers to {missing[0]}, which is not a span read")
            continue
        relations.append(Relation(rel.id, rel.type, ours[rel.from_id], ours[rel.to_id]))
        relation_places[rel.id] = place
    return ImportedDocument(
        id=ann.stem,
        text=text,
        spans=sorted_spans(spans),
        relations=tuple(relations),
        source=Place(source),
        span_places=span_places,
        relation_places=relation_places,
        skipped=problems.take_skipped(),
    )


def _parse_line(parsed: _Parsed, line: str, place: Place, problems: Problems) -> None:
    ident, tab, rest = line.partition("\t")
    if ident[:1] == "T" and ident[1:].isdigit() and ident not in parsed.places:
        # The common case, kept fast: "T7<tab>LABEL START END<tab>TEXT" that fits the text.
        data, _, tail = rest.partition("\t")
        label, _, offsets = data.partition(" ")
        first, _, last = offsets.partition(" ")
        if first.isdigit() and last.isdigit():
            a, b = int(first), int(last)
            text = parsed.text
            if a < b <= len(text) and (not tail or tail[: b - a] == text[a:b]):
                parsed.spans[ident] = (f"s{ident[1:]}", label, a, b)
                parsed.places[ident] = place
                return
    if ident == "*":
        problems.add(
            place,
            f"brat equivalence line ({line[:60]!r}): it says that these spans name the same "
            "thing (Equiv); annotator has no equivalence sets, so it cannot be imported; the "
            "spans themselves are read (use --skip-invalid to import without it)",
        )
        return
    match = _ID.match(ident)
    if not tab or match is None:
        problems.add(place, f"not a brat annotation line (ID<tab>...): {line[:60]!r}")
        return
    if ident in parsed.places:
        problems.add(place, f"id {ident} is used twice (first on line {parsed.places[ident].line})")
        return
    data, _, tail = rest.partition("\t")
    kind = ident[0]
    if kind == "T":
        _parse_textbound(parsed, ident, match, data, tail, place, problems)
    elif kind == "R":
        parts = data.split()
        args = [a.split(":", 1) for a in parts[1:]]
        if len(parts) != 3 or any(len(a) != 2 for a in args):
            problems.add(
                place, f"relation {ident}: expected 'TYPE Arg1:ID Arg2:ID', found {data!r}"
            )
            return
        number = match.group(2) + match.group(3)
        parsed.relations.append((ident, Relation(f"r{number}", parts[0], args[0][1], args[1][1])))
        parsed.places[ident] = place
    elif kind in "AM":
        name, _, target_value = data.partition(" ")
        target, _, value = target_value.partition(" ")
        if not name or not target:
            problems.add(place, f"attribute {ident}: expected 'NAME ID [VALUE]', found {data!r}")
        elif target not in parsed.spans:
            problems.add(place, f"attribute {ident} is on {target}, which is not a span read")
        else:
            # A brat binary attribute (no value) means "present": read it as "true".
            parsed.attributes.setdefault(target, {})[name] = unescape(value) if value else "true"
            parsed.places[ident] = place
    elif kind == "#":
        parts = data.split()
        if len(parts) != 2:
            problems.add(place, f"note {ident}: expected 'TYPE ID<tab>NOTE', found {data!r}")
        elif parts[1] not in parsed.spans:
            problems.add(place, f"note {ident} is on {parts[1]}; only notes on spans can be held")
        else:
            parsed.notes.setdefault(parts[1], []).append(unescape(tail))
            parsed.places[ident] = place
    else:
        what = {"E": "events", "N": "normalizations", "*": "equivalences"}.get(kind, "lines")
        problems.add(place, f"{ident}: brat {what} ({kind}) cannot be held by annotator")


def _parse_textbound(
    parsed: _Parsed,
    ident: str,
    match: re.Match[str],
    data: str,
    tail: str,
    place: Place,
    problems: Problems,
) -> None:
    label, _, offsets = data.partition(" ")
    text = parsed.text
    try:
        pieces = sorted((int(a), int(b)) for a, b in (p.split() for p in offsets.split(";")))
    except ValueError:
        problems.add(
            place, f"span {ident}: expected 'LABEL START END[;START END...]', found {data!r}"
        )
        return
    for a, b in pieces:
        problem = check_quoted_text(text, a, b, None, f"span {ident}")
        if problem:
            problems.add(place, problem)
            return
    length = sum(b - a for a, b in pieces) + len(DISCONT_SEP) * (len(pieces) - 1)
    quoted = tail[:length]
    expected = DISCONT_SEP.join(text[a:b] for a, b in pieces)
    old_style = "".join(text[a:b] for a, b in pieces)  # brat before 1.3 joined without space
    if tail and quoted != expected and not tail.startswith(old_style):
        hint = offset_hint(text, pieces[0][0], pieces[0][1], tail) if len(pieces) == 1 else ""
        problems.add(
            place,
            f"span {ident}: text {tail!r} does not match the document at {offsets}, which "
            f"reads {expected!r}{hint}",
        )
        return
    for (_, b), (a, _) in itertools.pairwise(pieces):
        if a < b or any(c not in LINE_BREAKS for c in text[b:a]):
            problems.add(
                place,
                f"span {ident} is discontinuous ({offsets}); annotator spans are continuous, "
                "so it cannot be held",
            )
            return
    number = match.group(2) + match.group(3)
    parsed.spans[ident] = (f"s{number}", label, pieces[0][0], pieces[-1][1])
    parsed.places[ident] = place
