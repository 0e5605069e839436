"""Agreement as a terminal table or as JSON (layout documented in docs/agreement.md).

Figures that cannot exist are ``null`` in JSON: in tables "–" when there is nothing to compare,
"n/a" when neither annotator of a pair used a label (there is nothing they could agree on, so
F1 and kappa are not defined, not 1.0). Nothing is ever NaN.
"""

from __future__ import annotations

from typing import Any

from annotator.metrics.agreement import (
    AgreementFigures,
    DocumentAgreement,
    PairAgreement,
    ProjectAgreement,
)
from annotator.metrics.span_agreement import DOCUMENT_SPAN_F1, SpanPairCounts
from annotator.metrics.table import number, render_table
from annotator.text.safe import dumps

JSON_FORMAT = "annotator-agreement/1"

#: How texts are cut into tokens for the token-level figures, in words (text/tokens.py).
TOKENIZATION = (
    "words (letters with their harakat), numbers (digits with inner . , ٫ ٬) and each other "
    "punctuation mark or symbol are tokens; whitespace separates them"
)
TOKEN_CATEGORY = "each token takes its innermost span's label, O outside spans"
NOT_DEFINED = "n/a: neither annotator of the pair used the label, so F1 and kappa are not defined"


# -- JSON ------------------------------------------------------------------------------------


def _spans_json(c: SpanPairCounts | None) -> dict[str, Any]:
    if c is None:
        return {
            "first": 0,
            "second": 0,
            "strict_pairs": 0,
            "overlap_pairs": 0,
            "strict_f1": None,
            "overlap_f1": None,
        }
    return {
        "first": c.first,
        "second": c.second,
        "strict_pairs": c.strict,
        "overlap_pairs": c.overlap,
        "strict_f1": c.f1("strict"),
        "overlap_f1": c.f1("overlap"),
    }


def _pair_json(p: PairAgreement) -> dict[str, Any]:
    return {
        "annotators": [p.first, p.second],
        "documents": p.documents,
        "tokens": p.tokens,
        "cohen_kappa": {"all": p.kappa, "labels": dict(p.label_kappa)},
        "spans": {
            "all": _spans_json(p.span_total),
            "labels": {label: _spans_json(c) for label, c in p.spans.items()},
        },
    }


def _pair_json_with(p: PairAgreement, labels: tuple[str, ...]) -> dict[str, Any]:
    data = _pair_json(p)
    unused = p.unused(labels)
    data["spans"]["labels"].update({label: _spans_json(None) for label in unused})
    data["not_defined"] = {
        "labels": list(unused),
        "why": "neither annotator of the pair used these labels: F1 and kappa are not defined",
    }
    return data


def figures_json(f: AgreementFigures) -> dict[str, Any]:
    return {
        "documents": f.documents,
        "tokens": f.tokens,
        "labels": list(f.labels),
        "krippendorff_alpha": {"all": f.alpha, "labels": dict(f.label_alpha)},
        "fleiss_kappa": {
            "all": f.fleiss,
            "labels": dict(f.label_fleiss),
            "documents": f.fleiss_documents,
        },
        "pairs": [_pair_json_with(p, f.labels) for p in f.pairs],
    }


def _document_json(d: DocumentAgreement) -> dict[str, Any]:
    return {
        "document": d.document,
        "annotated": list(d.annotated),
        "missing": list(d.missing),
        "spans": dict(d.span_counts),
        "headline": d.headline,
        "mean_f1": {"strict": d.mean_f1("strict"), "overlap": d.mean_f1("overlap")},
        "figures": figures_json(d.all_figures),
    }


def to_json(result: ProjectAgreement, project: str, *, done_only: bool) -> str:
    data = {
        "format": JSON_FORMAT,
        "project": project,
        "annotators": list(result.annotators),
        "settings": {
            "done_only": done_only,
            "tokenization": TOKENIZATION,
            "token_category": TOKEN_CATEGORY,
            "document_span_f1": DOCUMENT_SPAN_F1,
        },
        "corpus": figures_json(result.figures),
        "documents": [_document_json(d) for d in result.documents],
        "not_compared": [
            {"document": d.document, "annotated": list(d.annotated), "missing": list(d.missing)}
            for d in result.not_compared
        ],
    }
    return dumps(data, indent=2, allow_nan=False) + "\n"


