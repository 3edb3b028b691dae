"""Pick one of a few values, by its key or from a list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option


@dataclass(frozen=True, slots=True)
class Choice:
    """One value on offer: the key that picks it, the value returned and its words."""

    key: str
    value: str
    label: str


class ChoiceDialog(ModalScreen[str | None]):
    """Returns the chosen value, or None when dismissed with escape."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel")
    ]

    def __init__(self, title: str, choices: list[Choice], *, current: str | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            yield OptionList(
                *[
                    Option(
                        Content(f"{c.key:>2}  {c.label}" if c.key else f"    {c.label}"), id=str(i)
                    )
                    for i, c in enumerate(self.choices)
                ],
                id="choices",
            )
            yield Label("key or ↑↓ enter · esc cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        for i, choice in enumerate(self.choices):
            if choice.value == self.current:
                options.highlighted = i
        options.focus()

    def on_key(self, event: events.Key) -> None:
        for choice in self.choices:
            if choice.key and event.character == choice.key:
                event.stop()
                self.dismiss(choice.value)
                return

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.choices[int(event.option.id or 0)].value)

    def action_cancel(self) -> None:
        self.dismiss(None)
