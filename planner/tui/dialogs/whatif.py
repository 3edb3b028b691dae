"""The what-if against the real plan: RAG moves, reviews that become late, the team's load
per week; c commits every change as one, d discards them, escape goes on exploring."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label

from planner.domain.dates import format_date
from planner.store.whatif import LOAD_WEEKS, Comparison

COMMIT, DISCARD = "commit", "discard"
SHOWN = 8  # moves and late reviews listed before "and N more"


def tried_lines(tried: Sequence[str]) -> list[str]:
    """The changes tried, in the order they were made (the last ones if there are many)."""
    if not tried:
        return ["No changes tried yet"]
    lines = ["Changes tried:"]
    if len(tried) > SHOWN:
        lines.append(f"  ({len(tried) - SHOWN} earlier)")
    lines += [f"  {n}. {summary}" for n, summary in enumerate(tried, 1)][-SHOWN:]
    return lines


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
    lines += _load_lines(found)
    return lines


def _load_lines(found: Comparison) -> list[str]:
    moved = [w for w in found.load if w.moved]
    lines = [f"Team load by week, planned of available hours: {len(moved)} week(s) change"]
    for week in moved[:SHOWN]:
        change = week.whatif_hours - week.real_hours
        lines.append(
            f"  w/c {format_date(week.week)}  {week.real_hours:g} of {week.real_capacity:g}"
            f" → {week.whatif_hours:g} of {week.whatif_capacity:g}  ({change:+.1f} h)"
        )
    if len(moved) > SHOWN:
        lines.append(f"  and {len(moved) - SHOWN} more")
    if found.officers:
        lines.append(f"Load by officer over {LOAD_WEEKS} weeks, planned of available hours:")
    for officer in found.officers[:SHOWN]:
        lines.append(
            f"  {officer.officer}  {_side(officer.real_hours, officer.real_capacity)} → "
            f"{_side(officer.whatif_hours, officer.whatif_capacity, gone='taken off the team')}"
        )
    if len(found.officers) > SHOWN:
        lines.append(f"  and {len(found.officers) - SHOWN} more")
    if found.outside_team:
        more = len(found.outside_team) - SHOWN
        lines.append(
            f"Reviews left with an officer not in the team (their work is in nobody's load): "
            f"{len(found.outside_team)}"
        )
        lines.append("  " + ", ".join(found.outside_team[:SHOWN])
                     + (f" and {more} more" if more > 0 else ""))  # fmt: skip
    return lines


def _side(hours: float | None, capacity: float | None, gone: str = "not in the team") -> str:
    return gone if hours is None else f"{hours:g} of {capacity or 0:g}"


class WhatIfDialog(ModalScreen[str | None]):
    """Returns 'commit', 'discard', or None to go on exploring."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "close('commit')", "Commit all", id="whatif.commit"),
        Binding("d", "close('discard')", "Discard all", id="whatif.discard"),
        Binding("escape", "close", "Keep exploring", id="whatif.back"),
    ]

    def __init__(self, found: Comparison, tried: Sequence[str]) -> None:
        super().__init__()
        self.found = found
        self.tried = list(tried)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="whatif-dialog"):
            yield Label(
                f"What-if: {len(self.tried)} change(s) against the real plan",
                classes="dialog-title", markup=False,
            )  # fmt: skip
            with VerticalScroll(id="whatif-comparison"):
                yield Label("\n".join(tried_lines(self.tried) + comparison_lines(self.found)),
                            classes="dialog-text", markup=False)  # fmt: skip
            yield Label("c commit all as one change · d discard all · esc keep exploring",
                        classes="dialog-hint")  # fmt: skip

    def action_close(self, answer: str | None = None) -> None:
        self.dismiss(answer)
