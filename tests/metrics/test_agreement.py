"""Project agreement against the reference packages, built independently from the files."""

from __future__ import annotations

import itertools
import math
import warnings
from collections.abc import Callable
from pathlib import Path

import krippendorff
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa

from annotator.errors import ProjectError
from annotator.metrics.agreement import document_agreement, project_agreement
from annotator.store.project import Project, init_project
from annotator.text.tokens import tokenize

from .conftest import ARTICLE, at, save_set
from .strategies import GOLD_LABELS, span_lists

TOLERANCE = 1e-12
ANNOTATORS = ("ann1", "ann2", "ann3")
SECOND = "بحسب الإعلام الرسمي السوري، والمرصد السوري لحقوق الإنسان في دير الزور.\n"


def _categories(text: str, spans: list[tuple[int, int, str]]) -> list[str]:
    """The documented rule, written out: innermost (shortest, then alphabetical) or O."""
    out = []
    for token in tokenize(text):
        covering = [s for s in spans if s[0] < token.end and token.start < s[1]]
        best = min(covering, key=lambda s: (s[1] - s[0], s[2]), default=None)
        out.append(best[2] if best else "O")
    return out


def _quiet(function: Callable[..., float], *args: object, **kwargs: object) -> float:
    with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
        warnings.simplefilter("ignore")
        try:
            return function(*args, **kwargs)
        except ValueError:
            return math.nan


def _close(ours: float | None, reference: float) -> bool:
    """Equal to the reference; where the reference is undefined, ours is the documented 1.0."""
    if math.isnan(reference) or math.isinf(reference):
        return ours == 1.0
    return ours is not None and abs(ours - reference) < TOLERANCE


spans_for_article = span_lists(len(ARTICLE), GOLD_LABELS, 10).map(lambda s: sorted(set(s)))
spans_for_second = span_lists(len(SECOND), GOLD_LABELS, 6).map(lambda s: sorted(set(s)))
presence = st.sampled_from(["done", "done", "in_progress", "new", "absent"])


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(spans_for_article, min_size=3, max_size=3),
    st.lists(spans_for_second, min_size=3, max_size=3),
    st.lists(presence, min_size=6, max_size=6),
)
def test_project_figures_equal_the_references(
    tmp_path_factory: pytest.TempPathFactory,
    article_spans: list[list[tuple[int, int, str]]],
    second_spans: list[list[tuple[int, int, str]]],
    states: list[str],
) -> None:
    project = _project(tmp_path_factory.mktemp("p"), article_spans, second_spans, states)
    texts = {"article": ARTICLE, "second": SECOND}
    spans = {"article": article_spans, "second": second_spans}
    present = {
        (doc, who): states[d * 3 + a] in ("done", "in_progress")
        for d, doc in enumerate(texts)
        for a, who in enumerate(ANNOTATORS)
    }
    result = project_agreement(project, ANNOTATORS)

    # Krippendorff's alpha over every token of every document, missing values as NaN.
    codes = {label: float(i) for i, label in enumerate(("O", *GOLD_LABELS))}
    matrix = []
    for a, who in enumerate(ANNOTATORS):
        row: list[float] = []
        for doc, text in texts.items():
            values = _categories(text, spans[doc][a])
            row += [codes[v] if present[(doc, who)] else math.nan for v in values]
        matrix.append(row)
    data = np.array(matrix)
    pairable = (np.sum(~np.isnan(data), axis=0) >= 2).any()
    reference = _quiet(krippendorff.alpha, reliability_data=data, level_of_measurement="nominal")
    if pairable:
        assert _close(result.figures.alpha, reference)
    else:
        assert result.figures.alpha is None

    # Cohen's kappa per pair over the tokens of documents both annotated.
    pairs = {(p.first, p.second): p for p in result.figures.pairs}
    for (i, x), (j, y) in itertools.combinations(enumerate(ANNOTATORS), 2):
        first: list[str] = []
        second: list[str] = []
        for doc, text in texts.items():
            if present[(doc, x)] and present[(doc, y)]:
                first += _categories(text, spans[doc][i])
                second += _categories(text, spans[doc][j])
        if not first:
            assert (x, y) not in pairs
            continue
        expected = _quiet(cohen_kappa_score, first, second, replace_undefined_by=1.0)
        assert _close(pairs[(x, y)].kappa, expected)
        assert pairs[(x, y)].tokens == len(first)

    # Fleiss' kappa over the documents all three annotated.
    rows: list[list[str]] = [[] for _ in ANNOTATORS]
    for doc, text in texts.items():
        if all(present[(doc, who)] for who in ANNOTATORS):
            for a in range(3):
                rows[a] += _categories(text, spans[doc][a])
    if rows[0]:
        table, _ = aggregate_raters(np.array(rows, dtype=object).T)
        assert _close(result.figures.fleiss, _quiet(fleiss_kappa, table))
    else:
        assert result.figures.fleiss is None

    # Documents ranked by their own alpha, lowest first; headline = that alpha.
    headlines = []
    for doc in result.documents:
        who = [a for a, name in enumerate(ANNOTATORS) if present[(doc.document, name)]]
        assert tuple(ANNOTATORS[a] for a in who) == doc.annotated
        one = np.array(
            [
                [codes[v] for v in _categories(texts[doc.document], spans[doc.document][a])]
                for a in who
            ]
        )
        expected = _quiet(krippendorff.alpha, reliability_data=one, level_of_measurement="nominal")
        assert _close(doc.headline, expected)
        headlines.append(doc.headline)
        alone = document_agreement(project, doc.document, ANNOTATORS)
        assert alone.headline == doc.headline
        assert doc.all_figures.alpha == doc.headline
    assert headlines == sorted(headlines)

    # Without each document's full figures (agree's table): the same ranking, alpha and span
    # F1 per document, and the same corpus figures.
    short = project_agreement(project, ANNOTATORS, document_figures=False)
    assert short.figures == result.figures
    assert [
        (d.document, d.annotated, d.missing, d.span_counts, d.headline, d.span_f1)
        for d in short.documents
    ] == [
        (d.document, d.annotated, d.missing, d.span_counts, d.headline, d.span_f1)
        for d in result.documents
    ]
    assert all(d.figures is None for d in short.documents)
    for doc in result.documents:
        pairs = doc.all_figures.pairs
        for mode in ("strict", "overlap"):
            mean = sum(p.f1(mode) for p in pairs) / len(pairs) if pairs else None
            assert doc.mean_f1(mode) == mean
    compared = {d.document for d in result.documents}
    for doc in texts:
        assert (doc in compared) == (sum(present[(doc, w)] for w in ANNOTATORS) >= 2)


