"""The scheduler, case by case: dates worked out by hand on the England and Wales calendar."""

from __future__ import annotations

from datetime import date, timedelta

from planner.domain.calendar import england_and_wales
from planner.domain.contract import Contract
from planner.domain.levelling import Officer
from planner.domain.plan import ReviewInput, ReviewPlan, Team
from planner.domain.routes import SchedulingRules, Stage, build_routes
from planner.domain.rules import Rules, Threshold
from planner.domain.scheduler import plan_programme

TODAY = date(2026, 11, 25)
CAL = england_and_wales(2023, 2031)


def _award_rules() -> SchedulingRules:
    """A three-stage route ending in a standstill, for checking dates by hand (thresholds of
    £40,000, so the £50,000 contracts here are above them and have the award notice and
    standstill: PA 2023 s.50, s.51)."""
    stages = [
        Stage("award-notice", 11, 110, "Contract award notice published"),
        Stage("standstill", 12, 120, "Standstill"),
        Stage("signed", 13, 130, "Contract signed"),
        Stage("new-start", 16, 160, "New contract starts", hard_date=True),
    ]
    routes = build_routes(
        stages,
        [("award", "Award only", "2 weeks", 0, None, False, False, "")],
        [
            ("award", "award-notice", 0, 1),
            ("award", "standstill", 8, 1),
            ("award", "signed", 1, 1),
            ("award", "new-start", 0, 0),
        ],
        {},
    )
    low = Rules(thresholds=(Threshold(date(2024, 1, 1), None, 40_000_00, 40_000_00, 40_000_00),))
    return SchedulingRules(routes, {s.code: s for s in stages}, rules=low)


def _contract(**fields: object) -> Contract:
    base: dict[str, object] = {
        "id": 1, "ref": "EST-001", "department": "Estates", "total_value": 50_000_00,
        "owner": "J. Patel", "end_date": date(2027, 9, 30),
    }  # fmt: skip
    base.update(fields)
    return Contract(**base)  # type: ignore[arg-type]


def _plan(
    rules: SchedulingRules, *contracts: Contract, team: Team | None = None, today: date = TODAY,
    **inputs: object,
) -> list[ReviewPlan]:  # fmt: skip
    items = [ReviewInput(c, **inputs) for c in contracts]  # type: ignore[arg-type]
    return plan_programme(items, rules, team or Team(), today, CAL).reviews


def _milestone(plan: ReviewPlan, stage: str) -> tuple[date | None, date | None]:
    found = next(m for m in plan.milestones if m.stage == stage)
    return found.planned, found.latest


def test_a_standstill_over_easter_ends_on_13_april_and_signing_is_the_day_after() -> None:
    # New contract starts Wed 15 Apr 2026: sign by Tue 14 Apr, so the standstill must end by
    # Mon 13 Apr and the award notice go out by Tue 31 Mar (docs/rules.md's worked cases).
    contract = _contract(end_date=date(2026, 4, 14), route="award")
    (review,) = _plan(_award_rules(), contract, today=date(2026, 1, 5))
    assert _milestone(review, "award-notice")[1] == date(2026, 3, 31)
    assert _milestone(review, "standstill")[1] == date(2026, 4, 13)
    assert _milestone(review, "signed")[1] == date(2026, 4, 14)
    assert _milestone(review, "new-start") == (date(2026, 4, 15), date(2026, 4, 15))


def test_a_standstill_over_christmas_ends_on_6_january_counting_scotlands_2_january() -> None:
    """PA 2023 s.123: a bank holiday in any part of the UK is not a working day, so on the
    scheduler's own (UK-wide) calendar the standstill ends on Tue 6 Jan, not Mon 5 Jan."""
    contract = _contract(end_date=date(2026, 1, 7), route="award")
    items = [ReviewInput(contract)]
    (review,) = plan_programme(items, _award_rules(), Team(), date(2025, 11, 3)).reviews
    assert _milestone(review, "award-notice")[1] == date(2025, 12, 22)
    assert _milestone(review, "standstill")[1] == date(2026, 1, 6)


