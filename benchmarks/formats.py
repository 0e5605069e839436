"""Export and re-import of 1,000 documents with 100,000 spans in every format (target < 5 s
each direction).

Input: 1,000 articles made from the seed article (each its paragraphs rotated and numbered, so
every text is different; about 2,950 characters each) with 100 spans per document on word
boundaries (all four labels, some nested, attributes on most, a note on some) and up to 10
``source`` relations per document, in a project as the ``bench`` annotator's sets.

For each format two directions are timed, both as ``annotator export`` / ``annotator import``
run them:

- ``export_s``: load the 1,000 annotation files from the project and write the format, in as
  many processes as the CPUs here for the formats that export in parallel
  (``export_processes``; ``annotator export --jobs``);
- ``import_s``: read the format, check every document, span and relation against an empty
  project and the schema, and write the 1,000 texts and 1,000 annotation files (each written
  atomically with fsync, as the tool always does).

``phases_s`` splits the import: ``read_format``, ``check`` (every span and relation against
the text and the schema) and ``lock_and_write_files`` (1,000 set locks, then 2,000 files
written as one batch). ``*_cpu_s`` is this process's CPU time per direction, without that of
export workers (on a shared machine the wall time also includes waiting; the load average is
printed too). Prints one JSON object.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotator.formats.base import ReadOptions, WriteOptions
from annotator.formats.exporter import export_project
from annotator.formats.importer import ImportOptions, apply_import, plan_import
from annotator.formats.parallel_export import jobs_available
from annotator.formats.registry import formats, read_corpus
from annotator.model import AnnotationSet, Document, LabelSchema, Relation, Span, build_set
from annotator.store.project import Project, init_project
from annotator.text.tokens import tokenize
from benchmarks._common import machine_speed, seed_text

DOCUMENTS = 1000
SPANS_PER_DOC = 100
TARGET_S = 5.0


def make_text(n: int, paragraphs: list[str]) -> str:
    k = n % len(paragraphs)
    return f"{n}\n" + "\n".join(paragraphs[k:] + paragraphs[:k])


def make_set(n: int, text: str, schema: LabelSchema, rng: random.Random) -> AnnotationSet:
    words = [t for t in tokenize(text) if t.kind == "word"]
    labels = schema.label_names
    spans: list[Span] = []
    seen: set[tuple[int, int, str]] = set()
    while len(spans) < SPANS_PER_DOC:
        i = rng.randrange(len(words) - 6)
        first, last = words[i], words[i + rng.randrange(6)]
        label = rng.choice(labels)
        if (first.start, last.end, label) in seen:
            continue
        seen.add((first.start, last.end, label))
        attrs = {}
        for name, attr in schema.labels[label].attributes.items():
            if rng.random() < 0.7 and attr.values:
                attrs[name] = rng.choice(attr.values)
        note = "راجع المصدر" if rng.random() < 0.1 else ""
        spans.append(Span(f"s{len(spans) + 1}", label, first.start, last.end, attrs, note))
    claims = [s for s in spans if s.label == "CLAIM"]
    actors = [s for s in spans if s.label == "ACTOR"]
    pairs = {(rng.choice(claims).id, rng.choice(actors).id) for _ in range(10)}
    relations = [Relation(f"r{i + 1}", "source", a, b) for i, (a, b) in enumerate(sorted(pairs))]
    aset, problems = build_set(
        Document(f"doc-{n:04d}", text), "bench", schema, spans, relations, status="done"
    )
    assert not problems, problems[:3]
    return aset


def build_project(root: Path) -> Project:
    paragraphs = [p for p in seed_text().split("\n") if p.strip()]
    texts = root / "incoming"
    texts.mkdir(parents=True)
    for n in range(DOCUMENTS):
        (texts / f"doc-{n:04d}.txt").write_text(make_text(n, paragraphs), encoding="utf-8")
    project, _ = init_project(root / "project", texts_from=texts, annotators=("bench",))
    rng = random.Random(7)
    for doc_id in project.document_ids():
        project.save_set(
            make_set(int(doc_id[4:]), project.document(doc_id).text, project.schema, rng)
        )
    return Project.open(root / "project")


CPU: dict[str, float] = {}


def timed(fn, key: str = ""):  # type: ignore[no-untyped-def]
    """Wall-clock seconds of ``fn``; its CPU seconds go to CPU[key] (the machine may be shared,
    and CPU time shows how much of the wall time was ours)."""
    start, cpu = time.perf_counter(), time.process_time()
    value = fn()
    if key:
        CPU[key] = round(time.process_time() - cpu, 3)
    return value, round(time.perf_counter() - start, 3)


def run_format(name: str, project: Project, work: Path) -> dict[str, object]:
    fmt = next(f for f in formats() if f.name == name)
    target = work / (f"{name}-out" if fmt.folder else f"{name}{fmt.default_extension}")
    options = WriteOptions(schema=project.schema)
    phases: dict[str, float] = {}

    def phase(key: str, fn):  # type: ignore[no-untyped-def]
        value, phases[key] = timed(fn)
        return value

    jobs = jobs_available()

    def export():  # type: ignore[no-untyped-def]
        return export_project(project, "bench", fmt, target, options, jobs=jobs).report

    report, export_s = timed(export, "export")
    parallel = jobs > 1 and fmt.join is not None
    fresh, _ = init_project(work / f"{name}-import")

    def reimport():  # type: ignore[no-untyped-def]
        docs = phase("read_format", lambda: read_corpus(target, name, ReadOptions()))
        plan = phase("check", lambda: plan_import(fresh, docs, ImportOptions(annotator="bench")))
        phase("lock_and_write_files", lambda: apply_import(fresh, plan))
        return plan

    plan, import_s = timed(reimport, "import")
    return {
        "export_s": export_s,
        "import_s": import_s,
        "export_processes": jobs if parallel else 1,
        "export_cpu_s": CPU["export"],
        "import_cpu_s": CPU["import"],
        "phases_s": phases,
        "spans_written": report.spans,
        "spans_dropped": len(report.dropped),
        "spans_imported": plan.spans,
        "documents_imported": len(plan.documents),
        "ok": export_s < TARGET_S and import_s < TARGET_S,
    }


def main() -> None:
    names = [f.name for f in formats()]
    try:
        import spacy  # noqa: F401
    except ImportError:
        names.remove("spacy")
    with tempfile.TemporaryDirectory(prefix="annotator-bench-") as tmp:
        work = Path(tmp)
        project = build_project(work)
        spans = sum(len(project.load_set("bench", d).spans) for d in project.document_ids())
        chars = sum(len(project.document(d).text) for d in project.document_ids())
        machine = machine_speed()
        results = {name: run_format(name, project, work) for name in names}
    print(
        json.dumps(
            {
                "benchmark": "formats: export and re-import",
                "input": {
                    "documents": DOCUMENTS,
                    "spans": spans,
                    "characters": chars,
                    "relations_per_document": "up to 10",
                },
                "target_s": TARGET_S,
                "machine": machine,
                "results": results,
                "all_ok": all(r["ok"] for r in results.values()),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
