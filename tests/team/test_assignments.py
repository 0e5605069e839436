"""Assignments: N distinct annotators per document, balanced, seeded, stable on re-runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.errors import FormatError, ProjectError
from annotator.store.annotation_file import scalar
from annotator.store.yaml_safe import load_yaml_text
from annotator.team.assignments import (
    Assignments,
    assign,
    dump_assignments,
    load_assignments,
    parse_assignments,
    read_as_written,
    save_assignments,
)
from tests.cli_helpers import run_cli

DOCS = [f"doc-{i:03d}" for i in range(40)]


@settings(max_examples=60, deadline=None)
@given(
    docs=st.integers(1, 60),
    people=st.integers(1, 7),
    per_doc=st.integers(1, 7),
    seed=st.integers(0, 2**31),
)
def test_every_document_gets_n_distinct_annotators_and_counts_differ_by_at_most_one(
    docs: int, people: int, per_doc: int, seed: int
) -> None:
    names = [f"a{i}" for i in range(people)]
    if per_doc > people:
        with pytest.raises(ProjectError, match="needs at least"):
            assign(Assignments(), DOCS[:docs], names, per_doc, seed=seed)
        return
    result = assign(Assignments(), [f"d{i}" for i in range(docs)], names, per_doc, seed=seed)
    documents = result.assignments.documents
    assert len(documents) == docs
    assert all(len(who) == per_doc == len(set(who)) for who in documents.values())
    loads = [result.assignments.loads().get(n, 0) for n in names]
    assert max(loads) - min(loads) <= 1
    assert sum(loads) == docs * per_doc


def test_the_same_seed_gives_the_same_assignments_and_another_seed_another() -> None:
    names = ["amal", "badr", "carim", "dina"]
    one = assign(Assignments(), DOCS, names, 2, seed=5).assignments
    again = assign(Assignments(), DOCS, names, 2, seed=5).assignments
    other = assign(Assignments(), DOCS, names, 2, seed=6).assignments
    assert one == again
    assert one.documents != other.documents


def test_rerunning_as_documents_arrive_keeps_every_existing_assignment() -> None:
    names = ["amal", "badr", "carim"]
    first = assign(Assignments(), DOCS[:20], names, 2, seed=1).assignments
    second = assign(first, DOCS, names, 2, seed=1)
    for doc_id, who in first.documents.items():
        assert second.assignments.documents[doc_id] == who
    assert set(second.added) == set(DOCS[20:])
    loads = second.assignments.loads()
    assert max(loads.values()) - min(loads.values()) <= 1
    # Nothing new: nothing changes.
    third = assign(second.assignments, DOCS, names, 2, seed=1)
    assert third.assignments == second.assignments and not third.added


def test_rebalance_moves_only_unstarted_assignments() -> None:
    before = assign(Assignments(), DOCS[:12], ["amal", "badr"], 1, seed=2).assignments
    started = {("amal", d) for d in before.documents_of("amal")[:3]}
    plain = assign(before, DOCS[:12], ["amal", "badr", "carim"], 1, seed=2)
    assert plain.assignments == Assignments(before.documents, 1, 2)
    assert plain.kept_unbalanced
    moved = assign(
        before,
        DOCS[:12],
        ["amal", "badr", "carim"],
        1,
        seed=2,
        rebalance=True,
        started=lambda who, doc: (who, doc) in started,
    )
    loads = moved.assignments.loads()
    assert sorted(loads.values()) == [4, 4, 4]
    for doc_id, source, target in moved.moved:
        assert (source, doc_id) not in started and target == "carim"
    for who, doc_id in started:
        assert moved.assignments.documents[doc_id] == (who,)


def test_rebalance_hands_over_unstarted_work_of_someone_no_longer_listed() -> None:
    before = assign(Assignments(), DOCS[:9], ["amal", "badr", "carim"], 1, seed=0).assignments
    gone = before.documents_of("carim")
    kept = gone[0]
    result = assign(
        before,
        DOCS[:9],
        ["amal", "badr"],
        1,
        rebalance=True,
        started=lambda who, doc: who == "carim" and doc == kept,
    )
    assert result.assignments.documents[kept] == ("carim",)
    for doc_id in gone[1:]:
        assert result.assignments.documents[doc_id][0] in ("amal", "badr")


def test_the_file_is_one_line_per_document_and_reads_back(tmp_path: Path) -> None:
    value = Assignments({"doc-2": ("badr", "amal"), "doc-1": ("amal", "كريم")}, 2, 9)
    text = dump_assignments(value)
    assert text.splitlines()[1:] == [
        "per_doc: 2",
        "seed: 9",
        "documents:",
        "  doc-1: [amal, كريم]",
        "  doc-2: [badr, amal]",
    ]
    save_assignments(tmp_path, value)
    assert load_assignments(tmp_path) == value
    assert parse_assignments(load_yaml_text(text, "x"), "x") == value


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("documents: {d1: [amal, amal]}\n", "d1: an annotator is named twice"),
        ("documents: {d1: amal}\n", "d1: must be a list of annotator names"),
        ("documents: {../x: [amal]}\n", "document id '../x' contains a path separator"),
        ("per_doc: two\n", "per_doc must be a whole number"),
        ("who: [amal]\n", "unknown field 'who'"),
    ],
)
def test_a_bad_file_is_refused_naming_the_file_and_the_problem(
    tmp_path: Path, content: str, message: str
) -> None:
    (tmp_path / "assignments.yaml").write_text(content, encoding="utf-8")
    with pytest.raises(FormatError) as caught:
        load_assignments(tmp_path)
    assert str(tmp_path / "assignments.yaml") in str(caught.value)
    assert message in str(caught.value)


def test_assign_command_writes_the_file_and_reruns_without_moving(sample_project) -> None:
    root = sample_project.root
    done = run_cli("assign", root, "--annotators", "amal,badr,carim", "--per-doc", "2")
    assert done.returncode == 0, done.stderr
    assert "assigned 12 document slot(s) on 6 document(s)" in done.stdout
    assert "documents per annotator: amal 4, badr 4, carim 4" in done.stdout
    first = load_assignments(root)
    again = run_cli("assign", root, "--annotators", "amal,badr,carim")
    assert again.returncode == 0, again.stderr
    assert "assignments.yaml is up to date" in again.stdout
    assert load_assignments(root) == first
    bad = run_cli("assign", root, "--annotators", "amal", "--per-doc", "2")
    assert bad.returncode == 1
    assert bad.stderr.strip().splitlines() == [
        f"annotator: {root}: --per-doc 2 needs at least 2 annotators; 1 given (amal)"
    ]


# -- the file as assign writes it is read without the YAML loader, to the same value ---------

_NAMES = st.sampled_from(["amal", "badr", "carim", "سارة", "true", "1e3", "a.b", "x_y-z", "null"])
_IDS = st.sampled_from(["doc-1", "doc-2", "2024", "on", "مقال", "a..b", "x.", "d.3", "Doc_4"])


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(_IDS, st.lists(_NAMES, min_size=1, max_size=3, unique=True), max_size=6),
    st.integers(0, 5),
    st.integers(0, 10**6),
)
def test_fast_reading_gives_what_the_yaml_loader_gives(
    documents: dict[str, list[str]], per_doc: int, seed: int
) -> None:
    """Names YAML would read as something else (true, 1e3, null) are quoted by the writer, so
    the fast reader declines them; whatever it does read equals the loader's value."""
    value = Assignments({d: tuple(w) for d, w in documents.items()}, per_doc, seed)
    text = dump_assignments(value)
    fast = read_as_written(text)
    try:
        slow = parse_assignments(load_yaml_text(text, "assignments.yaml"), "assignments.yaml")
    except FormatError:  # an id the project refuses: the loader reports it; fast must decline
        assert fast is None
        return
    if fast is not None:
        assert fast == slow and list(fast.documents) == list(slow.documents)
    if all(
        n.isascii() and scalar(n) == n  # written unquoted
        for n in [*documents, *(n for w in documents.values() for n in w)]
    ):
        assert fast is not None  # plain names: the fast path answers


@pytest.mark.parametrize(
    "edit",
    [
        lambda t: t.replace("per_doc: 2", "per_doc: 2  # two each"),
        lambda t: t.replace("[amal, badr]", "[amal, amal]"),
        lambda t: t + "  doc-1: [carim]\n",
        lambda t: t.replace("  doc-2:", "  doc-2 :"),
        lambda t: t.rstrip("\n"),
    ],
    ids=["comment", "named-twice", "repeated-id", "odd-spacing", "no-final-newline"],
)
def test_a_hand_edited_file_goes_through_the_loader(tmp_path: Path, edit) -> None:  # type: ignore[no-untyped-def]
    text = edit(dump_assignments(Assignments({"doc-1": ("amal", "badr"), "doc-2": ("badr",)}, 2)))
    assert read_as_written(text) is None
    (tmp_path / "assignments.yaml").write_text(text, encoding="utf-8")
    try:
        expected = parse_assignments(load_yaml_text(text, "x"), "x")
    except FormatError as err:
        with pytest.raises(type(err)):
            load_assignments(tmp_path)
    else:
        assert load_assignments(tmp_path) == expected