def test_with_no_margin_and_no_team_every_stage_is_planned_at_its_latest_date() -> None:
    contract = _contract(end_date=date(2026, 4, 14), route="award")
    (review,) = _plan(_award_rules(), contract, today=date(2026, 1, 5))
    assert all(m.planned == m.latest for m in review.milestones)
    assert review.start == date(2026, 3, 31)
    # Mon 5 Jan to Tue 31 Mar 2026: 20 + 20 + 21 working days, no bank holidays between.
    assert review.slack_days == 61
    assert review.rag == "green"


def test_the_notice_deadline_pulls_the_first_stages_forward(seeded: SchedulingRules) -> None:
    # Ends 31 Mar 2028 with 12 months' notice: notice by 31 Mar 2027, so options appraisal
    # (5 days) and needs analysis (10 days) must start 15 working days before that.
    contract = _contract(end_date=date(2028, 3, 31), notice_period="P12M", route="open")
    (review,) = _plan(seeded, contract)
    assert review.notice_date == date(2027, 3, 31)
    assert _milestone(review, "notice")[1] == date(2027, 3, 31)
    assert _milestone(review, "options")[1] == date(2027, 3, 30)
    first_latest = CAL.subtract_working_days(date(2027, 3, 31), 15)
    assert review.slack_days == CAL.working_days_between(TODAY, first_latest)


def test_an_open_procedure_that_cannot_make_its_date_is_red_and_names_a_faster_route(
    seeded: SchedulingRules,
) -> None:
    # Open procedure needs about 141 working days; 1 Apr 2027 is 85 working days away.
    contract = _contract(end_date=date(2027, 3, 31), route="open", total_value=500_000_00)
    (review,) = _plan(seeded, contract)
    assert review.rag == "red"
    assert review.slack_days is not None and review.slack_days < 0
    assert "infeasible" in review.flags
    assert any("Would still make it: Framework further competition" in r for r in review.reasons)


def test_with_no_faster_route_it_says_an_extension_or_interim_arrangement_is_needed(
    seeded: SchedulingRules,
) -> None:
    contract = _contract(end_date=date(2026, 12, 10), route="open",
                         max_end_date=date(2027, 12, 10))  # fmt: skip
    (review,) = _plan(seeded, contract)
    assert review.rag == "red"
    # Extension is quicker (about 20 working days) but 11 Dec is only 12 working days off.
    assert any(
        "needs an extension or interim arrangement (the contract allows extension to "
        "10 Dec 2027)" in r
        for r in review.reasons
    )


def test_a_review_with_no_route_gets_a_provisional_one_from_its_value(
    seeded: SchedulingRules,
) -> None:
    small = _contract(ref="A", total_value=100_000_00, end_date=date(2028, 3, 31))
    large = _contract(id=2, ref="B", total_value=300_000_00, end_date=date(2028, 3, 31))
    a, b = _plan(seeded, small, large)
    assert (a.route, a.route_provisional) == ("quotes", True)
    assert (b.route, b.route_provisional) == ("open", True)
    assert any("provisional" in r for r in a.reasons)


def test_the_threshold_is_the_one_in_force_on_the_planned_start(seeded: SchedulingRules) -> None:
    # A threshold row from 1 Jan 2028 raises goods and services to £250,000. A £220,000
    # contract ending in July 2028 would commence either route in 2028: below, so quotes.
    # One whose open procedure would publish its tender notice in Dec 2027 (above) but
    # whose quotes would be asked for in 2028 (below): quotes it is, on the threshold in
    # force when it commences, and the crossing is said.
    rules = Rules(
        thresholds=(
            Threshold(date(2026, 1, 1), date(2027, 12, 31), 20_772_000, 519_300_000, 66_354_000),
            Threshold(date(2028, 1, 1), None, 25_000_000, 519_300_000, 66_354_000),
        )
    )
    custom = SchedulingRules(seeded.routes, seeded.stages, seeded.decision_routes, rules)
    # Values including VAT, so the test is of the threshold row alone.
    contract = _contract(
        total_value=220_000_00, end_date=date(2028, 7, 31), values_include_vat=True
    )
    (review,) = _plan(custom, contract)
    assert review.route == "quotes"
    # The open procedure's tender notice is 79 working days before the new start.
    new_start = CAL.add_working_days(date(2027, 12, 20), 79)
    spring = _contract(
        total_value=220_000_00, end_date=new_start - timedelta(days=1), values_include_vat=True
    )
    (review,) = _plan(custom, spring)
    assert review.route == "quotes"
    assert "threshold_crossed" in review.flags
    assert any(r.startswith("Threshold crossed") for r in review.reasons)


