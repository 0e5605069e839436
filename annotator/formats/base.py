"""What every format reads into and writes from, and how it reports what it could not carry.

Readers turn a file in another tool's format into ``ImportedDocument``s: a text, spans and
relations with the place (file and line) each came from, so that every later complaint (an
unknown label, offsets outside the text) can name the line to fix. Readers check only what the
format itself promises (offsets inside the text, the quoted span text matching it); the label
schema and the project are the importer's business.

Writers take ``AnnotationSet``s and return an ``ExportReport`` that lists every span they had to
drop or change, with its document and offsets, and counts what the format cannot carry at all
(attributes in CoNLL, say). Nothing is dropped without appearing in the report.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

from annotator.errors import ImportExportError, Place, Problem
from annotator.model.annotation_set import AnnotationSet
from annotator.model.labels import LabelSchema
from annotator.model.span import Relation, Span
from annotator.store.atomic import write_atomic

Alignment = Literal["expand", "skip"]
ALIGNMENTS: tuple[Alignment, ...] = ("expand", "skip")
JsonlShape = Literal["auto", "ours", "doccano", "doccano-rel", "spacy"]
JSONL_SHAPES: tuple[JsonlShape, ...] = ("auto", "ours", "doccano", "doccano-rel", "spacy")


@dataclass(frozen=True, slots=True)
class ImportedDocument:
    """One document as a format file holds it, before it meets a project.

    ``text_exact`` is False when the format carries only tokens (CoNLL): the text was rebuilt
    with one space between tokens and a newline between sentences, and ``tokens`` holds the
    token offsets so the document can be aligned to the real text (``conll.align_to_text``).
    ``id_given`` is False when the format has no document ids and one was made up from the file
    name. ``skipped`` lists items left out under ``skip_invalid``; ``notes`` are remarks for the
    user that are not problems (e.g. which of several Label Studio annotations was taken).
    """

    id: str
    text: str
    spans: tuple[Span, ...]
    relations: tuple[Relation, ...]
    source: Place
    span_places: Mapping[str, Place] = field(default_factory=dict)
    relation_places: Mapping[str, Place] = field(default_factory=dict)
    text_exact: bool = True
    id_given: bool = True
    tokens: tuple[tuple[int, int], ...] = ()
    skipped: tuple[Problem, ...] = ()
    notes: tuple[str, ...] = ()
    #: Formats that build the text from tokens: the invisible marks taken out of the tokens,
    #: by name (``annotator.text.hygiene.mark_name``), and tokens left out for being only marks.
    removed_marks: Mapping[str, int] = field(default_factory=dict)

    def span_place(self, span_id: str) -> Place:
        return self.span_places.get(span_id, self.source)

    def relation_place(self, relation_id: str) -> Place:
        return self.relation_places.get(relation_id, self.source)


class Corpus(list[ImportedDocument]):
    """The documents read from a file or folder, in order.

    ``skipped`` lists whole items (a JSON line, a document) left out under ``skip_invalid``;
    what was left out of a document that was read is in that document's ``skipped``.
    """

    def __init__(
        self, documents: Iterable[ImportedDocument] = (), skipped: Iterable[Problem] = ()
    ) -> None:
        super().__init__(documents)
        self.skipped: list[Problem] = list(skipped)

    def all_skipped(self) -> list[Problem]:
        return [*self.skipped, *(p for doc in self for p in doc.skipped)]


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How to read. ``texts`` (document id -> exact text) lets token-only formats such as CoNLL
    recover the real text and id of documents they were exported from (see conll.py)."""

    skip_invalid: bool = False
    jsonl_shape: JsonlShape = "auto"
    prefer_predictions: bool = False
    texts: Mapping[str, str] | None = None


@dataclass(frozen=True, slots=True)
class WriteOptions:
    """How to write. ``schema`` feeds brat's annotation.conf and Label Studio's labeling
    config; ``split_clitics`` and ``alignment`` apply to token formats (CoNLL, spaCy)."""

    schema: LabelSchema | None = None
    split_clitics: bool = False
    alignment: Alignment = "expand"
    jsonl_shape: JsonlShape = "ours"
    labelstudio_target: Literal["annotations", "predictions"] = "annotations"
    model_version: str = "annotator"
    #: spaCy: the labels that go to ``doc.ents`` (None: every label but CLAIM; see
    #: spacy_shape.entity_labels). Every span goes to ``doc.spans["sc"]`` regardless.
    ent_labels: tuple[str, ...] | None = None
    #: Token formats but spaCy (CoNLL, BIOES, hf): our tokens ("ours") or whitespace runs.
    token_scheme: Literal["ours", "whitespace"] = "ours"


@dataclass(frozen=True, slots=True)
class ReportItem:
    """One span (or relation) that a writer dropped or wrote differently, and why."""

    document: str
    ident: str
    label: str
    start: int
    end: int
    reason: str

    def __str__(self) -> str:
        return f"{self.document}:{self.start}-{self.end}: {self.label} {self.ident}: {self.reason}"


