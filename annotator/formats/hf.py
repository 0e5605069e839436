"""Hugging Face ``datasets`` export: a folder that ``datasets.load_dataset(DIR)`` reads.

Needs ``annotator[hf]`` (the ``datasets`` library, imported only when this format is used).
One row per sentence of each document::

    id          "<document>-<n>"        document    the document id
    sentence    n (from 0)              text        the sentence's exact text
    start       its offset in the document
    tokens      the tokens              token_starts / token_ends   their document offsets
    ner_tags    Sequence(ClassLabel)    BIO tags: O, then B-/I- of each entity label
    spans       every span starting in the sentence: {start, end, label} document offsets
                (end exclusive), nested ones and CLAIMs included

Tokens are ours (tokenization.py) or whitespace runs (``WriteOptions.token_scheme``), with
clitics split if asked. The tags are those of the CoNLL export for the same tokens, computed
the same way (fitting.py, outermost first), over the entity labels (spacy_shape.entity_labels:
every label but CLAIM unless ``ent_labels`` says otherwise), so a tagger trained on them learns
what ``annotator evaluate`` scores. The sentences are the CoNLL export's, never breaking inside
a tagged entity.

Each part is written by ``datasets`` itself (``Dataset.to_parquet``, which keeps the features,
ClassLabel names included, in the file); the ``README.md`` dataset card written next to the
parts names them as splits, so ``load_dataset(DIR)`` gives a DatasetDict with the split names
of ``--split`` (or one ``train`` split).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from annotator.errors import ImportExportError
from annotator.formats.base import ExportReport, Progress, WriteOptions
from annotator.formats.fitting import fit_spans, item, outermost
from annotator.formats.spacy_shape import entity_labels
from annotator.formats.tokenization import merge_guarded, sentence_ranges, tokens_for
from annotator.model.annotation_set import AnnotationSet
from annotator.store.atomic import write_atomic

INSTALL_HINT = "pip install 'annotator[hf]'"
DATA_FILE = "data.parquet"
CARD = "README.md"


def require_datasets() -> Any:
    try:
        import datasets
    except ImportError:
        raise ImportExportError(
            f"the hf format needs Hugging Face datasets, which is not installed: {INSTALL_HINT}"
        ) from None
    return datasets


def tag_names(labels: Sequence[str]) -> list[str]:
    """The ClassLabel names: O, then B- and I- of each label in order."""
    return ["O", *(f"{p}-{label}" for label in labels for p in ("B", "I"))]


def features(labels: Sequence[str]) -> Any:
    datasets = require_datasets()
    offsets = datasets.Sequence(datasets.Value("int32"))
    return datasets.Features(
        {
            "id": datasets.Value("string"),
            "document": datasets.Value("string"),
            "sentence": datasets.Value("int32"),
            "text": datasets.Value("string"),
            "start": datasets.Value("int32"),
            "tokens": datasets.Sequence(datasets.Value("string")),
            "token_starts": offsets,
            "token_ends": offsets,
            "ner_tags": datasets.Sequence(datasets.ClassLabel(names=tag_names(labels))),
            "spans": [
                {
                    "start": datasets.Value("int32"),
                    "end": datasets.Value("int32"),
                    "label": datasets.Value("string"),
                }
            ],
        }
    )


def sentence_rows(
    aset: AnnotationSet, options: WriteOptions, labels: Sequence[str], report: ExportReport
) -> list[dict[str, Any]]:
    """The rows of one set, reporting every span that could not be tagged as it is."""
    text = aset.text
    doc = aset.document.id
    tokens = tokens_for(text, options.split_clitics, options.token_scheme)
    fitted = fit_spans(aset, tokens, options.alignment, report)
    wanted = set(labels)
    kept, collisions = outermost(aset, [f for f in fitted if f.label in wanted])
    for f, winner in collisions:
        report.changed.append(
            item(
                doc,
                aset.span(f.span_id),
                f"overlaps {winner.label} {winner.id} at {winner.start}-{winner.end}: in spans, "
                "not in ner_tags (one tag per token)",
            )
        )
    tags = ["O"] * len(tokens)
    for f in kept:
        tags[f.first] = f"B-{f.label}"
        for i in range(f.first + 1, f.stop):
            tags[i] = f"I-{f.label}"
    ranges = merge_guarded(sentence_ranges(text, tokens), [(f.first, f.stop - 1) for f in kept])
    rows: list[dict[str, Any]] = []
    spans = sorted(aset.spans, key=lambda s: (s.start, s.end, s.label))
    k = 0
    for n, (i, j) in enumerate(ranges):
        start = tokens[i].start
        stop = tokens[j].start if j < len(tokens) else len(text)
        mine: list[dict[str, Any]] = []
        while k < len(spans) and spans[k].start < stop:
            span = spans[k]
            mine.append({"start": span.start, "end": span.end, "label": span.label})
            k += 1
        rows.append(
            {
                "id": f"{doc}-{n}",
                "document": doc,
                "sentence": n,
                "text": text[start : tokens[j - 1].end],
                "start": start,
                "tokens": [text[t.start : t.end] for t in tokens[i:j]],
                "token_starts": [t.start for t in tokens[i:j]],
                "token_ends": [t.end for t in tokens[i:j]],
                "ner_tags": tags[i:j],
                "spans": mine,
            }
        )
    if spans[k:] and rows:  # spans in whitespace after the last token
        rows[-1]["spans"] = [
            *rows[-1]["spans"],
            *({"start": s.start, "end": s.end, "label": s.label} for s in spans[k:]),
        ]
    report.spans += len(aset.spans)
    report.documents += 1
    report.lose_unsupported(aset, attributes=True, notes=True, relations=True)
    return rows


def write_hf(
    sets: Sequence[AnnotationSet], out: Path, options: WriteOptions, progress: Progress
) -> ExportReport:
    """One part: ``out/data.parquet`` (``out`` is a folder)."""
    datasets = require_datasets()
    report = ExportReport("hf")
    labels = entity_labels(options, (s.label for a in sets for s in a.spans))
    rows: list[dict[str, Any]] = []
    for aset in sets:
        rows.extend(sentence_rows(aset, options, labels, report))
        progress.advance()
    columns = {name: [row[name] for row in rows] for name in features(labels)}
    dataset = datasets.Dataset.from_dict(columns, features=features(labels))
    out.mkdir(parents=True, exist_ok=True)
    target = out / DATA_FILE
    temp = out / f".{DATA_FILE}.part"
    dataset.to_parquet(str(temp))
    temp.replace(target)
    report.files.append(target)
    return report


def finish_export(
    parts: Sequence[tuple[str, Path]],
    folder: Path,
    options: WriteOptions,
    present_labels: Sequence[str],
) -> tuple[list[Path], list[str]]:
    """The dataset card naming each part as a split, so ``load_dataset(folder)`` finds them."""
    configs = []
    for name, target in parts:
        split = "train" if name == "all" else name
        relative = (target / DATA_FILE).relative_to(folder).as_posix()
        configs.append({"split": split, "path": relative})
    labels = entity_labels(options, present_labels)
    header = yaml.safe_dump(
        {"configs": [{"config_name": "default", "data_files": configs}]},
        sort_keys=False,
        allow_unicode=True,
    )
    card = (
        f"---\n{header}---\n\n"
        "# Annotations exported by annotator\n\n"
        "One row per sentence: `tokens`, `ner_tags` (BIO, a ClassLabel over "
        f"{', '.join(tag_names(labels))}), and `spans` with character offsets into the document "
        'text (end exclusive). Load with `datasets.load_dataset("<this folder>")`.\n'
    )
    path = folder / CARD
    write_atomic(path, card)
    return [path], [f"wrote {path}: load with datasets.load_dataset({str(folder)!r})"]


def companion_files(folder: Path) -> list[Path]:
    return [folder / CARD]
