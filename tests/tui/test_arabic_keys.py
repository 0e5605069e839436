"""The Arabic keyboard: every single-letter binding also answers to the character the Arabic
(101) layout puts on its key, Arabic-Indic digits act like digits, and Help shows both."""

from __future__ import annotations

import pytest

from annotator.tui.keymap import ARABIC_101, arabic_alias
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
                if key in "TGL":  # the layout sends لإ, لأ and "/" there
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
