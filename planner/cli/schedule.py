"""Commands for the review programme: the team, the rules, decisions, the schedule itself,
baselines and milestones. Thin: each parses, calls the store, and prints."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click

from planner.cli.common import (
    DATE,
    db_option,
    json_option,
    print_json,
    resolve_db,
    resolve_today,
    say,
    today_option,
    who,
)
from planner.domain.calendar import calendar_covering, slippage_days
from planner.domain.dates import format_date
from planner.domain.money import parse_money
from planner.domain.words import plural
from planner.store import open_db
from planner.store.contracts import find_contract
from planner.store.db import Database
from planner.store.rules import load_settings
from planner.store.tender_periods import list_tender_periods


def _open(db_path: Path | None) -> Database:
    # Only init and demo create a database: a mistyped --db must not start an empty one.
    return open_db(resolve_db(db_path), create=False)


def _skills(text: str | None) -> list[str]:
    return [s.strip() for s in (text or "").split(",") if s.strip()]


# ---------------------------------------------------------------- team


@click.group()
def officer() -> None:
    """Keep the procurement team: officers, weekly hours, skills."""


@officer.command("add")
@click.argument("name")
@click.option("--hours", type=float, required=True, help="Hours a week for review work.")
@click.option("--skills", help="Departments or categories they know, comma-separated.")
@db_option
def officer_add(name: str, hours: float, skills: str | None, db_path: Path | None) -> None:
    """Add an officer, e.g. planner officer add "A. Khan" --hours 30 --skills ICT,Estates."""
    from planner.store.team import add_officer

    added = add_officer(_open(db_path), name, hours, who(), _skills(skills))
    skill_text = f" ({', '.join(added.skills)})" if added.skills else ""
    say(f"Added {added.name}: {added.weekly_hours:g} hours a week{skill_text}.")


@officer.command("set")
@click.argument("name")
@click.option("--hours", type=float, help="New weekly hours.")
@click.option("--skills", help="New skills, comma-separated (replaces the old ones).")
@db_option
def officer_set(name: str, hours: float | None, skills: str | None, db_path: Path | None) -> None:
    """Change an officer's weekly hours or skills."""
    from planner.store.team import update_officer

    person = update_officer(
        _open(db_path),
        name,
        who(),
        hours=hours,
        skills=_skills(skills) if skills is not None else None,
    )
    say(f"{person.name}: {person.weekly_hours:g} hours a week, skills {', '.join(person.skills)}.")


@officer.command("list")
@json_option
@db_option
def officer_list(as_json: bool, db_path: Path | None) -> None:
    """List the officers with their hours and skills."""
    from planner.store.team import list_leave, list_officers

    db = _open(db_path)
    officers = list_officers(db)
    leave = list_leave(db)
    if as_json:
        print_json(
            [
                {
                    "name": o.name,
                    "weekly_hours": o.weekly_hours,
                    "skills": list(o.skills),
                    "leave": [
                        [s.isoformat(), e.isoformat()] for _, n, s, e in leave if n == o.name
                    ],
                }
                for o in officers
            ]
        )
        return
    for o in officers:
        booked = sum(1 for _, n, _, _ in leave if n == o.name)
        click.echo(
            f"{o.name:<20} {o.weekly_hours:>5g} h/week  {', '.join(o.skills) or '-':<30}"
            f"  {booked} leave booking{'' if booked == 1 else 's'}"
        )
    say(f"{plural(len(officers), 'officer')}.")


@click.group()
def leave() -> None:
    """Book officers' leave (it reduces their weekly capacity)."""


@leave.command("add")
@click.argument("name")
@click.argument("first", type=DATE)
@click.argument("last", type=DATE)
@db_option
def leave_add(name: str, first: date, last: date, db_path: Path | None) -> None:
    """Book leave from FIRST to LAST inclusive, e.g. "A. Khan" 2026-08-03 2026-08-14."""
    from planner.store.team import add_leave, get_officer

    db = _open(db_path)
    add_leave(db, name, first, last, who())
    person = get_officer(db, name).name
    say(f"Leave booked for {person}: {format_date(first)} to {format_date(last)}.")


@leave.command("list")
@db_option
def leave_list(db_path: Path | None) -> None:
    """List booked leave."""
    from planner.store.team import list_leave

    for _, name, first, last in list_leave(_open(db_path)):
        click.echo(f"{name:<20} {format_date(first)} to {format_date(last)}")


# ---------------------------------------------------------------- rules


@click.group()
def rules() -> None:
    """Show or change the rules held as data: routes, stages, thresholds, settings."""


