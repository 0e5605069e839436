"""The annotator/1 file: what is saved loads back identically, byte-stable, diff-friendly."""

from __future__ import annotations

import re

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.errors import FormatError
from annotator.model import AnnotationSet, Document, LabelSchema
from annotator.resources import labels_schema_path
from annotator.store.annotation_file import (
    CanonicalFile,
    _parse_canonical,
    _parse_general,
    check_annotation_file,
    dump_annotation_set,
    parse_annotation_text,
    read_canonical,
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


#: What YAML accepts in a stream (its "printable" set); anything else it refuses to read.
YAML_PRINTABLE = "\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff"
NOT_YAML_PRINTABLE = re.compile(f"[^{YAML_PRINTABLE}]")
#: Controls, C1 controls, non-characters, lone surrogates, line and paragraph separators and
#: bidi controls: what a hostile or damaged file may hold anywhere.
STRAY = st.sampled_from(
    [chr(c) for c in (*range(0x20), 0x7F, *range(0x80, 0xA1), 0xFFFE, 0xFFFF, 0xD800, 0xDFFF)]
    + ["\u2028", "\u2029", "\u200f", "\u202e", "\ufeff", "\u061c"]
)


@settings(max_examples=400, deadline=None)
@given(annotation_sets(SCHEMA), st.data())
def test_characters_yaml_refuses_are_never_read_by_the_fast_reader(
    aset: AnnotationSet, data: st.DataObject
) -> None:
    """The fast reader has no pass of its own over every character: its grammar holds none
    that YAML refuses. A stray character anywhere (in a quoted or a plain value, between
    tokens) makes it hand the file to the YAML loader, or it reads what YAML reads."""
    text = dump_annotation_set(aset)
    for _ in range(data.draw(st.integers(1, 3))):
        # Anywhere, or where a value starts or goes on: after ": " or an opening quote, or
        # inside a quoted value.
        starts = [m.end() for m in re.finditer(r': "?|"[^"\n]', text)]
        i = data.draw(st.integers(0, len(text)) | st.sampled_from(starts))
        text = text[:i] + data.draw(STRAY) + text[i:]
    fast = _parse_canonical(text, "x.yaml")
    if NOT_YAML_PRINTABLE.search(text):
        assert fast is None
    elif fast is not None:
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


_WORD = re.compile(r"\w+")
_REPLACEMENTS = [*SCHEMA.labels, "s1", "s2", "s3", "r1", "0", "1", "2", "7", "zzz", "source"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(annotation_sets(SCHEMA), st.data())
def test_the_digest_says_valid_exactly_when_the_full_check_finds_nothing(
    aset: AnnotationSet, data: st.DataObject
) -> None:
    """validate and agree check canonical files with CanonicalFile.digest, without building
    the set: after any one-word edit (an id, a label, an offset, an attribute, a relation's
    end, the header) it must agree with check_annotation_file, and give the same keys."""
    lines = dump_annotation_set(aset).split("\n")
    if data.draw(st.booleans()):
        i = data.draw(st.integers(0, len(lines) - 1))
        words = list(_WORD.finditer(lines[i]))
        if words:
            word = data.draw(st.sampled_from(words))
            new = data.draw(st.sampled_from([*_REPLACEMENTS, word.group() + "x"]))
            lines[i] = lines[i][: word.start()] + new + lines[i][word.end() :]
    canonical = read_canonical("\n".join(lines), "x.yaml")
    if canonical is None:
        return
    document = aset.document
    if data.draw(st.integers(0, 9)) == 0:
        document = Document(document.id, document.text + "x")  # the text changed since
    expected = data.draw(st.sampled_from([None, aset.annotator, "someone-else"]))
    full, problems = check_annotation_file(
        canonical.annotation_file(), document, SCHEMA, expected_annotator=expected
    )
    digest = canonical.digest(document, SCHEMA, expected_annotator=expected)
    if problems or canonical.decisions:
        assert digest is None
        return
    assert digest is not None
    assert digest.keys == tuple(s.key for s in full.spans)
    assert (digest.status, digest.relations) == (full.status, len(full.relations))
    assert load_span_keys_from_text(canonical, document, expected) == (full.status, digest.keys)


def load_span_keys_from_text(
    canonical: CanonicalFile, document: Document, expected: str | None
) -> tuple[str, tuple[tuple[int, int, str], ...]]:
    digest = canonical.digest(document, SCHEMA, expected_annotator=expected, memo={})
    assert digest is not None
    return digest.status, digest.keys


_HEADERS = [
    "updated: 2026-11-30T12:00:00.25+02:00",
    "updated: 2026-11-30T12:00:00-05:30",
    "active_seconds: 0",
    "active_seconds: 4321",
    'adjudicated_from: [ann1, "ann 2", "yes"]',
]


@pytest.mark.parametrize("extra", _HEADERS)
def test_headers_in_the_canonical_shape_read_as_yaml_reads_them(
    sample_project: Project, extra: str
) -> None:
    lines = sample_project.annotation_path("ann1", "damascus-quotes").read_text("utf-8")
    lines = lines.replace("updated: 2026-11-20T10:15:00Z\n", "")
    head, rest = lines.split("spans:", 1)
    text = f"{head}{extra}\nspans:{rest}"
    fast = _parse_canonical(text, "x.yaml")
    assert fast is not None
    assert fast == _parse_general(text, "x.yaml")


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("annotator: ann1", 'annotator: "ann1"'),  # quoted: the same string
        ("annotator: ann1", "annotator: yes"),  # YAML 1.1 reads a boolean: the schema says no
        ("annotator: ann1", "annotator: 12"),
        ("chars: 421", "chars: 0421"),  # octal in YAML 1.1
        ("status: in_progress", "status: started"),
        ("id: damascus-quotes, file", 'id: "", file'),
        ("updated: 2026-11-20T10:15:00Z", "updated: 2026-11-20 10:15:00Z"),
        ("updated: 2026-11-20T10:15:00Z", "updated: null"),
        ("format: annotator/1", "format: annotator/2"),
    ],
)
def test_unusual_headers_are_read_as_yaml_reads_them_or_refused(
    sample_project: Project, before: str, after: str
) -> None:
    """The fast header grammar never reads a header differently from the loader and schema."""
    original = sample_project.annotation_path("ann1", "damascus-quotes").read_text("utf-8")
    assert before in original
    text = original.replace(before, after, 1)
    try:
        general = _parse_general(text, "x.yaml")
    except FormatError:
        general = None
    fast = _parse_canonical(text, "x.yaml")
    if general is None:
        assert fast is None
    elif fast is not None:
        assert fast == general


def test_a_sha256_of_digits_only_is_left_to_the_loader() -> None:
    """Sixty-four digits are a number to YAML, not the string the schema asks for."""
    text = f"format: annotator/1\ndocument: {{id: d, file: texts/d.txt, sha256: {'1' * 64}, "
    text += "chars: 1}\nannotator: a\nstatus: new\nspans: []\nrelations: []\n"
    assert read_canonical(text, "x.yaml") is None
    with pytest.raises(FormatError, match="sha256"):
        _parse_general(text, "x.yaml")


def test_an_impossible_date_is_a_problem_not_a_crash(sample_project: Project) -> None:
    path = sample_project.annotation_path("ann1", "damascus-quotes")
    text = path.read_text("utf-8").replace("2026-11-20T10:15:00Z", "2026-13-45T10:15:00Z")
    parsed = parse_annotation_text(text, path)
    document = sample_project.document("damascus-quotes")
    _, problems = check_annotation_file(parsed, document, sample_project.schema)
    assert [p.message for p in problems] == [
        "updated '2026-13-45T10:15:00Z' is not a real date and time"
    ]
    canonical = read_canonical(text, path)
    assert canonical is not None
    assert canonical.digest(document, sample_project.schema) is None
