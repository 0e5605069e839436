"""brat standoff: our files open with a reference reader written from the specification, and
our reader holds what brat holds or says clearly what it cannot."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.errors import ImportExportError
from annotator.formats.base import NO_PROGRESS, ReadOptions, WriteOptions
from annotator.formats.brat import annotation_conf, escape, read_brat, unescape, write_brat
from annotator.model import AnnotationSet, LabelSchema
from annotator.resources import labels_schema_path
from annotator.store.project import Project, load_label_schema
from tests.formats import brat_reference
from tests.formats.helpers import scratch
from tests.strategies import annotation_sets, free_strings

SCHEMA = load_label_schema(labels_schema_path())


@settings(max_examples=300, deadline=None)
@given(st.one_of(free_strings, st.text()))
def test_escaping_is_reversible_and_keeps_values_on_one_line(value: str) -> None:
    escaped = escape(value)
    assert unescape(escaped) == value
    assert len(("x" + escaped + "x").splitlines()) == 1 and "\t" not in escaped and escaped


def test_sample_corpus_opens_with_the_reference_reader(
    sample_project: Project, tmp_path: Path
) -> None:
    sets = [sample_project.load_set("ann1", d) for d in ("xinhua-deir-ezzor", "damascus-quotes")]
    report = write_brat(
        sets, tmp_path / "b", WriteOptions(schema=sample_project.schema), NO_PROGRESS
    )
    docs = brat_reference.read_collection(tmp_path / "b")
    assert sorted(docs) == ["damascus-quotes", "xinhua-deir-ezzor"]
    for aset in sets:
        doc = docs[aset.document.id]
        assert (tmp_path / "b" / f"{aset.document.id}.txt").read_bytes() == aset.text.encode()
        assert sorted(
            (label, frags[0][0], frags[-1][1]) for label, frags, _ in doc.entities.values()
        ) == sorted((s.label, s.start, s.end) for s in aset.spans)
        assert len(doc.relations) == len(aset.relations)
        assert len(doc.attributes) == sum(len(s.attributes) for s in aset.spans)
    assert not report.dropped and not report.changed


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(annotation_sets(SCHEMA))
def test_every_export_opens_with_the_reference_reader(aset: AnnotationSet) -> None:
    with scratch() as folder:
        write_brat([aset], folder, WriteOptions(schema=SCHEMA), NO_PROGRESS)
        doc = brat_reference.read_collection(folder)[aset.document.id]
    assert doc.text == aset.text
    for label, fragments, _ in doc.entities.values():
        assert label in SCHEMA.labels and fragments == sorted(fragments)


def test_annotation_conf_follows_the_schema(schema: LabelSchema) -> None:
    conf = annotation_conf(schema, []).split("\n")
    assert conf[1:8] == [
        "[entities]",
        "ACTOR",
        "LOCATION",
        "WEAPON",
        "CLAIM",
        "[relations]",
        "source\tArg1:CLAIM, Arg2:ACTOR",
    ]
    assert "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>" in conf
    kind = next(line for line in conf if line.startswith("kind\t"))
    assert kind.startswith("kind\tArg:ACTOR|LOCATION|WEAPON, Value:state_forces|")
    assert "drone" in kind and "city" in kind and kind.count("|other") == 1
    assert "stance\tArg:CLAIM, Value:asserted|denied|reported" in conf


def test_crlf_text_is_written_as_is_and_noted(mixed_set: AnnotationSet, tmp_path: Path) -> None:
    report = write_brat([mixed_set], tmp_path, WriteOptions(schema=SCHEMA), NO_PROGRESS)
    assert (tmp_path / "mixed-1.txt").read_bytes() == mixed_set.text.encode("utf-8")
    assert b"\r\n" in (tmp_path / "mixed-1.txt").read_bytes()
    assert report.notes == [
        "mixed-1: the text has CR characters; brat 1.3 counts CRLF as one character, so use a "
        "brat that reads texts as they are, or LF texts"
    ]
    ann = (tmp_path / "mixed-1.ann").read_text(encoding="utf-8").split("\n")
    assert "A1\tkind T1 monitor_ngo" in ann
    assert "#1\tAnnotatorNotes T1\tnote with\\ta tab, a newline\\nand a backslash \\\\" in ann
    assert "R1\tsource Arg1:T4 Arg2:T1" in ann


def write(folder: Path, name: str, text: str, ann: str) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.txt").write_bytes(text.encode("utf-8"))
    (folder / f"{name}.ann").write_bytes(ann.encode("utf-8"))
    return folder


def test_reading_a_brat_document(tmp_path: Path) -> None:
    text = "Sony formed a joint venture with Ericsson,\na mobile phone company in\nSweden."
    folder = write(
        tmp_path,
        "d1",
        text,
        "T1\tACTOR 0 4\tSony\n"
        "T2\tACTOR 33 41\tEricsson\n"
        "T3\tLOCATION 69 75\tSweden\n"
        "T4\tCLAIM 5 42;43 68\tformed a joint venture with Ericsson, a mobile phone company in\n"
        "R1\tsource Arg1:T4 Arg2:T1\n"
        "A1\tkind T1 media\n"
        "M2\tstance T4\n"
        "#1\tAnnotatorNotes T2\tcheck\\nthis\n",
    )
    [doc] = read_brat(folder, ReadOptions())
    assert doc.id == "d1" and doc.text == text
    spans = {s.id: s for s in doc.spans}
    # Fragments separated only by a line break are one span (brat splits selections so).
    assert (spans["s4"].start, spans["s4"].end) == (5, 68)
    assert dict(spans["s1"].attributes) == {"kind": "media"}
    assert dict(spans["s4"].attributes) == {"stance": "true"}  # a binary brat attribute
    assert spans["s2"].note == "check\nthis"
    assert [(r.id, r.from_id, r.to_id) for r in doc.relations] == [("r1", "s4", "s1")]
    assert doc.span_places["s3"].line == 3


def test_what_annotator_cannot_hold_is_an_error_naming_the_line(tmp_path: Path) -> None:
    text = "North and South America and Europe"
    folder = write(
        tmp_path,
        "d",
        text,
        "T1\tLOCATION 0 5;16 23\tNorth America\n"
        "T2\tLOCATION 28 34\tEurope\n"
        "E1\tAttack:T2\n"
        "N1\tReference T2 Wikipedia:1234\n"
        "A1\tkind T1 region\n"
        "T3\tLOCATION 0 5\tSouth\n",
    )
    with pytest.raises(ImportExportError) as err:
        read_brat(folder, ReadOptions())
    ann = folder / "d.ann"
    assert [str(p) for p in err.value.problems] == [
        f"{ann}:1: span T1 is discontinuous (0 5;16 23); annotator spans are continuous, so "
        "it cannot be held",
        f"{ann}:3: E1: brat events (E) cannot be held by annotator",
        f"{ann}:4: N1: brat normalizations (N) cannot be held by annotator",
        f"{ann}:5: attribute A1 is on T1, which is not a span read",
        f"{ann}:6: span T3: text 'South' does not match the document at 0 5, which reads 'North'",
    ]
    [doc] = read_brat(folder, ReadOptions(skip_invalid=True))
    assert [(s.id, s.label) for s in doc.spans] == [("s2", "LOCATION")]
    assert [p.place.line for p in doc.skipped] == [1, 3, 4, 5, 6]
    assert all(p.message.startswith("skipped: ") for p in doc.skipped)


def test_offsets_counted_with_crlf_as_one_character_are_explained(tmp_path: Path) -> None:
    folder = write(tmp_path, "d", "one\r\ntwo", "T1\tACTOR 4 7\ttwo\n")
    with pytest.raises(ImportExportError) as err:
        read_brat(folder, ReadOptions())
    assert "if CRLF counts as one character" in str(err.value)


def test_a_folder_without_ann_files_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ImportExportError, match=r"no brat \.ann files here"):
        read_brat(tmp_path, ReadOptions())
    (tmp_path / "x.ann").write_text("", encoding="utf-8")
    with pytest.raises(ImportExportError, match=r"no text file x\.txt next to it"):
        read_brat(tmp_path, ReadOptions())
