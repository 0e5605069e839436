"""The help screen, generated from the key bindings in force where it was opened."""

from __future__ import annotations

import unicodedata
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.keys import key_to_character
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from annotator.tui.keymap import arabic_bindings


def binding_rows(screen: Screen) -> list[tuple[str, str, str]]:
    """(where, keys, description) for every binding with a description, in the order the
    bindings were declared, keys of the same action merged ("u, ctrl+z")."""
    rows: dict[tuple[str, str], list[str]] = {}
    app = screen.app
    seen_keys: set[str] = set()
    chain = [*screen._binding_chain]
    for namespace, bindings_map in chain:
        where = type(namespace).__name__
        for key, bindings in bindings_map.key_to_bindings.items():
            for binding in bindings:
                if not binding.description or key in seen_keys:
                    continue
                if app._check_action_state(binding.action, namespace) is False:
                    continue
                seen_keys.add(key)
                display = _key_label(binding.key) or app.get_key_display(binding)
                rows.setdefault((where, binding.description), []).append(display)
    return [(where, ", ".join(keys), description) for (where, description), keys in rows.items()]


def _key_label(key: str) -> str | None:
    """The character an Arabic-layout key sends ("؟", not "arabic_question_mark"); a mark is
    shown on a dotted circle."""
    if "+" in key:
        return None
    char = key_to_character(key)
    if char is None or char.isascii():
        return None
    return f"\u25cc{char}" if unicodedata.category(char).startswith("M") else char


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90%; max-width: 110; height: 90%;
        border: thick $accent; background: $panel; padding: 0 1;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = arabic_bindings(
        [
            Binding("escape,q,question_mark,f1", "dismiss", "Close help"),
        ]
    )

    def __init__(self, rows: list[tuple[str, str, str]], intro: str) -> None:
        super().__init__()
        self.rows = rows
        self.intro = intro

    def compose(self) -> ComposeResult:
        table = Table(box=None, expand=True, show_header=True, header_style="bold")
        table.add_column("Keys", style="bold cyan", no_wrap=True)
        table.add_column("Does")
        table.add_column("Where", style="dim")
        names = {
            "ArticleView": "article",
            "SpanList": "span list",
            "AnnotateScreen": "annotation",
            "CorpusScreen": "documents",
            "AdjudicateScreen": "adjudication",
            "ConflictList": "conflicts",
        }
        for where, keys, description in self.rows:
            table.add_row(keys, description, names.get(where, where.lower()))
        with VerticalScroll():
            yield Static(Text(self.intro, style="bold"))
            yield Static(table)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
