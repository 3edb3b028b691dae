"""Choice lists (Selects) whose options come from the database and may change under them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.content import Content
from textual.widgets import Select


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
