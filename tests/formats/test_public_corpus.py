"""A public-corpus-shaped CoNLL file (BOM, CRLF, U+200E before most tokens, a tab-then-CR
sentence separator, fine-grained tags, invalid I- tags) imported with a YAML label map: no mark
in any stored text or span, seqeval's entity count, and a re-export with the real tokens."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from annotator.store.project import Project
from annotator.text.hygiene import INVISIBLE_MARKS
from tests.cli_helpers import run_cli

DATA = Path(__file__).parent / "data"
SOURCE = DATA / "public_corpus.conll"
LABELS = DATA / "public_corpus_labels.yaml"
MAPPED = {
    "Politician": "ACTOR", "Organisation": "ACTOR", "Military": "ACTOR", "Nation": "LOCATION",
    "City": "LOCATION", "Projectile": "WEAPON", "Aircraft": "WEAPON", "Food": None,
}  # fmt: skip


def source_sentences() -> list[list[tuple[str, str]]]:
    """The file's sentences as (token, tag), read plainly: whatever is between blank lines."""
    sentences: list[list[tuple[str, str]]] = [[]]
    for line in SOURCE.read_text(encoding="utf-8-sig").splitlines():
        columns = line.split()
        if not columns or columns[0].endswith("-DOCSTART-"):
            if sentences[-1]:
                sentences.append([])
            continue
        sentences[-1].append((columns[0], columns[-1]))
    return [s for s in sentences if s]


def test_the_fixture_has_what_public_corpora_have() -> None:
    raw = SOURCE.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in raw and b"\n\t\r\n" in raw
    text = raw.decode("utf-8-sig")
    tokens = [t for s in source_sentences() for t, _ in s]
    assert sum(t.startswith("\u200e") for t in tokens) > len(tokens) / 2
    assert "\u200e" in tokens  # a token of only a mark
    assert re.search(r"\tO\r\n[^\t]*\tI-Organisation", text)  # an I- after O


@pytest.fixture
def imported(tmp_path: Path) -> Path:
    root = tmp_path / "p"
    assert run_cli("init", root).returncode == 0
    result = run_cli(
        "import", SOURCE, "--from", "conll", "--into", root, "--as", "ann1", "--map-labels", LABELS
    )
    assert result.returncode == 0, result.stderr
    assert "removed from tokens: U+200E LEFT-TO-RIGHT MARK" in result.stderr
    assert "U+FEFF BYTE ORDER MARK 1" in result.stderr
    assert "spans dropped by the label map: Food 1" in result.stderr
    return root


def test_no_mark_is_stored_in_any_text_or_span(imported: Path) -> None:
    project = Project.open(imported)
    (doc_id,) = project.document_ids()
    text = project.document(doc_id).text
    assert not set(text) & INVISIBLE_MARKS
    raw = (imported / "texts" / f"{doc_id}.txt").read_bytes().decode("utf-8")
    assert not set(raw) & INVISIBLE_MARKS
    aset = project.load_set("ann1", doc_id)
    assert aset.spans
    for span in aset.spans:
        piece = text[span.start : span.end]
        assert piece == piece.strip() and not set(piece) & INVISIBLE_MARKS
    assert text.startswith("فرانكفورت")


def test_entities_are_what_seqeval_finds_once_mapped(imported: Path) -> None:
    from seqeval.metrics.sequence_labeling import get_entities

    found = []
    for sentence in source_sentences():
        tokens = [t.replace("\u200e", "").replace("\ufeff", "") for t, _ in sentence]
        for type_, a, b in get_entities([tag for _, tag in sentence]):
            label = MAPPED[type_]
            if label is not None:
                words = [t for t in tokens[a : b + 1] if t]
                found.append((label, " ".join(words)))
    project = Project.open(imported)
    (doc_id,) = project.document_ids()
    text = project.document(doc_id).text
    aset = project.load_set("ann1", doc_id)
    assert sorted((s.label, text[s.start : s.end]) for s in aset.spans) == sorted(found)
    assert len(aset.spans) == len(found) == 11
    kinds = {text[s.start : s.end]: s.attributes.get("kind") for s in aset.spans}
    assert kinds["وزير الخارجية الألماني"] == "person"
    assert kinds["طائرات مسيرة"] == "aircraft"
    assert kinds["الجنود"] == "state_forces"


def test_a_conll_re_export_has_the_real_tokens(imported: Path, tmp_path: Path) -> None:
    out = tmp_path / "again.conll"
    result = run_cli("export", imported, "--to", "conll", "--source", "ann1", "--out", out)
    assert result.returncode == 0, result.stderr
    exported = [
        line.split(" ")[0]
        for line in out.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("-DOCSTART-")
    ]
    real = [t for s in source_sentences() for t, _ in s]
    real = [t.replace("\u200e", "").replace("\ufeff", "") for t in real]
    real = [t for t in real if t]
    assert exported == real
    rows = sum(len(s) for s in source_sentences())
    assert len(exported) == rows - 1 == 34  # one row was only a mark
    assert not any(set(t) & INVISIBLE_MARKS for t in exported)


def test_a_spacy_docbin_built_from_marked_tokens_comes_in_without_marks(tmp_path: Path) -> None:
    pytest.importorskip("spacy")
    import spacy
    from spacy.tokens import DocBin

    from annotator.formats.registry import read_corpus

    nlp = spacy.blank("ar")
    words = ["\ufeff\u200eقال", "\u200eالوزير", "\u200eإن", "\u200eسوريا", "."]
    doc = spacy.tokens.Doc(nlp.vocab, words=words, spaces=[True, True, True, False, False])
    doc.ents = [doc.char_span(doc.text.index("\u200eالوزير"), doc.text.index(" \u200eإن"),
                              label="ACTOR")]  # fmt: skip
    path = tmp_path / "marked.spacy"
    DocBin(docs=[doc]).to_disk(path)
    (read,) = read_corpus(path, "spacy")
    assert read.text == "قال الوزير إن سوريا."
    assert [read.text[s.start : s.end] for s in read.spans] == ["الوزير"]
    assert read.removed_marks == {"U+200E LEFT-TO-RIGHT MARK": 4, "U+FEFF BYTE ORDER MARK": 1}
