"""spaCy DocBin: what `spacy train` reads. Skipped cleanly without spaCy; CI installs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from annotator.errors import ImportExportError
from annotator.formats.base import NO_PROGRESS, ReadOptions, WriteOptions
from annotator.formats.registry import get_format, read_corpus
from annotator.model import AnnotationSet
from annotator.store.project import Project


def test_docbin_holds_our_texts_ents_and_span_group(
    sample_project: Project, tmp_path: Path
) -> None:
    pytest.importorskip("spacy")
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    sets = [
        sample_project.load_gold("xinhua-deir-ezzor"),
        sample_project.load_set("ann1", "damascus-quotes"),
    ]
    path = tmp_path / "train.spacy"
    report = get_format("spacy").write(sets, path, WriteOptions(), NO_PROGRESS)
    docs = list(DocBin().from_bytes(path.read_bytes()).get_docs(Vocab()))
    assert [d.text for d in docs] == [a.text for a in sets]
    assert [d.user_data["annotator_id"] for d in docs] == [a.document.id for a in sets]
    for doc, aset in zip(docs, sets, strict=True):
        for ent in doc.ents:
            assert ent.text == aset.text[ent.start_char : ent.end_char]
        group = {(s.start_char, s.end_char, s.label_) for s in doc.spans["sc"]}
        exact = {(*s.key[:2], s.label) for s in aset.spans}
        changed = {i.ident for i in report.changed if "expanded" in i.reason}
        dropped = {i.ident for i in report.dropped}
        for span in aset.spans:
            if span.id not in changed | dropped:
                assert (span.start, span.end, span.label) in group
        assert len(group) == len(exact) - len(dropped & {s.id for s in aset.spans})
    back = read_corpus(path, "spacy")
    assert [d.id for d in back] == [a.document.id for a in sets]
    assert back[0].text == sets[0].text


def test_without_spacy_the_error_says_how_to_install_it(
    mixed_set: AnnotationSet, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "spacy", None)
    with pytest.raises(ImportExportError, match=r"pip install 'annotator\[spacy\]'"):
        get_format("spacy").write([mixed_set], tmp_path / "x.spacy", WriteOptions(), NO_PROGRESS)
    with pytest.raises(ImportExportError, match=r"pip install 'annotator\[spacy\]'"):
        get_format("spacy").read(tmp_path / "x.spacy", ReadOptions())


def test_the_formats_package_does_not_import_spacy() -> None:
    code = (
        "import sys, annotator.formats.registry, annotator.commands.export; "
        "print('spacy' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
