"""Type a value that is checked as you type and refused, with the reason, until it is valid."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from planner.errors import ValidationError

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Entered(Generic[T]):
    """A value the user typed and confirmed (its `value` may be None: 'unknown')."""

    value: T


class PromptDialog(ModalScreen[Entered[Any] | None]):
    """Returns Entered(parsed value), or None when dismissed with escape.

    `parse` turns the text into a value or raises ValidationError; `check` may refuse a
    parsed value with a reason (for rules that involve other fields).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel")
    ]

    def __init__(
        self,
        title: str,
        parse: Callable[[str], Any],
        *,
        value: str = "",
        hint: str = "",
        check: Callable[[Any], str | None] | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.parse = parse
        self.check = check
        self.initial = value
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            yield Input(self.initial, id="value", select_on_focus=True)
            yield Label(self.hint, id="problem", classes="dialog-hint", markup=False)
            yield Label("enter save · esc cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def _problem(self, text: str) -> tuple[str | None, Any]:
        try:
            value = self.parse(text)
        except ValidationError as exc:
            return str(exc), None
        if self.check is not None:
            reason = self.check(value)
            if reason:
                return reason, value
        return None, value

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        problem, _ = self._problem(event.value)
        label = self.query_one("#problem", Label)
        label.update(problem or self.hint)
        label.set_class(problem is not None, "-error")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        problem, value = self._problem(event.value)
        if problem is not None:
            label = self.query_one("#problem", Label)
            label.update(problem)
            label.add_class("-error")
            self.app.bell()
            return
        self.dismiss(Entered(value))

    def action_cancel(self) -> None:
        self.dismiss(None)
