"""The recommenders against two simple baselines on a public CoNLL NER corpus (``benchmarks/
suggest.py --conll-train F --conll-test F``), e.g. ANERcorp in CAMeL Lab's train/test split.

The corpus is not shipped (see docs/suggest.md for where to get it). What this does, all in a
temporary project:

1. The sentences of each file are grouped into documents of N sentences (``-DOCSTART-`` every N
   sentences; ANERcorp has no article boundaries) and imported with ``annotator import --from
   conll`` and a label map (default ``PERS=ACTOR,ORG=ACTOR,LOC=LOCATION,MISC=``: persons and
   organisations are ACTORs in our guidelines, MISC has no label and is dropped). The training
   file becomes the gold; the test file goes to the annotator ``heldout``, so that no
   recommender ever learns from it: the official split is kept.
2. Four recommenders learn from the gold and propose on the held-out documents, each timed:
   - **gazetteer** (baseline): every training surface form (its whitespace tokens, exactly)
     with its most frequent label, longest match first, no folding, no proclitics;
   - **spacy-blank** (baseline): spaCy's own blank Arabic NER, spaCy's default tokenizer and
     the config of ``spacy init config -l ar -p ner`` (CPU), entities that do not line up with
     spaCy's tokens dropped as ``doc.char_span`` drops them;
   - **matcher**: ours (``annotator suggest --matcher``);
   - **model**: ours (``annotator train``, then ``annotator suggest --model``);
   - **model+matcher**: ours, the model's entities and the matcher's where the model proposes
     nothing overlapping (``annotator suggest --model DIR --matcher``); learning time: the
     model's (the matcher's is the line above).
   Both spaCy runs get the same train/dev split of the gold documents and the same step limit,
   patience and evaluation frequency.
3. Each is scored on the held-out documents with ``annotator evaluate``'s strict matching
   (overall and per label).
"""

from __future__ import annotations

import contextlib
import io
import shutil
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from annotator.cli import main as annotator_main
from annotator.model import AnnotationSet, Document
from annotator.store.project import Project
from annotator.suggest.base import Suggestion
from annotator.suggest.combined import Combined
from annotator.suggest.matcher import StringMatcher
from annotator.suggest.scoring import label_scores, score

HELDOUT = "heldout"
DEFAULT_MAP = "PERS=ACTOR,ORG=ACTOR,LOC=LOCATION,MISC="


# -- the corpus --------------------------------------------------------------------------------


def read_sentences(path: Path) -> list[list[str]]:
    """The file's sentences, each a list of its ``TOKEN TAG`` lines (``-DOCSTART-`` lines
    dropped)."""
    sentences: list[list[str]] = []
    current: list[str] = []
    with open(path, encoding="utf-8-sig") as handle:
        for line in handle:
            line = line.rstrip("\r\n")
            if not line.strip() or line.startswith("-DOCSTART-"):
                if current:
                    sentences.append(current)
                    current = []
                continue
            current.append(line)
    if current:
        sentences.append(current)
    return sentences


def write_documents(sentences: Sequence[list[str]], per_document: int, out: Path) -> int:
    """``out``: the sentences as CoNLL with a ``-DOCSTART-`` every ``per_document`` sentences;
    returns the number of documents."""
    parts = []
    n_docs = 0
    for i in range(0, len(sentences), per_document):
        parts.append("-DOCSTART- -X- O O\n\n")
        parts.extend("\n".join(s) + "\n\n" for s in sentences[i : i + per_document])
        n_docs += 1
    out.write_text("".join(parts), encoding="utf-8")
    return n_docs


def run_cli(*argv: str) -> None:
    """An ``annotator`` command in this process, its output swallowed; a failure is an error."""
    sink = io.StringIO()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        status = annotator_main(list(argv))
    if status != 0:
        raise RuntimeError(f"annotator {' '.join(argv)} failed:\n{sink.getvalue()[-2000:]}")


