"""Building gold from decisions: the sample corpus's gold is reproduced exactly, provenance is
what docs/format.md says, decisions survive saving, and hand edits settle conflicts."""

from __future__ import annotations

from annotator.adjudication import Adjudication, Comparison, provenance_of, start_gold
from annotator.model import AnnotationSet, Decision, LabelSchema
from annotator.store.annotation_file import dump_annotation_set, load_annotation_set
from annotator.store.project import Project
from tests.adjudication.conftest import SEED

# How the sample gold settles each conflict (in reading order): whose version, or None to
# reject. The claim at 468 (stance and source disputed) takes ann1's version and then gets
# ann2's stance by hand, as the guidelines say.
SAMPLE_DECISIONS = [
    "ann1", None, "ann2", "ann2", "ann1", "ann1", "ann2", None, "ann1",
    "ann1", "ann2", "ann2", "ann1", "ann1", "ann2", "ann1", "ann1", "ann1",
]  # fmt: skip


def content(aset: AnnotationSet) -> tuple[list, list]:
    spans = sorted((s.key, dict(s.attributes), s.provenance) for s in aset.spans)
    relations = sorted(
        (r.type, aset.span(r.from_id).key, aset.span(r.to_id).key) for r in aset.relations
    )
    return spans, relations


def settle_like_the_sample(comparison: Comparison, schema: LabelSchema) -> AnnotationSet:
    adjudication = Adjudication(comparison, schema)
    gold = start_gold(comparison, schema, "adjudicator")
    for cluster, name in zip(comparison.conflicts, SAMPLE_DECISIONS, strict=True):
        gold = (
            adjudication.take(gold, cluster, name) if name else adjudication.reject(gold, cluster)
        )
    text = comparison.document.text
    start = text.index("عدة قذائف صاروخية سقطت")
    claim = gold.find(start, start + 109, "CLAIM")
    assert claim is not None
    edited = gold.change_span(schema, claim.id, attributes={"stance": "reported"})
    return adjudication.after_hand_edit(gold, edited)


def test_the_sample_gold_is_reproduced_with_its_provenance_and_links(
    sample_project: Project, sample_comparison: Comparison
) -> None:
    gold = settle_like_the_sample(sample_comparison, sample_project.schema)
    reference = sample_project.load_gold(SEED)
    assert reference is not None
    assert content(gold) == content(reference)
    assert gold.adjudicated_from == reference.adjudicated_from == ("ann1", "ann2")


def test_provenance_of_agrees_with_every_span_of_the_sample_gold(sample_project: Project) -> None:
    sets = {a: sample_project.load_set(a, SEED) for a in ("ann1", "ann2")}
    reference = sample_project.load_gold(SEED)
    assert reference is not None
    for span in reference.spans:
        computed = provenance_of(span, sets)
        assert span.provenance is not None
        assert computed.annotators == span.provenance.annotators, span
        # A span changed by hand (s23's stance) is edited even when it equals a version.
        assert span.provenance.edited == (computed.edited or span.id == "s23"), span


def test_a_hand_edit_that_equals_a_version_is_still_edited(
    sample_project: Project, sample_comparison: Comparison
) -> None:
    """The adjudicator sets s23's stance by hand to what one annotator had: the span is
    marked edited, consistent with the "edit" decision recorded for its conflict."""
    gold = settle_like_the_sample(sample_comparison, sample_project.schema)
    claim = next(
        s
        for s in gold.spans
        if s.label == "CLAIM" and s.attributes.get("stance") == "reported" and s.start == 468
    )
    assert claim.provenance is not None and claim.provenance.edited
    decided = [d for d in gold.decisions if d.action == "edit"]
    assert [(d.start, d.end) for d in decided] == [(claim.start, claim.end)]


def test_agreed_spans_and_links_are_pre_accepted(
    sample_project: Project, sample_comparison: Comparison
) -> None:
    gold = start_gold(sample_comparison, sample_project.schema, "judge")
    assert len(gold.spans) == 84 and gold.status == "new" and gold.annotator == "judge"
    assert all(
        s.provenance is not None and s.provenance.annotators == ("ann1", "ann2") for s in gold.spans
    )
    assert all(not s.provenance.edited for s in gold.spans if s.provenance)
    ids = [s.id for s in sorted(gold.spans, key=lambda s: (s.start, -s.end))]
    assert sorted(ids, key=lambda i: int(i[1:])) == [f"s{n}" for n in range(1, 85)]
    # links between agreed spans, e.g. the first claim and both its sources
    first_claim = gold.find(0, 179, "CLAIM")
    assert first_claim is not None
    targets = sorted(gold.span(r.to_id).key for r in gold.relations_of(first_claim.id))
    assert [gold.text[s:e] for s, e, _ in targets] == [
        "الإعلام الرسمي السوري",
        "المرصد السوري لحقوق الإنسان",
    ]