def _rules_document(db: Database) -> dict[str, Any]:
    from planner.store.schedule_rules import load_scheduling_rules

    loaded = load_scheduling_rules(db)
    return {
        "routes": [
            {
                "code": r.code,
                "name": r.name,
                "lead_time": r.lead_time,
                "working_days": r.working_days,
                "risk_margin_days": r.risk_margin_days,
                "fallback_order": r.fallback_order,
                "condition": r.condition,
                "stages": [
                    {
                        "stage": s.stage.code,
                        "days": s.duration_days,
                        "hours": s.effort_hours,
                        "min_calendar_days": s.min_calendar_days,
                    }
                    for s in r.stages
                ],
            }
            for r in loaded.routes.values()
        ],
        "stages": [
            {"code": s.code, "number": s.number, "name": s.name, "hard_date": s.hard_date}
            for s in loaded.stages.values()
        ],
        "thresholds": [
            {
                "starts": t.starts.isoformat(),
                "ends": t.ends.isoformat() if t.ends else None,
                "goods_services": t.goods_services / 100,
                "works": t.works / 100,
                "light_touch": t.light_touch / 100,
            }
            for t in loaded.rules.thresholds
        ],
        "decision_routes": dict(loaded.decision_routes),
        "tender_periods": [period._asdict() for period in list_tender_periods(db)],
        "settings": dict(sorted(load_settings(db).items())),
    }


@rules.command("show")
@json_option
@db_option
def rules_show(as_json: bool, db_path: Path | None) -> None:
    """Show routes with their stage templates, thresholds, tender periods and settings."""
    document = _rules_document(_open(db_path))
    if as_json:
        print_json(document)
        return
    for route in document["routes"]:
        click.echo(
            f"{route['code']}: {route['name']} ({route['lead_time']}; "
            f"{plural(route['working_days'], 'working day')}; "
            f"risk margin {route['risk_margin_days']})"
        )
        for s in route["stages"]:
            minimum = (
                f", at least {plural(s['min_calendar_days'], 'calendar day')}"
                if s["min_calendar_days"]
                else ""
            )
            click.echo(f"    {s['stage']:<20} {s['days']:>4} days {s['hours']:>6g} h{minimum}")
    click.echo("thresholds (from, to, goods and services, works, light touch):")
    for t in document["thresholds"]:
        click.echo(
            f"    {t['starts']} {t['ends'] or 'onwards':<10} £{t['goods_services']:,.0f} "
            f"£{t['works']:,.0f} £{t['light_touch']:,.0f}"
        )
    click.echo("tender periods (calendar days):")
    for t in document["tender_periods"]:
        used = " (used)" if t["applies"] else ""
        click.echo(f"    {t['route']:<22} {t['min_days']:>3}  {t['condition']}{used}")
    click.echo("decisions imply routes:")
    for decision, route in document["decision_routes"].items():
        click.echo(f"    {decision:<12} -> {route or 'by value'}")
    click.echo("settings:")
    for key, value in document["settings"].items():
        click.echo(f"    {key} = {value}")


@rules.group("set")
def rules_set() -> None:
    """Change one rule (every change is audited and can be undone)."""


@rules_set.command("route")
@click.argument("code")
@click.option("--margin", type=int, help="Risk margin in working days (slack below is Amber).")
@click.option("--lead-time", help="Typical end-to-end, in words.")
@click.option("--fallback", type=int, help="Order offered as a faster route (0: never).")
@db_option
def rules_set_route(
    code: str,
    margin: int | None,
    lead_time: str | None,
    fallback: int | None,
    db_path: Path | None,
) -> None:
    """Change a route: planner rules set route open --margin 25."""
    from planner.store.route_rules import set_route

    n = set_route(
        _open(db_path),
        code,
        who(),
        risk_margin_days=margin,
        lead_time=lead_time,
        fallback_order=fallback,
    )
    say(f"Route {code}: {n} value{'' if n == 1 else 's'} changed.")


@rules_set.command("stage")
@click.argument("route")
@click.argument("stage")
@click.option("--days", type=int, help="Working days the stage takes on this route.")
@click.option("--hours", type=float, help="Officer effort in hours.")
@click.option("--remove", is_flag=True, help="Take the stage out of the route.")
@db_option
def rules_set_stage(
    route: str,
    stage: str,
    days: int | None,
    hours: float | None,
    remove: bool,
    db_path: Path | None,
) -> None:
    """Set a stage in a route: planner rules set stage open tender-period --days 30 --hours 4."""
    from planner.store.route_rules import remove_route_stage, set_route_stage

    db = _open(db_path)
    if remove:
        remove_route_stage(db, route, stage, who())
        say(f"Removed {stage} from {route}.")
        return
    n = set_route_stage(db, route, stage, who(), days=days, hours=hours)
    say(f"{route} {stage}: {n} value{'' if n == 1 else 's'} changed.")


def _pence(text: str | None) -> int | None:
    return None if text is None else parse_money(text)


