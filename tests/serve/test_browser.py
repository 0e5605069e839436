"""``annotator serve`` in a real browser: Debian's Chromium, driven by Playwright, reading the
screen from xterm.js's buffer (see tests/serve/browser.py)."""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.layout import DEFAULT_OPTIONS, DocumentLayout
from annotator.store.project import Project
from tests.serve.browser import Served, Terminal
from tests.serve.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SEED = "xinhua-deir-ezzor"
SEED_CHARS = "2940 characters"
FIRST_WORD_SHAPED = "ﺖﻔﺼﻗ"  # قصفت in presentation forms, letters in visual (right-to-left) order


def choose_seed(terminal: Terminal) -> None:
    """From the document list, filter to the seed article and press Enter on it, keys only."""
    terminal.wait_for("done 0 / 6 documents")
    terminal.wait_for("? Help")  # the list has the focus
    terminal.focus()
    terminal.press(["/"])
    terminal.wait_for("f1 Help")  # the filter has the focus ("?" would be typed into it)
    terminal.type("xinhua")
    terminal.wait_until_gone("beirut-harakat")  # the filter has applied
    terminal.press(["Enter"])
    terminal.wait_for("? Help")  # back in the list
    terminal.press(["Enter"])


def open_seed(terminal: Terminal) -> str:
    choose_seed(terminal)
    return terminal.wait_for(SEED_CHARS)


def test_tag_a_span_with_the_keyboard_quit_and_find_it_in_the_yaml(
    sample_project: Project, serve: Callable[..., Served], new_terminal: Callable[[], Terminal]
) -> None:
    served = serve(sample_project.root, "--as", "web")
    terminal = new_terminal()
    response = terminal.open(served.url)
    assert response.status == 200
    screen = open_seed(terminal)
    assert "annotator web" in screen
    # The cursor starts on the first letter; five Lefts (right to left!) reach the start of
    # the second word, three Shift+Lefts select it, and "a" tags it ACTOR.
    terminal.press(["ArrowLeft"] * 5 + ["Shift+ArrowLeft"] * 3 + ["a"])
    screen = terminal.wait_for("unsaved")
    assert "A 1" in re.sub(" +", " ", screen)
    terminal.press(["Control+q"])
    terminal.wait_closed()
    saved = Project.open(sample_project.root).load_set("web", SEED)
    assert [(s.label, s.start, s.end, saved.span_text(s)) for s in saved.spans] == [
        ("ACTOR", 5, 11, "القوات")
    ]
    path = sample_project.root / "annotations" / "web" / f"{SEED}.yaml"
    assert "text: القوات" in path.read_text(encoding="utf-8")


def test_without_the_token_401_with_it_200(
    sample_project: Project,
    serve: Callable[..., Served],
    new_terminal: Callable[[], Terminal],
    browser_context,
    tmp_path: Path,
) -> None:
    token = secrets.token_urlsafe(24)
    token_file = tmp_path / "token"
    token_file.write_text(token + "\n", encoding="utf-8")
    served = serve(sample_project.root, "--as", "web", "--token-file", str(token_file))
    assert served.url.startswith("http://127.0.0.1:")
    terminal = new_terminal()

    for path in ("", "static/js/textual.js", f"?token={token[:-1]}"):
        response = terminal.open(served.url + path)
        assert response.status == 401, path
        assert "401" in terminal.page.inner_text("body")
    assert browser_context.cookies() == []

    response = terminal.open(f"{served.url}?token={token}")
    assert response.status == 200
    assert terminal.page.url == served.url  # the token has left the address bar
    terminal.wait_for("done 0 / 6 documents")  # the app runs: its websocket got in too
    (cookie,) = browser_context.cookies()
    assert cookie["value"] == token
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Strict"
    assert terminal.page.evaluate("() => document.cookie") == ""  # scripts cannot read it
    # A later visit needs no token: the cookie opens the door.
    assert terminal.open(served.url).status == 200
    # And the token was never logged.
    served.stop()
    assert '"GET /" 401' in served.output
    assert '"GET /" 303' in served.output
    assert token not in served.output
    assert token[:-1] not in served.output


def engine_rows(text: str, width: int, count: int) -> list[str]:
    layout = DocumentLayout(text, width, DEFAULT_OPTIONS)
    lines = [line.text.strip() for line in layout.lines()]
    return [line for line in lines if line][:count]


