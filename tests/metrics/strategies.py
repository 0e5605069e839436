"""Hypothesis strategies for evaluation and agreement: random texts, overlapping spans, and
gold/prediction pairs that look like an extractor's mistakes (exact, shifted, relabelled,
missing, spurious, duplicated), including empty documents, documents without gold spans and
labels present on one side only."""

from __future__ import annotations

from hypothesis import strategies as st

from annotator.metrics.evaluation import DocumentInput
from annotator.metrics.matching import SpanKey

GOLD_LABELS = ("ACTOR", "LOCATION", "WEAPON", "CLAIM")
#: Predictions may use a label the gold never has (one side only).
PRED_LABELS = (*GOLD_LABELS, "EXTRA")
WORDS = (
    "قصفت",
    "القوات",
    "الأمريكية",
    "في",
    "سوريا",
    "والمرصد",
    "السوري",
    "(سانا)",
    "،",
    "بحسب",
    "دير",
    "الزور",
    "صاروخية",
    "2023",
    "ISIS",
    ".",
)


@st.composite
def texts(draw: st.DrawFn, max_words: int = 40) -> str:
    """Arabic-looking text with punctuation, digits, Latin and line breaks."""
    words = draw(st.lists(st.sampled_from(WORDS), min_size=0, max_size=max_words))
    seps = draw(st.lists(st.sampled_from([" ", " ", " ", "\n", "  "]), min_size=len(words)))
    return "".join(w + s for w, s in zip(words, seps, strict=False))


def span_lists(length: int, labels: tuple[str, ...], max_size: int = 12) -> st.SearchStrategy:
    """Random spans over ``[0, length)``: short, long and nested, overlapping freely."""
    if length < 1:
        return st.just([])

    @st.composite
    def one(draw: st.DrawFn) -> SpanKey:
        start = draw(st.integers(0, length - 1))
        size = draw(st.one_of(st.integers(1, 6), st.integers(1, 250)))
        return (start, min(length, start + size), draw(st.sampled_from(labels)))

    return st.lists(one(), max_size=max_size)


@st.composite
def predictions_for(draw: st.DrawFn, gold: list[SpanKey], length: int) -> list[SpanKey]:
    """What an extractor might output for ``gold``."""
    pred: list[SpanKey] = []
    for start, end, label in gold:
        kind = draw(st.sampled_from(["exact", "exact", "shift", "relabel", "both", "miss", "dup"]))
        if kind in ("exact", "dup"):
            pred.append((start, end, label))
            if kind == "dup":
                pred.append((start, end, label))
        elif kind in ("shift", "both"):
            s = max(0, min(length - 1, start + draw(st.integers(-3, 3))))
            e = max(s + 1, min(length, end + draw(st.integers(-3, 3))))
            new_label = draw(st.sampled_from(PRED_LABELS)) if kind == "both" else label
            pred.append((s, e, new_label))
        elif kind == "relabel":
            pred.append((start, end, draw(st.sampled_from(PRED_LABELS))))
    pred.extend(draw(span_lists(length, PRED_LABELS, max_size=4)))
    return sorted(pred)


@st.composite
def document_inputs(draw: st.DrawFn, doc_id: str = "d") -> DocumentInput:
    length = draw(st.integers(0, 400))
    gold = sorted(set(draw(span_lists(length, GOLD_LABELS))))
    if length and draw(st.booleans()):
        pred = draw(predictions_for(gold, length))
    else:  # unrelated predictions, or none
        pred = sorted(draw(span_lists(length, PRED_LABELS)))
    return DocumentInput(doc_id, gold, pred)


@st.composite
def corpora(draw: st.DrawFn, max_docs: int = 5) -> list[DocumentInput]:
    n = draw(st.integers(1, max_docs))
    return [draw(document_inputs(f"doc{i}")) for i in range(n)]
