"""Agreement between annotators of a project, per document and over the corpus.

Which sets count: an annotator *has annotated* a document when their file exists and its status
is not ``new`` (with ``done_only``, only ``done`` counts). Otherwise the document is missing for
that annotator: a missing value in Krippendorff's alpha, and no comparison for pairs involving
them.

Figures (docs/agreement.md has the details and the zero-division rules):

- pairwise span F1, strict and overlap, in total and per label (``span_agreement``);
- token-level Cohen's kappa per pair, over the tokens of documents both annotated, on the
  innermost-label categories and, per label, on in/out membership (``token_labels``);
- Fleiss' kappa when three or more annotators are compared, over the documents *all* of them
  annotated (Fleiss needs every item rated by every rater);
- Krippendorff's alpha (nominal) over every token of every document, missing values allowed.

A document's headline figure, the one documents are ranked by (lowest first: what an
adjudicator should look at), is Krippendorff's alpha over its tokens among the annotators who
annotated it; None when fewer than two did.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import combinations
from operator import itemgetter
from pathlib import Path

from annotator.bulk import Advance, cycle_collector_paused, parallel_map
from annotator.errors import AnnotatorError, Problem, ProjectError, ValidationError
from annotator.metrics.kappa import AlphaTable, CohenTable, FleissTable, alpha_of
from annotator.metrics.matching import SpanKey
from annotator.metrics.span_agreement import SPAN_MODES, SpanPairCounts, compare_spans, total
from annotator.metrics.token_labels import TokenIndex, TokenSets, profile_counts, token_sets
from annotator.model.span import Attributes
from annotator.store.annotation_file import load_span_keys
from annotator.store.prefetch import will_read
from annotator.store.project import ANNOTATIONS, Project

Pair = tuple[str, str]


@dataclass(frozen=True, slots=True)
class PairAgreement:
    """Two annotators compared on the documents both annotated."""

    first: str
    second: str
    documents: int
    tokens: int
    kappa: float | None  # Cohen, innermost-label categories
    label_kappa: dict[str, float | None]  # Cohen, in/out of each label
    spans: dict[str, SpanPairCounts]  # per label

    @property
    def span_total(self) -> SpanPairCounts:
        return total(self.spans)

    def f1(self, mode: str, label: str | None = None) -> float | None:
        """Span F1 over all labels, or for ``label``: None (not defined) when neither
        annotator of the pair used that label: there is nothing they could agree on."""
        if label is None:
            return self.span_total.f1(mode)
        counts = self.spans.get(label)
        return None if counts is None else counts.f1(mode)

    def unused(self, labels: Sequence[str]) -> tuple[str, ...]:
        """The labels neither annotator of the pair used: their figures are not defined."""
        return tuple(label for label in labels if label not in self.spans)


@dataclass(frozen=True, slots=True)
class AgreementFigures:
    """Every figure for a set of documents (one document, or the corpus)."""

    annotators: tuple[str, ...]
    labels: tuple[str, ...]  # labels some compared set uses, in schema order
    documents: int
    tokens: int
    alpha: float | None
    label_alpha: dict[str, float | None]
    fleiss: float | None  # None with fewer than three annotators or no document all annotated
    label_fleiss: dict[str, float | None]
    fleiss_documents: int
    pairs: tuple[PairAgreement, ...]


@dataclass(frozen=True, slots=True)
class DocumentAgreement:
    document: str
    annotated: tuple[str, ...]  # annotators whose set counts
    missing: tuple[str, ...]
    span_counts: dict[str, int]  # spans per annotator who annotated
    alpha: float | None  # Krippendorff's alpha over the document's tokens
    span_f1: dict[str, float | None]  # DOCUMENT_SPAN_F1 per mode (strict, overlap)
    #: Every figure of the document; None when they were not asked for (``agree``'s table
    #: shows only the alpha and the span F1, and 10,000 documents' worth of kappas per label
    #: and pair would be computed for nothing).
    figures: AgreementFigures | None

    @property
    def headline(self) -> float | None:
        """Krippendorff's alpha over the document's tokens (None: fewer than two sets)."""
        return self.alpha if len(self.annotated) >= 2 else None

    def mean_f1(self, mode: str) -> float | None:
        """DOCUMENT_SPAN_F1 (span_agreement.py): the figure the adjudication list shows too."""
        return self.span_f1[mode]

    @property
    def all_figures(self) -> AgreementFigures:
        """``figures``, for callers that asked for them (``document_agreement`` always does)."""
        if self.figures is None:
            raise ValueError(f"{self.document}: compared without its figures")
        return self.figures


@dataclass(frozen=True, slots=True)
class ProjectAgreement:
    annotators: tuple[str, ...]
    figures: AgreementFigures
    documents: tuple[DocumentAgreement, ...]  # compared, lowest agreement first
    not_compared: tuple[DocumentAgreement, ...]  # fewer than two annotators


@dataclass(frozen=True, slots=True)
class _DocData:
    id: str
    tokens: int
    spans: dict[str, tuple[SpanKey, ...]]  # annotators who annotated
    categories: dict[str, TokenSets]  # annotator -> the tokens of each innermost category
    membership: dict[str, dict[str, TokenSets]]  # annotator -> label -> tokens in and out


#: How many tokens have each tuple of categories, one per annotator (None: no set).
Profiles = dict[tuple[str | None, ...], int]


@dataclass(slots=True)
class _DocCounts:
    """One document's counts for each table of a tally: added to the corpus's tables, and
    what the document's own figures come from."""

    alpha: Profiles
    label_alpha: dict[str, Profiles] = field(default_factory=dict)
    fleiss: Profiles | None = None  # only when three or more annotators all annotated it
    label_fleiss: dict[str, Profiles] = field(default_factory=dict)
    cohen: dict[Pair, Profiles] = field(default_factory=dict)  # pairs that both annotated it
    label_cohen: dict[Pair, dict[str, Profiles]] = field(default_factory=dict)
    spans: dict[Pair, dict[str, SpanPairCounts]] = field(default_factory=dict)


