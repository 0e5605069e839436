"""An evaluation as a terminal table, as JSON for CI pipelines, or as CSV.

The JSON layout is documented in docs/evaluate.md and stable: keys are always present and in the
same order (sections that need an option are absent without it), numbers are JSON numbers at full
precision and never NaN. The table shows four decimals.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from annotator.metrics.context import context_of, format_context
from annotator.metrics.corpus import CorpusEvaluation
from annotator.metrics.evaluation import SCHEMES, DocumentResult
from annotator.metrics.matching import SpanKey
from annotator.metrics.mistakes import (
    KIND_NOUNS,
    KIND_TITLES,
    RELATION_KINDS,
    SPAN_KINDS,
    RelationMistake,
    SpanMistake,
)
from annotator.metrics.prf import Counts, Scores
from annotator.metrics.relations import MODES, RelationCounts, RelationKey
from annotator.metrics.table import number, render_table
from annotator.text.safe import dumps

JSON_FORMAT = "annotator-evaluation/1"
AVERAGES = ("micro", "macro")


@dataclass(frozen=True, slots=True)
class Check:
    """The ``--fail-under`` test: one F1 against a threshold."""

    scheme: str
    average: str
    threshold: float
    value: float

    @property
    def passed(self) -> bool:
        return self.value >= self.threshold


def check_f1(ev: CorpusEvaluation, scheme: str, average: str, threshold: float) -> Check:
    scores = ev.spans.scores(scheme) if average == "micro" else ev.spans.macro(scheme)
    return Check(scheme, average, threshold, scores.f1)


@dataclass(frozen=True, slots=True)
class ReportInputs:
    """Where the numbers came from, for the report's header."""

    gold: Sequence[str]
    predictions: str
    prediction_format: str
    gold_documents: int
    predicted_documents: int


# -- JSON ------------------------------------------------------------------------------------


def _counts(c: Counts, s: Scores) -> dict[str, Any]:
    return {
        "correct": c.correct,
        "incorrect": c.incorrect,
        "partial": c.partial,
        "missed": c.missed,
        "spurious": c.spurious,
        "possible": c.possible,
        "actual": c.actual,
        "precision": s.precision,
        "recall": s.recall,
        "f1": s.f1,
    }


def _scores(s: Scores) -> dict[str, float]:
    return {"precision": s.precision, "recall": s.recall, "f1": s.f1}


def _relation_counts(c: RelationCounts) -> dict[str, Any]:
    s = c.scores()
    return {
        "gold": c.gold,
        "predicted": c.predicted,
        "correct": c.correct,
        "missed": c.missed,
        "spurious": c.spurious,
        **_scores(s),
    }


def _span(span: SpanKey | None, text: str) -> dict[str, Any] | None:
    if span is None:
        return None
    start, end, label = span
    return {"start": start, "end": end, "label": label, "text": text[start:end]}


def _relation(rel: RelationKey | None, text: str) -> dict[str, Any] | None:
    if rel is None:
        return None
    return {"type": rel[0], "from": _span(rel[1], text), "to": _span(rel[2], text)}


def _document_json(doc: DocumentResult, missing: bool) -> dict[str, Any]:
    return {
        "id": doc.id,
        "gold": len(doc.gold),
        "predicted": len(doc.pred),
        "missing": missing,
        "schemes": {s: _counts(doc.counts[s], doc.scores(s)) for s in SCHEMES},
    }


def to_json(
    ev: CorpusEvaluation,
    inputs: ReportInputs,
    texts: Mapping[str, str],
    *,
    per_document: bool = False,
    errors: bool = False,
    check: Check | None = None,
) -> str:
    spans = ev.spans
    data: dict[str, Any] = {
        "format": JSON_FORMAT,
        "gold": list(inputs.gold),
        "predictions": inputs.predictions,
        "prediction_format": inputs.prediction_format,
        "settings": {
            "labels": list(ev.labels) if ev.labels is not None else None,
            "min_overlap_percent": ev.min_overlap,
            "missing_documents": "counted" if ev.count_missing else "skipped",
        },
        "documents": {
            "gold": inputs.gold_documents,
            "predicted": inputs.predicted_documents,
            "evaluated": spans.documents,
            "missing": list(ev.missing),
            "extra": list(ev.extra),
        },
        "spans": {"gold": spans.gold_spans, "predicted": spans.predicted_spans},
        "schemes": {
            scheme: {
                "micro": _counts(spans.micro[scheme], spans.scores(scheme)),
                "macro": _scores(spans.macro(scheme)),
                "labels": {
                    label: _counts(per[scheme], spans.scores(scheme, label))
                    for label, per in spans.labels.items()
                },
            }
            for scheme in SCHEMES
        },
        "relations": {
            mode: {
                "micro": _relation_counts(ev.relations.micro[mode]),
                "types": {
                    rtype: _relation_counts(per[mode])
                    for rtype, per in sorted(ev.relations.types.items())
                },
            }
            for mode in MODES
        },
    }
    if per_document:
        missing = set(ev.missing)
        data["per_document"] = [_document_json(d, d.id in missing) for d in spans.per_document]
    if errors:
        data["errors"] = {
            "spans": [
                {
                    "kind": m.kind,
                    "document": m.document,
                    "gold": _span(m.gold, texts[m.document]),
                    "predicted": _span(m.pred, texts[m.document]),
                    "context": _context_json(texts[m.document], *m.position),
                }
                for m in ev.span_mistakes
            ],
            "relations": [
                {
                    "kind": m.kind,
                    "document": m.document,
                    "relation": _relation(m.relation, texts[m.document]),
                    "partial_match": _relation(m.partial_partner, texts[m.document]),
                }
                for m in ev.relation_mistakes
            ],
        }
    if check is not None:
        data["check"] = {
            "scheme": check.scheme,
            "average": check.average,
            "threshold": check.threshold,
            "f1": check.value,
            "passed": check.passed,
        }
    return dumps(data, indent=2, allow_nan=False) + "\n"


