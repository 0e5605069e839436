"""Random keystrokes on the annotation screen, pressed as a person presses them.

Whatever an annotator types (motions, selections, label keys, trim, delete, link, cycle, undo
and redo, snap and done toggles, on the Latin or the Arabic layout), the set on screen must stay
one that ``validate`` accepts, with every span's text exactly its range in the file; saving must
write exactly that set; undoing everything must give back the set as it was opened, and redoing
everything the set after the last edit made.
"""

from __future__ import annotations

import random

import pytest

from annotator.model import AnnotationSet, Document
from annotator.store.annotation_file import (
    check_annotation_file,
    dump_annotation_set,
    load_annotation_set,
    parse_annotation_text,
)

from .conftest import screen_of

MOTIONS = [
    "left", "right", "up", "down", "home", "end", "pageup", "pagedown",
    "shift+left", "shift+right", "shift+up", "shift+down", "shift+home", "shift+end",
    "ctrl+left", "ctrl+right", "ctrl+shift+left", "ctrl+shift+right",
    "ctrl+up", "ctrl+down", "ctrl+home", "ctrl+end", "shift+pagedown",
]  # fmt: skip
EDITS = [
    "1", "2", "3", "4", "t", "d", "delete", "r", "tab", "shift+tab", "enter", "escape", "o",
    "u", "ctrl+z", "U", "ctrl+y", "s", "ctrl+d",
    # The same keys on the Arabic layout: ف (t), ي (d), ق (r), ع (u), خ (o), س (s), ١ ٢ (1 2).
    "ف", "ي", "ق", "ع", "خ", "س", "١", "٢",
]  # fmt: skip


def _state(aset: AnnotationSet) -> tuple[object, ...]:
    return (
        aset.status,
        tuple(sorted((s.start, s.end, s.label, s.id, s.attributes) for s in aset.spans)),
        tuple(sorted((r.id, r.type, r.from_id, r.to_id) for r in aset.relations)),
    )


def _assert_valid(screen, document: Document) -> None:
    """What ``validate`` checks of the set on screen, through its own code."""
    aset, text = screen.aset, document.text
    parsed = parse_annotation_text(dump_annotation_set(aset), "on screen")
    _, problems = check_annotation_file(parsed, document, screen.schema)
    assert not problems, [str(p) for p in problems]
    for span in aset.spans:
        assert 0 <= span.start < span.end <= len(text)
        assert aset.span_text(span) == text[span.start : span.end]


#: What pasted news text carries: CRLF and lone CR line breaks, blank lines, a tab, bidi marks,
#: joiners, harakat and tatweel, a no-break space, an emoji sequence, combining Latin, lam-alef
#: presentation forms, and a word longer than a line.
ROUGH = (
    "قال المتحدث باسم الجيش\r\nإن القوات الأمريكية قصفت مواقع في دير الزور.\r\n\r\n"
    "وأضاف: «لقد أطلقنا ١٢ صاروخاً» من طراز F-16\u200f على الهدف.\rسطر بعد CR وحده\n"
    "مُحَمَّدٌ ــ الطويـــل\tبعد علامة جدولة\u00a0ومسافة لا تنكسر\n"
    "\u200dزين\u200cالعابدين\u200e (Reuters) 👩\u200d👩\u200d👧 café e\u0301 ﻻ ﷲ\n"
    + "كلمةطويلةجدا" * 12
    + "\n\n\nالنهاية"
)


@pytest.mark.parametrize("seed", range(4))
async def test_random_keys_keep_the_set_valid_and_undo_gives_it_back(
    make_app, sample_project, seed
) -> None:
    rng = random.Random(seed)
    document = ["xinhua-deir-ezzor", "rough", "damascus-quotes", "beirut-harakat"][seed]
    (sample_project.root / "texts" / "rough.txt").write_bytes(ROUGH.encode())
    app = make_app(document=document)
    async with app.run_test(size=(110, 32)) as pilot:
        screen = screen_of(app)
        opened_document = screen.session.project.document(document)
        assert screen.article.text == opened_document.text
        opened = _state(screen.aset)
        for _ in range(100):
            keys = [*rng.choices(MOTIONS, k=rng.randrange(1, 5)), rng.choice(EDITS)]
            for key in keys:
                await pilot.press(key)
            _assert_valid(screen, opened_document)
        await pilot.pause()
        left = _state(screen.aset)
        await pilot.press("escape", "ctrl+s")
        await pilot.pause()
        session = screen.session
        saved = load_annotation_set(session.path, opened_document, screen.schema)
        assert _state(saved) == left
        # The keys may have ended on undos: redoing them reaches the last edit made.
        _redo_all(session)
        furthest = _state(session.current)
        _undo_all(session)
        assert _state(session.current) == opened
        _redo_all(session)
        assert _state(session.current) == furthest


def _undo_all(session) -> None:
    while session.undo() is not None:
        pass


def _redo_all(session) -> None:
    while session.redo() is not None:
        pass
