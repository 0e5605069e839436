"""Selections are exact: word motions land on word boundaries in both directions, and a label
key saves exactly the selection the article highlights and the status line shows."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.store.project import Project
from annotator.text.tokens import has_word, tokenize
from annotator.tui.widgets.status_bar import StatusBar
from tests.tui.conftest import article_of, screen_of, spans_of

DAMASCUS = "damascus-quotes"


async def test_three_word_motions_select_three_words_and_save_exactly_them(make_app) -> None:
    """The issue's case: Ctrl+Left ×3 then Shift+Ctrl+Left ×3 on an RTL line selects three
    words, the status shows them and `a` saves them, not one word more."""
    app = make_app(document=DAMASCUS)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+left", "ctrl+left", "ctrl+left")
        article = article_of(app)
        assert article.text[article.cursor :].startswith("وزير")
        await pilot.press("ctrl+shift+left", "ctrl+shift+left", "ctrl+shift+left")
        assert article.shown_selection == (18, 38)
        assert "sel 18-38" in screen_of(app).query_one(StatusBar).plain
        await pilot.press("a")
        assert spans_of(app) == [("ACTOR", 18, 38, "وزير الخارجية السوري")]
        await pilot.press("ctrl+s")
    saved = Project.open(app.project.root).load_set("tester", DAMASCUS)
    assert [(s.start, s.end, saved.span_text(s)) for s in saved.spans] == [
        (18, 38, "وزير الخارجية السوري")
    ]


async def test_word_selection_backwards_and_shrinking(make_app) -> None:
    """Shift+Ctrl+Right (backward in Arabic) from a word's start takes the previous word; the
    other direction then gives words back one at a time, down to no selection."""
    app = make_app(document=DAMASCUS)
    async with app.run_test(size=(120, 40)) as pilot:
        article = article_of(app)
        article.move_to(32)  # السوري
        await pilot.press("ctrl+shift+right")
        assert article.shown_selection == (23, 31)  # الخارجية
        await pilot.press("ctrl+shift+right")
        assert article.shown_selection == (18, 31)
        await pilot.press("ctrl+shift+left")
        assert article.shown_selection == (23, 31)
        await pilot.press("ctrl+shift+left")
        assert article.selection is None
        await pilot.press("ctrl+shift+left")
        assert article.shown_selection == (32, 38)


async def test_word_motion_from_inside_a_word_takes_that_word_whole(make_app) -> None:
    app = make_app(document=DAMASCUS)
    async with app.run_test(size=(120, 40)) as pilot:
        article = article_of(app)
        article.move_to(26)  # inside الخارجية (23-31)
        await pilot.press("ctrl+shift+left")
        assert article.shown_selection == (23, 31)
        article.move_to(26)
        await pilot.press("ctrl+shift+right")
        assert article.shown_selection == (23, 31)


async def test_word_motions_skip_punctuation_and_quotes(make_app) -> None:
    """«سانا» — : the cursor never stops on a quote or dash, and a selection over the quotes
    holds only the word."""
    app = make_app(document=DAMASCUS)
    async with app.run_test(size=(120, 40)) as pilot:
        article = article_of(app)
        text = article.text
        stops = []
        for _ in range(3):
            await pilot.press("ctrl+left")
            stops.append(article.cursor)
        assert [text[s] for s in stops] == ["س", "ق", "و"]
        article.move_to(text.index("«"))
        await pilot.press("ctrl+shift+left")
        start, end = article.shown_selection
        assert text[start:end] == "سانا"


async def test_a_label_key_on_punctuation_alone_tags_nothing(make_app) -> None:
    """weekly-attacks-list: Down×3 Home Shift+Left `w` selected "- " and saved WEAPON "-"."""
    app = make_app(document="weekly-attacks-list")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("down", "down", "down", "home", "shift+left")
        article = article_of(app)
        assert article.text[article.selection[0]] == "-"
        await pilot.press("w")
        assert spans_of(app) == []
        assert any("only punctuation" in n.message for n in app._notifications)
        await pilot.press("escape", "home", "w")
        assert spans_of(app) == []


# -- property: random motions over every sample text ------------------------------------------

MOTIONS = st.sampled_from(
    [
        ("move_word", -1, False),
        ("move_word", 1, False),
        ("move_word", -1, True),
        ("move_word", 1, True),
        ("move", -1, True),
        ("move", 1, True),
        ("move", -1, False),
        ("move", 1, False),
        ("move_line", 1, True),
        ("move_line", -1, False),
    ]
)
DOCUMENTS = [
    "damascus-quotes",
    "weekly-attacks-list",
    "pentagon-f16-latin",
    "beirut-harakat",
    "erbil-drones-numbers",
    "xinhua-deir-ezzor",
]


def _check_motions(screen, start: float, motions: list[tuple[str, int, bool]]) -> None:
    article = screen.article
    text = article.text
    words = [t for t in tokenize(text) if t.kind != "punct"]
    starts, ends = {t.start for t in words}, {t.end for t in words}
    article.move_to(int(start * (len(text) - 1)))
    for name, direction, select in motions:
        before, selected = article.cursor, article.selection
        getattr(article, f"action_{name}")(direction, select)
        shown = article.shown_selection
        if name == "move_word":
            if select and shown is not None and article.selection != selected:
                assert shown[0] in starts and shown[1] in ends, text[shown[0] : shown[1]]
                assert shown == article.selection  # whole words: snapping adds nothing
            elif not select:
                assert article.cursor in starts or article.cursor == before  # (no word there)
        if shown is not None:
            assert screen._tag_range() == shown
            assert f"sel {shown[0]}-{shown[1]}" in screen.query_one(StatusBar).plain
    shown = article.shown_selection
    if shown is None or not has_word(text, *shown):
        return
    before = len(screen.aset.spans)
    screen.action_tag("ACTOR")
    added = [(s.start, s.end) for s in screen.aset.spans]
    if len(added) > before:  # (not when the same span was there already)
        assert screen.aset.find(*shown, "ACTOR") is not None
        screen.action_undo()


@pytest.mark.parametrize("document", DOCUMENTS)
async def test_random_motions_keep_selections_on_word_boundaries(make_app, document) -> None:
    """After every word motion a selection starts and ends on word boundaries and is already
    whole words; whatever the selection, the status line shows and the label key saves exactly
    the range highlighted. One app per text; hypothesis drives it between frames."""
    app = make_app(document=document)
    async with app.run_test(size=(100, 30)):
        screen = screen_of(app)

        @settings(max_examples=60, deadline=None)
        @given(start=st.floats(0, 1), motions=st.lists(MOTIONS, min_size=1, max_size=25))
        def check(start: float, motions) -> None:
            _check_motions(screen, start, motions)

        check()