def test_a_decision_implies_its_route(seeded: SchedulingRules) -> None:
    contract = _contract(decision="extend", max_end_date=date(2028, 9, 30))
    (review,) = _plan(seeded, contract)
    assert (review.route, review.route_provisional) == ("extension", False)
    # £50,000 is below the threshold: no contract change notice (PA 2023 s.75(1)).
    assert [m.stage for m in review.milestones] == [
        "needs-analysis", "options", "notice", "change-check", "new-start",
    ]  # fmt: skip


def test_little_slack_is_amber_with_the_margin_in_words(seeded: SchedulingRules) -> None:
    # Quotes: 52 working days to the new start, margin 10.
    end = CAL.add_working_days(TODAY, 56)
    (review,) = _plan(seeded, _contract(end_date=end, route="quotes"))
    assert review.slack_days == 5
    assert review.rag == "amber"
    assert review.reasons[0] == (
        "Only 5 working days of slack; Quotes below threshold needs a margin of 10 working days"
    )


def test_an_actual_date_replans_what_follows(seeded: SchedulingRules) -> None:
    contract = _contract(route="quotes", end_date=date(2027, 4, 30))
    (before,) = _plan(seeded, contract)
    done_late = {"needs-analysis": date(2027, 2, 10), "options": date(2027, 2, 12)}
    (after,) = _plan(seeded, contract, actuals=done_late)
    assert _milestone(after, "options")[0] == date(2027, 2, 12)
    notice = next(m for m in after.milestones if m.stage == "notice")
    assert notice.starts == date(2027, 2, 15)  # the next working day after the actual
    assert after.slack_days is not None and before.slack_days is not None
    assert after.slack_days < before.slack_days


def test_slippage_is_counted_in_working_days_against_the_baseline(
    seeded: SchedulingRules,
) -> None:
    contract = _contract(route="quotes", end_date=date(2027, 4, 30))
    baselines = {"needs-analysis": date(2027, 1, 29)}
    (review,) = _plan(seeded, contract, actuals={"needs-analysis": date(2027, 2, 3)},
                      baselines=baselines)  # fmt: skip
    needs = review.milestones[0]
    assert needs.slippage_days == 3  # Fri 29 Jan -> Wed 3 Feb


def test_an_overdue_milestone_makes_a_review_amber(seeded: SchedulingRules) -> None:
    contract = _contract(route="quotes", end_date=date(2027, 9, 30))
    baselines = {"needs-analysis": date(2026, 11, 20)}
    (review,) = _plan(seeded, contract, baselines=baselines)
    assert review.rag == "amber"
    assert "Review and needs analysis was due on 20 Nov 2026 and is not done" in review.reasons


def test_a_passed_notice_deadline_is_red(seeded: SchedulingRules) -> None:
    contract = _contract(route="quotes", end_date=date(2027, 9, 30), notice_period="P12M")
    (review,) = _plan(seeded, contract)
    assert review.rag == "red"
    assert "notice_passed" in review.flags
    assert review.reasons[0].startswith("Notice deadline 30 Sep 2026 has passed")