# -- table -----------------------------------------------------------------------------------


def _pair_name(p: PairAgreement) -> str:
    return f"{p.first} / {p.second}"


def _corpus_table(f: AgreementFigures) -> str:
    headers = ("measure", "all labels", *f.labels)
    rows = [
        ["Krippendorff's alpha", number(f.alpha), *[number(f.label_alpha[lb]) for lb in f.labels]]
    ]
    if len(f.annotators) >= 3:
        rows.append(
            [
                f"Fleiss' kappa ({f.fleiss_documents} "
                f"doc{'' if f.fleiss_documents == 1 else 's'} all annotated)",
                number(f.fleiss),
                *[number(f.label_fleiss[lb]) for lb in f.labels],
            ]
        )
    for p in f.pairs:
        unused = p.unused(f.labels)
        rows.append(
            [
                f"Cohen's kappa {_pair_name(p)}",
                number(p.kappa),
                *["n/a" if lb in unused else number(p.label_kappa[lb]) for lb in f.labels],
            ]
        )
    return render_table(headers, rows)


def _not_defined_note(f: AgreementFigures) -> list[str]:
    return [NOT_DEFINED] if any(p.unused(f.labels) for p in f.pairs) else []


def _pairs_table(f: AgreementFigures) -> str:
    rows = []
    for p in f.pairs:
        per_label = [(lb, p.spans.get(lb)) for lb in f.labels]
        for label, c in [("all", p.span_total), *per_label]:
            if c is None:
                rows.append([_pair_name(p), label, p.documents, 0, 0, "n/a", "n/a"])
                continue
            f1s = [number(c.f1("strict")), number(c.f1("overlap"))]
            rows.append([_pair_name(p), label, p.documents, c.first, c.second, *f1s])
    headers = ("pair", "label", "documents", "spans 1st", "spans 2nd", "strict F1", "overlap F1")
    return render_table(headers, rows)


def _documents_table(documents: tuple[DocumentAgreement, ...]) -> str:
    rows = [
        [
            d.document,
            number(d.headline),
            number(d.mean_f1("strict")),
            number(d.mean_f1("overlap")),
            ", ".join(f"{a} {n}" for a, n in d.span_counts.items()),
            ", ".join(d.missing) or "",
        ]
        for d in documents
    ]
    headers = ("document", "alpha", "span F1", "overlap F1", "spans", "missing")
    return render_table(headers, rows, right=[False, True, True, True, False, False])


def to_table(result: ProjectAgreement, project: str) -> str:
    f = result.figures
    parts = [
        f"Agreement of {len(result.annotators)} annotators ({', '.join(result.annotators)}) "
        f"in {project}: {f.documents} document{'' if f.documents == 1 else 's'}, "
        f"{f.tokens:,} tokens",
        f"Tokens: {TOKENIZATION}; {TOKEN_CATEGORY}; per label: in/out of that label",
        "",
        "Token-level agreement",
        _corpus_table(f),
        *_not_defined_note(f),
        "",
        "Span agreement (F1 of one annotator against the other; overlap: same label, shared "
        "characters)",
        _pairs_table(f) if f.pairs else "no two annotators annotated the same document",
        *_not_defined_note(f),
        "",
    ]
    if result.documents:
        parts.append(
            "Documents, lowest agreement first (alpha over the document's tokens; "
            f"{DOCUMENT_SPAN_F1}, as the adjudication list shows it)"
        )
        parts.append(_documents_table(result.documents))
    else:
        parts.append("No document was annotated by two or more of these annotators.")
    if result.not_compared:
        listed = ", ".join(
            f"{d.document} ({', '.join(d.annotated) or 'nobody'})" for d in result.not_compared
        )
        parts.append("")
        parts.append(f"Not compared (fewer than two annotated sets): {listed}")
    return "\n".join(parts) + "\n"
