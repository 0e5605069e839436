"""An annotator's queue: the documents assigned to them, unfinished first.

The corpus screen shows either the queue or every document; both lists and what the screen
says about the other people on a document (their names, or in blind mode only how many) are
decided here, without the UI.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from annotator.team.assignments import Assignments

#: Queue order: work under way first, then work not started, then finished work.
_ORDER = {"in_progress": 0, "error": 0, "new": 1, "done": 2}


def queue_order(
    doc_ids: Sequence[str],
    annotator: str,
    assignments: Assignments,
    statuses: Mapping[str, str],
    *,
    show_all: bool = False,
) -> list[str]:
    """The documents to list: all of them in id order, or the annotator's own, unfinished first.

    ``statuses`` holds the annotator's status per document ("new" when absent).
    """
    if show_all:
        return list(doc_ids)
    mine = set(assignments.documents_of(annotator))
    own = [d for d in doc_ids if d in mine]
    return sorted(own, key=lambda d: (_ORDER.get(statuses.get(d, "new"), 1), d))


def has_queue(annotator: str, assignments: Assignments) -> bool:
    return any(annotator in who for who in assignments.documents.values())


def people_columns(
    assigned: Sequence[str], done: Sequence[str], me: str, *, blind: bool
) -> tuple[str, str]:
    """What the "assigned" and "done" columns say about one document.

    Blind: the annotator's own name ("you") and a count of the others, never their names, so
    no one knows whose work to compare with.
    """
    if not blind:
        return ", ".join(assigned), ", ".join(done)
    return _blind(assigned, me), _blind(done, me)


def _blind(names: Sequence[str], me: str) -> str:
    others = sum(1 for n in names if n != me)
    parts = ["you"] if me in names else []
    if others:
        parts.append(f"{others} other" + ("s" if others > 1 else ""))
    return " + ".join(parts)