def test_a_contract_with_no_end_date_is_listed_as_needing_data(seeded: SchedulingRules) -> None:
    plan = plan_programme(
        [ReviewInput(_contract(end_date=None, owner=None, total_value=None))], seeded, Team(),
        TODAY, CAL,
    )  # fmt: skip
    assert plan.reviews == []
    (gap,) = plan.needing_data
    assert gap.missing == ("end date", "value", "owner")


def test_when_a_week_is_full_work_is_pulled_earlier_and_keeps_its_deadline(
    seeded: SchedulingRules,
) -> None:
    # One officer with 5 hours a week; two identical quotes reviews. The second cannot sit
    # where the first does, so it moves earlier, and neither misses its date.
    team = Team((Officer("A. Khan", 5),))
    a = _contract(id=1, ref="A", route="quotes", end_date=date(2027, 9, 30), priority=1)
    b = _contract(id=2, ref="B", route="quotes", end_date=date(2027, 9, 30), priority=2)
    first, second = _plan(seeded, a, b, team=team)
    assert first.milestones[0].starts is not None and second.milestones[0].starts is not None
    assert second.milestones[0].starts < first.milestones[0].starts
    assert "late" not in first.flags and "late" not in second.flags
    assert first.officer == second.officer == "A. Khan"


def test_officers_are_assigned_by_skill_then_by_load(seeded: SchedulingRules) -> None:
    team = Team((Officer("A. Khan", 30, ("ICT",)), Officer("B. Shaw", 30),
                 Officer("C. Doyle", 30)))  # fmt: skip
    ict = _contract(id=1, ref="ICT-1", department="ICT", route="quotes")
    est = _contract(id=2, ref="EST-1", route="quotes", priority=1)
    est2 = _contract(id=3, ref="EST-2", route="quotes", priority=2)
    plans = {p.ref: p for p in _plan(seeded, ict, est, est2, team=team)}
    assert plans["ICT-1"].officer == "A. Khan"
    # Nobody knows Estates, so least loaded first: everyone is at 0, then by name.
    assert plans["EST-1"].officer == "A. Khan"
    assert plans["EST-2"].officer == "B. Shaw"


def test_a_named_officer_is_kept_and_one_outside_the_team_is_said(
    seeded: SchedulingRules,
) -> None:
    team = Team((Officer("A. Khan", 30),))
    (review,) = _plan(seeded, _contract(officer="Z. Nobody", route="quotes"), team=team)
    assert review.officer == "Z. Nobody"
    assert "officer_unknown" in review.flags


def test_closed_contracts_are_not_planned(seeded: SchedulingRules) -> None:
    assert _plan(seeded, _contract(status="completed")) == []


def test_no_stage_is_planned_more_than_a_year_before_the_contract_starts(
    seeded: SchedulingRules,
) -> None:
    """docs/rules.md, "Scheduling", step 4: a contract is let at most about a year before it
    starts, so a review of one starting on 6 Aug 2028 cannot begin before 6 Aug 2027, however
    free the officers are; the planner refuses a stage recorded as done earlier than that, so
    it may not plan one there either (the demo's CUS-00014 had its needs analysis planned for
    7 Dec 2026, which `milestone done` then refused)."""
    # One officer with 3 hours a week and twelve reviews due together: the levelling pulls
    # most of them far earlier than their latest dates.
    team = Team((Officer("A. Khan", 3),))
    futures = [
        _contract(
            id=n,
            ref=f"CUS-{n:03d}",
            route="quotes",
            start_date=date(2028, 8, 6),
            end_date=date(2029, 8, 5),
            priority=n,
        )
        for n in range(1, 13)
    ]
    reviews = _plan(seeded, *futures, team=team)
    starts = [m.starts for r in reviews for m in r.milestones if m.starts is not None]
    assert starts and min(starts) >= date(2027, 8, 6)
    # A contract that started long ago is planned from today as before.
    started = _contract(id=2, ref="EST-002", route="quotes", start_date=date(2024, 8, 6))
    (other,) = _plan(seeded, started, team=team)
    assert min(m.starts for m in other.milestones if m.starts is not None) < date(2027, 8, 6)
