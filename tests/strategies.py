"""Hypothesis strategies for texts and annotation sets that look like our hardest inputs:
Arabic with harakat, Latin, digits, brackets and quotes, CRLF and lone CR, bidi controls,
YAML-significant characters."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import strategies as st

from annotator.model import (
    DECISION_ACTIONS,
    AnnotationSet,
    Decision,
    Document,
    LabelSchema,
    Provenance,
    Relation,
    Span,
    build_set,
)

ARABIC = "قصفتالوارمريكيةسوداعشلإأآؤئءةى"
HARAKAT = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652"
LATIN = "abcXYZ"
DIGITS = "0123456789٠١٢٣"
PUNCT = " .,:;!?()[]{}«»“”\"'#&*|>%@`-،؛؟/\\"
CONTROLS = "\n\r\t\u200f\u202e\u2066\u2069\u200c\u00a0\x1b\x85"

text_chars = st.sampled_from(ARABIC + HARAKAT + LATIN + DIGITS + PUNCT + CONTROLS + " " * 6)
texts = st.text(text_chars, min_size=1, max_size=120)
free_strings = st.text(text_chars, max_size=20)
idents = st.from_regex(r"[a-z][a-z0-9_-]{0,8}", fullmatch=True)


@st.composite
def annotation_sets(draw: st.DrawFn, schema: LabelSchema) -> AnnotationSet:
    text = draw(texts)
    document = Document(draw(idents), text)
    labels = list(schema.labels)
    spans: list[Span] = []
    for n in range(draw(st.integers(0, 12))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        label = draw(st.sampled_from(labels))
        attributes = {}
        for name, attr in schema.labels[label].attributes.items():
            if draw(st.booleans()):
                attributes[name] = draw(st.sampled_from(attr.values or ("x",)))
        spans.append(
            Span(
                f"s{n + 1}",
                label,
                start,
                end,
                attributes,
                note=draw(st.one_of(st.just(""), free_strings)),
                origin=draw(st.sampled_from(["manual", "imported:model-v1", "imported:a b"])),
                provenance=draw(
                    st.one_of(
                        st.none(),
                        st.builds(
                            Provenance, st.lists(idents, max_size=3).map(tuple), st.booleans()
                        ),
                    )
                ),
            )
        )
    claims = [s for s in spans if s.label == "CLAIM"]
    actors = [s for s in spans if s.label == "ACTOR"]
    relations = []
    if claims and actors:
        for n in range(draw(st.integers(0, 3))):
            relations.append(
                Relation(
                    f"r{n + 1}",
                    "source",
                    draw(st.sampled_from(claims)).id,
                    draw(st.sampled_from(actors)).id,
                )
            )
    when = draw(
        st.one_of(
            st.none(),
            st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)).map(
                lambda d: d.replace(microsecond=0, tzinfo=UTC)
            ),
        )
    )
    aset, _ = build_set(
        document,
        draw(idents),
        schema,
        spans,
        relations,
        status=draw(st.sampled_from(["new", "in_progress", "done"])),
        updated=when,
    )
    if draw(st.booleans()):
        aset = aset.with_adjudicated_from(draw(st.lists(idents, min_size=1, max_size=3)))
        aset = aset.with_decisions(draw(st.lists(decisions(len(text), labels), max_size=4)))
    return aset


@st.composite
def decisions(draw: st.DrawFn, chars: int, labels: list[str]) -> Decision:
    start = draw(st.integers(0, chars - 1))
    action = draw(st.sampled_from(DECISION_ACTIONS))
    return Decision(
        tuple(sorted(draw(st.sets(st.sampled_from(labels), min_size=1, max_size=2)))),
        start,
        draw(st.integers(start + 1, chars)),
        action,
        draw(idents) if action == "take" else "",
    )
