"""Which spans agree and which conflict, on the sample corpus and on purpose-built sets."""

from __future__ import annotations

import pytest

from annotator.adjudication import Comparison, compare_sets
from annotator.errors import ValidationError
from annotator.model import Document
from annotator.store.project import Project
from tests.adjudication.conftest import SEED, text_of

# Every disagreement tools/build_sample_corpus.py puts between ann1 and ann2, in reading order:
# (labels, kinds, ann1's spans, ann2's spans) with spans as text.
SAMPLE_CONFLICTS = [
    (("ACTOR",), {"boundary"}, ["القوات الأمريكية"], ["القوات الأمريكية الموجودة في سوريا"]),
    (("WEAPON",), {"missing"}, ["أسلحة"], []),
    (("ACTOR",), {"boundary"}, ["وكالة الأنباء السورية (سانا)"], ["وكالة الأنباء السورية", "سانا"]),
    (("CLAIM",), {"relation"}, ["تعرض القاعدتين"], ["تعرض القاعدتين"]),
    (("LOCATION",), {"boundary"}, ["العمر"], ["حقلي العمر"]),
    (("CLAIM",), {"attribute", "relation"}, ["عدة قذائف"], ["عدة قذائف"]),
    (
        ("CLAIM",),
        {"boundary"},
        ["القوات الأمريكية أغلقت المنطقة ولم"],
        ["القوات الأمريكية أغلقت المنطقة"],
    ),
    (("LOCATION",), {"missing"}, ["المناطق الشرقية والشمالية الشرقية"], []),
    (("LOCATION",), {"boundary"}, ["دير الزور"], ["مدينة دير الزور"]),
    (("WEAPON",), {"missing"}, ["للطائرات"], []),
    (("ACTOR",), {"attribute"}, ["القيادة المركزية الأمريكية"], ["القيادة المركزية الأمريكية"]),
    (("ACTOR",), {"boundary"}, ["الكولونيل جو بوتشينو"], ["جو بوتشينو"]),
    (("CLAIM",), {"boundary", "relation"}, ["الضربات استهدفت"], ["منشآت البنية"]),
    (("CLAIM",), {"missing"}, ["هذه الضربات التي تشكل"], []),
    (("ACTOR",), {"missing"}, [], ["دمشق"]),
    (("ACTOR",), {"attribute"}, ["البنتاغون"], ["البنتاغون"]),
    (("ACTOR", "LOCATION"), {"label"}, ["واشنطن"], ["واشنطن"]),
    (("ACTOR",), {"boundary"}, ["تنظيم “داعش”"], ["داعش"]),
]


def version_texts(comparison: Comparison, cluster, annotator: str) -> list[str]:
    return [text_of(comparison, vs.key) for vs in cluster.versions[annotator]]


def test_sample_corpus_conflicts_are_the_disagreements_built_into_it(
    sample_comparison: Comparison,
) -> None:
    conflicts = sample_comparison.conflicts
    assert len(conflicts) == len(SAMPLE_CONFLICTS)
    for cluster, (labels, kinds, ann1, ann2) in zip(conflicts, SAMPLE_CONFLICTS, strict=True):
        assert cluster.labels == labels
        assert cluster.kinds == kinds, (labels, version_texts(sample_comparison, cluster, "ann1"))
        for name, expected in (("ann1", ann1), ("ann2", ann2)):
            got = version_texts(sample_comparison, cluster, name)
            assert len(got) == len(expected)
            assert all(g.startswith(e) for g, e in zip(got, expected, strict=True)), (got, expected)


def test_everything_else_in_the_sample_is_agreed(
    sample_project: Project, sample_comparison: Comparison
) -> None:
    ann1 = sample_project.load_set("ann1", SEED)
    ann2 = sample_project.load_set("ann2", SEED)
    identical = {
        (s.key, s.attributes)
        for s in ann1.spans
        if (t := ann2.find(*s.key)) is not None and t.attributes == s.attributes
    }
    agreed = sample_comparison.agreed
    # every agreed cluster is one span both made identically; the two claims whose links
    # differ (c2, c3) are identical spans but conflicts
    assert all(len(v) == 1 for c in agreed for v in c.versions.values())
    assert {(c.versions["ann1"][0].key, c.versions["ann1"][0].span.attributes) for c in agreed} == (
        identical
        - {
            (c.versions["ann1"][0].key, c.versions["ann1"][0].span.attributes)
            for c in sample_comparison.conflicts
            if c.kinds == {"relation"}
        }
    )
    assert len(agreed) == 84


def test_clusters_are_in_reading_order_and_cover_every_span_once(
    sample_project: Project, sample_comparison: Comparison
) -> None:
    starts = [(c.start, -c.end) for c in sample_comparison.clusters]
    assert starts == sorted(starts)
    for name in ("ann1", "ann2"):
        aset = sample_project.load_set(name, SEED)
        from_clusters = sorted(
            vs.key for c in sample_comparison.clusters for vs in c.versions[name]
        )
        assert from_clusters == sorted(s.key for s in aset.spans)