class _Tally:
    """Accumulates every table for a fixed list of annotators and labels."""

    def __init__(self, annotators: Sequence[str], labels: Sequence[str]) -> None:
        self.annotators = tuple(annotators)
        self.labels = tuple(labels)
        self.pairs: list[Pair] = list(combinations(self.annotators, 2))
        self.alpha = AlphaTable()
        self.label_alpha = {label: AlphaTable() for label in labels}
        self.fleiss = FleissTable(len(annotators))
        self.label_fleiss = {label: FleissTable(len(annotators)) for label in labels}
        self.fleiss_documents = 0
        self.cohen = {pair: CohenTable() for pair in self.pairs}
        self.label_cohen = {pair: {lb: CohenTable() for lb in labels} for pair in self.pairs}
        self.spans: dict[Pair, dict[str, SpanPairCounts]] = {pair: {} for pair in self.pairs}
        self.pair_documents = dict.fromkeys(self.pairs, 0)
        self.pair_tokens = dict.fromkeys(self.pairs, 0)
        self.documents = 0
        self.tokens = 0
        self.used: set[str] = set()

    def count(self, doc: _DocData) -> _DocCounts:
        """The document's counts for every table of this tally (not added yet)."""
        # Each table counts tuples of ratings across rows; the same rows (the two annotators'
        # categories for alpha and for their pair's kappa) are counted once.
        counted: dict[tuple[int, ...], Profiles] = {}

        def count(rows: Sequence[TokenSets | None]) -> Profiles:
            key = tuple(map(id, rows))
            found = counted.get(key)
            if found is None:
                found = counted[key] = profile_counts(rows, doc.tokens)
            return found

        annotators, labels = self.annotators, self.labels
        counts = _DocCounts(count([doc.categories.get(a) for a in annotators]))
        for label in labels:
            rows = [doc.membership[a][label] if a in doc.spans else None for a in annotators]
            counts.label_alpha[label] = count(rows)
        if len(annotators) >= 3 and len(doc.spans) == len(annotators):
            counts.fleiss = count([doc.categories[a] for a in annotators])
            for label in labels:
                counts.label_fleiss[label] = count([doc.membership[a][label] for a in annotators])
        for pair in self.pairs:
            a, b = pair
            if a not in doc.spans or b not in doc.spans:
                continue
            counts.cohen[pair] = count([doc.categories[a], doc.categories[b]])
            counts.label_cohen[pair] = {
                label: count([doc.membership[a][label], doc.membership[b][label]])
                for label in labels
            }
            counts.spans[pair] = compare_spans(doc.spans[a], doc.spans[b])
        return counts

    def add(self, doc: _DocData, counts: _DocCounts | None = None) -> _DocCounts:
        """Add the document (``counts``: its counts for this tally, when already made)."""
        counts = self.count(doc) if counts is None else counts
        self.documents += 1
        self.tokens += doc.tokens
        self.alpha.add_counts(counts.alpha)
        for label, profiles in counts.label_alpha.items():
            self.label_alpha[label].add_counts(profiles)
        for spans in doc.spans.values():
            self.used.update(map(itemgetter(2), spans))
        if counts.fleiss is not None:
            self.fleiss_documents += 1
            self.fleiss.add_counts(counts.fleiss)
            for label, profiles in counts.label_fleiss.items():
                self.label_fleiss[label].add_counts(profiles)
        for pair, profiles in counts.cohen.items():
            self.pair_documents[pair] += 1
            self.pair_tokens[pair] += doc.tokens
            self.cohen[pair].add_counts(profiles)
            label_cohen = self.label_cohen[pair]
            for label, label_profiles in counts.label_cohen[pair].items():
                label_cohen[label].add_counts(label_profiles)
            per_label = self.spans[pair]
            for label, span_counts in counts.spans[pair].items():
                per_label.setdefault(label, SpanPairCounts()).add(span_counts)
        return counts

    def merge(self, other: _Tally) -> None:
        """Add another tally of the same annotators and labels (a document into the corpus)."""
        self.alpha.merge(other.alpha)
        self.fleiss.merge(other.fleiss)
        for label in self.labels:
            self.label_alpha[label].merge(other.label_alpha[label])
            self.label_fleiss[label].merge(other.label_fleiss[label])
        for pair in self.pairs:
            self.cohen[pair].merge(other.cohen[pair])
            for label in self.labels:
                self.label_cohen[pair][label].merge(other.label_cohen[pair][label])
            for label, counts in other.spans[pair].items():
                self.spans[pair].setdefault(label, SpanPairCounts()).add(counts)
            self.pair_documents[pair] += other.pair_documents[pair]
            self.pair_tokens[pair] += other.pair_tokens[pair]
        self.fleiss_documents += other.fleiss_documents
        self.documents += other.documents
        self.tokens += other.tokens
        self.used |= other.used

    def figures(self) -> AgreementFigures:
        """The figures; pairs that never annotated the same document are left out."""
        labels = tuple(label for label in self.labels if label in self.used)
        pairs = tuple(
            PairAgreement(
                a,
                b,
                self.pair_documents[(a, b)],
                self.pair_tokens[(a, b)],
                self.cohen[(a, b)].kappa(),
                {
                    # Not defined (None) for a label neither of the two used.
                    label: self.label_cohen[(a, b)][label].kappa()
                    if label in self.spans[(a, b)]
                    else None
                    for label in labels
                },
                {
                    label: self.spans[(a, b)][label]
                    for label in labels
                    if label in self.spans[(a, b)]
                },
            )
            for a, b in self.pairs
            if self.pair_documents[(a, b)]
        )
        with_fleiss = len(self.annotators) >= 3
        return AgreementFigures(
            self.annotators,
            labels,
            self.documents,
            self.tokens,
            self.alpha.alpha(),
            {label: self.label_alpha[label].alpha() for label in labels},
            self.fleiss.kappa() if with_fleiss else None,
            {label: self.label_fleiss[label].kappa() if with_fleiss else None for label in labels},
            self.fleiss_documents,
            pairs,
        )


