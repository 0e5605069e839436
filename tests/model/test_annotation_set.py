"""The editing API refuses every edit that would make a set unsaveable or wrong."""

from __future__ import annotations

import pytest

from annotator.errors import EditError
from annotator.model import AnnotationSet, Document, History, LabelSchema

TEXT = "قال المرصد السوري إن القوات الأمريكية قصفت دير الزور."


@pytest.fixture
def empty() -> AnnotationSet:
    return AnnotationSet(Document("d1", TEXT), "alice")


def at(word: str) -> tuple[int, int]:
    start = TEXT.index(word)
    return start, start + len(word)


def test_added_span_covers_the_selected_text(empty: AnnotationSet, schema: LabelSchema) -> None:
    aset, span = empty.add_span(
        schema, "ACTOR", *at("المرصد السوري"), attributes={"kind": "monitor_ngo"}
    )
    assert aset.span_text(span) == "المرصد السوري"
    assert span.id == "s1"
    assert aset.status == "in_progress"
    assert empty.spans == ()  # the old value is untouched


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (-1, 3, "outside the text"),
        (5, len(TEXT) + 1, "outside the text"),
        (4, 4, "empty"),
        (6, 2, "empty"),
    ],
)
def test_offsets_must_lie_inside_the_text(
    empty: AnnotationSet, schema: LabelSchema, start: int, end: int, message: str
) -> None:
    with pytest.raises(EditError, match=message):
        empty.add_span(schema, "ACTOR", start, end)


def test_unknown_label_and_attribute_values_are_refused(
    empty: AnnotationSet, schema: LabelSchema
) -> None:
    with pytest.raises(EditError, match="unknown label 'PERSON'"):
        empty.add_span(schema, "PERSON", 0, 3)
    with pytest.raises(EditError, match="cannot be 'army'"):
        empty.add_span(schema, "ACTOR", 0, 3, attributes={"kind": "army"})
    with pytest.raises(EditError, match="no attribute 'stance'"):
        empty.add_span(schema, "ACTOR", 0, 3, attributes={"stance": "asserted"})


def test_same_label_and_offsets_twice_is_refused_but_nesting_is_allowed(
    empty: AnnotationSet, schema: LabelSchema
) -> None:
    aset, claim = empty.add_span(schema, "CLAIM", *at("القوات الأمريكية قصفت دير الزور"))
    aset, actor = aset.add_span(schema, "ACTOR", *at("القوات الأمريكية"))
    with pytest.raises(EditError, match="already exists as s2"):
        aset.add_span(schema, "ACTOR", *at("القوات الأمريكية"))
    aset, other = aset.add_span(schema, "LOCATION", *at("القوات الأمريكية"))
    assert [s.id for s in aset.spans_at(actor.start)] == [claim.id, actor.id, other.id]


def test_relations_follow_the_schema(empty: AnnotationSet, schema: LabelSchema) -> None:
    aset, claim = empty.add_span(schema, "CLAIM", *at("القوات الأمريكية قصفت دير الزور"))
    aset, actor = aset.add_span(schema, "ACTOR", *at("المرصد السوري"))
    aset, place = aset.add_span(schema, "LOCATION", *at("دير الزور"))
    aset, rel = aset.add_relation(schema, "source", claim.id, actor.id)
    assert aset.relations_of(actor.id) == [rel]
    with pytest.raises(EditError, match="cannot link CLAIM -> LOCATION"):
        aset.add_relation(schema, "source", claim.id, place.id)
    with pytest.raises(EditError, match="does not exist"):
        aset.add_relation(schema, "source", claim.id, "s99")
    with pytest.raises(EditError, match="already links"):
        aset.add_relation(schema, "source", claim.id, actor.id)
    with pytest.raises(EditError, match="unknown type"):
        aset.add_relation(schema, "cites", claim.id, actor.id)


def test_relabel_that_breaks_a_link_is_refused(empty: AnnotationSet, schema: LabelSchema) -> None:
    aset, claim = empty.add_span(schema, "CLAIM", *at("القوات الأمريكية قصفت دير الزور"))
    aset, actor = aset.add_span(schema, "ACTOR", *at("المرصد السوري"))
    aset, _ = aset.add_relation(schema, "source", claim.id, actor.id)
    with pytest.raises(EditError, match="cannot link CLAIM -> LOCATION"):
        aset.change_span(schema, actor.id, label="LOCATION", attributes={})
    moved = aset.change_span(schema, actor.id, start=actor.start + 1)
    assert moved.span(actor.id).start == actor.start + 1
    assert moved.relations == aset.relations


def test_removing_a_span_removes_its_links(empty: AnnotationSet, schema: LabelSchema) -> None:
    aset, claim = empty.add_span(schema, "CLAIM", *at("القوات الأمريكية قصفت دير الزور"))
    aset, actor = aset.add_span(schema, "ACTOR", *at("المرصد السوري"))
    aset, _ = aset.add_relation(schema, "source", claim.id, actor.id)
    after = aset.remove_span(actor.id)
    assert [s.id for s in after.spans] == [claim.id]
    assert after.relations == ()


def test_new_ids_follow_the_largest_in_use(empty: AnnotationSet, schema: LabelSchema) -> None:
    aset, a = empty.add_span(schema, "ACTOR", *at("المرصد السوري"))
    aset, b = aset.add_span(schema, "ACTOR", *at("القوات الأمريكية"), span_id="s7")
    aset = aset.remove_span(a.id)
    aset, c = aset.add_span(schema, "LOCATION", *at("دير الزور"))
    assert (b.id, c.id) == ("s7", "s8")
    with pytest.raises(EditError, match="already used"):
        aset.add_span(schema, "ACTOR", *at("قال"), span_id="s8")


def test_spans_stay_sorted_by_position(empty: AnnotationSet, schema: LabelSchema) -> None:
    aset = empty
    for word in ("دير الزور", "المرصد السوري", "القوات الأمريكية"):
        aset, _ = aset.add_span(schema, "ACTOR", *at(word))
    assert [s.start for s in aset.spans] == sorted(s.start for s in aset.spans)


def test_history_undoes_and_redoes_every_edit(empty: AnnotationSet, schema: LabelSchema) -> None:
    history = History(empty)
    history.apply("tag", lambda s: s.add_span(schema, "ACTOR", *at("المرصد السوري"))[0])
    history.apply("tag", lambda s: s.add_span(schema, "LOCATION", *at("دير الزور"))[0])
    assert len(history.current.spans) == 2
    assert history.undo() is not None
    assert [s.label for s in history.current.spans] == ["ACTOR"]
    assert history.redo() is not None
    assert len(history.current.spans) == 2
    history.undo()
    history.undo()
    assert history.current == empty
    assert history.undo() is None
    with pytest.raises(EditError):
        history.apply("bad", lambda s: s.add_span(schema, "ACTOR", 0, 0)[0])
    assert history.current == empty and history.can_redo