def build_project(
    train: Path,
    test: Path,
    folder: Path,
    per_document: int,
    label_map: str,
    labels_file: Path | None = None,
) -> tuple[Project, dict[str, Any]]:
    """The project with the training file's documents as gold and the test file's as the
    ``heldout`` annotator's done sets; with ``labels_file``, the project's label schema is that
    file (e.g. the corpus's own labels, with an empty label map)."""
    project_dir = folder / "project"
    run_cli("init", str(project_dir), "--annotators", HELDOUT)
    sizes: dict[str, Any] = {"sentences_per_document": per_document, "label_map": label_map}
    if labels_file is not None:
        shutil.copyfile(labels_file, project_dir / "labels.yaml")
        with open(project_dir / "annotator.yaml", "a", encoding="utf-8") as config:
            config.write("labels: labels.yaml\n")
        sizes["labels_file"] = str(labels_file)
    for part, source, who in (("train", train, "gold"), ("test", test, HELDOUT)):
        sentences = read_sentences(source)
        conll = folder / f"{part}.conll"
        n_docs = write_documents(sentences, per_document, conll)
        extra = ["--status", "done"] if who == HELDOUT else []
        mapping = ["--map-labels", label_map] if label_map else []
        run_cli(
            "import", str(conll), "--from", "conll", "--into", str(project_dir), "--as", who,
            *mapping, *extra,
        )  # fmt: skip
        sizes[part] = {
            "file": str(source),
            "sentences": len(sentences),
            "tokens": sum(len(s) for s in sentences),
            "documents": n_docs,
        }
    return Project.open(project_dir), sizes


def load_sets(project: Project) -> tuple[list[AnnotationSet], list[AnnotationSet]]:
    gold = [project.load_gold(p.stem) for p in project.gold_files()]
    heldout = [project.load_set(HELDOUT, p.stem) for p in project.annotation_files(HELDOUT)]
    return [g for g in gold if g is not None], heldout


# -- the baselines -----------------------------------------------------------------------------


class Gazetteer:
    """Every training surface form (whitespace tokens, exactly as written) with its most
    frequent label; proposes the longest form at each token, left to right, never overlapping."""

    def __init__(self) -> None:
        self.forms: dict[tuple[str, ...], Counter[str]] = {}
        self.labels: dict[tuple[str, ...], str] = {}
        self.longest = 1

    def learn(self, sets: Sequence[AnnotationSet]) -> None:
        for aset in sets:
            for span in aset.spans:
                form = tuple(aset.text[span.start : span.end].split())
                if form:
                    self.forms.setdefault(form, Counter())[span.label] += 1
                    self.longest = max(self.longest, len(form))
        self.labels = {
            form: min(counts, key=lambda label: (-counts[label], label))
            for form, counts in self.forms.items()
        }

    def propose(self, document: Document) -> list[Suggestion]:
        text = document.text
        words: list[tuple[int, int]] = []
        start = None
        for i, char in enumerate(text + " "):
            if char.isspace():
                if start is not None:
                    words.append((start, i))
                    start = None
            elif start is None:
                start = i
        out = []
        i = 0
        while i < len(words):
            for n in range(min(self.longest, len(words) - i), 0, -1):
                form = tuple(text[a:b] for a, b in words[i : i + n])
                label = self.labels.get(form)
                if label is not None:
                    out.append(Suggestion(words[i][0], words[i + n - 1][1], label, None))
                    i += n
                    break
            else:
                i += 1
        return out


def spacy_docbin(sets: Sequence[AnnotationSet], nlp: Any, path: Path) -> int:
    """The sets as a DocBin tokenised by ``nlp``'s own tokenizer; returns how many entities
    ``doc.char_span`` could not line up with its tokens (left out, as spaCy leaves them)."""
    from spacy.tokens import DocBin

    docbin = DocBin()
    misaligned = 0
    for aset in sets:
        doc = nlp.make_doc(aset.text)
        ents = []
        for span in aset.spans:
            ent = doc.char_span(span.start, span.end, label=span.label)
            if ent is None:
                misaligned += 1
            else:
                ents.append(ent)
        doc.ents = ents
        docbin.add(doc)
    docbin.to_disk(path)
    return misaligned


