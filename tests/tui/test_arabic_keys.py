"""The Arabic keyboard: every single-letter binding also answers to the character the Arabic
(101) layout puts on its key, Arabic-Indic digits act like digits, and Help shows both."""

from __future__ import annotations

import pytest

from annotator.tui.keymap import ARABIC_101, arabic_alias, arabic_aliases
from annotator.tui.screens.help import HelpScreen, binding_rows
from tests.tui.conftest import article_of, find, screen_of, spans_of

#: The standard Arabic (101) layout, row by row, as printed on the keys (the reference the
#: table in keymap.py must agree with).
ROWS_101 = [("qwertyuiop", "ضصثقفغعهخح"), ("asdfghjkl", "شسيبلاتنم"), ("zxcvnm", "ئءؤرىة")]


def test_the_alias_table_is_the_101_layout() -> None:
    for latin, arabic in ROWS_101:
        assert [ARABIC_101[k] for k in latin] == list(arabic)


async def test_every_single_letter_binding_has_its_arabic_alias(make_app) -> None:
    """Every one-character key (letters and digits) bound on the annotation screen has its
    Arabic-layout twin bound to the same action, unless the layout has none there."""
    app = make_app()
    async with app.run_test(size=(120, 40)):
        screen = screen_of(app)
        checked = 0
        for _namespace, bindings in screen._binding_chain:
            by_key = bindings.key_to_bindings
            for key, found in by_key.items():
                if len(key) != 1 or not key.isascii() or not key.isalnum():
                    continue
                alias = arabic_alias(key)
                if key == "L":  # both layouts send "/" there: search
                    assert alias is None
                    continue
                assert alias is not None, key
                assert [b.action for b in by_key[alias]] == [b.action for b in found], key
                checked += 1
        assert checked >= 20


@pytest.mark.parametrize(
    ("key", "label"),
    [("ش", "ACTOR"), ("م", "LOCATION"), ("ص", "WEAPON"), ("ؤ", "CLAIM")]
    + [
        (d, label)
        for d, label in zip("١٢٣٤", ["ACTOR", "LOCATION", "WEAPON", "CLAIM"], strict=True)
    ],
)
async def test_arabic_layout_keys_tag(make_app, key: str, label: str) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        start, end = find(article_of(app).text, "القوات الأمريكية")
        article_of(app).select_range(start, end)
        await pilot.press(key)
        assert spans_of(app) == [(label, start, end, "القوات الأمريكية")]
        await pilot.press("ع")  # u: undo
        assert spans_of(app) == []


