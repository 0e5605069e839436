"""Small dialogs that return a typed result and nothing else (``ModalScreen[T]``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, TypeVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    Input,
    Label,
    OptionList,
    RadioButton,
    RadioSet,
    SelectionList,
    Static,
)
from textual.widgets.option_list import Option

from annotator.model import LabelDef
from annotator.tui.keymap import with_arabic_keys
from annotator.tui.widgets.layout_input import LayoutInput
from annotator.tui.widgets.layout_text_area import LayoutTextArea

T = TypeVar("T")

MODAL_CSS = """
{name} {{
    align: center middle;
}}
{name} > Vertical {{
    width: 80%;
    max-width: 90;
    height: auto;
    max-height: 90%;
    border: thick $accent;
    background: $panel;
    padding: 1 2;
}}
{name} .title {{
    text-style: bold;
    margin-bottom: 1;
}}
{name} .hint {{
    color: $text-muted;
    margin-top: 1;
}}
"""


class SaveCancelModal(ModalScreen[T | None]):
    """A dialog with a Save and a Cancel button (ids ``save``/``cancel``); subclasses say
    what saving returns."""

    def result(self) -> T:  # type: ignore[empty-body]
        """What Save returns (each dialog defines it)."""

    def action_save(self) -> None:
        self.dismiss(self.result())

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()


class AttributesModal(SaveCancelModal[dict[str, str]]):
    """Choose the span's attribute values from the schema; free text only where it says so.
    Attributes the schema marks ``required`` say so."""

    DEFAULT_CSS = (
        MODAL_CSS.format(name="AttributesModal")
        + """
    AttributesModal RadioSet { width: 100%; margin-bottom: 1; }
    AttributesModal Input { margin-bottom: 1; }
    """
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def __init__(self, label: LabelDef, current: dict[str, str], span_text: str) -> None:
        super().__init__()
        self.label = label
        self.current = current
        self.span_text = span_text

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"Attributes of {self.label.name}: {self.span_text}", classes="title")
            if not self.label.attributes:
                yield Static(f"{self.label.name} has no attributes in this schema.")
            with VerticalScroll():
                for name, attr in self.label.attributes.items():
                    # marked as the side panel marks it ("kind*"), and said in words
                    mark = "* (required)" if attr.required else ""
                    yield Label(f"{name}{mark}: {attr.description}".rstrip(": "))
                    if attr.values is None:
                        yield LayoutInput(
                            self.current.get(name, ""), placeholder="free text", id=f"attr-{name}"
                        )
                    else:
                        chosen = self.current.get(name)
                        with RadioSet(id=f"attr-{name}"):
                            yield RadioButton("(none)", value=chosen is None)
                            for value in attr.values:
                                yield RadioButton(value, value=value == chosen)
            with Horizontal():
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")
            yield Static(
                "↑↓ choose · Tab next attribute · Enter/Space select · Ctrl+S save · Esc cancel",
                classes="hint",
            )

    def on_mount(self) -> None:
        fields = self.query("RadioSet, Input")
        if fields:
            fields.first().focus()

    def result(self) -> dict[str, str]:
        values: dict[str, str] = {}
        for name, attr in self.label.attributes.items():
            widget = self.query_one(f"#attr-{name}")
            if attr.values is None:
                assert isinstance(widget, Input)
                if widget.value.strip():
                    values[name] = widget.value.strip()
            else:
                assert isinstance(widget, RadioSet)
                index = widget.pressed_index
                if index > 0:
                    values[name] = attr.values[index - 1]
        return values

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_save()


class NoteModal(ModalScreen[str | None]):
    """Write or change the note of a span, in a field that shows Arabic shaped and right to
    left (``LayoutTextArea``); the note is saved as typed."""

    DEFAULT_CSS = MODAL_CSS.format(name="NoteModal")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def __init__(self, note: str, span_text: str) -> None:
        super().__init__()
        self.note = note
        self.span_text = span_text

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"Note on: {self.span_text}", classes="title")
            yield LayoutTextArea(self.note, id="note")
            yield Static(
                "Enter new line · Ctrl+S save · Esc cancel · an empty note removes it",
                classes="hint",
            )

    def action_save(self) -> None:
        self.dismiss(self.query_one(LayoutTextArea).text.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True, slots=True)
class Choice:
    key: str
    prompt: str
    #: Keys that pick this choice at once ("a,1"); their Arabic-layout twins pick it too.
    shortcuts: str = ""


class PickModal(ModalScreen[str | None]):
    """Pick one item from a list (e.g. the ACTOR a CLAIM is linked to); returns its key."""

    DEFAULT_CSS = (
        MODAL_CSS.format(name="PickModal")
        + "PickModal OptionList { height: auto; max-height: 20; }"
    )
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, choices: list[Choice], hint: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices
        keys = any(choice.shortcuts for choice in choices)
        self.hint = hint or (
            "↑↓ choose · Enter or a key in ( ) picks · Esc cancel"
            if keys
            else "↑↓ choose · Enter pick · Esc cancel"
        )
        self.shortcuts = {
            key: choice.key
            for choice in choices
            if choice.shortcuts
            for key in with_arabic_keys(choice.shortcuts).split(",")
        }

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, classes="title")
            yield OptionList(*(Option(c.prompt, id=c.key) for c in self.choices))
            yield Static(self.hint, classes="hint")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def on_key(self, event: events.Key) -> None:
        """A choice's own key (or its Arabic-layout twin) picks it."""
        chosen = self.shortcuts.get(event.key)
        if chosen is not None:
            event.stop()
            self.dismiss(chosen)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmMatchesModal(SaveCancelModal[list[int]]):
    """Every search match in context, ticked; the ones left ticked get tagged."""

    DEFAULT_CSS = MODAL_CSS.format(name="ConfirmMatchesModal") + (
        "ConfirmMatchesModal SelectionList { height: auto; max-height: 20; }"
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Tag ticked"),
    ]

    def __init__(self, title: str, contexts: list[str]) -> None:
        super().__init__()
        self.title_text = title
        self.contexts = contexts

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, classes="title")
            yield SelectionList[int](*((c, i, True) for i, c in enumerate(self.contexts)))
            with Horizontal():
                yield Button("Tag ticked", variant="primary", id="save")
                yield Button("Cancel", id="cancel")
            yield Static(
                "Space untick/tick · Ctrl+S tag the ticked matches · Esc cancel", classes="hint"
            )

    def result(self) -> list[int]:
        return sorted(self.query_one(SelectionList).selected)


class ChoiceModal(ModalScreen[str | None]):
    """A question with a few answers as buttons (first one focused)."""

    DEFAULT_CSS = MODAL_CSS.format(name="ChoiceModal") + "ChoiceModal Button { margin-right: 2; }"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, body: str, answers: list[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.body = body
        self.answers = answers

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, classes="title")
            yield Static(self.body)
            with Horizontal():
                for key, text in self.answers:
                    yield Button(text, id=f"answer-{key}")

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        assert event.button.id is not None
        self.dismiss(event.button.id.removeprefix("answer-"))

    def action_cancel(self) -> None:
        self.dismiss(None)
