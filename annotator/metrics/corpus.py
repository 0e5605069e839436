"""Evaluate predictions against a gold corpus: pair documents by id, score spans and relations.

Documents are matched by id. A gold document without a prediction is *missing*: by default it
counts as a prediction of nothing (every gold span missed), since an extractor that skipped a
document did not find its entities; ``count_missing=False`` leaves it out of the scores instead.
A predicted document without gold is *extra* and cannot be scored. Both are always reported.

``labels`` restricts scoring to some labels: spans of other labels are dropped from both sides
(nervaluate's ``tags``), and so are relations touching them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from annotator.metrics.evaluation import DocumentInput, SpanEvaluation, evaluate_spans
from annotator.metrics.gold import GoldCorpus
from annotator.metrics.mistakes import (
    RelationMistake,
    SpanMistake,
    relation_mistakes,
    sort_mistakes,
    span_mistakes,
)
from annotator.metrics.predictions import PredictedDoc, keep_labels
from annotator.metrics.relations import RelationEvaluation, match_relations


@dataclass(slots=True)
class CorpusEvaluation:
    spans: SpanEvaluation
    relations: RelationEvaluation
    missing: tuple[str, ...]  # gold documents without a prediction
    extra: tuple[str, ...]  # predicted documents without gold
    count_missing: bool
    labels: tuple[str, ...] | None
    min_overlap: float
    span_mistakes: list[SpanMistake] = field(default_factory=list)
    relation_mistakes: list[RelationMistake] = field(default_factory=list)


def evaluate_corpus(
    gold: GoldCorpus,
    predictions: Mapping[str, PredictedDoc],
    *,
    labels: frozenset[str] | None = None,
    min_overlap: float = 1.0,
    count_missing: bool = True,
    per_document: bool = False,
    errors: bool = False,
) -> CorpusEvaluation:
    """Score ``predictions`` against ``gold``; ``errors`` also lists every error."""
    missing = tuple(d for d in gold.documents if d not in predictions)
    extra = tuple(sorted(d for d in predictions if d not in gold.documents))
    relations = RelationEvaluation()
    rel_errors: list[RelationMistake] = []

    def inputs() -> Iterator[DocumentInput]:
        for doc_id, gold_doc in gold.documents.items():
            predicted = predictions.get(doc_id)
            if predicted is None and not count_missing:
                continue
            g_spans, g_rels = keep_labels(gold_doc.spans, gold_doc.relations, labels)
            p_spans, p_rels = (
                keep_labels(predicted.spans, predicted.relations, labels) if predicted else ((), ())
            )
            matching = match_relations(g_rels, p_rels)
            relations.add(g_rels, p_rels, matching)
            if errors:
                rel_errors.extend(relation_mistakes(doc_id, g_rels, p_rels, matching))
            yield DocumentInput(doc_id, list(g_spans), list(p_spans))

    spans = evaluate_spans(
        inputs(),
        min_overlap=min_overlap,
        keep_documents=per_document or errors,
        label_order=gold.schema.label_names,
    )
    result = CorpusEvaluation(
        spans,
        relations,
        missing,
        extra,
        count_missing,
        tuple(sorted(labels)) if labels is not None else None,
        min_overlap,
    )
    if errors:
        found = [m for doc in spans.per_document for m in span_mistakes(doc)]
        result.span_mistakes, result.relation_mistakes = sort_mistakes(found, rel_errors)
    return result