async def test_help_shows_latin_and_arabic_keys(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        rows = {description: keys for _, keys, description in binding_rows(screen_of(app))}
        assert rows["Tag ACTOR"] == "a, ش, 1, ١"
        assert rows["Help"].startswith("?, ؟")
        assert rows["Reject all of label"] == "X, ◌ْ"
        await pilot.press("؟")
        assert isinstance(app.screen, HelpScreen)
        assert ("AnnotateScreen", "a, ش, 1, ١", "Tag ACTOR") in app.screen.rows
        await pilot.press("ض")  # q on the Arabic layout closes help
        assert not isinstance(app.screen, HelpScreen)


# -- every screen, every dialog ------------------------------------------------------------------


def _tui_classes() -> list[type]:
    """Every screen and widget of annotator.tui that declares key bindings."""
    import importlib
    import pkgutil

    import annotator.tui as tui

    found: dict[str, type] = {}
    for module in pkgutil.walk_packages(tui.__path__, "annotator.tui."):
        loaded = importlib.import_module(module.name)
        for value in vars(loaded).values():
            if (
                isinstance(value, type)
                and value.__module__ == loaded.__name__
                and "BINDINGS" in vars(value)
            ):
                found[f"{value.__module__}.{value.__name__}"] = value
    return list(found.values())


def _bindable(key: str) -> bool:
    return len(key) == 1 and key.isascii() and key.isalnum()


@pytest.mark.parametrize("cls", _tui_classes(), ids=lambda c: c.__name__)
def test_every_declared_letter_binding_has_its_arabic_twins(cls: type) -> None:
    """Corpus, adjudication, help, dialogs and widgets alike: a one-letter or one-digit key
    has every Arabic-layout twin bound to the same action, and no twin is a key another
    action of the same class already uses."""
    from textual.binding import BindingsMap

    bindings = BindingsMap(cls.BINDINGS).key_to_bindings  # type: ignore[attr-defined]
    for key, found in bindings.items():
        if not _bindable(key):
            continue
        for alias in arabic_aliases(key):
            assert alias in bindings, (cls.__name__, key, alias)
            assert [b.action for b in bindings[alias]] == [b.action for b in found], (key, alias)
    for key, found in bindings.items():
        twins = {alias for k in bindings if _bindable(k) for alias in arabic_aliases(k)}
        if key in twins:  # a twin: every binding on it is the twin of its own key
            owners = [k for k in bindings if _bindable(k) and key in arabic_aliases(k)]
            actions = {b.action for k in owners for b in bindings[k]}
            assert {b.action for b in found} <= actions, (cls.__name__, key)


def test_xkb_ligature_keys_are_single_characters() -> None:
    """Linux's "ara" layout sends one character on Shift+T and Shift+G (Windows sends two,
    which no binding can catch): those are the twins."""
    assert arabic_aliases("T") == ["\ufef9"] and arabic_aliases("G") == ["\ufef7"]
    assert arabic_aliases("U") == ["left_single_quotation_mark", "grave_accent"]
    assert arabic_aliases("L") == []


async def test_corpus_screen_keys_work_from_the_arabic_layout(sample_project) -> None:
    from annotator.tui.app import build_app
    from annotator.tui.screens.corpus import CorpusScreen
    from annotator.tui.widgets.layout_input import LayoutInput

    app = build_app(sample_project, "ann1")
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CorpusScreen)
        await pilot.press("right_curly_bracket")  # Shift+C: least confident first
        await pilot.pause()
        assert any("suggest" in n.message for n in app._notifications)
        await pilot.press("؟")
        assert isinstance(app.screen, HelpScreen)
        assert ("CorpusScreen", "/, ظ", "Filter") in app.screen.rows
        assert ("CorpusScreen", "?, ؟, f1", "Help") in app.screen.rows
        await pilot.press("ض")
        await pilot.press("ظ")  # / on the Arabic layout: the filter
        field = screen.query_one("#filter", LayoutInput)
        assert field.has_focus
        await pilot.press(*"دمشق")  # typed into the filter, not taken as keys
        assert field.value == "دمشق"


async def test_adjudication_corpus_filter_from_the_arabic_layout(sample_project) -> None:
    from annotator.tui.adjudicate_app import build_adjudicator_app
    from annotator.tui.widgets.layout_input import LayoutInput

    app = build_adjudicator_app(sample_project, "judge")
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("ظ", *"XINHUA")
        field = app.screen.query_one("#filter", LayoutInput)
        assert field.has_focus and field.value == "XINHUA"
        table = app.screen.query_one("#documents")
        assert table.keys == ["xinhua-deir-ezzor"]  # type: ignore[attr-defined]


async def test_tag_all_label_is_picked_by_its_arabic_key(make_app) -> None:
    from annotator.tui.screens.modals import ConfirmMatchesModal, PickModal

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"القوات", "enter")
        await pilot.press("T")
        await pilot.pause()
        assert isinstance(app.screen, PickModal)
        prompts = [str(o.prompt) for o in app.screen.query_one("OptionList")._options]
        assert any(p.startswith("LOCATION  (l م 2 ٢)") for p in prompts), prompts
        await pilot.press("م")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmMatchesModal)
        assert "LOCATION" in app.screen.title_text
