"""Commands for the review programme's plan: decisions, the schedule itself, baselines and
milestones. Thin: each parses, calls the store, and prints."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from planner.cli import WholeHelpGroup
from planner.cli.common import (
    DATE,
    db_option,
    json_option,
    open_existing,
    print_json,
    resolve_today,
    say,
    today_option,
    who,
)
from planner.domain.calendar import calendar_covering, slippage_days
from planner.domain.checklist import approval_waits_for
from planner.domain.codes import Rag, StageCode
from planner.domain.dates import format_date
from planner.domain.notice import notice_words
from planner.domain.plan import ReviewPlan
from planner.domain.words import plural
from planner.store.checklist import review_checklist
from planner.store.contracts import find_contract
from planner.store.decisions import mark_milestone_done, record_decision, set_baseline
from planner.store.plan_reader import milestones_for
from planner.store.schedule_run import ScheduleResult, run_schedule
from planner.store.staffing import read_staffing_gaps

# ---------------------------------------------------------------- decisions


@click.command()
@click.argument("ref")
@click.option("--route", help="The route decided (e.g. open, quotes, framework-direct-award).")
@click.option("--decision", help="The review decision (extend, re-tender, call-off, ...).")
@click.option("--officer", help="The officer who will run the review.")
@click.option("--priority", help="1 (highest) to 5.")
@click.option("--risk", help="low, medium or high.")
@click.option("--department", "-d", help="Needed when two departments use the same reference.")
@db_option
def decide(
    ref: str,
    route: str | None,
    decision: str | None,
    officer: str | None,
    priority: str | None,
    risk: str | None,
    department: str | None,
    db_path: Path | None,
) -> None:
    """Record a decision on a contract: planner decide EST-00012 --route open --priority 1."""
    db = open_existing(db_path)
    contract = find_contract(db, ref, department)
    saved = record_decision(
        db,
        contract.id,
        expected_version=contract.version,
        who=who(),
        decision=decision,
        route=route,
        officer=officer,
        priority=priority,
        risk=risk,
    )
    parts = [f"route {saved.route}" if saved.route else "route by value"]
    if saved.decision:
        parts.append(f"decision {saved.decision}")
    if saved.officer:
        parts.append(f"officer {saved.officer}")
    if saved.priority:
        parts.append(f"priority {saved.priority}")
    if (saved.options_exercised or 0) > (contract.options_exercised or 0):
        parts.append(f"extension option {saved.options_exercised} taken up")
    say(
        f"{saved.ref}: {', '.join(parts)}. Run planner schedule to re-plan (a planner open "
        "on this database re-plans by itself)."
    )


# ---------------------------------------------------------------- the schedule


@click.command()
@today_option
@json_option
@db_option
def schedule(today: date | None, as_json: bool, db_path: Path | None) -> None:
    """Plan every open review, level the work across the team, and report what needs action."""
    day = resolve_today(today)
    db = open_existing(db_path)
    result = run_schedule(db, day, who())
    if as_json:
        print_json(result.to_json())
    else:
        _report(result)
    counts = {rag: sum(1 for r in result.reviews if r.rag == rag) for rag in Rag}
    say(
        f"Planned {plural(len(result.reviews), 'review')} as of {format_date(day)}: "
        f"{counts[Rag.RED]:,} red, {counts[Rag.AMBER]:,} amber, {counts[Rag.GREEN]:,} green; "
        f"{len(result.needing_data):,} {'needs' if len(result.needing_data) == 1 else 'need'} "
        f"data. {plural(result.written.total, 'stored row')} changed."
    )
    for line in read_staffing_gaps(db).sentences():
        say(line)


def _notice_line(review: ReviewPlan, today: date) -> str:
    # The plan's notice milestone is the day to serve notice by (docs/rules.md, "Notice
    # deadline"): passed is judged by it, and the deadline is named when it is later.
    deadline = review.notice_date
    serve_by = next((m.latest for m in review.milestones if m.stage == StageCode.NOTICE), deadline)
    if deadline is None or serve_by is None:
        return f"  {review.ref:<12} notice —"
    passed = " (passed)" if serve_by < today else ""
    return f"  {review.ref:<12} {notice_words(deadline, serve_by)}{passed}"


def _report(result: ScheduleResult) -> None:
    echo = click.echo

    def section(title: str, lines: list[str]) -> None:
        echo(f"{title} ({len(lines)})")
        for line in lines or ["  none"]:
            echo(line)
        echo("")

    section(
        "Infeasible on their route",
        [
            f"  {r.ref:<12} {r.route:<30} new start {format_date(r.new_contract_start)}, "
            f"{plural(-(r.slack_days or 0), 'working day')} short. "
            + next((x for x in r.reasons if x.startswith(("Would still", "No faster"))), "")
            for r in result.infeasible
        ],
    )
    section(
        "Late after levelling",
        [f"  {r.ref:<12} {r.route:<30} {r.officer or '-':<14} {r.reasons[0]}" for r in result.late],
    )
    section(
        "Notice deadlines passed or within 30 days",
        [_notice_line(r, result.today) for r in result.notices_due(30)],
    )
    section(
        "Overloaded weeks",
        [
            f"  {w.officer:<20} week of {format_date(w.week)}: {w.demand_hours:g} h planned, "
            f"{w.capacity_hours:g} h available"
            for w in result.overloaded_weeks
        ],
    )
    section(
        "Needing data (not scheduled)",
        [
            f"  {n.ref:<12} {n.department:<24} missing {', '.join(n.missing)}"
            for n in result.needing_data
        ],
    )


@click.command()
@db_option
def baseline(db_path: Path | None) -> None:
    """Make the current plan the baseline that slippage is measured against."""
    n = set_baseline(open_existing(db_path), who())
    say(
        f"Baseline set on {plural(n, 'milestone')}."
        if n
        else "The baseline already matches the plan."
    )


@click.group(cls=WholeHelpGroup)
def milestone() -> None:
    """Record milestones as done, or list one contract's milestones."""


