"""CoNLL BIO/BIOES: tags, tokens, sentences, what is reported, and seqeval's reading of it."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from seqeval.metrics.sequence_labeling import get_entities

from annotator.errors import ImportExportError
from annotator.formats.base import NO_PROGRESS, ReadOptions, WriteOptions
from annotator.formats.conll import DOCSTART, chunks, parse_tag, read_conll, write_bio, write_bioes
from annotator.model import AnnotationSet, Document, LabelSchema, Span, build_set


def conll_sentences(path: Path) -> list[list[tuple[str, str]]]:
    """A plain reading of a CoNLL file, as training scripts do: blank lines end sentences,
    -DOCSTART- lines are skipped, the last column is the tag."""
    sentences, current = [], []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if not line.strip() or line.startswith("-DOCSTART-"):
            if current:
                sentences.append(current)
            current = []
            continue
        token, tag = line.split(" ")
        current.append((token, tag))
    if current:
        sentences.append(current)
    return sentences


tags = st.lists(
    st.one_of(
        st.just("O"),
        st.builds(lambda p, t: f"{p}-{t}", st.sampled_from("BIES"), st.sampled_from(["A", "B"])),
    ),
    max_size=30,
)


@settings(max_examples=500, deadline=None)
@given(tags)
def test_entities_are_grouped_exactly_as_seqeval_groups_them(seq: list[str]) -> None:
    parsed = [parse_tag(t) for t in seq]
    assert None not in parsed
    assert chunks(parsed) == get_entities(seq)  # type: ignore[arg-type]


def test_bilou_and_iob1_tags_are_read() -> None:
    assert parse_tag("U-ACTOR") == ("S", "ACTOR")
    assert parse_tag("L-ACTOR") == ("E", "ACTOR")
    assert parse_tag("X-ACTOR") is None and parse_tag("ACTOR") is None
    # IOB1: I- starts an entity after O, B- only separates two adjacent ones.
    assert chunks([parse_tag(t) for t in ["I-A", "I-A", "B-A", "O", "I-B"]]) == [  # type: ignore[misc]
        ("A", 0, 1),
        ("A", 2, 2),
        ("B", 4, 4),
    ]


def test_bio_file_layout(mixed_set: AnnotationSet, out: Path) -> None:
    path = out.with_suffix(".conll")
    report = write_bio([mixed_set], path, WriteOptions(), NO_PROGRESS)
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[:2] == [DOCSTART, ""]
    assert lines[2:5] == ["قال O", "المرصدُ B-ACTOR", "السوري I-ACTOR"]
    # One sentence per line of the text (CRLF included), a blank line after each.
    sentences = conll_sentences(path)
    assert [s[-1][0] for s in sentences] == ["،", ".", "."]
    assert "الطائرات B-WEAPON" not in lines  # nested in the CLAIM, which is kept
    assert "« B-CLAIM" in lines and "الزور I-CLAIM" in lines
    dropped = {i.ident: i for i in report.dropped}
    assert set(dropped) == {"s2", "s3", "s5"}
    assert "overlaps ACTOR s1" in dropped["s2"].reason
    assert "overlaps CLAIM s4" in dropped["s3"].reason
    assert (dropped["s5"].document, dropped["s5"].start) == ("mixed-1", mixed_set.span("s5").start)
    # "المرصد" inside "والمرصد" does not line up with a token: expanded to the whole word.
    assert [(i.ident, i.reason) for i in report.changed] == [
        (
            "s6",
            f"does not line up with tokens; expanded to {mixed_set.span('s6').start - 1}-"
            f"{mixed_set.span('s6').end} 'والمرصد'",
        )
    ]
    assert "والمرصد B-ACTOR" in lines
    assert report.lost == Counter(
        {"attributes": 4, "notes": 1, "relations": 1, "document ids": 1, "text layouts": 1}
    )


def test_split_clitics_makes_proclitics_tokens_of_their_own(
    mixed_set: AnnotationSet, out: Path
) -> None:
    path = out.with_suffix(".conll")
    report = write_bioes([mixed_set], path, WriteOptions(split_clitics=True), NO_PROGRESS)
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[lines.index("و O") : lines.index("و O") + 2] == ["و O", "المرصد S-ACTOR"]
    assert "لحقوق" not in "".join(lines) and "ل I-ACTOR" in lines and "حقوق I-ACTOR" in lines
    assert "الإنسان E-ACTOR" in lines
    assert not report.changed  # every span lines up once clitics are split


def test_skip_policy_drops_misaligned_spans_and_says_so(
    mixed_set: AnnotationSet, out: Path
) -> None:
    path = out.with_suffix(".conll")
    report = write_bio([mixed_set], path, WriteOptions(alignment="skip"), NO_PROGRESS)
    assert not report.changed
    s6 = next(i for i in report.dropped if i.ident == "s6")
    assert "does not line up with tokens" in s6.reason and s6.reason.endswith("skipped")
    assert "والمرصد O" in path.read_text(encoding="utf-8")


def test_a_span_across_a_sentence_end_keeps_its_sentence_whole(
    schema: LabelSchema, out: Path
) -> None:
    text = "قال المرصد. ثم قصفت الطائرات.\nوانتهى."
    aset, _ = build_set(Document("d", text), "a", schema, [Span("s1", "CLAIM", 4, 28)])
    path = out.with_suffix(".conll")
    report = write_bio([aset], path, WriteOptions(), NO_PROGRESS)
    sentences = conll_sentences(path)
    assert len(sentences) == 2
    assert [t for _, t in sentences[0]].count("B-CLAIM") == 1
    assert report.notes == ["d: 1 sentence breaks inside written spans were not used"]


def test_reading_rebuilds_text_and_names_documents_after_the_file(tmp_path: Path) -> None:
    path = tmp_path / "preds.conll"
    path.write_text(
        f"{DOCSTART}\n\nقال O\nالمرصد B-ACTOR\nالسوري I-ACTOR\n. O\n\nثم O\n\n"
        f"{DOCSTART}\n\nدمشق S-LOCATION\n",
        encoding="utf-8",
    )
    docs = read_conll(path, ReadOptions())
    assert [d.id for d in docs] == ["preds-1", "preds-2"]
    assert docs[0].text == "قال المرصد السوري .\nثم"
    assert not docs[0].text_exact and not docs[0].id_given
    assert [(s.label, docs[0].text[s.start : s.end]) for s in docs[0].spans] == [
        ("ACTOR", "المرصد السوري")
    ]
    assert docs[0].span_places["s1"].line == 4
    assert [(s.label, s.start, s.end) for s in docs[1].spans] == [("LOCATION", 0, 4)]


def test_reading_maps_tokens_onto_a_known_text(tmp_path: Path) -> None:
    text = "قال  المرصد\r\nالسوري:«نعم»"
    path = tmp_path / "p.conll"
    path.write_text("قال O\nالمرصد B-ACTOR\nالسوري I-ACTOR\n: O\n« O\nنعم O\n» O\n", "utf-8")
    [doc] = read_conll(path, ReadOptions(texts={"other": "x", "real": text}))
    assert (doc.id, doc.text, doc.text_exact) == ("real", text, True)
    [span] = doc.spans
    assert text[span.start : span.end] == "المرصد\r\nالسوري"


def test_bad_tags_are_errors_with_line_numbers_or_skipped(tmp_path: Path) -> None:
    path = tmp_path / "bad.conll"
    path.write_text("قال O\nالمرصد ACTOR\nالسوري\n", encoding="utf-8")
    with pytest.raises(ImportExportError) as err:
        read_conll(path, ReadOptions())
    assert [str(p) for p in err.value.problems] == [
        f"{path}:2: 'ACTOR' is not a tag (O, or B-/I-/E-/S-/L-/U- and a label); read as O",
        f"{path}:3: expected 'TOKEN TAG', found 'السوري'; read as O",
    ]
    [doc] = read_conll(path, ReadOptions(skip_invalid=True))
    assert doc.text == "قال المرصد السوري" and not doc.spans
    assert [p.place.line for p in doc.skipped] == [2, 3]
    assert all(p.message.startswith("skipped: ") for p in doc.skipped)


def test_seqeval_reads_our_export_and_counts_what_we_wrote(sample_project, out: Path) -> None:
    sets = [
        sample_project.load_gold("xinhua-deir-ezzor"),
        sample_project.load_set("ann1", "damascus-quotes"),
    ]
    for writer, scheme in ((write_bio, None), (write_bioes, "BIOES")):
        path = out.with_suffix(f".{writer.__name__}")
        report = writer(sets, path, WriteOptions(), NO_PROGRESS)
        sentences = conll_sentences(path)
        entities = get_entities([[tag for _, tag in s] for s in sentences])
        written = Counter(label for label, _, _ in entities)
        expected = Counter(s.label for a in sets for s in a.spans) - Counter(
            i.label for i in report.dropped
        )
        assert written == expected and sum(written.values()) == report.spans
        if scheme:
            from seqeval.metrics import classification_report
            from seqeval.scheme import IOBES

            y = [[tag for _, tag in s] for s in sentences]
            table = classification_report(y, y, mode="strict", scheme=IOBES, output_dict=True)
            assert {k: int(v["support"]) for k, v in table.items() if k in expected} == dict(
                expected
            )


def test_a_folder_without_conll_files_is_an_error_not_an_empty_import(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("قال O\n", encoding="utf-8")
    with pytest.raises(ImportExportError) as err:
        read_conll(tmp_path, ReadOptions())
    assert str(err.value) == f"{tmp_path}: no CoNLL files (.conll, .bio, .bioes) here"
    (tmp_path / "a.bio").write_text("قال O\nالمرصد B-ACTOR\n", encoding="utf-8")
    [doc] = read_conll(tmp_path, ReadOptions())
    assert doc.text == "قال المرصد" and [s.label for s in doc.spans] == ["ACTOR"]