@rules_set.command("threshold")
@click.argument("starts", type=DATE)
@click.option("--ends", type=DATE, help="Last day the row applies to.")
@click.option("--goods", help="Goods and services threshold, e.g. £207,720.")
@click.option("--works", help="Works threshold.")
@click.option("--light-touch", help="Light touch threshold.")
@db_option
def rules_set_threshold(
    starts: date,
    ends: date | None,
    goods: str | None,
    works: str | None,
    light_touch: str | None,
    db_path: Path | None,
) -> None:
    """Change or add the threshold row for procurements started from STARTS."""
    from planner.store.route_rules import set_threshold

    n = set_threshold(
        _open(db_path),
        starts,
        who(),
        ends=ends,
        goods_services=_pence(goods),
        works=_pence(works),
        light_touch=_pence(light_touch),
    )
    say(f"Threshold from {format_date(starts)}: {n} value{'' if n == 1 else 's'} changed.")


@rules_set.command("setting")
@click.argument("key")
@click.argument("value")
@db_option
def rules_set_setting(key: str, value: str, db_path: Path | None) -> None:
    """Change a setting: planner rules set setting notice_warning_days 45."""
    from planner.store.route_rules import set_setting

    n = set_setting(_open(db_path), key, value, who())
    say(f"{key} = {value}" if n else f"{key} was already {value}.")


@rules_set.command("tender-period")
@click.argument("route")
@click.argument("condition")
@click.argument("days", type=int)
@click.option("--reference-only", is_flag=True, help="Record it without the scheduler using it.")
@db_option
def rules_set_tender_period(
    route: str, condition: str, days: int, reference_only: bool, db_path: Path | None
) -> None:
    """Set a minimum tender period in calendar days for a route and condition."""
    from planner.store.route_rules import set_tender_period

    set_tender_period(_open(db_path), route, condition, days, who(), applies=not reference_only)
    say(f"{route}: at least {plural(days, 'day')} ({condition}).")


@rules_set.command("decision")
@click.argument("decision")
@click.argument("route")
@db_option
def rules_set_decision(decision: str, route: str, db_path: Path | None) -> None:
    """Say which route a decision implies (ROUTE 'by-value': chosen by value)."""
    from planner.domain.vocab import canonical
    from planner.store.route_rules import set_decision_route

    code = canonical("decision", decision) or decision
    target = None if route == "by-value" else canonical("route", route)
    set_decision_route(_open(db_path), code, target, who())
    say(f"{code} -> {target or 'by value'}.")


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
    from planner.store.decisions import record_decision

    db = _open(db_path)
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
    say(f"{saved.ref}: {', '.join(parts)}. Run planner schedule to re-plan.")


# ---------------------------------------------------------------- the schedule


@click.command()
@today_option
@json_option
@db_option
def schedule(today: date | None, as_json: bool, db_path: Path | None) -> None:
    """Plan every open review, level the work across the team, and report what needs action."""
    from planner.store.schedule_run import run_schedule

    day = resolve_today(today)
    db = _open(db_path)
    result = run_schedule(db, day, who())
    if as_json:
        print_json(result.to_json())
    else:
        _report(result)
    counts = {
        rag: sum(1 for r in result.reviews if r.rag == rag) for rag in ("red", "amber", "green")
    }
    say(
        f"Planned {plural(len(result.reviews), 'review')} as of {format_date(day)}: "
        f"{counts['red']:,} red, {counts['amber']:,} amber, {counts['green']:,} green; "
        f"{len(result.needing_data):,} {'needs' if len(result.needing_data) == 1 else 'need'} "
        f"data. {plural(result.written.total, 'stored row')} changed."
    )


def _report(result: Any) -> None:
    from planner.store.schedule_run import ScheduleResult

    assert isinstance(result, ScheduleResult)
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
        [
            f"  {r.ref:<12} notice {format_date(r.notice_date)}"
            f"{' (passed)' if r.notice_date and r.notice_date < result.today else ''}"
            for r in result.notices_due(30)
        ],
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
    from planner.store.decisions import set_baseline

    n = set_baseline(_open(db_path), who())
    say(
        f"Baseline set on {plural(n, 'milestone')}."
        if n
        else "The baseline already matches the plan."
    )


@click.group()
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
    from planner.store.decisions import mark_milestone_done

    db = _open(db_path)
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
        "Run planner schedule to re-plan what follows."
    )


@milestone.command("list")
@click.argument("ref")
@click.option("--department", "-d", help="Needed when two departments use the same reference.")
@db_option
def milestone_list(ref: str, department: str | None, db_path: Path | None) -> None:
    """List one contract's milestones: planned, latest, baseline and actual dates."""
    from planner.store.plan_reader import milestones_for

    db = _open(db_path)
    contract = find_contract(db, ref, department)
    click.echo(f"{'STAGE':<48} {'PLANNED':<12} {'LATEST':<12} {'BASELINE':<12} ACTUAL")
    for m in milestones_for(db, contract.id):
        click.echo(
            f"{m.stage_name[:48]:<48} {format_date(m.planned):<12} {format_date(m.latest):<12} "
            f"{format_date(m.baseline):<12} {format_date(m.actual)}"
        )


__all__ = ["baseline", "decide", "leave", "milestone", "officer", "rules", "schedule"]
