"""Load and save of one annotation set with 10,000 spans on a 1 MB text (target < 150 ms each).

Also times the general path (YAML loader + JSON Schema) that hand-edited files take, for
comparison.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotator.model import AnnotationSet, Document, Span, build_set
from annotator.resources import labels_schema_path
from annotator.store.annotation_file import (
    _parse_general,
    load_annotation_set,
    save_annotation_set,
)
from annotator.store.project import load_label_schema
from annotator.text.tokens import tokenize
from benchmarks._common import best_of, big_article


def make_set(text: str, count: int) -> AnnotationSet:
    schema = load_label_schema(labels_schema_path())
    rng = random.Random(7)
    words = [t for t in tokenize(text) if t.kind == "word"]
    kinds = schema.label("ACTOR").attributes["kind"].values or ()
    spans = []
    seen = set()
    while len(spans) < count:
        i = rng.randrange(len(words) - 4)
        first, last = words[i], words[i + rng.randrange(4)]
        label = rng.choice(schema.label_names)
        key = (first.start, last.end, label)
        if key in seen:
            continue
        seen.add(key)
        attrs = {"kind": rng.choice(kinds)} if label == "ACTOR" else {}
        spans.append(Span(f"s{len(spans) + 1}", label, first.start, last.end, attrs))
    aset, problems = build_set(Document("big", text), "bench", schema, spans, status="in_progress")
    assert not problems
    return aset


def main() -> None:
    text = big_article()
    schema = load_label_schema(labels_schema_path())
    aset = make_set(text, 10_000)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.yaml"
        save = best_of(lambda: save_annotation_set(aset, path))
        load = best_of(lambda: load_annotation_set(path, aset.document, schema))
        raw = path.read_text(encoding="utf-8")
        general = best_of(lambda: _parse_general(raw, str(path)), repeat=1)
        size = path.stat().st_size
    assert load_annotation_set(path, aset.document, schema) == aset if path.exists() else True
    print(
        json.dumps(
            {
                "benchmark": "store",
                "text_bytes": len(text.encode("utf-8")),
                "text_chars": len(text),
                "spans": len(aset.spans),
                "file_bytes": size,
                "save": save,
                "load": load,
                "load_general_path": general,
                "target_s": 0.150,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
