"""A spaCy NER model trained from the gold on CPU, as a recommender.

Training goes through the spaCy export (``annotator export --to spacy``): the sets are written as
``train.spacy`` / ``dev.spacy`` with our tokens, and the export's ``config.cfg`` (a blank Arabic
pipeline whose tokenizer is ours, ``annotator.arabic_tokenizer.v1``) is what ``spacy train``
runs, so not one entity is lost to a tokenisation that differs. This module only sets what a
trainer decides: the dev split, early stopping (``training.patience``: the run ends by itself
when the dev score stops improving), a step limit, and a progress bar. The dev scores per label
are computed with the same strict matching as ``annotator evaluate`` and written beside the model
(``scores.json``).

spaCy is an optional extra: every entry point here says how to install it when it is missing.
"""

from __future__ import annotations

import contextlib
import io
import json
import random
import re
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.errors import ProjectError
from annotator.formats.base import NO_PROGRESS, WriteOptions
from annotator.formats.exporter import select_labels
from annotator.formats.registry import get_format
from annotator.model.annotation_set import AnnotationSet
from annotator.model.document import Document
from annotator.model.labels import LabelSchema
from annotator.store.atomic import write_atomic
from annotator.suggest.base import Suggestion
from annotator.suggest.convention import keeps_proclitics
from annotator.suggest.scoring import LabelScore, label_scores, score
from annotator.text.arabic import trim_selection

INSTALL_HINT = "pip install 'annotator[spacy]'"
_WORD_CHAR = re.compile(
    r"[\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed]"
)
CORPUS = "corpus"
CONFIG = "config.cfg"
BEST = "model-best"
SCORES = "scores.json"
#: What spaCy's NER predicts: spans that do not overlap (CLAIMs hold ACTORs, so by default the
#: model learns the labels whose spans stand alone; --labels chooses).
DEFAULT_LABELS = ("ACTOR", "LOCATION", "WEAPON")


def require_spacy() -> Any:
    try:
        import spacy
    except ImportError:
        raise ProjectError(
            f"training needs spaCy, which is not installed: {INSTALL_HINT}"
        ) from None
    return spacy


@dataclass(frozen=True, slots=True)
class TrainSettings:
    labels: tuple[str, ...] = DEFAULT_LABELS
    dev_share: float = 0.2
    seed: int = 0
    #: Steps without a better dev score before training stops by itself.
    patience: int = 400
    max_steps: int = 4000
    eval_frequency: int = 100
    progress_bar: bool = True
    #: Also train a span categoriser on every span (nested ones, CLAIMs) up to this many
    #: tokens long (0: none). Its spans come with a probability.
    spancat_tokens: int = 0


@dataclass
class TrainResult:
    model: Path
    train_docs: list[str]
    dev_docs: list[str]
    scores: list[LabelScore]
    seconds: float
    notes: list[str] = field(default_factory=list)
    #: Whether the training gold keeps proclitics inside spans (convention.py); the model's
    #: suggestions then keep them too.
    keep_proclitics: bool = False

    @property
    def f1(self) -> float:
        return self.scores[-1].f1


def split_sets(
    sets: Sequence[AnnotationSet], dev_share: float, seed: int
) -> tuple[list[AnnotationSet], list[AnnotationSet]]:
    """A deterministic train/dev split by document (at least one document in each). A single
    document is both (the dev scores then say only how well the model fits it)."""
    if not sets:
        raise ProjectError("nothing to train on: no documents")
    if len(sets) == 1:
        return list(sets), list(sets)
    order = sorted(sets, key=lambda s: s.document.id)
    random.Random(seed).shuffle(order)
    n_dev = min(max(1, round(len(order) * dev_share)), len(order) - 1)
    return order[n_dev:], order[:n_dev]


