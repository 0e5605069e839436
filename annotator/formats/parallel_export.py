"""Exporting a long list of documents in several processes, for formats whose output can be
joined from parts (``Format.join``).

Loading the sets and writing a token format (spaCy's DocBin above all) is pure Python work per
document, so one process uses one core. Here the documents are cut into chunks of consecutive
documents, several per process; forked workers take the chunks in turn, and for each one load
its sets (keeping only the chosen labels) and write them with the format's own writer to a
part file next to the output. Once every chunk is written without a problem, the parts are
joined in order, so the output is byte for byte what one process writes, and so is the report.

Workers are forked, not spawned: they start at once with the modules already imported. Where
``fork`` does not exist (Windows) or is not safe to rely on (macOS), ``jobs_available`` says 1
and the export runs in one process (the rule every ``--jobs`` follows: annotator/bulk.py).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import tempfile
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import FIRST_EXCEPTION, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from multiprocessing.sharedctypes import Synchronized
from pathlib import Path

from annotator.bulk import can_fork, cycle_collector_paused, jobs_available
from annotator.errors import AnnotatorError, ImportExportError, Problem
from annotator.formats.base import ExportReport, Progress, WriteOptions
from annotator.formats.registry import Format, get_format
from annotator.store.project import Project

__all__ = ["can_fork", "export_in_parallel", "jobs_available"]

#: Below this many documents a part is written in one process: forking and joining would cost
#: more than they save.
PARALLEL_FROM = 100
#: Chunks per process: a process that finishes early takes the next chunk, so a slower CPU
#: (a shared machine's) does not hold the whole export back; each chunk costs a part file.
CHUNKS_PER_JOB = 4
#: Documents per chunk at most, so that a worker's memory stays small on any corpus.
MAX_CHUNK = 500

_written: Synchronized[int] | None = None  # documents written by all workers (for progress)


@dataclass
class ChunkResult:
    report: ExportReport | None = None
    problems: list[Problem] = field(default_factory=list)
    left_out: Counter[str] = field(default_factory=Counter)


class _SharedProgress:
    """A worker's progress: counts into the value the parent reads."""

    def advance(self, count: int = 1) -> None:
        if _written is not None:
            with _written.get_lock():
                _written.value += count


def _start_worker(counter: Synchronized[int]) -> None:
    global _written
    _written = counter


def _export_chunk(
    root: Path,
    source: str,
    doc_ids: list[str],
    labels: tuple[str, ...] | None,
    format_name: str,
    out: Path,
    options: WriteOptions,
) -> ChunkResult:
    """Load and write one chunk (in a worker). Problems come back as data: the parent reports
    those of all chunks together, as a one-process export would."""
    from annotator.formats.exporter import load_sets, select_labels

    try:
        with cycle_collector_paused():
            project = Project.open(root)
            sets = load_sets(project, source, doc_ids)
            left_out: Counter[str] = Counter()
            if labels is not None:
                sets, left_out = select_labels(sets, labels)
            write = get_format(format_name).write
            assert write is not None  # export_in_parallel checked
            report = write(sets, out, options, _SharedProgress())
    except AnnotatorError as err:
        return ChunkResult(problems=err.problems)
    return ChunkResult(report, left_out=left_out)


def chunks(ids: Sequence[str], count: int) -> list[list[str]]:
    """``ids`` cut into ``count`` contiguous runs of nearly equal length, in order."""
    count = max(1, min(count, len(ids)))
    size, extra = divmod(len(ids), count)
    out, start = [], 0
    for i in range(count):
        end = start + size + (1 if i < extra else 0)
        out.append(list(ids[start:end]))
        start = end
    return out


def export_in_parallel(
    fmt: Format,
    project: Project,
    source: str,
    parts: Sequence[tuple[Path, Sequence[str]]],
    labels: tuple[str, ...] | None,
    options: WriteOptions,
    progress: Progress,
    jobs: int,
) -> list[tuple[ExportReport, Counter[str]]]:
    """Write each part's documents to its target with ``jobs`` processes; for each part, the
    report and the spans left out by label, as a one-process export gives them.

    Nothing is written to a target unless every set of every part loaded: the chunks go to
    part files in a temporary folder and are joined only then.
    """
    if fmt.join is None or fmt.write is None:
        raise ImportExportError(f"format {fmt.name!r} cannot be written in parts")
    runs = [
        (n, run)
        for n, (_, ids) in enumerate(parts)
        for run in chunks(ids, max(jobs * CHUNKS_PER_JOB, -(-len(ids) // MAX_CHUNK)))
    ]
    staging = parts[0][0].parent
    created = not staging.exists()
    staging.mkdir(parents=True, exist_ok=True)
    try:
        return _run_and_join(fmt, project, source, parts, runs, labels, options, progress, jobs)
    except BaseException:
        if created:
            with contextlib.suppress(OSError):
                staging.rmdir()  # the split folder made for nothing (only when still empty)
        raise


def _run_and_join(
    fmt: Format,
    project: Project,
    source: str,
    parts: Sequence[tuple[Path, Sequence[str]]],
    runs: list[tuple[int, list[str]]],
    labels: tuple[str, ...] | None,
    options: WriteOptions,
    progress: Progress,
    jobs: int,
) -> list[tuple[ExportReport, Counter[str]]]:
    assert fmt.join is not None
    join = fmt.join
    context = multiprocessing.get_context("fork")
    counter: Synchronized[int] = context.Value("q", 0)
    with tempfile.TemporaryDirectory(prefix=".annotator-export-", dir=parts[0][0].parent) as tmp:
        files = [Path(tmp) / f"chunk-{i}{fmt.default_extension}" for i in range(len(runs))]
        with ProcessPoolExecutor(
            min(jobs, len(runs)),
            mp_context=context,
            initializer=_start_worker,
            initargs=(counter,),
        ) as pool:
            futures = [
                pool.submit(_export_chunk, project.root, source, run, labels, fmt.name, f, options)
                for (_, run), f in zip(runs, files, strict=True)
            ]
            _follow(futures, counter, progress)
            results = [f.result() for f in futures]
        problems = [p for r in results for p in r.problems]
        if problems:
            raise ImportExportError.from_problems(problems)
        out: list[tuple[ExportReport, Counter[str]]] = []
        for n, (target, _) in enumerate(parts):
            mine = [i for i, (part, _) in enumerate(runs) if part == n]
            written = join([files[i] for i in mine], target)
            report = ExportReport(fmt.name)
            left_out: Counter[str] = Counter()
            for i in mine:
                chunk = results[i].report
                assert chunk is not None
                report.merge(chunk)
                left_out.update(results[i].left_out)
            report.files = written
            out.append((report, left_out))
    return out


def _follow(
    futures: list[Future[ChunkResult]], counter: Synchronized[int], progress: Progress
) -> None:
    """Wait for the workers, moving the progress line as they write."""
    shown = 0
    pending = set(futures)
    while pending:
        _, pending = wait(pending, timeout=0.1, return_when=FIRST_EXCEPTION)
        if any(f.done() and f.exception() is not None for f in futures):
            for future in pending:
                future.cancel()  # the chunks not started yet; the error is raised next
            return
        now = counter.value
        if now > shown:
            progress.advance(now - shown)
            shown = now
