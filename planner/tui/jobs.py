"""Writes that more than one screen runs: re-planning, and marking a milestone done (which
re-plans what follows). Each returns a job for the app's write queue. Also how those
screens ask the day a stage was done."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from textual.message import Message
from textual.screen import Screen

from planner.domain.dates import format_date, parse_typed_date
from planner.errors import ValidationError
from planner.store.db import Database
from planner.store.decisions import mark_milestone_done
from planner.store.schedule_run import run_schedule
from planner.tui.dialogs import Entered, PromptDialog
from planner.tui.messages import ChangeSaved, Replanned


def replan_job(today: date, who: str) -> Callable[[Database], Message]:
    """Run the scheduler as of `today` and store the plan."""

    def job(db: Database) -> Message:
        result = run_schedule(db, today, who)
        return Replanned(
            f"Re-planned {len(result.reviews):,} reviews as of {format_date(today)}: "
            f"{len(result.infeasible)} infeasible, {len(result.late)} late, "
            f"{len(result.overloaded_weeks)} overloaded officer-weeks"
        )

    return job


def mark_done_job(
    contract_id: int, stage: str, actual: date, today: date, who: str
) -> Callable[[Database], Message]:
    """Record a milestone as done on `actual`, then re-plan so what follows moves with it."""

    def job(db: Database) -> Message:
        check_done_date(actual, today)
        done = mark_milestone_done(db, contract_id, stage, actual, who, today=today)
        run_schedule(db, today, who)
        return ChangeSaved(
            f"{done.ref}: {done.stage_name} done on {format_date(actual)}; re-planned",
            (contract_id,),
        )

    return job


def parse_done_date(text: str, today: date) -> date:
    """A completion date as typed ('today', 'yesterday', '3 days ago' or a date), not after
    today."""
    day = parse_typed_date(text, today)
    if day is None:
        raise ValidationError("give the date the stage was done, such as 'yesterday' or 20/11/2026")
    check_done_date(day, today)
    return day


def check_done_date(day: date, today: date) -> None:
    """Refuse a completion date after today, saying which day to give instead."""
    if day > today:
        raise ValidationError(
            f"{format_date(day)} is after today ({format_date(today)}): give the day the stage "
            "was done, today or earlier"
        )


def ask_done_date(
    screen: Screen[Any], title: str, today: date, then: Callable[[date], None]
) -> None:
    """Ask the day a stage was done (today, yesterday or a date, not after today), then go
    on to `then` with it, unless the dialog is cancelled."""

    def answered(entered: Entered[Any] | None) -> None:
        if entered is not None:
            then(entered.value)

    screen.app.push_screen(
        PromptDialog(
            title,
            lambda text: parse_done_date(text, today),
            value="yesterday",
            hint="today, yesterday, 3 days ago or a date such as 20/11/2026",
        ),
        answered,
    )