@milestone.command("done")
@click.argument("ref")
@click.argument("stage")
@click.option("--date", "when", type=DATE, help="When it was done (default: today).")
@click.option("--department", "-d", help="Needed when two departments use the same reference.")
@today_option
@db_option
def milestone_done(
    ref: str,
    stage: str,
    when: date | None,
    department: str | None,
    today: date | None,
    db_path: Path | None,
) -> None:
    """Record STAGE (code, number or name) of REF as done: planner milestone done EST-1 6."""
    db = open_existing(db_path)
    today = resolve_today(today)
    day = when or today
    contract = find_contract(db, ref, department)
    done = mark_milestone_done(db, contract.id, stage, day, who(), today=today)
    slip = ""
    if done.baseline is not None:
        cal = calendar_covering(min(done.baseline, day), max(done.baseline, day))
        days = slippage_days(cal, done.baseline, day)
        slip = (
            f" ({plural(abs(days), 'working day')} {'late' if days > 0 else 'early'})"
            if days
            else (" (on the baseline date)")
        )
    say(
        f"{contract.ref}: {done.stage_name} done on {format_date(day)}{slip}. "
        "Run planner schedule to re-plan what follows (a planner open on this database "
        "re-plans by itself)."
    )


@milestone.command("list")
@click.argument("ref")
@click.option("--department", "-d", help="Needed when two departments use the same reference.")
@db_option
def milestone_list(ref: str, department: str | None, db_path: Path | None) -> None:
    """List one contract's milestones: planned, latest, baseline and actual dates."""
    db = open_existing(db_path)
    contract = find_contract(db, ref, department)
    click.echo(f"{'STAGE':<48} {'PLANNED':<12} {'LATEST':<12} {'BASELINE':<12} ACTUAL")
    waits = approval_waits_for(review_checklist(db, contract.id))
    for m in milestones_for(db, contract.id):
        click.echo(
            f"{m.stage_name[:48]:<48} {format_date(m.planned):<12} {format_date(m.latest):<12} "
            f"{format_date(m.baseline):<12} {format_date(m.actual)}"
        )
        if m.stage == StageCode.APPROVAL and not m.done and waits:
            # docs/rules.md, "The review checklist": say why approval cannot be recorded yet.
            click.echo(f"  waits for the review checklist: {waits}")


__all__ = ["baseline", "decide", "milestone", "schedule"]
