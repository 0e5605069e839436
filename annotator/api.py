"""The Python surface of annotator, for notebooks and scripts: what the CLI does, without it.

``open_project(path)`` reads a project (documents, texts, each annotator's sets and the gold);
``evaluate(project_or_gold, predictions)`` scores predictions exactly as ``annotator evaluate``
does (``report.to_dict()`` is its ``--format json`` output); ``export(...)`` writes training
data as ``annotator export`` does. docs/api.md has doctested examples. Errors are the
AnnotatorError family (``annotator.errors``), each naming the file and place.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.errors import AnnotatorError, Place, Problem, ValidationError
from annotator.formats.exporter import ExportResult
from annotator.metrics.corpus import CorpusEvaluation, evaluate_corpus
from annotator.metrics.evaluation import SCHEMES
from annotator.metrics.evaluation_report import ReportInputs, to_json
from annotator.metrics.gold import GoldCorpus, load_gold
from annotator.metrics.predictions import (
    PredictedDoc,
    PredictionContext,
    _JsonlRecord,
    _raise_if,
    detect_format,
    load_predictions,
)
from annotator.model.annotation_set import AnnotationSet
from annotator.store.project import GOLD_NAME, Project

PathLike = str | Path

# -- projects --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Span:
    """One span as a person reads it: label, offsets (end exclusive) and the text they cover."""

    id: str
    label: str
    start: int
    end: int
    text: str
    attributes: Mapping[str, str] = field(default_factory=dict)
    note: str = ""


@dataclass(frozen=True, slots=True)
class Relation:
    id: str
    type: str
    source: str  # span id the relation goes from (a CLAIM)
    target: str  # span id it goes to (an ACTOR)


@dataclass(frozen=True)
class Annotations:
    """One annotator's (or the gold) set on one document."""

    document: str
    source: str  # the annotator's name, or "gold"
    status: str
    text: str
    spans: tuple[Span, ...]
    relations: tuple[Relation, ...]
    #: The model object underneath (annotator.model.AnnotationSet), for export and editing.
    annotation_set: AnnotationSet = field(repr=False, compare=False)

    @classmethod
    def of(cls, aset: AnnotationSet, source: str) -> Annotations:
        text = aset.text
        return cls(
            document=aset.document.id,
            source=source,
            status=aset.status,
            text=text,
            spans=tuple(
                Span(
                    s.id, s.label, s.start, s.end, text[s.start : s.end], dict(s.attributes), s.note
                )
                for s in aset.spans
            ),
            relations=tuple(Relation(r.id, r.type, r.from_id, r.to_id) for r in aset.relations),
            annotation_set=aset,
        )

    def by_label(self, label: str) -> list[Span]:
        return [s for s in self.spans if s.label == label]


class OpenProject:
    """A project read from disk. Sets are loaded (and checked) when asked for."""

    def __init__(self, project: Project) -> None:
        self.project = project

    def __repr__(self) -> str:
        return f"<annotator project {self.name!r}: {len(self.document_ids)} documents>"

    @property
    def root(self) -> Path:
        return self.project.root

    @property
    def name(self) -> str:
        return self.project.config.name

    @property
    def labels(self) -> tuple[str, ...]:
        return self.project.schema.label_names

    @property
    def document_ids(self) -> list[str]:
        return self.project.document_ids()

    @property
    def annotators(self) -> list[str]:
        return self.project.annotators()

    def text(self, doc_id: str) -> str:
        """The exact text of a document (offsets index it)."""
        return self.project.document(doc_id).text

    def annotations(self, source: str, doc_id: str) -> Annotations | None:
        """``source``'s set on ``doc_id`` (an annotator's name, or "gold"), None if none."""
        if source == GOLD_NAME:
            gold = self.project.load_gold(doc_id)
            return None if gold is None else Annotations.of(gold, GOLD_NAME)
        if source not in self.annotators:
            raise AnnotatorError(
                f"no annotator {source!r} (this project has {', '.join(self.annotators)})"
            )
        if not self.project.has_set(source, doc_id):
            return None
        return Annotations.of(self.project.load_set(source, doc_id), source)

    def sets(self, source: str) -> dict[str, Annotations]:
        """Every set of ``source`` (an annotator, or "gold"), by document id."""
        out = {}
        for doc_id in self.document_ids:
            found = self.annotations(source, doc_id)
            if found is not None:
                out[doc_id] = found
        return out

    def gold(self) -> dict[str, Annotations]:
        return self.sets(GOLD_NAME)


def open_project(path: PathLike) -> OpenProject:
    """The project in ``path`` (a folder holding annotator.yaml)."""
    return OpenProject(Project.open(Path(path)))