def _project(
    folder: Path,
    article_spans: list[list[tuple[int, int, str]]],
    second_spans: list[list[tuple[int, int, str]]],
    states: list[str],
) -> Project:
    source = folder / "in"
    source.mkdir()
    (source / "article.txt").write_text(ARTICLE, encoding="utf-8")
    (source / "second.txt").write_text(SECOND, encoding="utf-8")
    project, _ = init_project(folder / "project", texts_from=source, annotators=ANNOTATORS)
    for d, (doc, spans) in enumerate((("article", article_spans), ("second", second_spans))):
        for a, who in enumerate(ANNOTATORS):
            state = states[d * 3 + a]
            if state != "absent":
                specs = [(label, s, e) for s, e, label in spans[a]]
                save_set(project, who, doc, specs, status=state)
    return project


def test_lowest_agreement_first_and_per_label(make_project: Callable[..., Project]) -> None:
    project = make_project({"calm": ARTICLE, "contested": ARTICLE.replace("قصفت", "ضربت")})
    actor = at(ARTICLE, "القوات الأمريكية")
    place = at(ARTICLE, "سوريا")
    for doc in ("calm", "contested"):
        save_set(project, "ann1", doc, [("ACTOR", *actor), ("LOCATION", *place)])
    save_set(project, "ann2", "calm", [("ACTOR", *actor), ("LOCATION", *place)])
    save_set(project, "ann2", "contested", [("WEAPON", *actor)])
    result = project_agreement(project)
    assert [d.document for d in result.documents] == ["contested", "calm"]
    calm, contested = result.documents[1], result.documents[0]
    assert calm.headline == 1.0 and calm.mean_f1("strict") == 1.0
    assert contested.mean_f1("strict") == 0.0 and contested.mean_f1("overlap") == 0.0
    assert contested.headline is not None and contested.headline < 0.5
    pair = result.figures.pairs[0]
    assert pair.spans["LOCATION"].strict == 1 and pair.spans["ACTOR"].strict == 1
    assert pair.f1("strict", "WEAPON") == 0.0
    assert result.figures.labels == ("ACTOR", "LOCATION", "WEAPON")  # CLAIM unused


def test_new_sets_are_missing_and_done_only_narrows(make_project: Callable[..., Project]) -> None:
    project = make_project({"doc": ARTICLE})
    actor = at(ARTICLE, "القوات الأمريكية")
    save_set(project, "ann1", "doc", [("ACTOR", *actor)])
    save_set(project, "ann2", "doc", [("ACTOR", *actor)], status="in_progress")
    assert len(project_agreement(project).documents) == 1
    narrowed = project_agreement(project, done_only=True)
    assert narrowed.documents == () and narrowed.not_compared[0].annotated == ("ann1",)
    save_set(project, "ann2", "doc", [("ACTOR", *actor)], status="new")
    assert project_agreement(project).not_compared[0].missing == ("ann2",)


def test_bad_requests_are_clear_errors(make_project: Callable[..., Project]) -> None:
    project = make_project({"doc": ARTICLE})
    with pytest.raises(ProjectError, match="unknown annotator 'ann9'"):
        project_agreement(project, ["ann1", "ann9"])
    with pytest.raises(ProjectError, match="at least two annotators"):
        project_agreement(project, ["ann1"])
    with pytest.raises(ProjectError, match="no document 'nope'"):
        project_agreement(project, documents=["nope"])