def _load(
    project: Project,
    doc_id: str,
    annotators: Sequence[str],
    labels: Sequence[str],
    done_only: bool,
    memo: dict[tuple[str, Attributes], bool] | None = None,
) -> _DocData:
    """The document's tokens and each counted set's span keys. Sets are checked in full (an
    invalid one raises) but not built: only their keys are compared."""
    document = project.document(doc_id)
    index = TokenIndex.of_text(document.text)
    spans: dict[str, tuple[SpanKey, ...]] = {}
    for annotator in annotators:
        path = _set_path(project, annotator, doc_id)
        if not _is_regular_file(path):
            continue
        status, keys = load_span_keys(
            path, document, project.schema, expected_annotator=annotator, memo=memo
        )
        if status == "new" or (done_only and status != "done"):
            continue
        spans[annotator] = keys
    categories: dict[str, TokenSets] = {}
    membership: dict[str, dict[str, TokenSets]] = {}
    for annotator, keys in spans.items():
        categories[annotator], membership[annotator] = token_sets(index, keys, labels)
    return _DocData(doc_id, len(index), spans, categories, membership)


def _set_path(project: Project, annotator: str, doc_id: str) -> str:
    """``project.annotation_path`` as a plain string, for ids already checked: three Path
    objects and two id checks per set add up over the 20,000 sets of a large project."""
    return os.path.join(project.root, ANNOTATIONS, annotator, f"{doc_id}.yaml")