def test_article_view_screenshot_shows_right_to_left_arabic_as_the_engine_draws_it(
    sample_project: Project,
    serve: Callable[..., Served],
    new_terminal: Callable[[], Terminal],
    seed_text: str,
) -> None:
    served = serve(sample_project.root, "--as", "web", "--doc", SEED)
    terminal = new_terminal()
    terminal.open(served.url)
    terminal.wait_for(SEED_CHARS)
    terminal.wait_for("ﻦﻴﻠﺗﺎﻘﻤﻠﻟ")  # the article itself, not only the header, is drawn
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "article-1400x900.png"
    terminal.page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    assert terminal.page.viewport_size == {"width": 1400, "height": 900}

    rows = terminal.rows()
    article = [row.split("▊")[0] for row in rows[1:] if "▊" in row]
    drawn = [row.strip() for row in article if row.strip()]
    assert len(drawn) >= 5, "\n".join(rows)
    # Right to left: the first word (قصفت, shaped) is at the right end of the first row,
    # and every row is pushed to the right edge of the article's column.
    assert drawn[0].endswith(FIRST_WORD_SHAPED)
    right_edges = {len(row.rstrip()) for row in article if row.strip()}
    assert len(right_edges) == 1, right_edges
    assert "قصفت" not in "\n".join(rows)  # never drawn unshaped, in logical order
    # Row for row, what the browser shows is what the layout engine draws at the width of the
    # article's column (found by trying every width the window allows).
    matches = [
        width
        for width in range(20, len(rows[0]) + 1)
        if engine_rows(seed_text, width, len(drawn)) == drawn
    ]
    assert matches, "no width of the engine's render matches the browser's rows"


def test_two_sessions_on_one_annotators_set_meet_the_lock(
    sample_project: Project, serve: Callable[..., Served], new_terminal: Callable[[], Terminal]
) -> None:
    """Each browser session is its own process: the second one to open the document is told
    who holds it, and gets it once the first closes it."""
    served = serve(sample_project.root, "--as", "web")
    first, second = new_terminal(), new_terminal()
    first.open(served.url)
    open_seed(first)
    second.open(served.url)
    choose_seed(second)
    screen = second.wait_for("Cannot open xinhua-deir-ezzor")
    assert "is open in another" in screen
    assert "(web as " in screen  # who holds it, to ask them
    assert SEED_CHARS not in screen  # the document did not open
    first.press(["Control+q"])
    first.wait_closed()
    second.press(["Enter"])
    second.wait_for(SEED_CHARS)


def wait_for_spans(project_root: Path, annotator: str, timeout: float = 30) -> list[tuple]:
    path = project_root / "annotations" / annotator / f"{SEED}.yaml"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists():
            saved = Project.open(project_root).load_set(annotator, SEED)
            if saved.spans:
                return [(s.label, s.start, s.end) for s in saved.spans]
        time.sleep(0.2)
    return []


def test_closing_the_tab_or_stopping_the_server_saves_the_work(
    sample_project: Project, serve: Callable[..., Served], new_terminal: Callable[[], Terminal]
) -> None:
    """Nothing typed in a browser is lost when its tab closes or the server is stopped."""
    root = sample_project.root
    served = serve(root, "--as", "tab")
    terminal = new_terminal()
    terminal.open(served.url)
    open_seed(terminal)
    terminal.press(["ArrowLeft"] * 5 + ["Shift+ArrowLeft"] * 3 + ["l"])
    terminal.wait_for("unsaved")
    terminal.page.close()  # the websocket closes: the app is told to quit
    assert wait_for_spans(root, "tab") == [("LOCATION", 5, 11)]
    served.stop()

    served = serve(root, "--as", "ctrlc", "--doc", SEED)
    terminal = new_terminal()
    terminal.open(served.url)
    terminal.wait_for(SEED_CHARS)
    terminal.focus()
    terminal.press(["ArrowLeft"] * 5 + ["Shift+ArrowLeft"] * 3 + ["w"])
    terminal.wait_for("unsaved")
    assert served.stop() == 0  # as Ctrl+C in the server's terminal
    assert wait_for_spans(root, "ctrlc", timeout=5) == [("WEAPON", 5, 11)]


def test_adjudicate_serves_the_adjudication_app(
    sample_project: Project, serve: Callable[..., Served], new_terminal: Callable[[], Terminal]
) -> None:
    served = serve(sample_project.root, "--as", "judge", "--adjudicate")
    assert "adjudication app for judge" in served.output
    terminal = new_terminal()
    terminal.open(served.url)
    terminal.wait_for("adjudicator judge")
    screen = terminal.wait_for("ann1, ann2")  # the rows fill in once the sets are compared
    seed_row = next(row for row in screen.splitlines() if row.strip().startswith(SEED))
    assert "ann1, ann2" in seed_row
    terminal.focus()
    terminal.press(["Control+q"])
    terminal.wait_closed()