def test_a_link_whose_target_is_settled_later_is_made_then(
    sample_project: Project, sample_comparison: Comparison
) -> None:
    """The claim at 2206 is linked to the spokesman, whose boundaries are disputed too."""
    adjudication = Adjudication(sample_comparison, sample_project.schema)
    gold = start_gold(sample_comparison, sample_project.schema, "judge")
    spokesman, claim = (c for c in sample_comparison.conflicts if c.start in (2140, 2206))
    gold = adjudication.take(
        gold, claim, "ann1"
    )  # links to "الكولونيل جو بوتشينو", not in gold yet
    made = gold.find(2206, 2306, "CLAIM")
    assert made is not None and gold.relations_of(made.id) == []
    gold = adjudication.take(gold, spokesman, "ann2")  # gold says "جو بوتشينو"
    (link,) = gold.relations_of(made.id)
    assert gold.span_text(gold.span(link.to_id)) == "جو بوتشينو"
    # taking the other boundary later moves the link to the span that replaces it
    gold = adjudication.take(gold, spokesman, "ann1")
    (link,) = gold.relations_of(made.id)
    assert gold.span_text(gold.span(link.to_id)) == "الكولونيل جو بوتشينو"


def test_decisions_are_recorded_and_survive_saving(
    tmp_path, sample_project: Project, sample_comparison: Comparison
) -> None:
    gold = settle_like_the_sample(sample_comparison, sample_project.schema)
    assert [d.action for d in gold.decisions].count("reject") == 2
    assert [d.action for d in gold.decisions].count("edit") == 1
    assert Decision(("WEAPON",), 62, 67, "reject") in gold.decisions
    assert Decision(("ACTOR",), 5, 39, "take", "ann1") in gold.decisions
    path = tmp_path / "gold.yaml"
    path.write_text(dump_annotation_set(gold), encoding="utf-8")
    assert (
        "decisions:\n  - {labels: [ACTOR], start: 5, end: 39, decision: take, annotator: ann1}"
        in path.read_text(encoding="utf-8")
    )
    loaded = load_annotation_set(path, gold.document, sample_project.schema)
    assert loaded.decisions == gold.decisions
    assert Adjudication(sample_comparison, sample_project.schema).open_conflicts(loaded) == []


def test_open_conflicts_are_those_without_a_decision_until_gold_is_done(
    sample_project: Project, sample_comparison: Comparison
) -> None:
    adjudication = Adjudication(sample_comparison, sample_project.schema)
    gold = start_gold(sample_comparison, sample_project.schema, "judge")
    first, second, *rest = sample_comparison.conflicts
    gold = adjudication.reject(adjudication.take(gold, first, "ann2"), second)
    assert adjudication.open_conflicts(gold) == rest
    assert gold.status == "in_progress"
    assert adjudication.open_conflicts(gold.with_status("done")) == []
    assert adjudication.open_conflicts(adjudication.forget(gold, first)) == [first, *rest]


def test_a_hand_edit_settles_the_conflicts_it_touches_and_gets_provenance(
    sample_project: Project, sample_comparison: Comparison
) -> None:
    schema = sample_project.schema
    adjudication = Adjudication(sample_comparison, schema)
    gold = start_gold(sample_comparison, schema, "judge")
    text = gold.text
    start = text.index("القوات الأمريكية الموجودة")
    # a third boundary nobody made: "القوات الأمريكية الموجودة"
    edited, span = gold.add_span(
        schema, "ACTOR", start, start + 25, attributes={"kind": "state_forces"}
    )
    gold2 = adjudication.after_hand_edit(gold, edited)
    assert gold2.span(span.id).provenance is not None
    assert gold2.span(span.id).provenance.annotators == () and gold2.span(span.id).provenance.edited
    assert gold2.decision((("ACTOR",), 5, 39)) == Decision(("ACTOR",), 5, 39, "edit")
    # changing an agreed span's attributes marks it edited but settles no conflict
    london = gold2.find(*next(s.key for s in gold2.spans if gold2.span_text(s) == "لندن"))
    assert london is not None
    changed = gold2.change_span(schema, london.id, attributes={"kind": "region"})
    gold3 = adjudication.after_hand_edit(gold2, changed)
    assert gold3.span(london.id).provenance.edited  # type: ignore[union-attr]
    assert gold3.span(london.id).provenance.annotators == ("ann1", "ann2")  # type: ignore[union-attr]
    assert gold3.decisions == gold2.decisions


def test_a_resumed_gold_set_lists_every_annotator_compared(
    sample_project: Project, sample_comparison: Comparison
) -> None:
    adjudication = Adjudication(sample_comparison, sample_project.schema)
    gold = start_gold(sample_comparison, sample_project.schema, "judge").with_adjudicated_from(
        ["ann0", "ann2"]
    )
    gold = adjudication.reject(gold, sample_comparison.conflicts[0])
    assert gold.adjudicated_from == ("ann0", "ann2", "ann1")
