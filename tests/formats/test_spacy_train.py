"""The spaCy export trains: its config builds a pipeline whose tokenizer gives exactly the
exported tokens, and a real ``spacy train`` runs a few steps on it (blank Arabic, CPU)."""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from annotator.formats.base import WriteOptions
from annotator.formats.exporter import export_sets
from annotator.formats.registry import get_format
from annotator.formats.spacy_config import config_text, pick_parts
from annotator.formats.spacy_tokenizer import REGISTERED_NAME, ArabicTokenizer, register
from annotator.model import AnnotationSet
from annotator.store.project import Project
from tests.cli_helpers import run_cli

ROOT = Path(__file__).resolve().parents[2]


def _docs(path: Path, vocab: Any = None) -> list[Any]:
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    return list(DocBin().from_disk(path).get_docs(vocab or Vocab()))


def _pipeline(config: Path) -> Any:
    from spacy.util import load_config, load_model_from_config

    register()
    return load_model_from_config(load_config(config), auto_fill=True)


def _misaligned(nlp: Any, docs: list[Any]) -> int:
    """Entities of ``docs`` that spaCy's alignment loses on ``nlp``'s tokens (as spacy train
    would: ``Example.get_aligned_spans_x2y``)."""
    from spacy.tokens import Doc
    from spacy.training import Example

    lost = 0
    for doc in docs:
        doc = Doc(nlp.vocab).from_bytes(doc.to_bytes())
        example = Example(nlp.make_doc(doc.text), doc)
        aligned = example.get_aligned_spans_y2x(doc.ents, allow_overlap=False)
        lost += len(doc.ents) - len(aligned)
    return lost


def _export(project: Path, out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = run_cli("export", project, "--to", "spacy", "--out", out, *args)
    assert result.returncode == 0, result.stderr
    return result


def _sample_sets(project: Project) -> list[AnnotationSet]:
    """Every set of the sample corpus, and an empty set for every text, so every text is
    tokenised."""
    sets = [AnnotationSet(project.document(d), "empty") for d in project.document_ids()]
    for doc_id in project.document_ids():
        gold = project.load_gold(doc_id)
        sets += [gold] if gold is not None else []
        for annotator in project.annotators():
            if project.has_set(annotator, doc_id):
                sets.append(project.load_set(annotator, doc_id))
    return sets


@pytest.mark.parametrize("split_clitics", [False, True])
def test_the_configs_tokenizer_gives_exactly_the_exported_tokens(
    sample_project: Project, tmp_path: Path, split_clitics: bool
) -> None:
    pytest.importorskip("spacy")
    import spacy
    from spacy.util import load_config

    sets = _sample_sets(sample_project)
    options = WriteOptions(schema=sample_project.schema, split_clitics=split_clitics)
    out = tmp_path / "out"
    export_sets(get_format("spacy"), sets, out, options, split=[("train", 0.7), ("dev", 0.3)])
    docs = _docs(out / "train.spacy") + _docs(out / "dev.spacy")
    assert sorted(d.text for d in docs) == sorted(s.text for s in sets)
    config = load_config(out / "config.cfg")
    assert config["nlp"]["tokenizer"] == {
        "@tokenizers": REGISTERED_NAME,
        "split_clitics": split_clitics,
    }
    assert config["paths"]["train"] == str((out / "train.spacy").resolve())
    assert config["paths"]["dev"] == str((out / "dev.spacy").resolve())
    nlp = _pipeline(out / "config.cfg")
    assert isinstance(nlp.tokenizer, ArabicTokenizer)
    assert nlp.tokenizer.split_clitics is split_clitics
    for doc in docs:
        made = nlp.make_doc(doc.text)
        assert [(t.text, t.whitespace_) for t in made] == [(t.text, t.whitespace_) for t in doc]
    assert sum(len(d.ents) for d in docs) > 100
    assert _misaligned(nlp, docs) == 0
    # spaCy's own Arabic tokenizer would lose some of these entities: the reason for all this.
    assert _misaligned(spacy.blank("ar"), docs) > 0


def test_ents_hold_named_entities_spans_hold_everything_and_sentences_are_set(
    sample_project: Project, tmp_path: Path
) -> None:
    pytest.importorskip("spacy")
    _export(sample_project.root, tmp_path / "gold.spacy")
    (doc,) = _docs(tmp_path / "gold.spacy")
    gold = sample_project.load_gold("xinhua-deir-ezzor")
    assert gold is not None
    ent_labels = {e.label_ for e in doc.ents}
    assert ent_labels == {"ACTOR", "LOCATION", "WEAPON"}
    assert {s.label_ for s in doc.spans["sc"]} == {s.label for s in gold.spans}
    assert len(doc.spans["sc"]) == len(gold.spans)
    # Every entity that nests in nothing but a CLAIM is in doc.ents.
    entities = [s for s in gold.spans if s.label != "CLAIM"]
    outer = [
        s
        for s in entities
        if not any(o is not s and o.start <= s.start and s.end <= o.end for o in entities)
    ]
    assert len(doc.ents) == len(outer)
    assert doc.has_annotation("SENT_START")
    sents = list(doc.sents)
    assert len(sents) > 5
    for ent in doc.ents:
        assert ent.sent.start <= ent.start and ent.end <= ent.sent.end

    _export(sample_project.root, tmp_path / "claims" / "gold.spacy", "--ents", "CLAIM")
    (claims,) = _docs(tmp_path / "claims" / "gold.spacy")
    assert {e.label_ for e in claims.ents} == {"CLAIM"}
    config = (tmp_path / "claims" / "config.cfg").read_text(encoding="utf-8")
    assert "# Entity labels: CLAIM\n" in config


def test_an_existing_config_is_not_overwritten_without_force(
    sample_project: Project, tmp_path: Path
) -> None:
    pytest.importorskip("spacy")
    (tmp_path / "config.cfg").write_text("mine", encoding="utf-8")
    result = run_cli("export", sample_project.root, "--to", "spacy", "--out", tmp_path / "g.spacy")
    assert result.returncode == 1
    assert "config.cfg: exists" in result.stderr
    assert not (tmp_path / "g.spacy").exists()
    assert (tmp_path / "config.cfg").read_text(encoding="utf-8") == "mine"


def test_pick_parts_prefers_train_and_dev() -> None:
    a, b, c = Path("a"), Path("b"), Path("c")
    assert pick_parts([("test", c), ("train", a), ("dev", b)]) == (a, b, None)
    assert pick_parts([("train", a), ("test", c)]) == (a, c, None)
    train, dev, note = pick_parts([("all", a)])
    assert train == dev == a and note is not None and "no dev part" in note


def _entry_point_path(tmp_path: Path) -> list[str]:
    """Where ``spacy train`` finds our tokenizer: the installed package's entry points, or, in
    a checkout installed before pyproject.toml declared them, a dist-info written from
    pyproject.toml's own ``spacy_tokenizers`` table (so the declaration itself is tested)."""
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "entry-points"
    ]["spacy_tokenizers"]
    assert declared == {REGISTERED_NAME: "annotator.formats.spacy_tokenizer:create_tokenizer"}
    installed = {e.name for e in importlib.metadata.entry_points(group="spacy_tokenizers")}
    if REGISTERED_NAME in installed:
        return []
    info = tmp_path / "entry" / "annotator_checkout-0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: annotator-checkout\nVersion: 0\n")
    lines = "".join(f"{name} = {target}\n" for name, target in declared.items())
    (info / "entry_points.txt").write_text(f"[spacy_tokenizers]\n{lines}")
    return [str(info.parent)]


