"""`?`: every key of the current screen, with the binding ids a keymap file can change."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Label

from planner.tui.bindings import key_help
from planner.tui.widgets.tables import Fit, FittedTable

ID_WIDTH = 22  # the longest binding id, milestones.done_today, and a column to spare


class KeysDialog(ModalScreen[None]):
    """A table of the keys that work on the screen underneath."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Close", id="keys.close"),
    ]

    def __init__(self, described: Screen[object]) -> None:
        super().__init__()
        self.described = described

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide-dialog"):
            yield Label("Keys on this screen", classes="dialog-title")
            # The binding id never shrinks (it is what a keymap file needs, whole); what a key
            # does gives way first, so the table fits an 80-column terminal.
            yield FittedTable(
                [Fit("Where", 10, least=7), Fit("Key", 12, least=8),
                 Fit("Does", 34, least=16, grow=True), Fit("Binding id", ID_WIDTH)],
                id="keys", cursor_type="row", zebra_stripes=True,
            )  # fmt: skip
            yield Label(
                'Change a key in keymap.toml: "binding id" = "key" (see the README)',
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        table = self.query_one(FittedTable)
        for item in key_help(self.described):
            table.add_row(item.section, item.keys, item.description, item.binding_id or "")
        table.focus()

    def action_close(self) -> None:
        self.dismiss(None)