def _context_json(text: str, start: int, end: int) -> dict[str, Any]:
    ctx = context_of(text, start, end)
    return {"start": start, "end": end, "before": ctx.before, "after": ctx.after}


# -- CSV -------------------------------------------------------------------------------------

CSV_COLUMNS = (
    "scheme",
    "scope",
    "name",
    "correct",
    "incorrect",
    "partial",
    "missed",
    "spurious",
    "possible",
    "actual",
    "precision",
    "recall",
    "f1",
)


def to_csv(ev: CorpusEvaluation, *, per_document: bool = False) -> str:
    """One row per (scheme, scope, name): scope is micro, macro, label, relation or document."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    spans = ev.spans

    def counts_row(scheme: str, scope: str, name: str, c: Counts, s: Scores) -> list[object]:
        counts = [c.correct, c.incorrect, c.partial, c.missed, c.spurious, c.possible, c.actual]
        return [scheme, scope, name, *counts, repr(s.precision), repr(s.recall), repr(s.f1)]

    for scheme in SCHEMES:
        writer.writerow(counts_row(scheme, "micro", "", spans.micro[scheme], spans.scores(scheme)))
        m = spans.macro(scheme)
        writer.writerow(
            [scheme, "macro", "", *[""] * 7, repr(m.precision), repr(m.recall), repr(m.f1)]
        )
        for label, per in spans.labels.items():
            writer.writerow(
                counts_row(scheme, "label", label, per[scheme], spans.scores(scheme, label))
            )
    for mode in MODES:
        for rtype, per_type in sorted(ev.relations.types.items()):
            rc = per_type[mode]
            rs = rc.scores()
            counts = [rc.correct, "", "", rc.missed, rc.spurious, rc.gold, rc.predicted]
            scores = [repr(rs.precision), repr(rs.recall), repr(rs.f1)]
            writer.writerow([mode, "relation", rtype, *counts, *scores])
    if per_document:
        for doc in spans.per_document:
            for scheme in SCHEMES:
                writer.writerow(
                    counts_row(scheme, "document", doc.id, doc.counts[scheme], doc.scores(scheme))
                )
    return out.getvalue()


# -- table -----------------------------------------------------------------------------------

_COUNT_HEADERS = ("correct", "incorrect", "partial", "missed", "spurious")
_SCORE_HEADERS = ("precision", "recall", "F1")


def _count_cells(c: Counts) -> list[object]:
    return [c.correct, c.incorrect, c.partial, c.missed, c.spurious]


def _score_cells(s: Scores) -> list[str]:
    return [number(s.precision), number(s.recall), number(s.f1)]


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def to_table(
    ev: CorpusEvaluation,
    inputs: ReportInputs,
    texts: Mapping[str, str],
    *,
    per_document: bool = False,
    errors: bool = False,
    check: Check | None = None,
    visual: bool = False,
) -> str:
    """The report as aligned tables; ``visual`` draws error contexts through the layout engine
    (for terminals that do no bidi), else they stay in logical order."""
    spans = ev.spans
    parts = [
        f"Evaluated {_plural(spans.documents, 'document')}: "
        f"{_plural(spans.gold_spans, 'gold span')}, "
        f"{_plural(spans.predicted_spans, 'predicted span')}"
        + (f" (labels: {', '.join(ev.labels)})" if ev.labels is not None else ""),
        f"gold: {', '.join(inputs.gold)}   predictions: {inputs.predictions} "
        f"({inputs.prediction_format})",
    ]
    if ev.missing:
        how = "counted as predicting nothing" if ev.count_missing else "not scored"
        parts.append(
            f"{_plural(len(ev.missing), 'gold document')} without prediction ({how}): "
            + ", ".join(ev.missing)
        )
    if ev.extra:
        parts.append(
            f"{_plural(len(ev.extra), 'predicted document')} without gold (not scored): "
            + ", ".join(ev.extra)
        )
    parts.append("")
    parts.append("Spans, micro average (all documents and labels together)")
    parts.append(
        render_table(
            ("scheme", *_COUNT_HEADERS, *_SCORE_HEADERS),
            [[s, *_count_cells(spans.micro[s]), *_score_cells(spans.scores(s))] for s in SCHEMES],
        )
    )
    parts.append("")
    parts.append("Spans, macro average (mean of the per-label scores)")
    parts.append(
        render_table(
            ("scheme", *_SCORE_HEADERS), [[s, *_score_cells(spans.macro(s))] for s in SCHEMES]
        )
    )
    if spans.labels:
        parts.append("")
        parts.append("Per label (each label matched on its own)")
        rows = [
            [label, s, *_count_cells(per[s]), *_score_cells(spans.scores(s, label))]
            for label, per in spans.labels.items()
            for s in SCHEMES
        ]
        parts.append(render_table(("label", "scheme", *_COUNT_HEADERS, *_SCORE_HEADERS), rows))
    parts.append("")
    parts.append(_relations_table(ev))
    if per_document:
        parts.append("")
        parts.append(_documents_table(spans.per_document))
    if errors:
        parts.append("")
        parts.append(_errors_text(ev, texts, visual))
    if check is not None:
        parts.append("")
        verdict = "passed" if check.passed else "FAILED"
        parts.append(
            f"Check {verdict}: {check.scheme} {check.average} F1 {number(check.value)} "
            f"{'>=' if check.passed else '<'} {check.threshold}"
        )
    return "\n".join(parts) + "\n"


def _relations_table(ev: CorpusEvaluation) -> str:
    rows = []
    for rtype, per in sorted(ev.relations.types.items()):
        for mode in MODES:
            c = per[mode]
            rows.append([rtype, mode, c.gold, c.predicted, c.correct, *_score_cells(c.scores())])
    if not rows:
        return "Relations: none in the gold or the predictions"
    title = "Relations (strict: both spans exact; partial: actor exact, claims overlap)"
    headers = ("type", "mode", "gold", "predicted", "correct", *_SCORE_HEADERS)
    return title + "\n" + render_table(headers, rows)


def _documents_table(documents: list[DocumentResult]) -> str:
    rows = []
    for doc in documents:
        c = doc.counts["strict"]
        rows.append(
            [doc.id, len(doc.gold), len(doc.pred), c.correct, c.incorrect, c.missed, c.spurious]
            + _score_cells(doc.scores("strict"))
            + [number(doc.scores(s).f1) for s in ("exact", "partial", "type")]
        )
    headers = (
        *("document", "gold", "predicted", "correct", "incorrect", "missed", "spurious"),
        *("precision", "recall", "F1", "exact F1", "partial F1", "type F1"),
    )
    return "Per document (strict counts and scores)\n" + render_table(headers, rows)


def _span_label(span: SpanKey) -> str:
    start, end, label = span
    return f"{label} {start}-{end}"


def _span_error(m: SpanMistake, text: str, visual: bool) -> list[str]:
    sides = [f"gold {_span_label(m.gold)}"] if m.gold is not None else []
    if m.pred is not None:
        sides.append(f"predicted {_span_label(m.pred)}")
    lines = [f"  {m.document}  {' -> '.join(sides)}"]
    if m.gold is not None and m.pred is not None:
        lines.append(f"    gold: {format_context(text, m.gold[0], m.gold[1], visual=visual)}")
        lines.append(f"    pred: {format_context(text, m.pred[0], m.pred[1], visual=visual)}")
    else:
        lines.append(f"    {format_context(text, *m.position, visual=visual)}")
    return lines


def _relation_error(r: RelationMistake, text: str, visual: bool) -> list[str]:
    rtype, claim, actor = r.relation
    note = ""
    if r.partial_partner is not None:
        other = r.partial_partner[1]
        note = f"  (partial match: claim {other[0]}-{other[1]} overlaps)"
    return [
        f"  {r.document}  {rtype}: {_span_label(claim)} -> {_span_label(actor)}{note}",
        f"    claim: {format_context(text, claim[0], claim[1], visual=visual)}",
        f"    actor: {format_context(text, actor[0], actor[1], visual=visual)}",
    ]


def _errors_text(ev: CorpusEvaluation, texts: Mapping[str, str], visual: bool) -> str:
    """Every error, grouped by kind under a title with its count."""
    items: list[tuple[str, list[str]]] = [
        (m.kind, _span_error(m, texts[m.document], visual)) for m in ev.span_mistakes
    ]
    items += [(r.kind, _relation_error(r, texts[r.document], visual)) for r in ev.relation_mistakes]
    counts = Counter(kind for kind, _ in items)
    summary = ", ".join(
        f"{counts[kind]} {KIND_NOUNS[kind][counts[kind] != 1]}"
        for kind in (*SPAN_KINDS, *RELATION_KINDS)
        if counts[kind]
    )
    lines = [f"Errors (strict matching): {summary or 'none'}"]
    for kind, group in groupby(items, key=lambda item: item[0]):
        lines += ["", f"{KIND_TITLES[kind]}: {counts[kind]}"]
        for _, item_lines in group:
            lines += item_lines
    return "\n".join(lines)
