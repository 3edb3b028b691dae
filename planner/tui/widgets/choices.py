"""Choice lists (Selects) whose options come from the database and may change under them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from textual.content import Content
from textual.css.query import NoMatches
from textual.widgets import Select
from textual.widgets._select import SelectCurrent, SelectOverlay
from textual.widgets.select import NoSelection

if TYPE_CHECKING:
    from textual.app import ComposeResult


def refill(select: Select[Any], options: Sequence[tuple[str, str]]) -> bool:
    """Give `select` new options, keeping what was chosen if it is still offered; False if
    the chosen value has gone (the select is then blank), True otherwise."""
    chosen = select.value
    with select.prevent(Select.Changed):  # a refill is not the user choosing
        # Names as typed: a department called "Ops [/]" is not markup.
        select.set_options([(Content(label), value) for label, value in options])
        if any(value == chosen for _, value in options):
            select.value = chosen
    return chosen is Select.NULL or select.value is not Select.NULL


class LazySelect(Select[str]):
    """A Select whose drop-down list is built the first time it opens, not with the screen.

    The triage filters are five Selects: their hidden lists (an OptionList each, styled and
    filled as the screen mounts) were a sixth of the table's first paint. Textual 8.2.8's
    Select (pinned) looks its list up in the methods overridden here; each builds it first,
    or does without it while it is not there."""

    def compose(self) -> ComposeResult:
        yield SelectCurrent(self.prompt)

    def _overlay(self) -> SelectOverlay | None:
        try:
            return self.query_one(SelectOverlay)
        except NoMatches:
            return None

    def drop_down(self) -> SelectOverlay:
        """The drop-down list (an OptionList), built now if it was not yet, as Select.compose
        makes it."""
        overlay = self._overlay()
        if overlay is None:
            overlay = SelectOverlay(type_to_search=self._type_to_search)
            overlay.compact = self.compact  # Select.compose binds it; these never change it
            self.mount(overlay)  # in the DOM at once, mounted soon after
            super()._setup_options_renderables()
            chosen = [i for i, (_, value) in enumerate(self._options) if value == self.value]
            if self.value != self.NULL and chosen:
                overlay.highlighted = chosen[0]
        return overlay

    def _setup_options_renderables(self) -> None:
        if self._overlay() is not None:  # else the options are listed when it is built
            super()._setup_options_renderables()

    def _watch_value(self, value: str | NoSelection) -> None:
        if self._overlay() is not None:
            super()._watch_value(value)
            return
        # Select._watch_value, less highlighting the value in the list not yet built.
        self._value = value
        try:
            current = self.query_one(SelectCurrent)
        except NoMatches:
            return
        if value == self.NULL:
            current.update(self.NULL)
        else:
            current.update(next((p for p, v in self._options if v == value), self.NULL))
        self.post_message(self.Changed(self, value))

    def _watch_expanded(self, expanded: bool) -> None:
        if expanded and self.is_attached:
            self.drop_down()
        super()._watch_expanded(expanded)

    def action_show_overlay(self) -> None:
        """Show the overlay (built the first time)."""
        self.drop_down()
        super().action_show_overlay()

    def _watch_prompt(self, prompt: str) -> None:
        if self.is_mounted:
            self.drop_down()
        super()._watch_prompt(prompt)
