"""The annotator/1 file: what is saved loads back identically, byte-stable, diff-friendly."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.model import AnnotationSet, LabelSchema
from annotator.resources import labels_schema_path
from annotator.store.annotation_file import (
    _parse_canonical,
    _parse_general,
    check_annotation_file,
    dump_annotation_set,
    parse_annotation_text,
    scalar,
)
from annotator.store.project import Project, load_label_schema
from tests.strategies import annotation_sets, free_strings

SCHEMA = load_label_schema(labels_schema_path())
PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def reload(aset: AnnotationSet, schema: LabelSchema = SCHEMA) -> AnnotationSet:
    parsed = parse_annotation_text(dump_annotation_set(aset), "x.yaml")
    loaded, problems = check_annotation_file(parsed, aset.document, schema)
    assert problems == []
    return loaded


@PROPERTY
@given(annotation_sets(SCHEMA))
def test_load_of_save_is_identity_and_saving_again_gives_the_same_bytes(
    aset: AnnotationSet,
) -> None:
    loaded = reload(aset)
    assert loaded == aset
    assert loaded.spans == aset.spans  # ids, attributes, notes, origins, provenance
    assert dump_annotation_set(loaded) == dump_annotation_set(aset)


@PROPERTY
@given(annotation_sets(SCHEMA))
def test_fast_reader_agrees_with_the_yaml_loader(aset: AnnotationSet) -> None:
    text = dump_annotation_set(aset)
    fast = _parse_canonical(text, "x.yaml")
    assert fast is not None, "everything we write is in the canonical shape"
    assert fast == _parse_general(text, "x.yaml")
    data = yaml.safe_load(text)
    assert [s["text"] for s in data["spans"] or []] == [r.text for r in fast.spans]


@PROPERTY
@given(free_strings)
def test_every_string_is_written_so_standard_yaml_reads_it_back(value: str) -> None:
    assert yaml.safe_load(f"k: {scalar(value)}\n") == {"k": value}
    assert yaml.safe_load(f"- {{k: {scalar(value)}}}\n") == [{"k": value}]


@settings(max_examples=200, deadline=None)
@given(annotation_sets(SCHEMA), st.data())
def test_edited_lines_are_read_as_yaml_reads_them_or_refused(
    aset: AnnotationSet, data: st.DataObject
) -> None:
    """Hand edits that leave the canonical shape fall back to the YAML loader, never misread."""
    lines = dump_annotation_set(aset).split("\n")
    i = data.draw(st.integers(0, len(lines) - 1))
    j = data.draw(st.integers(0, len(lines[i])))
    insert = data.draw(
        st.sampled_from([" ", "#", "'", '"', ":", ": ", ",", "{", "yes", "\\", "\t", "0"])
    )
    lines[i] = lines[i][:j] + insert + lines[i][j:]
    text = "\n".join(lines)
    fast = _parse_canonical(text, "x.yaml")
    if fast is None:
        return
    assert fast == _parse_general(text, "x.yaml")


def test_arabic_is_written_as_text_and_invisible_controls_as_escapes(
    sample_project: Project,
) -> None:
    aset = sample_project.load_set("ann1", "xinhua-deir-ezzor")
    text = dump_annotation_set(aset)
    assert "القوات الأمريكية" in text and "\\u06" not in text
    assert scalar("a\u202eb") == '"a\\u202eb"'
    assert scalar("yes") == '"yes"' and scalar("12") == '"12"' and scalar("a: b") == '"a: b"'


def test_spans_are_sorted_and_keys_in_fixed_order(sample_project: Project) -> None:
    aset = sample_project.load_set("ann2", "xinhua-deir-ezzor")
    lines = dump_annotation_set(aset).splitlines()
    assert lines[:4] == [
        "format: annotator/1",
        lines[1],
        "annotator: ann2",
        "status: done",
    ]
    assert lines[1].startswith(
        "document: {id: xinhua-deir-ezzor, file: texts/xinhua-deir-ezzor.txt, sha256: "
    )
    span_lines = [line for line in lines if line.startswith("  - {id: s")]
    keys = [(s.start, s.end, s.label) for s in aset.spans]
    assert keys == sorted(keys)
    assert all(
        line.index("label:") < line.index("start:") < line.index("end:") < line.index("text:")
        for line in span_lines
    )


def test_bundled_files_are_canonical(sample_project: Project) -> None:
    """The sample corpus files are byte-identical to what saving them again writes."""
    for who in ("ann1", "ann2"):
        path = sample_project.annotation_path(who, "xinhua-deir-ezzor")
        aset = sample_project.load_set(who, "xinhua-deir-ezzor")
        assert dump_annotation_set(aset) == path.read_text(encoding="utf-8")
    gold = sample_project.load_gold("xinhua-deir-ezzor")
    assert gold is not None
    assert dump_annotation_set(gold) == sample_project.gold_path("xinhua-deir-ezzor").read_text(
        "utf-8"
    )
