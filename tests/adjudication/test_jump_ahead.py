"""The adjudication article draws ahead, between keys, the page the next conflict key will
show: a jump to an off-screen conflict draws no line of the article in the key's frame except
the lines whose look it changes (those of the conflict left and the conflict reached, and of
the span current before and after), and what it shows is what a fresh drawing shows."""

from __future__ import annotations

from annotator.store.project import Project
from annotator.tui.adjudicate_app import build_adjudicator_app
from annotator.tui.screens.adjudicate import AdjudicateScreen
from annotator.tui.widgets.article_view import ArticleView
from tests.adjudication.conftest import SEED


async def test_jumping_to_an_off_screen_conflict_finds_its_page_drawn(
    fresh_project: Project, monkeypatch
) -> None:
    app = build_adjudicator_app(fresh_project, "judge", document=SEED)
    drawn: list[tuple[int, int]] = []  # lines drawn while a frame is painted
    painting = [False]
    plain_draw = ArticleView._render_visual_line
    plain_paint = ArticleView.render_lines

    def counting(self: ArticleView, line, width):  # type: ignore[no-untyped-def]
        if painting[0]:
            drawn.append((line.start, line.end))
        return plain_draw(self, line, width)

    def paint(self: ArticleView, crop):  # type: ignore[no-untyped-def]
        painting[0] = True
        try:
            return plain_paint(self, crop)
        finally:
            painting[0] = False

    monkeypatch.setattr(ArticleView, "_render_visual_line", counting)
    monkeypatch.setattr(ArticleView, "render_lines", paint)
    async with app.run_test(size=(100, 14)) as pilot:
        screen = app.screen
        assert isinstance(screen, AdjudicateScreen)
        article = screen.article
        jumps = 0
        for _ in range(len(screen.conflicts)):
            target = screen._open_after(1)
            if target is None:
                break
            await pilot.pause(0.3)  # a reader's pause: drawing ahead happens here
            off_screen = not screen._on_screen(target)
            before = (screen.current, article.current_span)
            drawn.clear()
            await pilot.press("right_square_bracket")
            await pilot.pause()
            assert screen.current is target
            if not off_screen:
                continue
            jumps += 1
            layout = article.doc_layout
            assert layout is not None
            changed = {
                n
                for c in (*before, target, article.current_span)
                if c is not None
                for n in range(layout.line_of(c.start), layout.line_of(c.end - 1) + 1)
            }
            lines = {layout.line_of(start) for start, _ in drawn}
            assert lines <= changed, f"drew {sorted(lines - changed)} in the key's frame"
        assert jumps >= 2, "no jump went off screen: the test proved nothing"
        shown = app.export_screenshot()  # lines drawn ahead look as a fresh drawing does
        article._cache.clear()
        article.refresh()
        await pilot.pause()
        assert app.export_screenshot() == shown
