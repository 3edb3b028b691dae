"""Typed messages that worker threads post back to the UI, named for what has happened."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from planner.domain.contract import Contract
    from planner.store.triage import ContractRow, TriageQuery, Window
    from planner.tui.readers import ContractDetail, MilestoneBoard, Overview, ProgrammeView


class ContractsLoaded(Message):
    """A fresh count and window of the triage table for a query, and where the cursor goes."""

    def __init__(self, generation: int, query: TriageQuery, window: Window, cursor: int) -> None:
        super().__init__()
        self.generation = generation
        self.query = query
        self.window = window
        self.cursor = cursor


class WindowLoaded(Message):
    """More rows of the current triage query, read as the user scrolled."""

    def __init__(self, generation: int, offset: int, rows: list[ContractRow]) -> None:
        super().__init__()
        self.generation = generation
        self.offset = offset
        self.rows = rows


class ChoicesLoaded(Message):
    """The departments and officers that filters and pickers offer."""

    def __init__(self, departments: list[str], officers: list[str]) -> None:
        super().__init__()
        self.departments = departments
        self.officers = officers


class ChangeSaved(Message):
    """A write was committed; `summary` says what it did."""

    def __init__(
        self,
        summary: str,
        contract_ids: tuple[int, ...] = (),
        next_position: int | None = None,
        versions: dict[int, int] | None = None,
    ) -> None:
        super().__init__()
        self.summary = summary
        self.contract_ids = contract_ids
        self.next_position = next_position
        # Each saved contract's new version, so marks kept on screen stay editable.
        self.versions = versions or {}

    @classmethod
    def of_contracts(
        cls, summary: str, saved: Sequence[Contract], next_position: int | None = None
    ) -> ChangeSaved:
        """The message for a change that saved `saved`, with their ids and new versions."""
        return cls(
            summary, tuple(c.id for c in saved), next_position, {c.id: c.version for c in saved}
        )


class ChangeReversed(Message):
    """An undo or redo ran, or found nothing to do (then `summary` is None)."""

    def __init__(self, summary: str | None, redo: bool) -> None:
        super().__init__()
        self.summary = summary
        self.redo = redo


class UndoNeedsConfirmation(Message):
    """The next undo would reverse an import (removing contracts): ask first."""

    def __init__(self, change_id: int, summary: str, rows: int) -> None:
        super().__init__()
        self.change_id = change_id
        self.summary = summary
        self.rows = rows


class EditRefused(Message):
    """A write was refused (invalid, or someone else changed the record); nothing was saved."""

    def __init__(self, reason: str, conflict: bool = False) -> None:
        super().__init__()
        self.reason = reason
        self.conflict = conflict


class OverviewLoaded(Message):
    """The dashboard's figures were read."""

    def __init__(self, overview: Overview) -> None:
        super().__init__()
        self.overview = overview


class ContractDetailLoaded(Message):
    """One contract, its flags, milestones and history were read."""

    def __init__(self, detail: ContractDetail) -> None:
        super().__init__()
        self.detail = detail


class ProgrammeLoaded(Message):
    """The planned reviews and officer load for the programme screen were read."""

    def __init__(self, programme: ProgrammeView) -> None:
        super().__init__()
        self.programme = programme


class MilestonesLoaded(Message):
    """Milestones overdue and due this week and next were read."""

    def __init__(self, board: MilestoneBoard) -> None:
        super().__init__()
        self.board = board


class Replanned(Message):
    """The scheduler ran and stored a new plan."""

    def __init__(self, summary: str) -> None:
        super().__init__()
        self.summary = summary


class DatabaseChanged(Message):
    """Another process committed to the database since this app last looked."""


class PlanUpdated(Message):
    """The live re-plan after a change finished: `summary` says what it planned, or is None
    when another program was writing (it is tried again shortly); `error` says why it
    failed (the change itself was saved)."""

    def __init__(self, summary: str | None, error: str | None = None) -> None:
        super().__init__()
        self.summary = summary
        self.error = error
