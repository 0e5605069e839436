"""Every import/export format in one list, for the CLI, the app's menus and other code.

Each ``Format`` names its reader and writer over the same model, says whether a round trip
through it keeps everything (``lossless``: model -> format -> model is the identity, checked by
property tests) and, in ``drops``, what it loses otherwise. ``get_format`` turns a name from the
command line into a format or a clear error; ``read_corpus`` reads a file in any format (the
metrics' ``evaluate --pred-format`` uses it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from annotator.bulk import cycle_collector_paused
from annotator.errors import ImportExportError
from annotator.formats import brat, conll, hf, jsonl, labelstudio, spacy_config, spacy_docbin
from annotator.formats.base import (
    Corpus,
    Finisher,
    Joiner,
    Reader,
    ReadOptions,
    Writer,
    concatenate,
)


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    description: str
    #: File name endings of what the format writes (a folder for brat).
    extensions: tuple[str, ...]
    #: True when the output is a folder of files rather than one file.
    folder: bool
    lossless: bool
    drops: str
    read: Reader | None
    write: Writer | None
    #: Whether read documents carry the exact text (False: rebuilt from tokens).
    carries_text: bool = True
    #: The optional extra the format needs (``pip install 'annotator[<extra>]'``), if any.
    extra: str | None = None
    #: Joins outputs written for consecutive runs of documents into the output of them all,
    #: exactly as one write would give it; a format with one can be exported in parallel.
    join: Joiner | None = None
    #: Files written next to the output (into its folder, or the split folder) once every
    #: part is written, e.g. spaCy's config.cfg; ``companions`` names them so they are
    #: checked like the output before anything is written.
    finish: Finisher | None = None
    companions: Callable[[Path], list[Path]] | None = None

    @property
    def default_extension(self) -> str:
        return self.extensions[0]


_TOKEN_DROPS = (
    "overlapping and nested spans (one tag per token; the outermost is kept, each dropped span "
    "is listed), spans that do not line up with tokens (expanded or skipped, listed), "
    "attributes, notes, relations, document ids, and the text layout (rebuilt on import as "
    "single spaces between tokens and newlines between sentences)"
)

_FORMATS: tuple[Format, ...] = (
    Format(
        name="brat",
        description="brat standoff: a folder of .txt + .ann files and annotation.conf",
        extensions=("",),
        folder=True,
        lossless=True,
        drops=(
            "nothing for spans and relations with sN/rN ids (other ids are renumbered); a line "
            "break at the very start or end of a span (brat lines cannot hold one; reported)"
        ),
        read=brat.read_brat,
        write=brat.write_brat,
    ),
    Format(
        name="conll",
        description="CoNLL token file with BIO (IOB2) tags, one token per line",
        extensions=(".conll",),
        folder=False,
        lossless=False,
        drops=_TOKEN_DROPS,
        read=conll.read_conll,
        write=conll.write_bio,
        join=concatenate,
        carries_text=False,
    ),
    Format(
        name="bioes",
        description="CoNLL token file with BIOES tags (S- single, E- end of entity)",
        extensions=(".conll",),
        folder=False,
        lossless=False,
        drops=_TOKEN_DROPS,
        read=conll.read_conll,
        write=conll.write_bioes,
        join=concatenate,
        carries_text=False,
    ),
    Format(
        name="jsonl",
        description=(
            "JSON Lines, one document per line: our shape (default), doccano's or spaCy's "
            "Doc JSON (--jsonl-shape)"
        ),
        extensions=(".jsonl",),
        folder=False,
        lossless=True,
        drops=(
            "nothing in our shape; doccano: attributes, notes, relations, span ids; "
            "doccano-rel: attributes, notes; spacy: as the spacy format"
        ),
        read=jsonl.read_jsonl,
        write=jsonl.write_jsonl,
        join=concatenate,
    ),
    Format(
        name="spacy",
        description=(
            "spaCy DocBin (.spacy) and a config.cfg for spacy train on these exact tokens; "
            "needs annotator[spacy]"
        ),
        extensions=(".spacy",),
        folder=False,
        lossless=False,
        drops=(
            "attributes, notes, relations, span ids; spans that do not line up with tokens "
            "(expanded or skipped, listed); every span is in doc.spans['sc'], doc.ents holds "
            "the outermost of the entity labels (all but CLAIM unless --ents says otherwise; "
            "overlaps listed)"
        ),
        read=spacy_docbin.read_docbin,
        write=spacy_docbin.write_docbin,
        join=spacy_docbin.join_docbins,
        finish=spacy_config.finish_export,
        companions=spacy_config.companion_files,
        extra="spacy",
    ),
    Format(
        name="hf",
        description=(
            "Hugging Face datasets folder (parquet + dataset card) for datasets.load_dataset: "
            "tokens, BIO ner_tags as a ClassLabel, character spans; needs annotator[hf]"
        ),
        extensions=("",),
        folder=True,
        lossless=False,
        drops=(
            "attributes, notes, relations, span ids; in ner_tags, spans that overlap (the "
            "outermost entity is tagged, listed) and CLAIM (unless --ents); every span stays in "
            "the spans column"
        ),
        read=None,
        write=hf.write_hf,
        extra="hf",
        finish=hf.finish_export,
        companions=hf.companion_files,
    ),
    Format(
        name="labelstudio",
        description="Label Studio JSON tasks with annotations (or predictions) and a config",
        extensions=(".json",),
        folder=False,
        lossless=True,
        drops="nothing (relation ids travel in an 'id' key Label Studio ignores)",
        read=labelstudio.read_labelstudio,
        write=labelstudio.write_labelstudio,
        join=labelstudio.join_labelstudio,
    ),
)


def formats() -> list[Format]:
    """Every format, in the order menus and help list them."""
    return list(_FORMATS)


def readable() -> list[Format]:
    return [f for f in _FORMATS if f.read is not None]


def writable() -> list[Format]:
    return [f for f in _FORMATS if f.write is not None]


def get_format(name: str) -> Format:
    for fmt in _FORMATS:
        if fmt.name == name:
            return fmt
    known = ", ".join(f.name for f in _FORMATS)
    raise ImportExportError(f"unknown format {name!r} (known formats: {known})")


def ensure_available(fmt: Format) -> None:
    """Raise a clear error now if the format needs an optional extra that is not installed."""
    if fmt.extra == "spacy":
        spacy_docbin.require_spacy()
    elif fmt.extra == "hf":
        hf.require_datasets()


def read_corpus(path: Path, name: str, options: ReadOptions | None = None) -> Corpus:
    """Documents of ``path`` read as format ``name``; raises ImportExportError with every
    problem (file and line) unless ``options.skip_invalid``, which leaves bad items out and
    lists them in ``Corpus.all_skipped()``."""
    fmt = get_format(name)
    if fmt.read is None:
        raise ImportExportError(f"format {name!r} cannot be read")
    path = Path(path)
    if not path.exists():
        raise ImportExportError("no such file or folder", file=path)
    ensure_available(fmt)
    with cycle_collector_paused():
        return fmt.read(path, options or ReadOptions())