class SpacyBlank:
    """spaCy's blank Arabic NER with spaCy's default tokenizer and default config."""

    def __init__(self, folder: Path, overrides: dict[str, Any]) -> None:
        self.folder = folder
        self.overrides = overrides
        self.misaligned = 0
        self.nlp: Any = None

    def learn(self, fit: Sequence[AnnotationSet], dev: Sequence[AnnotationSet]) -> None:
        import spacy
        from spacy.cli.init_config import init_config
        from spacy.cli.train import train as spacy_train

        self.folder.mkdir(parents=True, exist_ok=True)
        blank = spacy.blank("ar")
        self.misaligned = spacy_docbin(fit, blank, self.folder / "train.spacy")
        self.misaligned += spacy_docbin(dev, blank, self.folder / "dev.spacy")
        config = init_config(lang="ar", pipeline=["ner"], optimize="efficiency", gpu=False)
        config["paths"]["train"] = str(self.folder / "train.spacy")
        config["paths"]["dev"] = str(self.folder / "dev.spacy")
        config.to_disk(self.folder / "config.cfg")
        with contextlib.redirect_stdout(io.StringIO()):
            spacy_train(
                self.folder / "config.cfg", self.folder, use_gpu=-1, overrides=self.overrides
            )
        self.nlp = spacy.load(self.folder / "model-best")

    def propose(self, document: Document) -> list[Suggestion]:
        doc = self.nlp(document.text)
        return [Suggestion(e.start_char, e.end_char, e.label_, None) for e in doc.ents]


# -- runs --------------------------------------------------------------------------------------


def scored(
    name: str,
    learn_s: float,
    test: Sequence[AnnotationSet],
    propose: Callable[[Document], list[Suggestion]],
    labels: Sequence[str],
    **extra: Any,
) -> dict[str, Any]:
    started = time.perf_counter()
    proposals = {aset.document.id: propose(aset.document) for aset in test}
    suggest_s = time.perf_counter() - started
    rows = label_scores(score(lambda d: proposals[d.id], test, labels))
    return {
        "recommender": name,
        "learn_s": round(learn_s, 2),
        "suggest_s": round(suggest_s, 2),
        "strict": {
            r.label: {
                "p": round(r.precision, 4),
                "r": round(r.recall, 4),
                "f1": round(r.f1, 4),
                "gold": r.gold,
            }
            for r in rows
        },
        **extra,
    }


def conll_benchmark(
    train: Path,
    test: Path,
    folder: Path,
    *,
    per_document: int = 10,
    label_map: str = DEFAULT_MAP,
    labels_file: Path | None = None,
    max_steps: int = 2000,
    patience: int = 1600,
    eval_frequency: int = 200,
    with_model: bool = True,
) -> dict[str, Any]:
    project, sizes = build_project(train, test, folder, per_document, label_map, labels_file)
    gold, heldout = load_sets(project)
    labels = sorted({s.label for aset in [*gold, *heldout] for s in aset.spans})
    sizes["train"]["spans"] = sum(len(a.spans) for a in gold)
    sizes["test"]["spans"] = sum(len(a.spans) for a in heldout)
    runs = []

    gazetteer = Gazetteer()
    started = time.perf_counter()
    gazetteer.learn(gold)
    runs.append(
        scored("gazetteer", time.perf_counter() - started, heldout, gazetteer.propose, labels)
    )

    matcher = StringMatcher()
    started = time.perf_counter()
    matcher.learn(gold)
    runs.append(
        scored(
            "matcher", time.perf_counter() - started, heldout, matcher.propose, labels,
            keep_proclitics=matcher.keeps_proclitics,
        )
    )  # fmt: skip

    if with_model:
        from annotator.suggest.spacy_model import (
            SpacyRecommender,
            TrainSettings,
            split_sets,
            train_model,
        )

        fit, dev = split_sets(gold, 0.2, 0)
        steps = {"max_steps": max_steps, "patience": patience, "eval_frequency": eval_frequency}
        blank = SpacyBlank(
            folder / "spacy-blank",
            {f"training.{k}": v for k, v in steps.items()}
            | {"training.seed": 0, "system.seed": 0, "training.logger.progress_bar": False},
        )
        started = time.perf_counter()
        blank.learn(fit, dev)
        runs.append(
            scored(
                "spacy-blank", time.perf_counter() - started, heldout, blank.propose, labels,
                misaligned_training_entities=blank.misaligned,
            )
        )  # fmt: skip

        settings = TrainSettings(labels=tuple(labels), progress_bar=False, **steps)
        started = time.perf_counter()
        train_model(fit, dev, folder / "model", project.schema, settings)
        learn_s = time.perf_counter() - started
        model = SpacyRecommender.load(folder / "model")
        runs.append(
            scored(
                "model", learn_s, heldout, model.propose, labels,
                keep_proclitics=model.keep_proclitics,
            )
        )  # fmt: skip
        both = Combined(model, matcher)
        runs.append(scored("model+matcher", learn_s, heldout, both.propose, labels))
        sizes["model_split"] = {"train_documents": len(fit), "dev_documents": len(dev), **steps}
    return {"corpus": sizes, "labels": labels, "runs": runs}
