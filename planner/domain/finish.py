"""Finishing one levelled review: its milestones as dates, and its verdict."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from datetime import date
from typing import Any

from planner.domain.calendar import WorkingCalendar, slippage_days
from planner.domain.placement import ReviewWork
from planner.domain.plan import MilestonePlan, ReviewPlan, Team
from planner.domain.rag import ReviewFacts, judge
from planner.domain.schedule_run import ScheduleRun
from planner.domain.timetable import Step


def finish_review(review: ReviewWork, run: ScheduleRun, team: Team, has_team: bool) -> ReviewPlan:
    """The review's milestones (indices turned into dates, slippage against the baseline)
    and its verdict."""
    item, window = review.item, review.window
    actuals, baselines = item.actuals, item.baselines
    latest, done, anchor = window.latest, window.done, window.anchor
    placed = review.starts
    new_start, officer = review.new_start, review.officer
    dates, cal = run.dates, run.cal
    size = len(dates)  # an index past the calendar goes to cal.day, which says so
    milestones: list[MilestonePlan] = []
    late_stages: list[str] = []
    latest_days = _window_latest_days(review, dates, cal)
    # Each `MilestonePlan(...)` made in place, through its slots (`_slot_setters`), not
    # a function call per milestone: 650,000 of them at national scale.
    s0, s1, s2, s3, s4, s5, s6, s7 = _SET_MILESTONE
    make = object.__new__
    for i, (code, d, after_start, fixed, _, _, _) in enumerate(review.steps):
        actual = actuals.get(code)
        baseline = baselines.get(code)
        start = placed[i] if placed else None
        if done[i] or start is None:
            planned, starts = actual, None
        else:
            starts = dates[start] if 0 <= start < size else cal.day(start)
            if fixed and start <= anchor:
                planned = new_start
            elif after_start or not d:
                planned = starts  # an event (or one in a window after the start), not work
            else:
                last = start + d - 1  # its last working day (not negative)
                planned = dates[last] if last < size else cal.day(last)
            if start > latest[i]:
                late_stages.append(code)
        m = make(MilestonePlan)
        s0(m, code)
        s1(m, starts)
        s2(m, planned)
        s3(m, latest_days[i])
        s4(m, baseline)
        s5(m, actual)
        s6(m, officer)
        s7(m, None if baseline is None else slippage_days(cal, baseline, actual or planned))
        milestones.append(m)
    # A passed notice deadline stays where it was (docs/rules.md, "Notice deadline"): the
    # review's work starts on a later stage.
    first_start = _first_start(milestones, review.steps, run.today)
    judgement = judge(_facts(review, run, team, has_team, milestones, late_stages))
    # The same sentences recur on thousands of reviews: each distinct one is held once
    # (flags are their codes' own objects already).
    texts = run.texts
    reasons = tuple([texts.setdefault(text, text) for text in judgement.reasons])
    return _plan(review, judgement.rag, reasons, judgement.flags, first_start, tuple(milestones))


def _first_start(
    milestones: list[MilestonePlan], steps: tuple[Step, ...], today: date
) -> date | None:
    # The start of the first open stage before the new contract start that is not in the
    # past (only a passed notice deadline is).
    for m, step in zip(milestones, steps, strict=True):
        if not step.after_start and m.starts is not None and m.starts >= today:
            return m.starts
    return None


def _window_latest_days(
    review: ReviewWork, dates: tuple[date, ...], cal: WorkingCalendar
) -> list[date | None]:
    # The same for every review sharing the window (its route, new start and notice date):
    # worked out by the first review finished on it.
    window = review.window
    found = window.latest_days
    if found is None:
        found = _latest_days(review.steps, window.latest, review.new_start, dates, cal)
        window.latest_days = found
    return found


def _latest_days(
    steps: tuple[Step, ...],
    latest: list[int],
    new_start: date,
    dates: tuple[date, ...],
    cal: WorkingCalendar,
) -> list[date | None]:
    # The last day each stage may finish on (an event or a stage after the start: its day;
    # the new start: its own fixed day).
    days: list[date | None] = []
    for i, (_, d, after_start, fixed, _, _, _) in enumerate(steps):
        if fixed:
            days.append(new_start)
            continue
        due = latest[i] if after_start or d == 0 else latest[i] + d - 1
        days.append(None if due < 0 else dates[due] if due < len(dates) else cal.day(due))
    return days


def _facts(
    review: ReviewWork,
    run: ScheduleRun,
    team: Team,
    has_team: bool,
    milestones: list[MilestonePlan],
    late_stages: list[str],
) -> ReviewFacts:
    # Everything the verdict weighs about this review.
    officer, window = review.officer, review.window
    return ReviewFacts(
        contract=review.item.contract,
        route=window.route,
        choice=review.choice,
        slack=window.slack,
        new_start=review.new_start,
        notice=review.notice,
        milestones=milestones,
        late_stages=late_stages,
        faster=review.faster,
        forced=review.forced,
        officer=officer,
        officer_known=officer is None or team.get(officer) is not None,
        has_team=has_team,
        rules=run.rules,
        today=run.today,
        stage_names=run.stage_names,
        notes=review.notes,
    )


def _slot_setters(cls: type, names: tuple[str, ...]) -> list[Callable[[Any, Any], None]]:
    # The slot descriptors of a frozen slots dataclass, in field order: setting them
    # directly skips the object.__setattr__ call per field that the generated __init__
    # makes, which was a fifth of finishing a plan of 50,000 reviews.
    assert names == tuple(f.name for f in fields(cls)), f"{cls.__name__} fields changed"
    return [cls.__dict__[name].__set__ for name in names]


_SET_MILESTONE = _slot_setters(
    MilestonePlan,
    ("stage", "starts", "planned", "latest", "baseline", "actual", "officer", "slippage_days"),
)


def _plan(
    review: ReviewWork,
    rag: str,
    reasons: tuple[str, ...],
    flags: tuple[str, ...],
    start: date | None,
    milestones: tuple[MilestonePlan, ...],
) -> ReviewPlan:
    contract = review.item.contract
    return ReviewPlan(
        contract_id=contract.id,
        ref=contract.ref,
        department=contract.department,
        route=review.choice.code,
        route_provisional=review.choice.provisional,
        officer=review.officer,
        notice_date=None if review.notice is None else review.notice.deadline,
        start=start,
        new_contract_start=review.new_start,
        slack_days=review.window.slack,
        rag=rag,
        reasons=reasons,
        flags=flags,
        milestones=milestones,
        title=contract.title,
        commences=review.commences,
    )
