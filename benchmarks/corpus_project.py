"""A generated project the size of a large real one, for benchmarks/corpus.py.

``make_project(root, documents=10_000)`` writes ``documents`` Arabic articles of about 3 KB
each and, for two annotators, one set of 100 spans per article (CLAIMs linked to an ACTOR)
in the canonical ``annotator/1`` shape. The annotation files are written as text directly,
not through the model and the atomic store: building 20,000 sets through ``build_set`` and an
fsync per file would take minutes, and a benchmark's input needs no crash safety. The second
annotator's sets differ from the first's (labels, boundaries, missing spans) so that agreement
and adjudication have work to do. ``validate`` must find the project clean: the benchmark
checks that its figures come from valid input.
"""

from __future__ import annotations

import hashlib
import random
import re
from pathlib import Path

from annotator.store.annotation_file import scalar
from benchmarks._common import seed_text

ANNOTATORS = ("ann1", "ann2")
_WORD = re.compile(r"\S+")
_LABELS = ("ACTOR", "LOCATION", "WEAPON", "CLAIM")
_KINDS = {
    "ACTOR": ("kind", ("state_forces", "armed_group", "government", "media", "person")),
    "LOCATION": ("kind", ("country", "region", "city", "site")),
    "WEAPON": ("kind", ("aircraft", "drone", "missile_rocket", "artillery")),
    "CLAIM": ("stance", ("asserted", "denied", "reported")),
}


def _base_words() -> list[str]:
    return _WORD.findall(seed_text())


def make_text(number: int, words: list[str], target_bytes: int = 3000) -> str:
    """About ``target_bytes`` of UTF-8 article: a numbered headline, then the seed's words
    from a place that depends on ``number``, cut into paragraphs."""
    rng = random.Random(number)
    start = rng.randrange(len(words))
    out = [f"خبر رقم {number}"]
    size = len(out[0].encode("utf-8"))
    i = start
    line: list[str] = []
    while size < target_bytes:
        word = words[i % len(words)]
        line.append(word)
        size += len(word.encode("utf-8")) + 1
        i += 1
        if len(line) >= 40:
            out.append(" ".join(line))
            line = []
    if line:
        out.append(" ".join(line))
    return "\n".join(out) + "\n"


def _spans(text: str, rng: random.Random, count: int) -> list[tuple[int, int, str]]:
    """``count`` distinct (start, end, label) ranges on word boundaries."""
    bounds = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    chosen: set[tuple[int, int, str]] = set()
    while len(chosen) < count:
        label = rng.choice(_LABELS)
        first = rng.randrange(len(bounds))
        width = rng.randrange(4, 12) if label == "CLAIM" else rng.randrange(1, 4)
        last = min(len(bounds) - 1, first + width - 1)
        chosen.add((bounds[first][0], bounds[last][1], label))
    return sorted(chosen)


def _variant(
    spans: list[tuple[int, int, str]], text: str, rng: random.Random
) -> list[tuple[int, int, str]]:
    """Another annotator's reading: most spans the same, some relabelled or moved."""
    bounds = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    ends = [e for _, e in bounds]
    out: set[tuple[int, int, str]] = set()
    for start, end, label in spans:
        roll = rng.random()
        if roll < 0.08:
            label = rng.choice(_LABELS)
        elif roll < 0.14:
            later = [e for e in ends if e > end]
            end = later[0] if later else end
        out.add((start, end, label))
    return sorted(out)


def set_yaml(
    doc_id: str,
    text: str,
    sha256: str,
    annotator: str,
    spans: list[tuple[int, int, str]],
    rng: random.Random,
) -> str:
    lines = [
        "format: annotator/1",
        f"document: {{id: {scalar(doc_id)}, file: {scalar(f'texts/{doc_id}.txt')}, "
        f"sha256: {sha256}, chars: {len(text)}}}",
        f"annotator: {annotator}",
        "status: done",
        "updated: 2026-11-30T12:00:00Z",
        "spans:",
    ]
    ids: dict[tuple[int, int, str], str] = {}
    for n, (start, end, label) in enumerate(spans, 1):
        ident = f"s{n}"
        ids[(start, end, label)] = ident
        key, values = _KINDS[label]
        lines.append(
            f"  - {{id: {ident}, label: {label}, start: {start}, end: {end}, "
            f"text: {scalar(text[start:end])}, attributes: {{{key}: {rng.choice(values)}}}}}"
        )
    actors = [ids[s] for s in spans if s[2] == "ACTOR"]
    claims = [ids[s] for s in spans if s[2] == "CLAIM"]
    relations = [
        f"  - {{id: r{n}, type: source, from: {claim}, to: {rng.choice(actors)}}}"
        for n, claim in enumerate(claims, 1)
        if actors
    ]
    lines.extend(["relations:", *relations] if relations else ["relations: []"])
    return "\n".join(lines) + "\n"


def make_project(root: Path, documents: int = 10_000, spans: int = 100) -> Path:
    """Write the project into ``root`` (created); returns ``root``."""
    texts = root / "texts"
    texts.mkdir(parents=True)
    folders = {who: root / "annotations" / who for who in ANNOTATORS}
    for folder in folders.values():
        folder.mkdir(parents=True)
    (root / "gold").mkdir()
    (root / "annotator.yaml").write_text(
        "name: ten-thousand\nannotators: [ann1, ann2]\n", encoding="utf-8"
    )
    (root / ".gitignore").write_text(".annotator/\n", encoding="utf-8")
    words = _base_words()
    for number in range(documents):
        doc_id = f"doc-{number:05d}"
        text = make_text(number, words)
        data = text.encode("utf-8")
        (texts / f"{doc_id}.txt").write_bytes(data)
        sha = hashlib.sha256(data).hexdigest()
        rng = random.Random(number * 7919)
        first = _spans(text, rng, spans)
        second = _variant(first, text, rng)
        for who, chosen in zip(ANNOTATORS, (first, second), strict=True):
            content = set_yaml(doc_id, text, sha, who, chosen, rng)
            (folders[who] / f"{doc_id}.yaml").write_text(content, encoding="utf-8")
    return root