@dataclass
class ExportReport:
    """What a writer wrote, and everything it could not write as it was.

    ``dropped``: spans or relations missing from the output. ``changed``: spans written with a
    different extent or in a weaker place (e.g. expanded to token boundaries). ``lost``: counts
    of things the format has no place for at all (attributes, notes, relations, ids, layout).
    """

    format: str
    documents: int = 0
    spans: int = 0
    relations: int = 0
    dropped: list[ReportItem] = field(default_factory=list)
    changed: list[ReportItem] = field(default_factory=list)
    lost: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    def merge(self, other: ExportReport) -> None:
        self.documents += other.documents
        self.spans += other.spans
        self.relations += other.relations
        self.dropped.extend(other.dropped)
        self.changed.extend(other.changed)
        self.lost.update(other.lost)
        self.notes.extend(other.notes)
        self.files.extend(other.files)

    def lose_unsupported(
        self, aset: AnnotationSet, *, attributes: bool, notes: bool, relations: bool
    ) -> None:
        """Count the parts of a set this format has no place for."""
        counts = {
            "attributes": sum(len(s.attributes) for s in aset.spans) if attributes else 0,
            "notes": sum(1 for s in aset.spans if s.note) if notes else 0,
            "relations": len(aset.relations) if relations else 0,
        }
        self.lost.update({k: v for k, v in counts.items() if v})


class Progress(Protocol):
    def advance(self, count: int = 1) -> None: ...


class NoProgress:
    def advance(self, count: int = 1) -> None:
        pass


NO_PROGRESS = NoProgress()

Reader = Callable[[Path, ReadOptions], Corpus]
Writer = Callable[[Sequence[AnnotationSet], Path, WriteOptions, Progress], ExportReport]
#: Joins outputs written for consecutive runs of documents into ``out``; returns the files
#: written (the output, and any file a writer writes next to it).
Joiner = Callable[[Sequence[Path], Path], list[Path]]
#: Writes what goes with an export's parts ``(name, file)`` into a folder, given the options
#: and the labels present; returns the files written and notes for the user.
Finisher = Callable[
    [Sequence[tuple[str, Path]], Path, WriteOptions, Sequence[str]], tuple[list[Path], list[str]]
]


def concatenate(parts: Sequence[Path], out: Path) -> list[Path]:
    """Join the outputs of a format whose documents simply follow one another (JSONL, CoNLL)."""
    write_atomic(out, b"".join(part.read_bytes() for part in parts))
    return [out]


class Problems:
    """Collects the problems of one read; raises them all at once unless told to skip.

    Under ``skip_invalid`` a problem marks its item as skipped (the caller leaves it out) and is
    kept for the report; otherwise every problem is gathered and ``raise_if_any`` raises one
    ImportExportError carrying all of them, so one run shows every line to fix.
    """

    def __init__(self, skip_invalid: bool) -> None:
        self.skip_invalid = skip_invalid
        self.fatal: list[Problem] = []
        self.skipped: list[Problem] = []

    def add(self, place: Place, message: str) -> None:
        problem = Problem(place, message)
        if self.skip_invalid:
            self.skipped.append(Problem(place, f"skipped: {message}"))
        else:
            self.fatal.append(problem)

    def fail(self, place: Place, message: str) -> None:
        """A problem that no skipping can get past (the file itself is unreadable)."""
        self.fatal.append(Problem(place, message))

    def take_skipped(self) -> tuple[Problem, ...]:
        taken = tuple(self.skipped)
        self.skipped.clear()
        return taken

    def raise_if_any(self) -> None:
        if self.fatal:
            raise ImportExportError.from_problems(self.fatal)


def offset_hint(text: str, start: int, end: int, expected: str) -> str:
    """Why quoted span text may not match: offsets counted the way another tool counts.

    JavaScript tools count UTF-16 code units (an emoji is two), and tools that read texts with
    universal newlines (brat 1.3 on Python 2) count CRLF as one character. If either reading of
    the offsets gives the quoted text, say so; otherwise say nothing.
    """
    utf16 = text.encode("utf-16-le", "surrogatepass")
    if 0 <= start <= end and 2 * end <= len(utf16):
        piece = utf16[2 * start : 2 * end].decode("utf-16-le", "replace")
        if piece == expected:
            return " (the offsets fit if counted in UTF-16 code units, as JavaScript tools do)"
    if "\r" in text:
        folded = text.replace("\r\n", "\n").replace("\r", "\n")
        if folded[start:end] == expected:
            return (
                " (the offsets fit if CRLF counts as one character, as in tools that read "
                "texts with universal newlines, e.g. brat 1.3)"
            )
    return ""


def check_quoted_text(text: str, start: int, end: int, quoted: str | None, what: str) -> str | None:
    """Why offsets do not fit the text (outside it, reversed, or not the quoted text), or None."""
    if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool):
        return f"{what}: offsets must be whole numbers, not {start!r}-{end!r}"
    if start < 0 or end > len(text):
        hint = offset_hint(text, start, end, quoted) if quoted is not None else ""
        return f"{what}: offsets {start}-{end} are outside the text (0-{len(text)}){hint}"
    if start >= end:
        return f"{what}: empty or reversed range {start}-{end}"
    if quoted is not None and text[start:end] != quoted:
        return (
            f"{what}: text {quoted!r} does not match the document at {start}-{end}, which reads "
            f"{text[start:end]!r}{offset_hint(text, start, end, quoted)}"
        )
    return None


def numbered_id(prefix: str, value: object) -> str:
    """Our id for a numeric id from another tool: 7 -> 's7'; strings pass through."""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{prefix}{value}"
    return str(value)


def document_id_from(stem: str, index: int, width: int) -> str:
    """A made-up document id for formats without ids: the file stem and a 1-based number."""
    return f"{stem}-{index:0{width}d}"


def sorted_spans(spans: Sequence[Span]) -> tuple[Span, ...]:
    return tuple(sorted(spans, key=lambda s: s.sort_key))
