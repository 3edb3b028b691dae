"""Properties every plan keeps, whatever the register and the team look like."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.domain.calendar import england_and_wales, monday_of
from planner.domain.codes import StageCode
from planner.domain.contract import Contract
from planner.domain.levelling import Officer, leave_days
from planner.domain.plan import ProgrammePlan, ReviewInput, Team
from planner.domain.routes import SchedulingRules
from planner.domain.scheduler import plan_programme
from planner.domain.vocab import ROUTES

TODAY = date(2026, 11, 25)
CAL = england_and_wales(2023, 2033)


@st.composite
def contracts(draw: st.DrawFn, index: int) -> Contract:
    end = TODAY + timedelta(days=draw(st.integers(-40, 1100)))
    return Contract(
        id=index + 1,
        ref=f"C-{index:03d}",
        department=draw(st.sampled_from(["Estates", "ICT", "HR"])),
        end_date=end,
        max_end_date=draw(st.sampled_from([None, end + timedelta(days=365)])),
        notice_period=draw(st.sampled_from([None, "P1M", "P3M", "P6M", "P90D"])),
        total_value=draw(st.one_of(st.none(), st.integers(1_000_00, 3_000_000_00))),
        route=draw(st.sampled_from([None, None, *ROUTES])),
        priority=draw(st.sampled_from([None, 1, 3, 5])),
        risk=draw(st.sampled_from([None, "low", "high"])),
        owner="J. Patel",
    )


@st.composite
def programmes(draw: st.DrawFn) -> tuple[list[ReviewInput], Team]:
    count = draw(st.integers(1, 12))
    items = [ReviewInput(draw(contracts(i))) for i in range(count)]
    officers = [
        Officer(name, draw(st.sampled_from([7.5, 15.0, 22.5, 30.0, 37.0])), skills)
        for name, skills in (("A. Khan", ("ICT",)), ("B. Shaw", ()), ("C. Doyle", ("HR",)))
    ][: draw(st.integers(1, 3))]
    leave = {}
    for officer in officers:
        if draw(st.booleans()):
            first = TODAY + timedelta(days=draw(st.integers(0, 300)))
            leave[officer.name] = [(first, first + timedelta(days=draw(st.integers(0, 20))))]
    return items, Team(tuple(officers), leave)


def _plan(rules: SchedulingRules, items: list[ReviewInput], team: Team) -> ProgrammePlan:
    return plan_programme(items, rules, team, TODAY, CAL)


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(programmes())
def test_no_officer_week_is_planned_above_capacity_unless_reported_overloaded(
    seeded: SchedulingRules, programme: tuple[list[ReviewInput], Team]
) -> None:
    items, team = programme
    plan = _plan(seeded, items, team)
    booked: dict[tuple[str, int], int] = defaultdict(int)
    for _, officer, week, minutes in plan.bookings:
        booked[(officer, week)] += minutes
    reported = {(w.officer, w.week) for w in plan.overloaded_weeks}
    for (officer, week), minutes in booked.items():
        person = team.get(officer)
        assert person is not None
        away = leave_days(team.leave.get(officer, ()))
        capacity = CAL.week_capacity_hours(person.weekly_hours, monday_of(week), away) * 60
        if minutes > capacity + 1:  # a minute's rounding either way
            assert (officer, monday_of(week)) in reported
            assert any("overloaded" in r.flags for r in plan.reviews if r.officer == officer)


@SETTINGS
@given(programmes())
def test_no_milestone_is_planned_after_its_latest_date_unless_the_review_is_late(
    seeded: SchedulingRules, programme: tuple[list[ReviewInput], Team]
) -> None:
    plan = _plan(seeded, *programme)
    for review in plan.reviews:
        for m in review.milestones:
            if m.planned and m.latest and m.planned > m.latest:
                assert "late" in review.flags, (review.ref, m)


@SETTINGS
@given(programmes())
def test_stages_of_one_review_run_in_order_and_never_start_before_today(
    seeded: SchedulingRules, programme: tuple[list[ReviewInput], Team]
) -> None:
    plan = _plan(seeded, *programme)
    for review in plan.reviews:
        route = seeded.routes[review.route]
        durations = {rs.stage.code: rs for rs in route.stages}
        previous_end: date | None = None
        for m in review.milestones:
            assert m.starts is not None
            if m.stage == StageCode.NOTICE and review.notice_date is not None:
                # A fixed date, never levelled: it stays put, even when passed.
                assert m.starts == m.planned == m.latest
                continue
            assert m.starts >= TODAY
            if durations[m.stage].stage.after_start:
                assert m.starts >= review.new_contract_start or m.starts == TODAY
                continue
            if previous_end is not None:
                assert m.starts >= previous_end, (review.ref, m.stage)
            days = durations[m.stage].duration_days
            previous_end = CAL.add_working_days(CAL.next_working_day(m.starts), days) if days \
                else m.starts  # fmt: skip
        if review.start is not None:
            assert review.start >= TODAY


@SETTINGS
@given(programmes())
def test_a_review_that_cannot_make_its_date_is_never_green(
    seeded: SchedulingRules, programme: tuple[list[ReviewInput], Team]
) -> None:
    plan = _plan(seeded, *programme)
    for review in plan.reviews:
        if review.slack_days is not None and review.slack_days < 0:
            assert review.rag == "red"
            assert "infeasible" in review.flags
        if "late" in review.flags or "ended" in review.flags:
            assert review.rag != "green"


@SETTINGS
@given(programmes())
def test_the_same_inputs_always_give_the_same_plan(
    seeded: SchedulingRules, programme: tuple[list[ReviewInput], Team]
) -> None:
    first = _plan(seeded, *programme)
    again = _plan(seeded, *programme)
    assert first.reviews == again.reviews
    assert first.workload == again.workload


@SETTINGS
@given(programmes())
def test_a_lean_plan_is_the_same_plan(
    seeded: SchedulingRules, programme: tuple[list[ReviewInput], Team]
) -> None:
    """A lean plan (the CLI's: each review's working state let go as it is finished) gives
    the same reviews, milestones and workload as one that keeps its memo."""
    kept = _plan(seeded, *programme)
    lean = plan_programme(*programme[:1], seeded, programme[1], TODAY, CAL, lean=True)
    assert lean.reviews == kept.reviews
    assert lean.workload == kept.workload
    assert lean.needing_data == kept.needing_data
    assert lean.booked == []
