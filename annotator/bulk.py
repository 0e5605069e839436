"""Work over a whole corpus: pausing the cycle collector, and mapping over many documents in
several processes with results in a fixed order.

Pausing CPython's cycle collector while a command builds a whole corpus in memory:

Reading 1,000 documents builds hundreds of thousands of objects (parsed JSON, spans, their
attribute dicts) that all stay alive and hold no reference cycles. Meanwhile the cycle
collector keeps running, because it is triggered by the number of objects allocated, and each
older-generation pass walks everything built so far without finding anything to free: a third
of the time of reading a Label Studio export went there. The collector is turned back on (and
catches up on anything that did form a cycle) as soon as the work is done, even on an error.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Protocol, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import Future

T = TypeVar("T")
R = TypeVar("R")


@contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """Run the block without automatic cycle collection (nested uses are fine)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# -- work over many documents in several processes ---------------------------------------------

#: More processes than this gain little: the disk and the parent's merging are shared.
MAX_JOBS = 8
#: Items per chunk at most, so that what a worker holds and sends back stays small on any corpus.
MAX_CHUNK = 200
#: Chunks per process: one that finishes early takes the next, so a slower CPU (a shared
#: machine's) does not hold the whole run back.
CHUNKS_PER_JOB = 4
#: Below this many items the work runs in this process: forking would cost more than it saves.
PARALLEL_FROM = 100


def can_fork() -> bool:
    """Whether workers can be forked here (Linux). Forked workers start at once with every
    module imported; where ``fork`` does not exist (Windows) or is not safe to rely on (macOS)
    everything runs in one process."""
    # os.fork, not multiprocessing's list of start methods (the same answer on Linux): a
    # command that never forks does not pay for importing multiprocessing.
    return sys.platform.startswith("linux") and hasattr(os, "fork")


def jobs_available() -> int:
    """How many processes bulk work uses by default: the CPUs this process may run on (at most
    ``MAX_JOBS``), or 1 where workers are not forked."""
    if not can_fork():
        return 1
    return max(1, min(len(os.sched_getaffinity(0)), MAX_JOBS))


def chunked(items: Sequence[T], jobs: int, max_chunk: int) -> list[list[T]]:
    """``items`` cut into contiguous runs, in order: about ``CHUNKS_PER_JOB`` per process, and
    never more than ``max_chunk`` items in one."""
    if not items:
        return []
    count = max(jobs * CHUNKS_PER_JOB, -(-len(items) // max_chunk), 1)
    count = min(count, len(items))
    size, extra = divmod(len(items), count)
    out, start = [], 0
    for i in range(count):
        end = start + size + (1 if i < extra else 0)
        out.append(list(items[start:end]))
        start = end
    return out


class Advance(Protocol):
    def advance(self, count: int = 1) -> None: ...


@contextmanager
def closing_meter(meter: Advance | None) -> Iterator[None]:
    """Close a progress meter (end its line) when the block ends, if it has ``close``."""
    try:
        yield
    finally:
        close = getattr(meter, "close", None)
        if close is not None:
            close()


def parallel_map(
    work: Callable[[list[T]], list[R]],
    items: Sequence[T],
    jobs: int,
    *,
    progress: Advance | None = None,
    parallel_from: int | None = None,
    max_chunk: int | None = None,
) -> Iterator[R]:
    """``work`` applied to ``items`` in chunks of consecutive items, results yielded in the order
    of ``items`` whatever ``jobs`` is, so a caller that folds them gives the same output for any
    number of processes.

    ``work`` must be picklable by reference (a module-level function, or a ``functools.partial``
    of one with picklable arguments) and turn a chunk into one result per item; errors it wants
    reported belong in its results, since an exception ends the whole run. With ``jobs`` above
    1, at least ``parallel_from`` items (default ``PARALLEL_FROM``) and ``fork`` available, the chunks run in forked
    processes; at most two chunks per process are waiting at any time, so memory stays bounded
    by the chunks in flight, not by the number of items. ``progress`` advances by each chunk's
    length as its results arrive.
    """
    least = PARALLEL_FROM if parallel_from is None else parallel_from
    max_chunk = MAX_CHUNK if max_chunk is None else max_chunk
    if jobs <= 1 or len(items) < least or not can_fork():
        for chunk in chunked(items, 1, max_chunk):
            results = work(chunk)
            if progress is not None:
                progress.advance(len(chunk))
            yield from results
        return
    yield from _in_processes(work, chunked(items, jobs, max_chunk), jobs, progress)


def _in_processes(
    work: Callable[[list[T]], list[R]],
    chunks: list[list[T]],
    jobs: int,
    progress: Advance | None,
) -> Iterator[R]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork")
    window = 2 * jobs
    with ProcessPoolExecutor(min(jobs, len(chunks)), mp_context=context) as pool:
        waiting: deque[tuple[int, Future[list[R]]]] = deque()
        upcoming = iter(chunks)
        try:
            for chunk in upcoming:
                waiting.append((len(chunk), pool.submit(work, chunk)))
                if len(waiting) >= window:
                    break
            while waiting:
                size, future = waiting.popleft()
                results = future.result()
                following: list[T] | None = next(upcoming, None)
                if following is not None:
                    waiting.append((len(following), pool.submit(work, following)))
                if progress is not None:
                    progress.advance(size)
                yield from results
        finally:
            for _, future in waiting:
                future.cancel()


def whole_number(least: int) -> Callable[[str], int]:
    """An argparse type: a whole number, ``least`` or more, else argparse's one-line error."""

    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
        if number < least:
            raise argparse.ArgumentTypeError(f"must be {least} or more, not {number}")
        return number

    return parse


#: argparse type of ``--jobs``: a whole number, 1 or more.
jobs_count = whole_number(1)


def add_jobs_argument(parser: argparse.ArgumentParser, work: str) -> None:
    """The ``--jobs N`` option every command that reads a whole project has, with one rule:
    by default the CPUs here; results identical for any N."""
    parser.add_argument(
        "-j",
        "--jobs",
        type=jobs_count,
        default=jobs_available(),
        metavar="N",
        help=f"processes that {work} (default: the CPUs here, %(default)s); the output is "
        "the same with any number",
    )
