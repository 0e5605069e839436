"""The adjudication list's cached figures are the figures the files give now, never older.

Each test computes the list's figures, changes the files behind the cache's back the way a
person or another program could, and checks what the cache serves against comparing the
document directly (``document_state`` and ``agreement_figure``, what the list computed before
it had a cache).
"""

from __future__ import annotations

import os

import pytest

from annotator.adjudication import list_cache
from annotator.adjudication.list_cache import ListCache, list_cache_path
from annotator.adjudication.project import DocumentState, agreement_figure, document_state
from annotator.model import AnnotationSet
from annotator.store import summary_index
from annotator.store.project import GOLD_NAME, Project
from annotator.store.summary_index import load_index
from annotator.team import pair_cache
from annotator.tui.adjudicate_app import build_adjudicator_app
from annotator.tui.screens.adjudication_corpus import AdjudicationCorpusScreen, status_from_gold
from tests.adjudication.conftest import SEED

TWIN = "damascus-quotes"


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written a moment ago count as settled, so their figures are stored."""
    for module in (summary_index, pair_cache, list_cache):
        monkeypatch.setattr(module, "RACY_NS", 0)


@pytest.fixture
def project(sample_project: Project) -> Project:
    """The sample with a second compared document: ann2's set of TWIN is ann1's, one span
    fewer (so its figures differ from the seed article's)."""
    ann1 = sample_project.load_set("ann1", TWIN)
    twin = AnnotationSet(ann1.document, "ann2", "done", ann1.spans[1:], ())
    sample_project.save_set(twin)
    return sample_project


def direct(project: Project, doc_id: str) -> tuple[DocumentState, float | None]:
    state = document_state(project, doc_id)
    return state, agreement_figure(project, state)


def cached(project: Project, doc_id: str) -> tuple[DocumentState, float | None] | None:
    index = load_index(project)
    cache = ListCache(project, index, None)
    return cache.get(doc_id, status_from_gold(index.sets.get((GOLD_NAME, doc_id))))


def compute_all(project: Project) -> None:
    cache = ListCache(project, load_index(project), None)
    for doc_id in project.document_ids():
        cache.compute(doc_id)
    cache.save()


def test_cached_figures_equal_comparing_now(project: Project, settled: None) -> None:
    compute_all(project)
    assert list_cache_path(project).is_file()
    for doc_id in (SEED, TWIN):
        assert cached(project, doc_id) == direct(project, doc_id)
    for doc_id in ("beirut-harakat", "weekly-attacks-list"):  # fewer than two sets
        assert cached(project, doc_id) == direct(project, doc_id)


def test_a_set_edited_behind_the_lists_back_is_compared_again(
    project: Project, settled: None
) -> None:
    compute_all(project)
    aset = project.load_set("ann2", TWIN)
    project.save_set(aset.remove_span(aset.spans[0].id))
    assert cached(project, TWIN) is None
    compute_all(project)
    assert cached(project, TWIN) == direct(project, TWIN)
    assert cached(project, SEED) == direct(project, SEED)  # unchanged: still served


def test_gold_replaced_with_same_size_and_mtime_is_compared_again(
    project: Project, settled: None
) -> None:
    """Open conflicts depend on the gold: a gold file renamed over the old one with the same
    size and mtime (a git checkout) has another inode and ctime."""
    path = project.gold_path(SEED)
    compute_all(project)
    before = cached(project, SEED)
    assert before is not None
    old = path.stat()
    replacement = path.with_name("incoming.tmp")
    replacement.write_bytes(path.read_bytes())
    os.utime(replacement, ns=(old.st_atime_ns, old.st_mtime_ns))
    os.replace(replacement, path)
    assert cached(project, SEED) is None


def test_a_deleted_set_leaves_the_document_without_figures(project: Project, settled: None) -> None:
    compute_all(project)
    project.annotation_path("ann2", TWIN).unlink()
    assert cached(project, TWIN) == direct(project, TWIN)
    assert not direct(project, TWIN)[0].comparable


def test_a_text_changed_since_is_compared_again(project: Project, settled: None) -> None:
    compute_all(project)
    text = project.text_path(SEED)
    text.write_text(text.read_text(encoding="utf-8") + "ذيل", encoding="utf-8")
    assert cached(project, SEED) is None


@pytest.mark.parametrize("damage", [b"", b"\x00garbage", b"annotator-adjudication-list/1 0\n{}"])
def test_a_damaged_cache_is_not_read(project: Project, settled: None, damage: bytes) -> None:
    compute_all(project)
    list_cache_path(project).write_bytes(damage)
    assert cached(project, SEED) is None
    compute_all(project)
    assert cached(project, SEED) == direct(project, SEED)


def test_recent_files_are_not_stored(project: Project) -> None:
    """Every file was just written: its figures could change without any key changing."""
    compute_all(project)
    assert cached(project, SEED) is None


async def test_the_list_opens_with_cached_figures_without_comparing(
    project: Project, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second opening shows the same rows, ranked, with no document compared again."""

    async def rows() -> list[list[str]]:
        app = build_adjudicator_app(project, "judge")
        async with app.run_test(size=(120, 40)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            corpus = app.screen
            assert isinstance(corpus, AdjudicationCorpusScreen) and corpus.complete
            table = corpus.query_one("DocumentTable")
            return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]

    first = await rows()
    assert {first[0][0], first[1][0]} == {SEED, TWIN}  # compared: ranked first
    assert all(row[2] not in ("", "…") and row[3] for row in first[:2])  # alpha, span F1

    def no_comparing(*args: object, **kwargs: object) -> None:
        raise AssertionError("a document was compared again")

    monkeypatch.setattr(list_cache, "document_state", no_comparing)
    monkeypatch.setattr(pair_cache, "_span_keys", no_comparing)
    assert await rows() == first