def train_model(
    train: Sequence[AnnotationSet],
    dev: Sequence[AnnotationSet],
    out: Path,
    schema: LabelSchema,
    settings: TrainSettings = TrainSettings(),
) -> TrainResult:
    """Export, train with ``spacy train`` on CPU, score on dev; everything goes into ``out``."""
    require_spacy()
    started = time.perf_counter()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    # The NER learns settings.labels (doc.ents); a span categoriser learns every span
    # (doc.spans["sc"]), nested ones and CLAIMs too.
    wanted = tuple(schema.label_names) if settings.spancat_tokens else settings.labels
    train_sets, _ = select_labels(list(train), wanted)
    dev_sets, _ = select_labels(list(dev), wanted)
    config, notes = export_corpus(train_sets, dev_sets, out / CORPUS, schema, settings.labels)
    if settings.spancat_tokens:
        config = with_spancat(config, out / CONFIG, settings.spancat_tokens)
    _run_spacy_train(config, out, settings)
    model = out / BEST
    keep = keeps_proclitics(train_sets)
    recommender = SpacyRecommender.load(model)
    recommender.keep_proclitics = keep
    scores = label_scores(score(recommender.propose, dev_sets, wanted))
    result = TrainResult(
        model,
        [s.document.id for s in train_sets],
        [s.document.id for s in dev_sets],
        scores,
        time.perf_counter() - started,
        notes,
        keep,
    )
    write_scores(out, result)
    return result


def export_corpus(
    train: Sequence[AnnotationSet],
    dev: Sequence[AnnotationSet],
    folder: Path,
    schema: LabelSchema,
    labels: Sequence[str],
) -> tuple[Path, list[str]]:
    """``folder/train.spacy`` and ``folder/dev.spacy`` written by the spaCy export, and the
    export's ``config.cfg`` for them; returns the config and notes on spans the export could
    not write as they were."""
    from annotator.formats.spacy_config import write_config

    fmt = get_format("spacy")
    assert fmt.write is not None
    folder.mkdir(parents=True, exist_ok=True)
    options = WriteOptions(schema=schema, ent_labels=tuple(labels))
    notes: list[str] = []
    paths = {}
    for name, part in (("train", train), ("dev", dev)):
        paths[name] = folder / f"{name}.spacy"
        report = fmt.write(list(part), paths[name], options, NO_PROGRESS)
        notes.extend(f"{name}: not trained on: {item}" for item in report.dropped)
    (config,) = write_config(folder, train=paths["train"], dev=paths["dev"], labels=labels)
    return config, notes


def with_spancat(config: Path, target: Path, max_tokens: int) -> Path:
    """The export's config with a span categoriser added (spaCy's own recommended block, its
    n-gram suggester proposing spans of 1 to ``max_tokens`` tokens), written to ``target``."""
    from spacy.cli.init_config import init_config
    from spacy.util import load_config

    cfg = load_config(config)
    recommended = init_config(lang="ar", pipeline=["ner", "spancat"], optimize="efficiency")
    cfg["nlp"]["pipeline"] = [*cfg["nlp"]["pipeline"], "spancat"]
    block = recommended["components"]["spancat"]
    block["suggester"]["sizes"] = list(range(1, max_tokens + 1))
    cfg["components"]["spancat"] = block
    cfg["training"]["score_weights"] = recommended["training"]["score_weights"]
    header = f"# {config} with a span categoriser (annotator train --spancat {max_tokens})\n"
    write_atomic(target, header + cfg.to_str())
    return target


def _run_spacy_train(config: Path, out: Path, settings: TrainSettings) -> None:
    from spacy.cli.train import train as spacy_train

    from annotator.formats.spacy_tokenizer import register

    register()
    overrides = {
        "training.patience": settings.patience,
        "training.max_steps": settings.max_steps,
        "training.eval_frequency": settings.eval_frequency,
        "training.seed": settings.seed,
        "system.seed": settings.seed,
        "training.logger.progress_bar": settings.progress_bar,
    }
    stdout = sys.stdout if settings.progress_bar else io.StringIO()
    with contextlib.redirect_stdout(stdout):
        spacy_train(config, out, use_gpu=-1, overrides=overrides)
    if not (out / BEST).is_dir():
        raise ProjectError("spaCy training ended without saving a model", file=out)


def write_scores(out: Path, result: TrainResult) -> Path:
    data = {
        "model": str(result.model),
        "train_documents": result.train_docs,
        "dev_documents": result.dev_docs,
        "seconds": round(result.seconds, 2),
        "scheme": "strict",
        "labels": [r.as_dict() for r in result.scores],
        "keep_proclitics": result.keep_proclitics,
    }
    path = out / SCORES
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    return path


