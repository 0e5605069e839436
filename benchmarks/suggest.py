"""Benchmark: how much the recommenders save an annotator, and how fast they are.

The corpus is built like the sample: documents recombined from the sentences of the sample's
gold article (sample_corpus, xinhua-deir-ezzor), each entity's words replaced, half of the time,
by another surface form of the same label from the gold (35%) or by a name the gold never
had (25%), spelt now and then with a haraka, another alef or a joined proclitic (و، ب), with the
gold spans carried along.
Labels: ACTOR, LOCATION and WEAPON (the non-overlapping ones spaCy's NER learns; CLAIMs are whole
sentences that never repeat). The documents are split once: a held-out quarter is scored, and
the recommenders learn from the first 10%, 25% and 50% of the corpus ("once half the documents
are gold").

For each recommender and each share: strict P/R/F1 on the held-out documents (the matching of
``annotator evaluate``), learning and suggesting time, and a keystroke simulation per gold span:

- from scratch: 1 key to reach the span's start, 1 per word to select it (Shift+Ctrl+arrow),
  1 label key;
- with suggestions: a correct suggestion costs 2 (``]`` to reach it, ``y``); a wrong or spurious
  one costs 2 to reject (``]``, ``x``); a gold span without a correct suggestion is then
  tagged from scratch.

Also the matcher's speed on the 1 MB article of the other benchmarks (median and p90 of several
runs) and this machine's speed (``python_loop_s``).

Prints one JSON object. Usage: ``python benchmarks/suggest.py [--documents N] [--no-model]``
(the model needs the ``spacy`` extra and takes a few minutes on CPU).

With ``--conll-train F --conll-test F`` it measures instead on a public CoNLL NER corpus (e.g.
ANERcorp's CAMeL Lab split, not shipped): our matcher and model against a gazetteer and spaCy's
blank Arabic NER, all learning from the training file and scored on the test file
(benchmarks/suggest_conll.py; docs/suggest.md says where to get the files).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotator.model import AnnotationSet, Document, Span
from annotator.resources import sample_corpus_path
from annotator.store.project import Project
from annotator.suggest.base import Suggestion
from annotator.suggest.matcher import StringMatcher
from annotator.suggest.scoring import label_scores, score
from benchmarks._common import big_article, machine_speed

LABELS = ("ACTOR", "LOCATION", "WEAPON")
SEED_DOC = "xinhua-deir-ezzor"
SHARES = (0.1, 0.25, 0.5)
SENTENCE_END = re.compile(r"(?<=[.!؟:])\s+|\n+")


# -- the corpus ------------------------------------------------------------------------------


def sentences_with_spans() -> list[tuple[str, list[tuple[int, int, str]]]]:
    """The gold article cut into sentences, each with its outermost ACTOR/LOCATION/WEAPON
    spans (offsets within the sentence)."""
    project = Project.open(sample_corpus_path())
    gold = project.load_gold(SEED_DOC)
    assert gold is not None
    text = gold.document.text
    spans = sorted((s for s in gold.spans if s.label in LABELS), key=lambda s: (s.start, -s.end))
    outer: list[Span] = []
    for span in spans:
        if outer and span.start < outer[-1].end:
            continue  # nested in the previous one: NER cannot hold both
        outer.append(span)
    pieces = []
    start = 0
    for match in [*SENTENCE_END.finditer(text), None]:
        end = match.start() if match else len(text)
        if end > start:
            inside = [
                (s.start - start, s.end - start, s.label)
                for s in outer
                if start <= s.start and s.end <= end
            ]
            pieces.append((text[start:end], inside))
        start = match.end() if match else len(text)
    return pieces


LETTERS = "بتثجحخدذرزسشصضطظعغفقكلمنهي"
#: How each entity slot is filled: its own words, another gold form of its label, or a name
#: never seen in the gold (which only a model that learnt the contexts can find).
OWN, KNOWN, NOVEL = 0.4, 0.35, 0.25


def novel_name(rng: random.Random) -> str:
    word = "".join(rng.choice(LETTERS) for _ in range(rng.randint(4, 6)))
    return ("ال" + word) if rng.random() < 0.5 else word


def surface(form: str, rng: random.Random) -> str:
    """The form as a writer might spell it: now and then with a haraka or another alef."""
    if rng.random() < 0.1 and len(form) > 2:
        form = form[0] + "\u064e" + form[1:]
    if rng.random() < 0.1:
        form = form.replace("ا", "أ", 1) if form.startswith("ا") else form
    return form


def build_corpus(n_docs: int, seed: int = 7) -> list[AnnotationSet]:
    rng = random.Random(seed)
    pieces = sentences_with_spans()
    forms: dict[str, list[str]] = {}
    for sentence, spans in pieces:
        for a, b, label in spans:
            forms.setdefault(label, [])
            if sentence[a:b] not in forms[label]:
                forms[label].append(sentence[a:b])
    sets = []
    for n in range(n_docs):
        parts: list[str] = []
        spans: list[Span] = []
        offset = 0
        for sentence, inside in rng.sample(pieces, k=min(len(pieces), rng.randint(4, 8))):
            cursor = 0
            for a, b, label in inside:
                before = sentence[cursor:a]
                if before.endswith(" ") and rng.random() < 0.15:
                    before += rng.choice("وب")  # a proclitic joined to the entity
                parts.append(before)
                offset += len(before)
                pick = rng.random()
                if pick < OWN:
                    form = sentence[a:b]
                elif pick < OWN + KNOWN:
                    form = rng.choice(forms[label])
                else:
                    form = novel_name(rng)
                form = surface(form, rng)
                spans.append(Span(f"s{len(spans) + 1}", label, offset, offset + len(form)))
                parts.append(form)
                offset += len(form)
                cursor = b
            parts.append(sentence[cursor:] + "\n")
            offset += len(sentence) - cursor + 1
        document = Document(f"doc{n:04d}", "".join(parts))
        assert all(document.text[s.start : s.end] for s in spans)
        spans.sort(key=lambda s: s.sort_key)
        sets.append(AnnotationSet(document, "gold", "done", tuple(spans)))
    return sets


# -- keystrokes ------------------------------------------------------------------------------


def scratch_keys(text: str, span: Span) -> int:
    return 1 + len(text[span.start : span.end].split()) + 1


def keystrokes(
    gold: Sequence[AnnotationSet], propose: Callable[[Document], list[Suggestion]]
) -> dict[str, Any]:
    scratch = with_suggestions = accepted = rejected = 0
    for aset in gold:
        text = aset.text
        suggestions = propose(aset.document)
        keys = {s.key for s in suggestions}
        correct = {s.key for s in aset.spans} & keys
        for span in aset.spans:
            cost = scratch_keys(text, span)
            scratch += cost
            if span.key in correct:
                with_suggestions += 2
                accepted += 1
            else:
                with_suggestions += cost
        wrong = [s for s in suggestions if s.key not in correct]
        with_suggestions += 2 * len(wrong)
        rejected += len(wrong)
    return {
        "gold_spans": sum(len(a.spans) for a in gold),
        "from_scratch": scratch,
        "with_suggestions": with_suggestions,
        "per_gold_span_from_scratch": round(scratch / max(1, sum(len(a.spans) for a in gold)), 3),
        "per_gold_span_with_suggestions": round(
            with_suggestions / max(1, sum(len(a.spans) for a in gold)), 3
        ),
        "accepted": accepted,
        "rejected": rejected,
        "saved_share": round(1 - with_suggestions / scratch, 4) if scratch else 0.0,
    }


def evaluate(
    name: str,
    learn_s: float,
    gold: Sequence[AnnotationSet],
    propose: Callable[[Document], list[Suggestion]],
) -> dict[str, Any]:
    started = time.perf_counter()
    for aset in gold:
        propose(aset.document)
    suggest_s = time.perf_counter() - started
    rows = label_scores(score(propose, gold, LABELS))
    return {
        "recommender": name,
        "learn_s": round(learn_s, 3),
        "suggest_s": round(suggest_s, 3),
        "strict": {
            r.label: {"p": round(r.precision, 4), "r": round(r.recall, 4), "f1": round(r.f1, 4)}
            for r in rows
        },
        "keystrokes": keystrokes(gold, propose),
    }


# -- runs ------------------------------------------------------------------------------------


def matcher_run(train: Sequence[AnnotationSet], test: Sequence[AnnotationSet]) -> dict[str, Any]:
    matcher = StringMatcher()
    started = time.perf_counter()
    matcher.learn(train)
    return evaluate("matcher", time.perf_counter() - started, test, matcher.propose)


def model_run(
    train: Sequence[AnnotationSet], test: Sequence[AnnotationSet], folder: Path
) -> dict[str, Any]:
    from annotator.resources import labels_schema_path
    from annotator.store.project import load_label_schema
    from annotator.suggest.spacy_model import (
        SpacyRecommender,
        TrainSettings,
        split_sets,
        train_model,
    )

    schema = load_label_schema(labels_schema_path())
    fit, dev = split_sets(train, 0.2, 0)
    settings = TrainSettings(patience=300, max_steps=1500, eval_frequency=100, progress_bar=False)
    started = time.perf_counter()
    train_model(fit, dev, folder, schema, settings)
    learn_s = time.perf_counter() - started
    model = SpacyRecommender.load(folder)
    return evaluate("spacy-ner", learn_s, test, model.propose)


def matcher_speed(repeat: int = 7) -> dict[str, Any]:
    """The matcher learnt from the gold article, proposing on the 1 MB article."""
    project = Project.open(sample_corpus_path())
    gold = project.load_gold(SEED_DOC)
    assert gold is not None
    text = big_article()
    document = Document("big", text)
    times = []
    found = 0
    for _ in range(repeat):
        matcher = StringMatcher()  # fresh: no word cache from the previous run
        matcher.learn([gold])
        started = time.perf_counter()
        found = len(matcher.propose(document))
        times.append(time.perf_counter() - started)
    times.sort()
    return {
        "input_bytes": len(text.encode("utf-8")),
        "suggestions": found,
        "median_s": round(statistics.median(times), 4),
        "p90_s": round(times[min(len(times) - 1, int(0.9 * len(times)))], 4),
    }


def conll_main(args: argparse.Namespace) -> None:
    from benchmarks.suggest_conll import DEFAULT_MAP, conll_benchmark

    if not (args.conll_train and args.conll_test):
        sys.exit("suggest.py: --conll-train and --conll-test go together")
    for path in (args.conll_train, args.conll_test):
        if not path.is_file():
            sys.exit(f"suggest.py: {path}: no such file")
    if args.work is not None and args.work.exists():
        sys.exit(f"suggest.py: {args.work}: exists; --work takes a new folder")
    with contextlib.ExitStack() as stack:
        if args.work is None:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        else:
            folder = args.work
            folder.mkdir(parents=True)
        result = conll_benchmark(
            args.conll_train,
            args.conll_test,
            folder,
            per_document=args.sentences_per_document,
            label_map=DEFAULT_MAP if args.label_map is None else args.label_map,
            labels_file=args.labels_file,
            max_steps=args.max_steps,
            patience=args.patience,
            eval_frequency=args.eval_every,
            with_model=not args.no_model,
        )
    print(
        json.dumps(
            {"benchmark": "suggest-conll", **result, "machine": machine_speed()},
            ensure_ascii=False,
            indent=2,
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--no-model", action="store_true")
    conll = parser.add_argument_group("a public CoNLL corpus instead (benchmarks/suggest_conll.py)")
    conll.add_argument("--conll-train", type=Path, metavar="F", help="training file (TOKEN TAG)")
    conll.add_argument("--conll-test", type=Path, metavar="F", help="held-out test file")
    conll.add_argument("--sentences-per-document", type=int, default=10, metavar="N")
    conll.add_argument(
        "--label-map",
        default=None,
        metavar="OLD=NEW,...",
        help="default PERS=ACTOR,ORG=ACTOR,LOC=LOCATION,MISC= ('' with --labels-file: none)",
    )
    conll.add_argument(
        "--labels-file", type=Path, metavar="FILE", help="the project's label schema instead"
    )
    conll.add_argument("--max-steps", type=int, default=2000, help="both spaCy trainings")
    conll.add_argument("--patience", type=int, default=1600, help="both spaCy trainings")
    conll.add_argument("--eval-every", type=int, default=200, help="both spaCy trainings")
    conll.add_argument(
        "--work", type=Path, metavar="DIR", help="keep the project and models in DIR (new folder)"
    )
    args = parser.parse_args()
    if args.conll_train or args.conll_test:
        conll_main(args)
        return
    corpus = build_corpus(args.documents)
    rng = random.Random(1)
    order = corpus[:]
    rng.shuffle(order)
    n_test = len(order) // 4
    test, pool = order[:n_test], order[n_test:]
    runs = []
    for share in SHARES:
        train = pool[: max(2, round(len(corpus) * share))]
        entry: dict[str, Any] = {"gold_share": share, "gold_documents": len(train)}
        entry["matcher"] = matcher_run(train, test)
        if not args.no_model and share == SHARES[-1]:
            with tempfile.TemporaryDirectory() as tmp:
                entry["model"] = model_run(train, test, Path(tmp))
        runs.append(entry)
    result = {
        "benchmark": "suggest",
        "corpus": {
            "documents": len(corpus),
            "held_out_documents": len(test),
            "gold_spans_held_out": sum(len(a.spans) for a in test),
            "built_from": f"sample_corpus/{SEED_DOC} sentences, entities recombined",
        },
        "runs": runs,
        "matcher_speed_1mb": matcher_speed(),
        "machine": machine_speed(),
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
