"""Properties of comparing sets and building gold, on random sets of one text.

The inverse that matters to adjudicators: taking one annotator's version of every conflict
gives back exactly that annotator's set (spans, attributes, links), with every span's
provenance as docs/format.md defines it.
"""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.adjudication import Adjudication, Comparison, compare_sets, provenance_of, start_gold
from annotator.adjudication.conflicts import signature
from annotator.model import AnnotationSet, Document, Relation, Span, build_set
from annotator.resources import labels_schema_path
from annotator.store.project import load_label_schema

SCHEMA = load_label_schema(labels_schema_path())
PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TEXT = "قال المرصد السوري إن القوات الأمريكية قصفت مواقع للمقاتلين في دير الزور وريف حمص أمس."
WORDS = [i for i, c in enumerate(TEXT) if c != " " and (i == 0 or TEXT[i - 1] == " ")]
ENDS = [i for i, c in enumerate(TEXT) if c in " ." and i > 0 and TEXT[i - 1] not in " ."]
DOCUMENT = Document("d", TEXT)
LABELS = ["ACTOR", "LOCATION", "CLAIM"]
KINDS = {
    "ACTOR": ["state_forces", "media"],
    "LOCATION": ["city", "region"],
    "CLAIM": ["asserted", "denied"],
}


def attribute_of(label: str, value: str) -> dict[str, str]:
    return {"stance" if label == "CLAIM" else "kind": value}


@st.composite
def pools(draw: st.DrawFn) -> list[tuple[int, int, str]]:
    """Candidate spans: word-aligned extents with labels, so annotators often coincide."""
    pool = set()
    for _ in range(draw(st.integers(1, 10))):
        start = draw(st.sampled_from(WORDS))
        ends = [e for e in ENDS if e > start]
        end = draw(st.sampled_from(ends[:4]))
        pool.add((start, end, draw(st.sampled_from(LABELS))))
    return sorted(pool)


@st.composite
def set_families(draw: st.DrawFn) -> dict[str, AnnotationSet]:
    pool = draw(pools())
    names = [f"ann{n}" for n in range(1, draw(st.integers(2, 4)) + 1)]
    sets = {}
    for name in names:
        chosen = draw(st.lists(st.sampled_from(pool), unique=True, max_size=len(pool)))
        ids = list(range(1, len(chosen) + 1))
        random.Random(draw(st.integers(0, 999))).shuffle(ids)  # ids mean nothing across sets
        spans = [
            Span(
                f"s{i}", label, start, end, attribute_of(label, draw(st.sampled_from(KINDS[label])))
            )
            for i, (start, end, label) in zip(ids, chosen, strict=True)
        ]
        claims = [s for s in spans if s.label == "CLAIM"]
        actors = [s for s in spans if s.label == "ACTOR"]
        links = set()
        if claims and actors:
            for _ in range(draw(st.integers(0, 3))):
                links.add((draw(st.sampled_from(claims)).id, draw(st.sampled_from(actors)).id))
        relations = [Relation(f"r{n}", "source", a, b) for n, (a, b) in enumerate(sorted(links), 1)]
        aset, problems = build_set(DOCUMENT, name, SCHEMA, spans, relations)
        assert problems == []
        sets[name] = aset
    return sets


def content(aset: AnnotationSet) -> tuple[list, list]:
    spans = sorted((s.key, dict(s.attributes)) for s in aset.spans)
    relations = sorted(
        (r.type, aset.span(r.from_id).key, aset.span(r.to_id).key) for r in aset.relations
    )
    return spans, relations


@PROPERTY
@given(set_families())
def test_every_span_is_in_exactly_one_cluster_under_its_annotator(
    sets: dict[str, AnnotationSet],
) -> None:
    comparison = compare_sets(sets)
    for name, aset in sets.items():
        keys = [vs.key for c in comparison.clusters for vs in c.versions[name]]
        assert sorted(keys) == sorted(s.key for s in aset.spans)
    for cluster in comparison.clusters:
        versions = list(cluster.versions.values())
        same = len({signature(v) for v in versions}) == 1
        assert cluster.agreed == same
        assert all(
            cluster.start <= vs.span.start and vs.span.end <= cluster.end
            for v in versions
            for vs in v
        )


@PROPERTY
@given(set_families())
def test_taking_one_annotators_every_version_gives_back_their_set(
    sets: dict[str, AnnotationSet],
) -> None:
    comparison = compare_sets(sets)
    adjudication = Adjudication(comparison, SCHEMA)
    for name, aset in sets.items():
        gold, taken = adjudication.take_all(start_gold(comparison, SCHEMA, "judge"), name)
        assert taken == len(comparison.conflicts)
        assert content(gold) == content(aset)
        for span in gold.spans:
            assert span.provenance == provenance_of(span, sets)
            assert name in span.provenance.annotators and not span.provenance.edited
        assert adjudication.open_conflicts(gold) == []


@PROPERTY
@given(set_families(), st.data())
def test_the_order_conflicts_are_settled_in_does_not_change_gold(
    sets: dict[str, AnnotationSet], data: st.DataObject
) -> None:
    comparison = compare_sets(sets)
    adjudication = Adjudication(comparison, SCHEMA)
    names = [*comparison.annotators, None]
    choices = [(c, data.draw(st.sampled_from(names))) for c in comparison.conflicts]
    results = []
    for order in (choices, choices[::-1], data.draw(st.permutations(choices))):
        gold = start_gold(comparison, SCHEMA, "judge")
        for cluster, name in order:
            gold = (
                adjudication.take(gold, cluster, name)
                if name
                else adjudication.reject(gold, cluster)
            )
        results.append(content(gold))
    assert results[0] == results[1] == results[2]


@PROPERTY
@given(set_families())
def test_rejecting_every_conflict_leaves_what_everyone_agreed_on(
    sets: dict[str, AnnotationSet],
) -> None:
    comparison = compare_sets(sets)
    adjudication = Adjudication(comparison, SCHEMA)
    gold = start_gold(comparison, SCHEMA, "judge")
    for cluster in comparison.conflicts:
        gold = adjudication.reject(gold, cluster)
    everyone = [
        s
        for s in next(iter(sets.values())).spans
        if all(a.find(*s.key) and a.find(*s.key).attributes == s.attributes for a in sets.values())
    ]
    assert sorted(s.key for s in gold.spans) == sorted(
        vs.key for c in comparison.agreed for vs in next(iter(c.versions.values()))
    )
    assert {s.key for s in gold.spans} <= {s.key for s in everyone}
    assert all(s.provenance.annotators == comparison.annotators for s in gold.spans)


@PROPERTY
@given(set_families())
def test_a_set_compared_with_itself_agrees_everywhere(sets: dict[str, AnnotationSet]) -> None:
    first = next(iter(sets.values()))
    twin = AnnotationSet(DOCUMENT, "twin", spans=first.spans, relations=first.relations)
    comparison: Comparison = compare_sets([first, twin])
    assert comparison.conflicts == []
    gold = start_gold(comparison, SCHEMA, "judge")
    assert content(gold) == content(first)
