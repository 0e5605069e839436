"""Every span figure against nervaluate 1.2.1, on random corpora and on its quirks."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.metrics.evaluation import DocumentInput, evaluate_document, evaluate_spans
from annotator.metrics.matching import match_boundaries, match_closest

from .reference import assert_matches_nervaluate, nervaluate, same
from .strategies import corpora, document_inputs

overlaps = st.sampled_from([1.0, 1.0, 1.0, 10.0, 50.0, 99.5, 100.0])


@settings(max_examples=300, deadline=None)
@given(corpora(), overlaps)
def test_corpus_figures_equal_nervaluate(docs: list[DocumentInput], min_overlap: float) -> None:
    ours = evaluate_spans(docs, min_overlap=min_overlap)
    assert_matches_nervaluate(ours, nervaluate(docs, min_overlap))


@settings(max_examples=150, deadline=None)
@given(document_inputs(), overlaps)
def test_per_document_figures_equal_nervaluate(doc: DocumentInput, min_overlap: float) -> None:
    one = evaluate_document(doc, min_overlap)
    reference = nervaluate([doc], min_overlap)["overall"]
    for scheme, name in (("strict", "strict"), ("exact", "exact"), ("partial", "partial")):
        assert same(reference[name], one.counts[scheme], one.scores(scheme))
    assert same(reference["ent_type"], one.counts["type"], one.scores("type"))


@settings(max_examples=200, deadline=None)
@given(document_inputs())
def test_missed_gold_spans_are_nervaluates(doc: DocumentInput) -> None:
    """Not only the counts: the very gold spans left missed are the same."""
    from nervaluate.entities import Entity
    from nervaluate.strategies import EntityTypeEvaluation, StrictEvaluation

    gold = [Entity(label, s, e - 1) for s, e, label in doc.gold]
    pred = [Entity(label, s, e - 1) for s, e, label in doc.pred]
    for strategy, ours in (
        (StrictEvaluation(), match_boundaries(doc.gold, doc.pred, with_label=True)),
        (EntityTypeEvaluation(), match_closest(doc.gold, doc.pred)),
    ):
        _, indices = strategy.evaluate(gold, pred, [])
        assert sorted(i for _, i in indices.missed_indices) == ours.missed_gold()
        assert sorted(j for _, j in indices.spurious_indices) == [
            j for j, o in enumerate(ours.outcome) if o == 2
        ]


def _one(gold: list[tuple[int, int, str]], pred: list[tuple[int, int, str]]) -> DocumentInput:
    return DocumentInput("d", sorted(gold), sorted(pred))


def test_quirk_overlap_must_cover_one_percent_of_the_gold_span() -> None:
    """A one-character overlap with a 150-character gold CLAIM is below nervaluate's 1%:
    spurious plus missed, not incorrect."""
    doc = _one([(0, 150, "CLAIM")], [(149, 160, "CLAIM")])
    ours = evaluate_spans([doc])
    assert (ours.micro["strict"].incorrect, ours.micro["strict"].spurious) == (0, 1)
    assert ours.micro["strict"].missed == 1
    assert_matches_nervaluate(ours, nervaluate([doc]))
    wide = _one([(0, 100, "CLAIM")], [(99, 160, "CLAIM")])  # exactly 1%: overlapping
    assert evaluate_spans([wide]).micro["strict"].incorrect == 1


def test_quirk_an_incorrect_match_consumes_the_gold_span() -> None:
    """The first prediction takes the gold span as a boundary error, so the later exact
    prediction of that span finds it taken and is spurious: strict correct is 0 although one
    prediction is exactly right."""
    doc = _one([(5, 10, "ACTOR")], [(3, 8, "ACTOR"), (5, 10, "ACTOR")])
    ours = evaluate_spans([doc])
    strict = ours.micro["strict"]
    assert (strict.correct, strict.incorrect, strict.spurious, strict.missed) == (0, 1, 1, 0)
    assert_matches_nervaluate(ours, nervaluate([doc]))


def test_quirk_per_label_results_count_a_wrong_label_twice() -> None:
    """Overall, a relabelled prediction is one incorrect; per label it is spurious for its own
    label and the gold span is missed for the gold label."""
    doc = _one([(0, 5, "ACTOR")], [(0, 5, "LOCATION")])
    ours = evaluate_spans([doc])
    assert ours.micro["strict"].incorrect == 1
    assert ours.labels["ACTOR"]["strict"].missed == 1
    assert ours.labels["LOCATION"]["strict"].spurious == 1
    assert ours.micro["exact"].correct == 1
    assert_matches_nervaluate(ours, nervaluate([doc]))


def test_quirk_a_near_miss_inside_a_claim_takes_the_claim() -> None:
    """An ACTOR one character too long pairs with the gold CLAIM around it (which comes first
    in document order), leaving the gold ACTOR missed; had the CLAIM been predicted too, that
    prediction (sorted first) would have taken the CLAIM and the ACTOR its own gold span."""
    gold = [(0, 50, "CLAIM"), (10, 20, "ACTOR")]
    alone = _one(gold, [(10, 21, "ACTOR")])
    strict = evaluate_document(alone).strict
    assert [alone.gold[i] for i in strict.partner] == [(0, 50, "CLAIM")]
    assert [alone.gold[i] for i in strict.missed_gold()] == [(10, 20, "ACTOR")]
    both = _one(gold, [(10, 21, "ACTOR"), (0, 50, "CLAIM")])
    strict = evaluate_document(both).strict
    assert [both.gold[i] for i in strict.partner] == [(0, 50, "CLAIM"), (10, 20, "ACTOR")]
    assert_matches_nervaluate(evaluate_spans([alone, both]), nervaluate([alone, both]))


def test_type_scheme_takes_the_closest_gold_span_of_the_same_label() -> None:
    doc = _one([(0, 10, "ACTOR"), (2, 9, "ACTOR")], [(2, 8, "ACTOR")])
    one = evaluate_document(doc)
    assert one.counts["type"].correct == 1
    assert [doc.gold[i] for i in one.strict.partner if i >= 0] == [(0, 10, "ACTOR")]
    assert match_closest(doc.gold, doc.pred).partner == [1]
    assert_matches_nervaluate(evaluate_spans([doc]), nervaluate([doc]))


def test_partial_scheme_gives_half_credit() -> None:
    doc = _one([(0, 10, "ACTOR"), (20, 30, "WEAPON")], [(0, 8, "ACTOR"), (20, 30, "WEAPON")])
    partial = evaluate_spans([doc]).scores("partial")
    assert (partial.precision, partial.recall) == (0.75, 0.75)


def test_labels_appear_in_schema_order_then_alphabetically() -> None:
    doc = _one([(0, 5, "WEAPON"), (6, 9, "ACTOR")], [(10, 12, "EXTRA")])
    ours = evaluate_spans([doc], label_order=("ACTOR", "LOCATION", "WEAPON", "CLAIM"))
    assert list(ours.labels) == ["ACTOR", "WEAPON", "EXTRA"]