class SpacyRecommender:
    """A trained pipeline proposing its entities (and its span categoriser's spans, with
    their scores, when it has one)."""

    kind = "model"

    def __init__(
        self, nlp: Any, labels: frozenset[str] | None = None, min_score: float = 0.0
    ) -> None:
        self.nlp = nlp
        self.labels = labels
        self.min_score = min_score
        #: spaCy's NER gives no probability per entity: an entity's score is the model's dev
        #: precision for its label (scores.json beside the model), when known.
        self.label_precision: dict[str, float] = {}
        #: Keep the proclitics of an entity's first word, as the training gold did
        #: (scores.json); otherwise they are left out, as our guidelines say.
        self.keep_proclitics = False

    @classmethod
    def load(
        cls, folder: Path, labels: frozenset[str] | None = None, min_score: float = 0.0
    ) -> SpacyRecommender:
        require_spacy()
        import spacy

        from annotator.formats.spacy_tokenizer import register

        register()
        folder = Path(folder)
        path = folder / BEST if (folder / BEST).is_dir() else folder
        if not (path / "meta.json").is_file():
            raise ProjectError(
                "not a trained model (no meta.json); make one with 'annotator train'", file=folder
            )
        recommender = cls(spacy.load(path), labels, min_score)
        scores = path.parent / SCORES if path.name == BEST else path / SCORES
        if scores.is_file():
            with contextlib.suppress(ValueError, KeyError, TypeError):
                data = json.loads(scores.read_text(encoding="utf-8"))
                recommender.label_precision = {
                    row["label"]: float(row["precision"]) for row in data["labels"] if row["gold"]
                }
                recommender.keep_proclitics = bool(data.get("keep_proclitics", False))
        return recommender

    def learn(self, sets: Iterable[AnnotationSet]) -> None:
        """A trained model learns with ``annotator train``, not here."""
        raise ProjectError("a trained model learns with 'annotator train PROJECT --out DIR'")

    def propose(self, document: Document) -> list[Suggestion]:
        doc = self.nlp(document.text)
        if doc.text != document.text:  # our tokenizer keeps the text exactly; never guess
            raise ProjectError(f"the model's tokenizer changed the text of {document.id}")
        found: dict[tuple[int, int, str], float | None] = {}
        for ent in doc.ents:
            start, end = self._trim(document.text, ent.start_char, ent.end_char)
            found[(start, end, ent.label_)] = self.label_precision.get(ent.label_)
        group = doc.spans.get("sc") if hasattr(doc, "spans") else None
        if group is not None and "scores" in group.attrs:
            for span, value in zip(group, group.attrs["scores"], strict=False):
                start, end = self._trim(document.text, span.start_char, span.end_char)
                found[(start, end, span.label_)] = float(value)
        out = [
            Suggestion(start, end, label, None if value is None else round(value, 3))
            for (start, end, label), value in found.items()
            if (self.labels is None or label in self.labels)
            and (value is None or value >= self.min_score)
        ]
        return sorted(out)

    def _trim(self, text: str, start: int, end: int) -> tuple[int, int]:
        """Guidelines: no punctuation at the ends, proclitics left out (as `t` trims), unless
        the training gold kept them in."""
        lo, hi = trim_selection(text, start, end)
        if self.keep_proclitics:
            while lo > start and _WORD_CHAR.match(text[lo - 1]):
                lo -= 1  # what the trim took off the first word: its proclitics
        return lo, hi


@dataclass(frozen=True, slots=True)
class CurvePoint:
    share: float
    documents: int
    f1: float
    seconds: float


CURVE_SHARES = (0.25, 0.5, 0.75, 1.0)


def learning_curve(
    train: Sequence[AnnotationSet],
    dev: Sequence[AnnotationSet],
    out: Path,
    schema: LabelSchema,
    settings: TrainSettings = TrainSettings(),
    shares: Sequence[float] = CURVE_SHARES,
) -> list[CurvePoint]:
    """Strict dev F1 of models trained on growing shares of the training documents (the
    same dev documents each time; each model in ``out/curve-<percent>``)."""
    order = sorted(train, key=lambda s: s.document.id)
    random.Random(settings.seed).shuffle(order)
    points = []
    for share in shares:
        n = max(1, round(len(order) * share))
        result = train_model(order[:n], dev, out / f"curve-{round(share * 100)}", schema, settings)
        points.append(CurvePoint(share, n, result.f1, result.seconds))
    return points


def write_curve(out: Path, points: Sequence[CurvePoint]) -> Path:
    path = out / "curve.json"
    rows = [
        {"share": p.share, "documents": p.documents, "f1": p.f1, "seconds": round(p.seconds, 2)}
        for p in points
    ]
    write_atomic(path, json.dumps({"scheme": "strict", "points": rows}, indent=2) + "\n")
    return path
