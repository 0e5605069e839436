"""An export in several processes writes what one process writes, byte for byte, with the same
report; a broken file in any chunk stops it before anything is written."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.errors import ImportExportError
from annotator.formats.base import WriteOptions
from annotator.formats.exporter import ExportResult, export_project
from annotator.formats.parallel_export import chunks
from annotator.formats.registry import Format, formats, get_format
from annotator.model import Span, build_set
from annotator.store.project import Project, init_project
from annotator.text.tokens import tokenize
from tests.cli_helpers import run_cli

JOINABLE = [f.name for f in formats() if f.join is not None]
DOCUMENTS = 9


@pytest.fixture
def project(tmp_path: Path, seed_text: str) -> Project:
    """Nine documents made from the seed article, each with spans on words, nested spans and
    spans cutting words (so the token formats drop and change some, and report them)."""
    paragraphs = [p for p in seed_text.split("\n") if p.strip()]
    texts = tmp_path / "texts"
    texts.mkdir()
    for n in range(DOCUMENTS):
        body = "\n".join(paragraphs[n:] + paragraphs[:n])
        (texts / f"doc-{n}.txt").write_text(f"{n}\n{body}", encoding="utf-8")
    project, _ = init_project(tmp_path / "project", texts_from=texts, annotators=("ann",))
    rng = random.Random(3)
    for doc_id in project.document_ids():
        document = project.document(doc_id)
        words = [t for t in tokenize(document.text) if t.kind == "word"]
        spans: dict[tuple[int, int, str], Span] = {}
        while len(spans) < 30:
            i = rng.randrange(len(words) - 4)
            start, end = words[i].start, words[i + rng.randrange(4)].end
            if rng.random() < 0.1:
                start += 1  # not on a token boundary
            label = rng.choice(project.schema.label_names)
            spans.setdefault((start, end, label), Span(f"s{len(spans) + 1}", label, start, end))
        aset, problems = build_set(document, "ann", project.schema, list(spans.values()), [])
        assert not problems
        project.save_set(aset)
    return project


def export(project: Project, fmt: Format, out: Path, jobs: int, **kwargs: object) -> ExportResult:
    return export_project(
        project,
        "ann",
        fmt,
        out,
        WriteOptions(schema=project.schema),
        jobs=jobs,
        parallel_from=1,
        **kwargs,  # type: ignore[arg-type]
    )


def usable_format(name: str) -> Format:
    fmt = get_format(name)
    if fmt.extra:
        pytest.importorskip(fmt.extra)
    return fmt


def outputs(folder: Path) -> dict[str, bytes]:
    """The files written, with the folder's path (spaCy's config.cfg names the parts by
    absolute path) replaced by a placeholder."""
    here = str(folder.resolve()).encode()
    return {p.name: p.read_bytes().replace(here, b"<out>") for p in sorted(folder.iterdir())}


def report_of(result: ExportResult, folder: Path) -> tuple[object, ...]:
    r = result.report
    notes = [n.replace(str(folder.resolve()), "<out>") for n in r.notes]
    return (r.documents, r.spans, r.relations, r.dropped, r.changed, r.lost, notes)


@pytest.mark.parametrize("name", JOINABLE)
def test_parallel_export_writes_what_one_process_writes(
    project: Project, tmp_path: Path, name: str
) -> None:
    fmt = usable_format(name)
    one, many = tmp_path / "one", tmp_path / "many"
    one.mkdir()
    many.mkdir()
    serial = export(project, fmt, one / f"all{fmt.default_extension}", jobs=1)
    parallel = export(project, fmt, many / f"all{fmt.default_extension}", jobs=3)
    assert outputs(one) == outputs(many)  # and no part files left behind
    assert report_of(parallel, many) == report_of(serial, one)
    assert parallel.report.documents == DOCUMENTS
    if not fmt.lossless:  # the token formats reported the cut and the nested spans
        assert parallel.report.changed  # expanded, or (spaCy) only in doc.spans
    assert [f.relative_to(many) for f in parallel.report.files] == [
        f.relative_to(one) for f in serial.report.files
    ]


@pytest.mark.parametrize("name", ["jsonl", "spacy"])
def test_parallel_split_with_labels_matches_one_process(
    project: Project, tmp_path: Path, name: str
) -> None:
    fmt = usable_format(name)
    kwargs = {"split": [("train", 0.6), ("dev", 0.4)], "seed": 5, "labels": ["ACTOR", "WEAPON"]}
    serial = export(project, fmt, tmp_path / "one", jobs=1, **kwargs)
    parallel = export(project, fmt, tmp_path / "many", jobs=2, **kwargs)
    assert outputs(tmp_path / "one") == outputs(tmp_path / "many")
    assert [(p.name, p.documents, p.spans) for p in parallel.parts] == [
        (p.name, p.documents, p.spans) for p in serial.parts
    ]
    assert parallel.left_out == serial.left_out and set(parallel.left_out) == {
        "LOCATION",
        "CLAIM",
    }
    assert report_of(parallel, tmp_path / "many") == report_of(serial, tmp_path / "one")


def test_a_broken_file_in_one_chunk_stops_the_export_before_anything_is_written(
    project: Project, tmp_path: Path
) -> None:
    broken = project.annotation_path("ann", "doc-7")
    broken.write_text(broken.read_text(encoding="utf-8") + "spans: [oops\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ImportExportError) as caught:
        export(project, get_format("jsonl"), out / "all.jsonl", jobs=3)
    assert str(broken) in str(caught.value)
    assert list(out.iterdir()) == []
    for jobs in (1, 3):  # a split's folder is not left behind either
        with pytest.raises(ImportExportError):
            export(project, get_format("spacy"), tmp_path / "split", jobs, split=[("a", 1.0)])
        assert not (tmp_path / "split").exists()


@given(st.lists(st.text(max_size=3), max_size=40), st.integers(1, 10))
def test_chunks_keep_every_id_in_order_in_nearly_equal_runs(ids: list[str], count: int) -> None:
    runs = chunks(ids, count)
    assert [i for run in runs for i in run] == ids
    assert len(runs) == max(1, min(count, len(ids)))
    assert max(map(len, runs)) - min(map(len, runs)) <= 1


def test_jobs_must_be_positive(sample_project: Project, tmp_path: Path) -> None:
    result = run_cli(
        "export", str(sample_project.root), "--to", "jsonl", "--out", str(tmp_path / "x.jsonl"),
        "--jobs", "0",
    )  # fmt: skip
    assert result.returncode != 0
    assert "--jobs must be 1 or more" in result.stderr