# -- evaluation ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Score:
    """Precision, recall and F1 with the counts they come from (spans: correct, incorrect,
    partial, missed, spurious, possible, actual; relations: gold, predicted, correct ...)."""

    precision: float
    recall: float
    f1: float
    counts: Mapping[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> Score:
        counts = {k: v for k, v in data.items() if k not in ("precision", "recall", "f1")}
        return cls(data["precision"], data["recall"], data["f1"], counts)

    def __getattr__(self, name: str) -> int:
        try:
            return self.counts[name]
        except KeyError:
            raise AttributeError(name) from None


@dataclass(frozen=True)
class SchemeScores:
    """The four schemes' scores of one label (or of all, micro-averaged)."""

    strict: Score
    exact: Score
    partial: Score
    type: Score

    def __getitem__(self, scheme: str) -> Score:
        if scheme not in SCHEMES:
            raise KeyError(scheme)
        return getattr(self, scheme)


class Report:
    """What ``annotator evaluate`` reports, as attributes.

    ``report.strict`` (and ``.exact .partial .type``): micro-averaged Score over all labels;
    ``report.macro["strict"]``: macro-averaged; ``report.labels["ACTOR"].strict``: per label;
    ``report.relations["strict"]``: relation scores. ``to_dict()`` is the JSON of
    ``annotator evaluate --format json`` for the same input; ``to_dataframe()`` a pandas
    DataFrame of every label and scheme.
    """

    def __init__(self, evaluation: CorpusEvaluation, data: dict[str, Any]) -> None:
        self.evaluation = evaluation
        self._data = data
        schemes = data["schemes"]
        micro = {s: Score.of(schemes[s]["micro"]) for s in SCHEMES}
        self.strict, self.exact = micro["strict"], micro["exact"]
        self.partial, self.type = micro["partial"], micro["type"]
        self.macro = {s: Score.of(schemes[s]["macro"]) for s in SCHEMES}
        labels = schemes["strict"]["labels"]
        self.labels = {
            label: SchemeScores(**{s: Score.of(schemes[s]["labels"][label]) for s in SCHEMES})
            for label in labels
        }
        self.relations = {mode: Score.of(r["micro"]) for mode, r in data["relations"].items()}
        self.missing: list[str] = data["documents"]["missing"]
        self.extra: list[str] = data["documents"]["extra"]

    def __repr__(self) -> str:
        s = self.strict
        return f"<evaluation: strict P {s.precision:.3f} R {s.recall:.3f} F1 {s.f1:.3f}>"

    def __getitem__(self, scheme: str) -> Score:
        return {s: getattr(self, s) for s in SCHEMES}[scheme]

    def to_dict(self) -> dict[str, Any]:
        return json.loads(json.dumps(self._data))

    def rows(self) -> Iterator[dict[str, Any]]:
        """One row per (label, scheme), the micro average under label "(all)"."""
        for scheme in SCHEMES:
            yield {"label": "(all)", "scheme": scheme, **self._data["schemes"][scheme]["micro"]}
            for label, counts in self._data["schemes"][scheme]["labels"].items():
                yield {"label": label, "scheme": scheme, **counts}

    def to_dataframe(self) -> Any:
        """A pandas DataFrame of ``rows()`` (needs pandas: ``pip install 'annotator[pandas]'``)."""
        try:
            import pandas
        except ImportError:
            raise AnnotatorError(
                "to_dataframe needs pandas, which is not installed: pip install 'annotator[pandas]'"
            ) from None
        return pandas.DataFrame(list(self.rows()))


def _gold(
    project_or_gold: OpenProject | PathLike | Sequence[PathLike],
) -> tuple[GoldCorpus, list[str]]:
    if isinstance(project_or_gold, OpenProject):
        paths = [project_or_gold.root]
    elif isinstance(project_or_gold, str | Path):
        paths = [Path(project_or_gold)]
    else:
        paths = [Path(p) for p in project_or_gold]
    return load_gold(paths), [str(p) for p in paths]


def _from_records(
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


def _docs_as_records(docs: Iterable[Any], gold: GoldCorpus) -> list[dict[str, Any]]:
    """spaCy Docs as JSONL-shaped dicts: the id from ``doc.user_data["annotator_id"]`` (what
    our export sets) or the gold document with exactly the Doc's text; spans from ``doc.ents``
    and ``doc.spans["sc"]``."""
    by_text = {g.document.text: doc_id for doc_id, g in gold.documents.items()}
    records = []
    for n, doc in enumerate(docs):
        doc_id = doc.user_data.get("annotator_id") or by_text.get(doc.text)
        if doc_id is None:
            raise ValidationError(
                f"spaCy Doc {n}: no annotator_id in user_data and its text is no gold text",
                file="<predictions>",
            )
        found: dict[tuple[int, int, str], None] = {}
        groups = [doc.spans["sc"]] if "sc" in doc.spans else []
        for group in (doc.ents, *groups):
            for span in group:
                found.setdefault((span.start_char, span.end_char, span.label_), None)
        records.append(
            {
                "id": str(doc_id),
                "text": doc.text,
                "spans": [{"start": a, "end": b, "label": label} for a, b, label in found],
            }
        )
    return records


def _is_spacy_doc(item: object) -> bool:
    return type(item).__name__ == "Doc" and type(item).__module__.startswith("spacy")


def evaluate(
    project_or_gold: OpenProject | PathLike | Sequence[PathLike],
    predictions: PathLike | Sequence[Mapping[str, Any]] | Sequence[Any],
    *,
    pred_format: str | None = None,
    labels: Iterable[str] | None = None,
    min_overlap: float = 1.0,
    skip_missing: bool = False,
    per_document: bool = False,
    errors: bool = False,
) -> Report:
    """Score ``predictions`` against the gold, as ``annotator evaluate`` does.

    ``project_or_gold``: an opened project, or what ``annotator evaluate`` takes as GOLD (a
    project folder, a folder of annotation files in a project, annotation files).
    ``predictions``: a path (any format ``annotator evaluate`` reads; ``pred_format`` as
    ``--pred-format``), a list of per-document dicts in the JSONL shape
    (``{"id": ..., "spans": [{"start", "end", "label"}], "relations": [...]}``), or spaCy
    ``Doc``s. The keywords are the command's options.
    """
    gold, gold_names = _gold(project_or_gold)
    wanted = frozenset(labels) if labels is not None else None
    if wanted is not None:
        unknown = sorted(wanted - set(gold.schema.label_names))
        if unknown:
            raise AnnotatorError(
                f"labels: unknown label {unknown[0]!r} (the schema has "
                f"{', '.join(gold.schema.label_names)})"
            )
    context = PredictionContext(gold.texts(), gold.schema, wanted)
    if isinstance(predictions, str | Path):
        path = Path(predictions)
        fmt = pred_format or detect_format(path)
        predicted = load_predictions(path, fmt, context)
        source = str(path)
    else:
        items = list(predictions)
        if items and all(_is_spacy_doc(d) for d in items):
            items = _docs_as_records(items, gold)
            fmt, source = "spacy-docs", "<spaCy Docs>"
        else:
            fmt, source = "records", "<predictions>"
        predicted = _from_records(items, context)
    ev = evaluate_corpus(
        gold,
        predicted,
        labels=wanted,
        min_overlap=min_overlap,
        count_missing=not skip_missing,
        per_document=per_document,
        errors=errors,
    )
    if ev.spans.documents == 0:
        raise AnnotatorError("no document to evaluate: none of the gold documents has a prediction")
    inputs = ReportInputs(gold_names, source, fmt, len(gold.documents), len(predicted))
    texts = {doc_id: doc.document.text for doc_id, doc in gold.documents.items()}
    data = json.loads(to_json(ev, inputs, texts, per_document=per_document, errors=errors))
    return Report(ev, data)


# -- export ----------------------------------------------------------------------------------


def export(
    project: OpenProject | PathLike,
    to: str,
    out: PathLike,
    *,
    source: str = GOLD_NAME,
    docs: Sequence[str] | None = None,
    labels: Sequence[str] | None = None,
    split: Mapping[str, float] | None = None,
    seed: int = 0,
    split_clitics: bool = False,
    align: str = "expand",
    tokens: str = "ours",
    ents: Sequence[str] | None = None,
    jsonl_shape: str = "ours",
    force: bool = False,
) -> ExportResult:
    """Write ``source``'s sets as format ``to`` (brat, conll, bioes, jsonl, spacy, hf,
    labelstudio), as ``annotator export`` does; the keywords are its options (``split`` as
    ``{"train": 0.8, "dev": 0.2}``). Returns what was written and the report of every span
    dropped or changed."""
    from annotator.formats.base import WriteOptions
    from annotator.formats.exporter import export_project
    from annotator.formats.registry import ensure_available, get_format

    opened = project if isinstance(project, OpenProject) else open_project(project)
    fmt = get_format(to)
    ensure_available(fmt)
    options = WriteOptions(
        schema=opened.project.schema,
        split_clitics=split_clitics,
        alignment=align,  # type: ignore[arg-type]
        jsonl_shape=jsonl_shape,  # type: ignore[arg-type]
        ent_labels=tuple(ents) if ents is not None else None,
        token_scheme=tokens,  # type: ignore[arg-type]
        model_version=f"annotator:{source}",
    )
    return export_project(
        opened.project,
        source,
        fmt,
        Path(out),
        options,
        doc_ids=docs,
        labels=labels,
        split=list(split.items()) if split else None,
        seed=seed,
        force=force,
        jobs=1,
    )
