"""The what-if against the real plan: RAG moves, reviews that become late, the team's load
per week; c commits every change as one, d discards them, escape goes on exploring."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label

from planner.domain.dates import format_date
from planner.store.whatif import Comparison

COMMIT, DISCARD = "commit", "discard"
SHOWN = 8  # moves and late reviews listed before "and N more"


def comparison_lines(found: Comparison) -> list[str]:
    """The comparison as lines of text, most telling first."""
    lines = [f"RAG moves: {len(found.rag_moves)}"]
    for move in found.rag_moves[:SHOWN]:
        lines.append(
            f"  {move.ref}  {move.before or 'not planned'} → {move.after or 'not planned'}"
        )
    if len(found.rag_moves) > SHOWN:
        lines.append(f"  and {len(found.rag_moves) - SHOWN} more")
    lines.append(f"Reviews that become late: {len(found.newly_late)}")
    if found.newly_late:
        more = len(found.newly_late) - SHOWN
        lines.append(
            "  " + ", ".join(found.newly_late[:SHOWN]) + (f" and {more} more" if more > 0 else "")
        )
    if found.no_longer_late:
        lines.append(f"No longer late: {len(found.no_longer_late)}")
    moved = [w for w in found.load if w.whatif_hours != w.real_hours]
    lines.append(f"Team load, weeks that change: {len(moved)} (hours: real → what-if, of capacity)")
    for week in moved[:SHOWN]:
        change = week.whatif_hours - week.real_hours
        lines.append(
            f"  w/c {format_date(week.week)}  {week.real_hours:g} → {week.whatif_hours:g}"
            f" of {week.capacity_hours:g}  ({change:+.1f})"
        )
    if len(moved) > SHOWN:
        lines.append(f"  and {len(moved) - SHOWN} more")
    return lines


class WhatIfDialog(ModalScreen[str | None]):
    """Returns 'commit', 'discard', or None to go on exploring."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "close('commit')", "Commit all", id="whatif.commit"),
        Binding("d", "close('discard')", "Discard all", id="whatif.discard"),
        Binding("escape", "close", "Keep exploring", id="whatif.back"),
    ]

    def __init__(self, found: Comparison, changes: int) -> None:
        super().__init__()
        self.found = found
        self.changes = changes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="whatif-dialog"):
            yield Label(
                f"What-if: {self.changes} change(s) against the real plan",
                classes="dialog-title", markup=False,
            )  # fmt: skip
            with VerticalScroll(id="whatif-comparison"):
                yield Label("\n".join(comparison_lines(self.found)), classes="dialog-text",
                            markup=False)  # fmt: skip
            yield Label("c commit all as one change · d discard all · esc keep exploring",
                        classes="dialog-hint")  # fmt: skip

    def action_close(self, answer: str | None = None) -> None:
        self.dismiss(answer)