def _is_regular_file(path: str) -> bool:
    """``Path.is_file``: False when the path does not exist or is not a regular file; any
    other error (a folder that cannot be read) is left to the read, which reports it."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError:
        return True


def _document_result(
    data: _DocData, tally: _Tally, counts: _DocCounts, *, figures: bool
) -> DocumentAgreement:
    """The document's agreement from its ``counts`` (made by ``tally``); with ``figures``,
    every figure of the document too."""
    annotated = tuple(a for a in tally.annotators if a in data.spans)
    pairs = [total(spans) for spans in counts.spans.values()]
    return DocumentAgreement(
        data.id,
        annotated,
        tuple(a for a in tally.annotators if a not in data.spans),
        {a: len(data.spans[a]) for a in annotated},
        alpha_of(counts.alpha),
        {
            mode: sum(c.f1(mode) for c in pairs) / len(pairs) if pairs else None
            for mode in SPAN_MODES
        },
        _document_figures(data, tally, counts) if figures else None,
    )


def _document_figures(data: _DocData, tally: _Tally, counts: _DocCounts) -> AgreementFigures:
    own = _Tally(tally.annotators, tally.labels)
    own.add(data, counts)
    return own.figures()


def document_agreement(
    project: Project, doc_id: str, annotators: Sequence[str], *, done_only: bool = False
) -> DocumentAgreement:
    """Agreement on one document among ``annotators`` (those who annotated it are compared),
    with every figure.

    This is what the adjudication screen shows; ``.headline`` is the number to rank by.
    """
    labels = project.schema.label_names
    data = _load(project, doc_id, annotators, labels, done_only)
    tally = _Tally(annotators, labels)
    return _document_result(data, tally, tally.count(data), figures=True)


def _rank(doc: DocumentAgreement) -> tuple[bool, float, float, str]:
    headline = doc.headline
    return (headline is None, headline or 0.0, doc.mean_f1("strict") or 0.0, doc.document)


def project_agreement(
    project: Project,
    annotators: Sequence[str] | None = None,
    documents: Sequence[str] | None = None,
    *,
    done_only: bool = False,
    jobs: int = 1,
    progress: Advance | None = None,
    document_figures: bool = True,
) -> ProjectAgreement:
    """Agreement over the corpus and per document, documents ranked lowest agreement first.

    ``annotators`` defaults to every annotator of the project, ``documents`` to every text.
    Every unreadable annotation file is reported, all at once. With ``jobs`` above 1 the
    documents are compared in that many processes (annotator/bulk.py); the tallies hold exact
    counts (merged a chunk at a time, in any order), so every figure is the same for any number.
    ``progress`` advances once per document. Without ``document_figures``, each document has
    only its alpha and span F1 (``DocumentAgreement.figures`` is None).
    """
    known = project.annotators()
    chosen = tuple(annotators) if annotators is not None else tuple(known)
    unknown = [a for a in chosen if a not in known]
    if unknown:
        raise ProjectError(
            f"unknown annotator {unknown[0]!r} (the project has {', '.join(known) or 'none'})",
            file=project.root,
        )
    if len(set(chosen)) < 2:
        raise ProjectError(
            f"agreement needs at least two annotators (found: {', '.join(chosen) or 'none'})",
            file=project.root,
        )
    all_ids = project.document_ids()
    doc_ids = tuple(documents) if documents is not None else tuple(all_ids)
    for doc_id in doc_ids:
        if doc_id not in all_ids:
            raise ProjectError(f"no document {doc_id!r} (no texts/{doc_id}.txt)", file=project.root)
    labels = project.schema.label_names
    corpus = _Tally(chosen, labels)
    results: list[DocumentAgreement] = []
    problems: list[Problem] = []
    work = partial(_compare_documents, project.root, chosen, done_only, document_figures)
    for outcome, tally in parallel_map(work, doc_ids, jobs, progress=progress):
        if tally is not None:
            corpus.merge(tally)
        if isinstance(outcome, list):
            problems.extend(outcome)
            continue
        results.append(outcome)
    if problems:
        raise ValidationError.from_problems(problems)
    compared = sorted((d for d in results if len(d.annotated) >= 2), key=_rank)
    return ProjectAgreement(
        chosen,
        corpus.figures(),
        tuple(compared),
        tuple(d for d in results if len(d.annotated) < 2),
    )


#: A document's agreement or its problems; with the last document of a chunk, the tally of
#: the whole chunk (counts add up in any order, so one tally per chunk is all the corpus
#: needs, and far less to send back from a worker than one per document).
_Outcome = tuple[DocumentAgreement | list[Problem], "_Tally | None"]


def _compare_documents(
    root: Path,
    annotators: tuple[str, ...],
    done_only: bool,
    figures: bool,
    doc_ids: list[str],
) -> list[_Outcome]:
    """Each document's agreement, or its problems (in a worker process, or in this one);
    texts are forgotten after use, so memory does not grow with the corpus."""
    project = Project.open(root)
    labels = project.schema.label_names
    memo: dict[tuple[str, Attributes], bool] = {}
    chunk = _Tally(annotators, labels)
    out: list[DocumentAgreement | list[Problem]] = []
    will_read(
        path
        for doc_id in doc_ids
        for path in (
            str(project.text_path(doc_id)),
            *(_set_path(project, a, doc_id) for a in annotators),
        )
    )
    with cycle_collector_paused():
        for doc_id in doc_ids:
            try:
                data = _load(project, doc_id, annotators, labels, done_only, memo)
            except AnnotatorError as err:
                out.append(list(err.problems))
                continue
            finally:
                project.forget_document(doc_id)
            out.append(_document_result(data, chunk, chunk.add(data), figures=figures))
    last = len(out) - 1
    return [(outcome, chunk if i == last else None) for i, outcome in enumerate(out)]
