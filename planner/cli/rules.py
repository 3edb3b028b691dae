"""`planner rules`: show or change the rules held as data (routes, stages, thresholds,
tender periods, decisions and settings); every change is audited."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click

from planner.cli import WholeHelpGroup
from planner.cli.common import (
    DATE,
    db_option,
    json_option,
    open_existing,
    print_json,
    say,
    who,
)
from planner.domain.dates import format_date
from planner.domain.money import format_money, parse_money
from planner.domain.statutory import STATUTORY_MINIMUMS, WORKING, breaches
from planner.domain.vocab import canonical
from planner.domain.words import plural
from planner.store.db import Database
from planner.store.route_rules import (
    remove_route_stage,
    set_decision_route,
    set_route,
    set_route_stage,
    set_setting,
    set_tender_period,
    set_threshold,
)
from planner.store.rules import load_settings
from planner.store.schedule_rules import load_scheduling_rules
from planner.store.tender_periods import list_tender_periods

# ---------------------------------------------------------------- rules


@click.group(cls=WholeHelpGroup)
def rules() -> None:
    """Show or change the rules held as data: routes, stages, thresholds, settings."""


def _rules_document(db: Database) -> dict[str, Any]:
    loaded = load_scheduling_rules(db)
    periods = list_tender_periods(db)
    templates = {
        r.code: {s.stage.code: s.duration_days for s in r.stages} for r in loaded.routes.values()
    }
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
        "tender_periods": [period._asdict() for period in periods],
        "statutory_minimums": [
            {
                "route": m.route.value,
                "stage": m.stage.value,
                "condition": m.condition or None,
                "min_days": m.days,
                "unit": "working days" if m.unit == WORKING else "calendar days",
                "rule": m.rule,
                "source": m.source,
            }
            for m in STATUTORY_MINIMUMS
        ],
        "under_statutory_minimums": breaches(
            templates, ((p.route, p.condition, p.min_days) for p in periods)
        ),
        "settings": dict(sorted(load_settings(db).items())),
    }


def _money(pounds: float) -> str:
    # The document holds pounds (as --json prints them); the text shows them as money does.
    return format_money(round(pounds * 100))


@rules.command("show")
@json_option
@db_option
def rules_show(as_json: bool, db_path: Path | None) -> None:
    """Show routes with their stage templates, thresholds, tender periods, the statutory
    minimums (with their source) and settings."""
    document = _rules_document(open_existing(db_path))
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
        amounts = (_money(t[k]) for k in ("goods_services", "works", "light_touch"))
        click.echo(f"    {t['starts']} {t['ends'] or 'onwards':<10} {' '.join(amounts)}")
    click.echo("tender periods (calendar days):")
    for t in document["tender_periods"]:
        used = " (used)" if t["applies"] else ""
        click.echo(f"    {t['route']:<22} {t['min_days']:>3}  {t['condition']}{used}")
    _echo_statutory(document)
    click.echo("decisions imply routes:")
    for decision, route in document["decision_routes"].items():
        click.echo(f"    {decision:<12} -> {route or 'by value'}")
    click.echo("settings:")
    for key, value in document["settings"].items():
        click.echo(f"    {key} = {value}")


def _echo_statutory(document: dict[str, Any]) -> None:
    """The statutory minimums with their sources, then any stored rule under one."""
    click.echo("statutory minimums (the law: a rule under one is refused):")
    for m in document["statutory_minimums"]:
        when = f" ({m['condition']})" if m["condition"] else ""
        click.echo(
            f"    {m['route']:<22} {m['stage']:<14} {m['min_days']:>3} {m['unit']:<13} "
            f"{m['rule']}{when}, {m['source']}"
        )
    if document["under_statutory_minimums"]:
        click.echo("UNDER THE LAW'S MINIMUM (set before these checks; change them):")
        for reason in document["under_statutory_minimums"]:
            click.echo(f"    {reason}")


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
    n = set_route(
        open_existing(db_path),
        code,
        who(),
        risk_margin_days=margin,
        lead_time=lead_time,
        fallback_order=fallback,
    )
    say(f"Route {code}: {plural(n, 'value')} changed.")


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
    db = open_existing(db_path)
    if remove:
        remove_route_stage(db, route, stage, who())
        say(f"Removed {stage} from {route}.")
        return
    n = set_route_stage(db, route, stage, who(), days=days, hours=hours)
    say(f"{route} {stage}: {plural(n, 'value')} changed.")


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
    n = set_threshold(
        open_existing(db_path),
        starts,
        who(),
        ends=ends,
        goods_services=_pence(goods),
        works=_pence(works),
        light_touch=_pence(light_touch),
    )
    say(f"Threshold from {format_date(starts)}: {plural(n, 'value')} changed.")


@rules_set.command("setting")
@click.argument("key")
@click.argument("value")
@db_option
def rules_set_setting(key: str, value: str, db_path: Path | None) -> None:
    """Change a setting: planner rules set setting notice_warning_days 45."""
    n = set_setting(open_existing(db_path), key, value, who())
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
    set_tender_period(
        open_existing(db_path), route, condition, days, who(), applies=not reference_only
    )
    say(f"{route}: at least {plural(days, 'day')} ({condition}).")


@rules_set.command("decision")
@click.argument("decision")
@click.argument("route")
@db_option
def rules_set_decision(decision: str, route: str, db_path: Path | None) -> None:
    """Say which route a decision implies (ROUTE 'by-value': chosen by value)."""
    code = canonical("decision", decision) or decision
    target = None if route == "by-value" else canonical("route", route)
    set_decision_route(open_existing(db_path), code, target, who())
    say(f"{code} -> {target or 'by value'}.")


__all__ = ["rules"]
