"""When a milestone fell due, and whether it is overdue: one definition for every screen,
brief and verdict (docs/rules.md, "Overdue")."""

from __future__ import annotations

from datetime import date


def first_due(planned: date | None, baseline: date | None) -> date | None:
    """The earlier of the planned and baseline dates: a milestone is late against whichever
    came first, so re-planning it later never hides that it was missed."""
    if planned is None:
        return baseline
    if baseline is None:
        return planned
    return min(planned, baseline)


def is_overdue(
    planned: date | None,
    baseline: date | None,
    actual: date | None,
    today: date,
    *,
    baseline_only: bool = False,
) -> bool:
    """Not done, still planned, and due (planned or baseline, the earlier) before `today`.

    A stage with no planned date was passed over because a later one is done: not overdue.
    `baseline_only`: due on the baseline alone, with no baseline never overdue. The verdict
    on a plan just made uses it: the new plan's own dates are never before today, so only
    the baseline can show that a stage was missed.
    """
    if actual is not None or planned is None:
        return False
    due = baseline if baseline_only else first_due(planned, baseline)
    return due is not None and due < today