@pytest.mark.slow
def test_spacy_train_runs_on_the_export(sample_project: Project, tmp_path: Path) -> None:
    pytest.importorskip("spacy")
    out = tmp_path / "export"
    _export(
        sample_project.root, out, "--source", "ann1", "--split", "train=0.5,dev=0.5",
        "--split-clitics",
    )  # fmt: skip
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT), *_entry_point_path(tmp_path), env.get("PYTHONPATH", "")]
    )
    model = tmp_path / "model"
    result = subprocess.run(
        [
            sys.executable, "-m", "spacy", "train", str(out / "config.cfg"),
            "--output", str(model), "--training.max_steps", "4",
            "--training.eval_frequency", "2",
        ],
        capture_output=True, text=True, env=env, timeout=300, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Saved pipeline" in result.stdout
    import spacy

    register()
    nlp = spacy.load(model / "model-last")
    assert isinstance(nlp.tokenizer, ArabicTokenizer)
    assert nlp.tokenizer.split_clitics is True
    assert set(nlp.get_pipe("ner").labels) <= {"ACTOR", "LOCATION", "WEAPON"}
    assert nlp.get_pipe("ner").labels


def test_config_text_is_a_valid_spacy_config(tmp_path: Path) -> None:
    pytest.importorskip("spacy")
    from spacy.util import load_config_from_str

    text = config_text(train=tmp_path / "t.spacy", dev=tmp_path / "d.spacy", labels=["ACTOR"])
    config = load_config_from_str(text)
    assert config["nlp"]["lang"] == "ar"
    assert config["nlp"]["tokenizer"] == {"@tokenizers": REGISTERED_NAME, "split_clitics": False}
    assert config["paths"]["train"] == str(tmp_path / "t.spacy")
