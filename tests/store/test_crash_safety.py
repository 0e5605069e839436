"""A save killed at any moment leaves the old file or the new one, never a torn one."""

from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path

from annotator.model import AnnotationSet, Document, LabelSchema
from annotator.store.annotation_file import dump_annotation_set, save_annotation_set
from annotator.store.atomic import is_temp_file


def big_set(schema: LabelSchema, spans: int, annotator: str) -> AnnotationSet:
    text = "قصفت القوات الأمريكية مواقع في دير الزور. " * 400
    aset = AnnotationSet(Document("doc", text), annotator)
    for n in range(spans):
        start = (n * 7) % (len(text) - 20)
        aset, _ = aset.add_span(schema, "ACTOR", start, start + 5 + n % 9)
    return aset


def test_sigkill_during_saves_never_leaves_a_torn_file(tmp_path: Path, schema: LabelSchema) -> None:
    versions = [big_set(schema, 1500, "old"), big_set(schema, 1600, "new")]
    contents = {dump_annotation_set(v) for v in versions}
    path = tmp_path / "annotations" / "a" / "doc.yaml"
    save_annotation_set(versions[0], path)
    rng = random.Random(20261125)
    kills_mid_write = 0
    for _round in range(220):
        pid = os.fork()
        if pid == 0:  # child: save the two versions in turn until killed
            try:
                n = 0
                while True:
                    save_annotation_set(versions[n % 2], path)
                    n += 1
            finally:
                os._exit(0)
        time.sleep(rng.uniform(0, 0.02))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        assert path.read_text(encoding="utf-8") in contents
        leftovers = [p for p in path.parent.iterdir() if p != path]
        assert all(is_temp_file(p) for p in leftovers)
        kills_mid_write += bool(leftovers)
        for p in leftovers:
            p.unlink()
    assert kills_mid_write > 0, "no kill landed inside a write; the test proved nothing"