def test_a_claim_does_not_swallow_the_actors_inside_it(make_set, schema) -> None:
    doc = Document("d", "قال المرصد السوري إن القوات الأمريكية قصفت مواقع في دير الزور.")
    claim = ("CLAIM", "القوات الأمريكية قصفت مواقع في دير الزور", {"stance": "asserted"})
    a = make_set(
        doc, "a", [claim, ("ACTOR", "القوات الأمريكية", {}), ("LOCATION", "دير الزور", {})]
    )
    b = make_set(
        doc, "b", [claim, ("ACTOR", "القوات الأمريكية", {}), ("LOCATION", "في دير الزور", {})]
    )
    comparison = compare_sets([a, b])
    (conflict,) = comparison.conflicts
    assert conflict.labels == ("LOCATION",) and conflict.kinds == {"boundary"}
    assert sorted(c.labels for c in comparison.agreed) == [("ACTOR",), ("CLAIM",)]


def test_same_words_different_labels_is_one_label_conflict(make_set) -> None:
    doc = Document("d", "أكد البنتاغون أن واشنطن على علم.")
    a = make_set(doc, "a", [("ACTOR", "واشنطن", {"kind": "government"})])
    b = make_set(doc, "b", [("LOCATION", "واشنطن", {"kind": "city"})])
    (conflict,) = compare_sets([a, b]).conflicts
    assert conflict.labels == ("ACTOR", "LOCATION") and conflict.kinds == {"label"}


def test_a_mention_split_in_two_is_one_boundary_conflict(make_set) -> None:
    doc = Document("d", "وأفادت وكالة الأنباء السورية (سانا) يوم الأربعاء.")
    a = make_set(doc, "a", [("ACTOR", "وكالة الأنباء السورية (سانا)", {})])
    b = make_set(doc, "b", [("ACTOR", "وكالة الأنباء السورية", {}), ("ACTOR", "سانا", {})])
    (conflict,) = compare_sets([a, b]).conflicts
    assert conflict.kinds == {"boundary"}
    assert [len(v) for v in conflict.versions.values()] == [1, 2]


def test_links_are_compared_by_their_targets_text_not_ids(make_set) -> None:
    doc = Document("d", "نقلت سانا عن مصادر أهلية أن قذائف سقطت.")
    specs = [
        ("ACTOR", "سانا", {}),
        ("ACTOR", "مصادر أهلية", {}),
        ("CLAIM", "قذائف سقطت", {"stance": "reported"}),
    ]
    a = make_set(doc, "a", specs, links=[(2, 1)])
    same = make_set(doc, "b", specs, links=[(2, 1)], first_id=40)  # other ids, same link
    assert compare_sets([a, same]).conflicts == []
    other = make_set(doc, "c", specs, links=[(2, 0)])
    (conflict,) = compare_sets([a, other]).conflicts
    assert conflict.labels == ("CLAIM",) and conflict.kinds == {"relation"}


def test_three_annotators_versions_are_grouped_by_who_agrees(make_set) -> None:
    doc = Document("d", "قصفت القوات الأمريكية الموجودة في سوريا مستودعات.")
    short = [("ACTOR", "القوات الأمريكية", {})]
    long = [("ACTOR", "القوات الأمريكية الموجودة في سوريا", {})]
    sets = [
        make_set(doc, "a", short),
        make_set(doc, "b", long),
        make_set(doc, "c", short),
        make_set(doc, "d", []),
    ]
    (conflict,) = compare_sets(sets).conflicts
    assert conflict.kinds == {"boundary", "missing"}
    assert [names for names, _ in conflict.groups()] == [("a", "c"), ("b",), ("d",)]


def test_a_span_everyone_made_stays_agreed_beside_a_conflict_over_it(make_set) -> None:
    doc = Document("d", "تدريب للمقاتلين الموالين لإيران بعد تعرض قاعدتين.")
    iran = ("ACTOR", "إيران", {"kind": "government"})
    a = make_set(doc, "a", [("ACTOR", "للمقاتلين الموالين لإيران", {}), iran])
    b = make_set(doc, "b", [("ACTOR", "مقاتلين الموالين لإيران", {}), iran])
    comparison = compare_sets([a, b])
    (conflict,) = comparison.conflicts
    assert [text_of(comparison, k) for k in sorted(conflict.keys)] == [
        "للمقاتلين الموالين لإيران",
        "مقاتلين الموالين لإيران",
    ]
    assert [text_of(comparison, c.versions["a"][0].key) for c in comparison.agreed] == ["إيران"]


def test_sets_of_different_texts_are_refused(make_set) -> None:
    a = make_set(Document("d", "نص أول"), "a", [])
    b = make_set(Document("d", "نص ثان"), "b", [])
    with pytest.raises(ValidationError, match="annotates d"):
        compare_sets([a, b])


def test_conflicts_overlapping_finds_conflicts_by_position(sample_comparison: Comparison) -> None:
    text = sample_comparison.document.text
    start = text.index("واشنطن على علم")
    (here,) = sample_comparison.conflicts_overlapping(start, start + 1)
    assert here.labels == ("ACTOR", "LOCATION")
    assert sample_comparison.conflicts_overlapping(0, 5) == []
