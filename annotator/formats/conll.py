"""CoNLL token files with BIO (IOB2) or BIOES tags, for sequence taggers.

Written as one ``TOKEN TAG`` line per token (tokens never contain whitespace), a blank line
after each sentence, and ``-DOCSTART- -X- O O`` plus a blank line before each document: the
CoNLL-2003 convention that spaCy's ``conll-ner`` converter, seqeval-based scripts and most
taggers read. Tokens and sentences come from tokenization.py (the project tokenisation).

What the format cannot hold, and the writer reports: spans that overlap or nest (one tag per
token; the outermost, then leftmost, span is kept and each dropped one is listed with the span
it collides with), spans that do not line up with tokens (expanded or skipped, listed),
attributes, notes, relations, document ids and the text's own layout (counted).

Reading accepts BIO/IOB2, IOB1, BIOES and BILOU tags and groups them into entities exactly as
seqeval does by default (conlleval rules: an I- tag after O or after another type starts a new
entity). A CoNLL file carries only tokens, so the text is rebuilt with one space between tokens
and a newline between sentences, without the byte order mark and bidi marks that public
corpora put in tokens (hygiene.py; counted per mark, and a token of only marks is no token);
documents get ids ``<file stem>-<n>``. When reference texts are given (``ReadOptions.texts``,
which ``annotator import`` fills with the project's texts), a document whose tokens are exactly
a reference text's non-space characters in order is mapped onto that text: its spans get the
real offsets and the document its real id.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from annotator.errors import ImportExportError, Place, Problem
from annotator.formats.base import (
    Corpus,
    ExportReport,
    ImportedDocument,
    Problems,
    Progress,
    ReadOptions,
    WriteOptions,
    document_id_from,
)
from annotator.formats.fitting import fit_spans, item, outermost
from annotator.formats.tokenization import (
    align_words,
    content_key,
    merge_guarded,
    sentence_ranges,
    tokens_for,
)
from annotator.model.annotation_set import AnnotationSet
from annotator.model.span import Span
from annotator.store.atomic import write_atomic
from annotator.store.texts import read_text
from annotator.text.hygiene import strip_marks

DOCSTART = "-DOCSTART- -X- O O"
_TAG = re.compile(r"^(?P<prefix>[BIESLU])-(?P<type>\S+)$")
_PREFIX_ALIASES = {"L": "E", "U": "S"}


# -- writing ------------------------------------------------------------------------------------


def write_bio(
    sets: Sequence[AnnotationSet], out: Path, options: WriteOptions, progress: Progress
) -> ExportReport:
    return _write(sets, out, options, progress, "conll", bioes=False)


def write_bioes(
    sets: Sequence[AnnotationSet], out: Path, options: WriteOptions, progress: Progress
) -> ExportReport:
    return _write(sets, out, options, progress, "bioes", bioes=True)


def _write(
    sets: Sequence[AnnotationSet],
    out: Path,
    options: WriteOptions,
    progress: Progress,
    name: str,
    *,
    bioes: bool,
) -> ExportReport:
    report = ExportReport(name)
    lines: list[str] = []
    for aset in sets:
        lines.extend(document_lines(aset, options, report, bioes=bioes))
        progress.advance()
    write_atomic(out, "\n".join(lines) + ("\n" if lines else ""))
    report.files.append(out)
    return report


def tagged_tokens(
    aset: AnnotationSet, options: WriteOptions, report: ExportReport, *, bioes: bool
) -> tuple[list[tuple[str, str]], list[tuple[int, int]]]:
    """Tokens with their tags and the sentence ranges of one set, reporting every span that
    could not be tagged as it is."""
    text = aset.text
    doc = aset.document.id
    tokens = tokens_for(text, options.split_clitics, options.token_scheme)
    kept, collisions = outermost(aset, fit_spans(aset, tokens, options.alignment, report))
    for fitted, winner in collisions:
        report.dropped.append(
            item(
                doc,
                aset.span(fitted.span_id),
                f"overlaps {winner.label} {winner.id} at {winner.start}-{winner.end} "
                "(one tag per token: no nesting or overlap)",
            )
        )
    tags = ["O"] * len(tokens)
    for f in kept:
        for i in range(f.first, f.stop):
            tags[i] = f"I-{f.label}"
        if bioes and f.stop - f.first == 1:
            tags[f.first] = f"S-{f.label}"
        else:
            tags[f.first] = f"B-{f.label}"
            if bioes:
                tags[f.stop - 1] = f"E-{f.label}"
    report.spans += len(kept)
    report.documents += 1
    report.lose_unsupported(aset, attributes=True, notes=True, relations=True)
    report.lost["document ids"] += 1
    plain = sentence_ranges(text, tokens)
    ranges = merge_guarded(plain, [(f.first, f.stop - 1) for f in kept])
    if len(ranges) < len(plain):
        report.notes.append(
            f"{doc}: {len(plain) - len(ranges)} sentence breaks inside written spans were not used"
        )
    words = [text[t.start : t.end] for t in tokens]
    if rebuilt_text([words[i:j] for i, j in ranges]) != text:
        report.lost["text layouts"] += 1
    return list(zip(words, tags, strict=True)), ranges


def document_lines(
    aset: AnnotationSet, options: WriteOptions, report: ExportReport, *, bioes: bool
) -> list[str]:
    tagged, ranges = tagged_tokens(aset, options, report, bioes=bioes)
    lines = [DOCSTART, ""]
    for i, j in ranges:
        lines.extend(f"{token} {tag}" for token, tag in tagged[i:j])
        lines.append("")
    return lines


def rebuilt_text(sentences: Sequence[Sequence[str]]) -> str:
    """The text a CoNLL reader sees: tokens joined by a space, sentences by a newline."""
    return "\n".join(" ".join(tokens) for tokens in sentences)


# -- reading ------------------------------------------------------------------------------------


def chunks(tags: Sequence[tuple[str, str]]) -> list[tuple[str, int, int]]:
    """Entities ``(type, first, last)`` in one sentence of ``(prefix, type)`` tags, following
    seqeval's default (conlleval) rules so that our counts equal seqeval's."""
    found: list[tuple[str, int, int]] = []
    prev_tag, prev_type, begin = "O", "", 0
    for i, (tag, type_) in enumerate([*tags, ("O", "")]):
        ends = (
            prev_tag in ("E", "S")
            or (prev_tag in ("B", "I") and tag in ("B", "S", "O"))
            or (prev_tag != "O" and prev_type != type_)
        )
        starts = (
            tag in ("B", "S")
            or (prev_tag in ("E", "S", "O") and tag in ("E", "I"))
            or (tag != "O" and prev_type != type_)
        )
        if ends:
            found.append((prev_type, begin, i - 1))
        if starts:
            begin = i
        prev_tag, prev_type = tag, type_
    return found


def parse_tag(tag: str) -> tuple[str, str] | None:
    if tag == "O":
        return ("O", "")
    match = _TAG.match(tag)
    if match is None:
        return None
    prefix = match.group("prefix")
    return (_PREFIX_ALIASES.get(prefix, prefix), match.group("type"))


Row = tuple[str, tuple[str, str], int]  # token, (prefix, type), line


def read_conll(path: Path, options: ReadOptions) -> Corpus:
    suffixes = (".conll", ".bio", ".bioes")
    files = sorted(p for p in path.iterdir() if p.suffix in suffixes) if path.is_dir() else [path]
    if not files:  # (a folder: importing nothing would look like success)
        raise ImportExportError(f"no CoNLL files ({', '.join(suffixes)}) here", file=path)
    corpus = Corpus()
    for file in files:
        corpus.extend(_read_file(file, options))
    return corpus


@dataclass
class _Doc:
    line: int
    sentences: list[list[Row]] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    #: Invisible marks taken out of tokens, by name (hygiene.mark_name).
    removed: Counter[str] = field(default_factory=Counter)


def _read_file(path: Path, options: ReadOptions) -> list[ImportedDocument]:
    problems = Problems(options.skip_invalid)
    docs: list[_Doc] = []
    sentence: list[Row] = []

    def close_sentence() -> None:
        nonlocal sentence
        if sentence:
            docs[-1].sentences.append(sentence)
        sentence = []

    for number, line in enumerate(read_text(path).splitlines(), start=1):
        columns = line.split()
        if not columns:
            close_sentence()
            continue
        token, removed = strip_marks(columns[0])
        if token == "-DOCSTART-":
            close_sentence()
            docs.append(_Doc(number))
            docs[-1].removed.update(removed)
            continue
        if not docs:
            docs.append(_Doc(number))
        if removed:
            docs[-1].removed.update(removed)
            if not token:
                docs[-1].removed["tokens that were only marks (left out)"] += 1
        tag = parse_tag(columns[-1]) if len(columns) >= 2 else None
        if tag is None:
            where = Place(str(path), number)
            if len(columns) < 2:
                problems.add(where, f"expected 'TOKEN TAG', found {line.strip()!r}; read as O")
            else:
                problems.add(
                    where,
                    f"{columns[-1]!r} is not a tag (O, or B-/I-/E-/S-/L-/U- and a label); "
                    "read as O",
                )
            docs[-1].skipped.extend(problems.take_skipped())
            tag = ("O", "")
        sentence.append((token, tag, number))
    close_sentence()
    problems.raise_if_any()
    width = len(str(len(docs)))
    index = _reference_index(options.texts)
    out = []
    for n, doc in enumerate(docs, start=1):
        imported = _document(path, doc, document_id_from(path.stem, n, width))
        if index:
            imported = _align_by_content(imported, index, options.texts or {})
        out.append(imported)
    return out


def _document(path: Path, doc: _Doc, doc_id: str) -> ImportedDocument:
    """The document of ``doc``'s rows. Entities are grouped on all rows, as the file's tags
    say (seqeval's way), and then put on the rows that still have a token: a row that was only
    invisible marks is no token, and an entity of only such rows is left out (noted)."""
    pieces: list[str] = []
    tokens: list[tuple[int, int]] = []
    spans: list[Span] = []
    places: dict[str, Place] = {}
    notes: list[str] = []
    pos = 0
    for rows in doc.sentences:
        kept = [r for r, (token, _, _) in enumerate(rows) if token]
        if not kept:
            continue
        if tokens:
            pieces.append("\n")
            pos += 1
        at: dict[int, tuple[int, int]] = {}
        for n, r in enumerate(kept):
            if n:
                pieces.append(" ")
                pos += 1
            token = rows[r][0]
            pieces.append(token)
            at[r] = (pos, pos + len(token))
            tokens.append(at[r])
            pos += len(token)
        for type_, a, b in chunks([tag for _, tag, _ in rows]):
            inside = [r for r in range(a, b + 1) if r in at]
            if not inside:
                notes.append(
                    f"{path}:{rows[a][2]}: {type_} entity of only invisible marks left out"
                )
                continue
            span_id = f"s{len(spans) + 1}"
            spans.append(Span(span_id, type_, at[inside[0]][0], at[inside[-1]][1]))
            places[span_id] = Place(str(path), rows[a][2])
    return ImportedDocument(
        id=doc_id,
        text="".join(pieces),
        spans=tuple(spans),
        relations=(),
        source=Place(str(path), doc.line),
        span_places=places,
        text_exact=False,
        id_given=False,
        tokens=tuple(tokens),
        skipped=tuple(doc.skipped),
        notes=tuple(notes),
        removed_marks=doc.removed,
    )


def _reference_index(texts: Mapping[str, str] | None) -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for doc_id, text in sorted((texts or {}).items()):
        index.setdefault(content_key(text), []).append(doc_id)
    return index


def _align_by_content(
    doc: ImportedDocument, index: dict[str, list[str]], texts: Mapping[str, str]
) -> ImportedDocument:
    candidates = index.get(content_key(doc.text), [])
    for doc_id in candidates:
        aligned = align_to_text(doc, doc_id, texts[doc_id])
        if aligned is not None:
            if len(candidates) > 1:
                others = ", ".join(c for c in candidates if c != doc_id)
                aligned = replace(
                    aligned,
                    notes=(
                        *aligned.notes,
                        f"tokens also match {others}; mapped onto {doc_id} (first by id)",
                    ),
                )
            return aligned
    return doc


def align_to_text(doc: ImportedDocument, doc_id: str, text: str) -> ImportedDocument | None:
    """``doc`` (read from tokens) mapped onto the exact ``text`` of document ``doc_id``, if the
    text is exactly its tokens with some whitespace between; None otherwise."""
    words = [doc.text[a:b] for a, b in doc.tokens]
    offsets = align_words(text, words)
    if offsets is None:
        return None
    by_start = {a: i for i, (a, _) in enumerate(doc.tokens)}
    by_end = {b: i for i, (_, b) in enumerate(doc.tokens)}
    spans = tuple(
        replace(s, start=offsets[by_start[s.start]][0], end=offsets[by_end[s.end]][1])
        for s in doc.spans
    )
    return replace(
        doc,
        id=doc_id,
        text=text,
        spans=spans,
        text_exact=True,
        id_given=True,
        tokens=tuple(offsets),
        notes=(*doc.notes, f"{doc.source}: tokens match the text of {doc_id}; offsets mapped"),
    )
