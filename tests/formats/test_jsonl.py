"""JSONL in our shape, doccano's two shapes and spaCy's Doc JSON; loading it into spaCy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.errors import ImportExportError
from annotator.formats.base import NO_PROGRESS, ReadOptions, WriteOptions
from annotator.formats.jsonl import read_jsonl, write_jsonl
from annotator.model import AnnotationSet
from annotator.store.project import Project


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line]


def test_our_shape(mixed_set: AnnotationSet, tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    write_jsonl([mixed_set], path, WriteOptions(), NO_PROGRESS)
    [obj] = lines(path)
    assert set(obj) == {"id", "text", "spans", "relations"}
    assert obj["id"] == "mixed-1" and obj["text"] == mixed_set.text
    first = obj["spans"][0]
    assert first == {"id": "s2", "start": 4, "end": 11, "label": "ACTOR", "text": "المرصدُ"}
    assert obj["relations"] == [{"id": "r1", "type": "source", "from": "s4", "to": "s1"}]
    assert "\u0627" in path.read_text(encoding="utf-8")  # Arabic as text, not \\u escapes


def test_line_separators_inside_texts_stay_escaped(tmp_path: Path, schema) -> None:
    from annotator.model import Document, build_set

    aset, _ = build_set(Document("d", "a\u2028b\x85c\u2029"), "x", schema, [])
    path = tmp_path / "x.jsonl"
    write_jsonl([aset], path, WriteOptions(), NO_PROGRESS)
    raw = path.read_text(encoding="utf-8")
    assert len(raw.splitlines()) == 1
    assert read_jsonl(path, ReadOptions())[0].text == aset.text


def test_shapes_are_detected_per_line(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    text = "قصفت الطائرات دمشق"
    rows = [
        {"id": "a", "text": text, "spans": [{"start": 5, "end": 13, "label": "WEAPON"}]},
        {"id": 7, "text": text, "label": [[14, 18, "LOCATION"]]},
        {
            "text": text,
            "entities": [
                {"id": 3, "label": "WEAPON", "start_offset": 5, "end_offset": 13},
                {"id": 4, "label": "LOCATION", "start_offset": 14, "end_offset": 18},
            ],
            "relations": [{"id": 1, "from_id": 3, "to_id": 4, "type": "at"}],
        },
        {
            "text": text,
            "ents": [{"start": 14, "end": 18, "label": "LOCATION"}],
            "tokens": [],
            "spans": {"sc": [{"start": 5, "end": 13, "label": "WEAPON", "kb_id": ""}]},
        },
        {"text": text},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n\n", "utf-8")
    docs = read_jsonl(path, ReadOptions())
    assert [(d.id, d.id_given) for d in docs] == [
        ("a", True),
        ("7", True),
        ("mixed-3", False),
        ("mixed-4", False),
        ("mixed-5", False),
    ]
    keys = [[(s.id, s.label, text[s.start : s.end]) for s in d.spans] for d in docs]
    assert keys == [
        [("s1", "WEAPON", "الطائرات")],
        [("s1", "LOCATION", "دمشق")],
        [("s3", "WEAPON", "الطائرات"), ("s4", "LOCATION", "دمشق")],
        [("s2", "WEAPON", "الطائرات"), ("s1", "LOCATION", "دمشق")],
        [],
    ]
    assert [(r.id, r.type, r.from_id, r.to_id) for r in docs[2].relations] == [
        ("r1", "at", "s3", "s4")
    ]


def test_bad_lines_name_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(
        '{"id": "a", "text": "abc", "spans": [{"start": 1, "end": 9, "label": "ACTOR"}]}\n'
        '{"id": "b", "text": "abc" "oops"}\n'
        '{"id": "c", "text": "abc", "spans": [{"start": 0, "end": 1, "label": "ACTOR", '
        '"text": "b"}]}\n'
        "[1, 2]\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportExportError) as err:
        read_jsonl(path, ReadOptions())
    assert [str(p) for p in err.value.problems] == [
        f"{path}:1: span s1: offsets 1-9 are outside the text (0-3)",
        f"{path}:2:27: not JSON: Expecting ',' delimiter",
        f"{path}:3: span s1: text 'b' does not match the document at 0-1, which reads 'a'",
        f"{path}:4: each line must be a JSON object, not list",
    ]
    corpus = read_jsonl(path, ReadOptions(skip_invalid=True))
    assert [d.id for d in corpus] == ["a", "c"] and all(not d.spans for d in corpus)
    assert [p.place.line for p in corpus.all_skipped()] == [2, 4, 1, 3]


def test_utf16_offsets_from_javascript_tools_are_explained(tmp_path: Path) -> None:
    path = tmp_path / "js.jsonl"
    text = "😀 دمشق"
    path.write_text(
        json.dumps(
            {"text": text, "spans": [{"start": 3, "end": 7, "label": "LOCATION", "text": "دمشق"}]}
        )
        + "\n",
        "utf-8",
    )
    with pytest.raises(ImportExportError, match="UTF-16 code units"):
        read_jsonl(path, ReadOptions())


# -- spaCy cross-checks ---------------------------------------------------------------------------


def test_our_jsonl_loads_into_spacy_and_entity_texts_are_ours(
    sample_project: Project, tmp_path: Path
) -> None:
    """Every span of our JSONL export, put on a blank Arabic spaCy pipeline with char_span:
    the spans that line up with spaCy's own tokens give exactly our text; the ones that do
    not are counted and must come back, with alignment_mode="expand", as a widening of ours."""
    spacy = pytest.importorskip("spacy")
    from spacy.util import filter_spans

    sets = [
        sample_project.load_gold("xinhua-deir-ezzor"),
        sample_project.load_set("ann1", "damascus-quotes"),
    ]
    path = tmp_path / "x.jsonl"
    write_jsonl(sets, path, WriteOptions(), NO_PROGRESS)
    nlp = spacy.blank("ar")
    strict = expanded = 0
    for obj in lines(path):
        doc = nlp(obj["text"])
        assert doc.text == obj["text"]
        ents = []
        for span in obj["spans"]:
            ours = obj["text"][span["start"] : span["end"]]
            assert ours == span["text"]
            exact = doc.char_span(span["start"], span["end"], label=span["label"])
            if exact is not None:
                assert exact.text == ours
                strict += 1
                ents.append(exact)
                continue
            wide = doc.char_span(
                span["start"], span["end"], label=span["label"], alignment_mode="expand"
            )
            assert wide is not None and ours in wide.text
            assert wide.start_char <= span["start"] and wide.end_char >= span["end"]
            expanded += 1
        doc.ents = filter_spans(ents)
        for ent in doc.ents:
            assert ent.text == obj["text"][ent.start_char : ent.end_char]
            assert any(
                (s["start"], s["end"], s["label"]) == (ent.start_char, ent.end_char, ent.label_)
                for s in obj["spans"]
            )
    # Honest numbers: spaCy's Arabic tokenizer splits off the proclitic و but not ب/ل, so the
    # spans our annotators trimmed to "القوات" inside "للقوات" do not line up with its tokens.
    assert strict > 0 and expanded > 0
    assert strict + expanded == sum(len(s.spans) for s in sets)


def test_spacy_shape_loads_with_doc_from_json(sample_project: Project, tmp_path: Path) -> None:
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import Doc

    aset = sample_project.load_gold("xinhua-deir-ezzor")
    path = tmp_path / "x.jsonl"
    report = write_jsonl([aset], path, WriteOptions(jsonl_shape="spacy"), NO_PROGRESS)
    [obj] = lines(path)
    nlp = spacy.blank("ar")
    doc = Doc(nlp.vocab).from_json(obj, validate=True)
    assert doc.text == aset.text
    kept = {(s["start"], s["end"], s["label"]) for s in obj["spans"]["sc"]}
    assert {(s.start_char, s.end_char, s.label_) for s in doc.spans["sc"]} == kept
    assert {(e.start_char, e.end_char, e.label_) for e in doc.ents} <= kept
    for ent in doc.ents:
        assert ent.text == aset.text[ent.start_char : ent.end_char]
    # What is not in doc.ents is a CLAIM (not a named entity) or listed (nested in another
    # entity), and so is every expanded span.
    not_ents = len(kept) - len(doc.ents)
    claims = sum(1 for s in obj["spans"]["sc"] if s["label"] == "CLAIM")
    assert "CLAIM" not in {e.label_ for e in doc.ents}
    assert not_ents == claims + sum("not in doc.ents" in i.reason for i in report.changed)
    assert len(list(doc.sents)) >= 10
