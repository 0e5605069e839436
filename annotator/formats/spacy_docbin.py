"""spaCy DocBin (``.spacy``), the training data ``spacy train`` reads. Needs ``annotator[spacy]``.

spaCy is imported only when this format is used, so the rest of the tool works without it.
Each set becomes a ``Doc`` with our tokens (see spacy_shape.py: whitespace kept exactly, spans
fitted to tokens by the alignment policy), sentence starts set, the non-overlapping entities
(by default every label but CLAIM) in ``doc.ents`` and every span in ``doc.spans["sc"]``. The
export also writes a ``config.cfg`` that trains on these exact tokens (spacy_config.py). The
document id is kept in ``doc.user_data["annotator_id"]``.

Reading takes ``doc.spans["sc"]`` and ``doc.ents`` of each Doc (ids from user data when
present, else ``<file stem>-<n>``); the text is the Doc's text without invisible (bidi) marks,
which are counted, spans remapped exactly; a Doc whose text is exactly that of the project
document with its id (``ReadOptions.texts``) keeps it as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from annotator.errors import ImportExportError, Place
from annotator.formats.base import (
    Corpus,
    ExportReport,
    ImportedDocument,
    Progress,
    ReadOptions,
    WriteOptions,
    document_id_from,
    sorted_spans,
)
from annotator.formats.cleaning import clean_document
from annotator.formats.spacy_shape import SPAN_KEY, spacy_layout
from annotator.model.annotation_set import AnnotationSet
from annotator.model.span import Span
from annotator.store.atomic import write_atomic

ID_KEY = "annotator_id"
#: The token attributes our Docs carry besides the text and spaces (which a DocBin always
#: keeps): the entity tags and sentence starts. Tags, lemmas, heads and the rest are empty here, and leaving them
#: out makes the file less than half the size and quicker to write.
DOCBIN_ATTRS = ("ENT_IOB", "ENT_TYPE", "SENT_START")
INSTALL_HINT = "pip install 'annotator[spacy]'"


def require_spacy() -> Any:
    """The spacy module, or a clear error saying how to get it."""
    try:
        import spacy
    except ImportError:
        raise ImportExportError(
            f"the spaCy format needs spaCy, which is not installed: {INSTALL_HINT}"
        ) from None
    return spacy


def write_docbin(
    sets: Sequence[AnnotationSet], out: Path, options: WriteOptions, progress: Progress
) -> ExportReport:
    require_spacy()
    from spacy.tokens import Doc, DocBin
    from spacy.vocab import Vocab

    vocab = Vocab()
    report = ExportReport("spacy")
    docbin = DocBin(attrs=DOCBIN_ATTRS, store_user_data=True)
    for aset in sets:
        layout = spacy_layout(aset, options, report, with_sentences=True)
        text = aset.text
        doc = Doc(
            vocab,
            words=[text[a:b] for a, b, _ in layout.words],
            spaces=[space for _, _, space in layout.words],
        )
        if doc.text != text:  # pragma: no cover - spacy_words guarantees it
            raise ImportExportError(
                f"spaCy rebuilt the text of {aset.document.id} differently", file=out
            )
        _set_sentences(doc, layout.sents)
        doc.ents = _char_spans(doc, layout.ents)
        doc.spans[SPAN_KEY] = _char_spans(doc, layout.spans)
        doc.user_data[ID_KEY] = aset.document.id
        docbin.add(doc)
        report.lose_unsupported(aset, attributes=True, notes=True, relations=True)
        report.lost["span ids"] += len(aset.spans)
        progress.advance()
    write_atomic(out, docbin.to_bytes())
    report.files.append(out)
    return report


def join_docbins(parts: Sequence[Path], out: Path) -> list[Path]:
    """One DocBin of the Docs of ``parts``, in order (a parallel export's chunks)."""
    require_spacy()
    from spacy.tokens import DocBin

    joined = DocBin(attrs=DOCBIN_ATTRS, store_user_data=True)
    for part in parts:
        joined.merge(DocBin(attrs=DOCBIN_ATTRS, store_user_data=True).from_disk(part))
    write_atomic(out, joined.to_bytes())
    return [out]


def _set_sentences(doc: Any, sents: list[tuple[int, int]]) -> None:
    """Mark every token as starting a sentence or not (whitespace tokens between sentences
    belong to the sentence before), so ``doc.sents`` works without a parser."""
    starts = {a for a, _ in sents}
    for i, token in enumerate(doc):
        token.is_sent_start = i == 0 or token.idx in starts


def _char_spans(doc: Any, extents: list[tuple[int, int, str]]) -> list[Any]:
    """spaCy spans for extents that line up with the Doc's tokens (spacy_layout made sure)."""
    spans = []
    for a, b, label in extents:
        span = doc.char_span(a, b, label=label)
        if span is None:  # pragma: no cover - would be a bug in spacy_layout
            raise ImportExportError(f"{a}-{b} does not line up with spaCy's tokens")
        spans.append(span)
    return spans


def read_docbin(path: Path, options: ReadOptions) -> Corpus:
    require_spacy()
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    try:
        docs = list(DocBin().from_bytes(path.read_bytes()).get_docs(Vocab()))
    except (ValueError, KeyError, TypeError) as err:
        raise ImportExportError(f"not a spaCy DocBin file: {err}", file=path) from None
    width = len(str(len(docs)))
    corpus = Corpus()
    for n, doc in enumerate(docs, start=1):
        given = doc.user_data.get(ID_KEY)
        doc_id = str(given) if given else document_id_from(path.stem, n, width)
        found: dict[tuple[int, int, str], None] = {}
        groups = [doc.spans[SPAN_KEY]] if SPAN_KEY in doc.spans else []
        for group in (doc.ents, *groups):
            for span in group:
                found.setdefault((span.start_char, span.end_char, span.label_), None)
        spans = [Span(f"s{i}", label, a, b) for i, (a, b, label) in enumerate(found, start=1)]
        place = Place(f"{path}[doc {n}]")
        imported = ImportedDocument(
            id=doc_id,
            text=doc.text,
            spans=sorted_spans(spans),
            relations=(),
            source=place,
            id_given=bool(given),
        )
        texts = options.texts or {}
        exact = doc_id in texts and texts[doc_id] == doc.text  # a project text, as it is
        corpus.append(imported if exact else _without_marks(imported))
    return corpus


def _without_marks(doc: ImportedDocument) -> ImportedDocument:
    """A Doc's text is built from its tokens: like the other token formats, the invisible
    marks are taken out of it (spans remapped exactly; counted per mark). A span of only
    marks stays as it is and meets the importer's checks."""
    cleaned, changes, problems = clean_document(doc, only_marks=True)
    if problems or not changes:
        return doc
    removed = {what.removeprefix("removed "): n for what, n in changes.items()}
    return replace(cleaned, removed_marks=removed)
