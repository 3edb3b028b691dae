"""Commands for the strategy's KPI baselines and yearly targets (docs/rules.md, "KPI
targets")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from planner.briefs.formats import figure, met
from planner.briefs.kpi import kpi_section
from planner.cli import WholeHelpGroup
from planner.cli.common import (
    db_option,
    financial_year,
    json_option,
    open_existing,
    print_json,
    resolve_today,
    say,
    show,
    today_option,
    who,
)
from planner.domain.kpis import kpi_measures
from planner.store.kpi_targets import set_kpi_baseline, set_kpi_target


@click.group(cls=WholeHelpGroup)
def kpi() -> None:
    """Set the strategy's KPI baselines and yearly targets, and list each KPI against them."""


def _json(value: Any) -> Any:
    return None if value is None else str(value) if not isinstance(value, int) else value


@kpi.command("list")
@click.option("--year", help="Financial year, e.g. 2026/27 (default: the current one).")
@today_option
@json_option
@db_option
def list_(year: str | None, today: Any, as_json: bool, db_path: Path | None) -> None:
    """Each KPI for a year beside its baseline and the year's target, and the trend.

    Example: planner kpi list --year 2026/27 --json
    """
    day = resolve_today(today)
    db = open_existing(db_path)
    section = kpi_section(db, financial_year(year, day), day)
    db.close()
    if as_json:
        print_json({
            "year": section["year"],
            "kpis": [{"key": k["key"], "name": k["name"], "unit": k["unit"],
                      "value": _json(k["value"]), "baseline": _json(k["baseline"]),
                      "target": _json(k["target"]), "met": k["met"]} for k in section["kpis"]],
            "trend": {"years": section["trend"]["years"],
                      "rows": [{"key": r["key"], "values": [_json(v) for v in r["values"]],
                                "targets": [_json(t) for t in r["targets"]]}
                               for r in section["trend"]["rows"]]},
        })  # fmt: skip
        return
    show(f"{'KEY':<24} {section['year']:>14} {'BASELINE':>14} {'TARGET':>14}  MET")
    for k in section["kpis"]:
        unit = k["unit"]
        show(f"{k['key']:<24} {figure(k['value'], unit):>14} "
             f"{figure(k['baseline'], unit, '—'):>14} {figure(k['target'], unit, '—'):>14}  "
             f"{met(k['met'])}")  # fmt: skip


@kpi.command("target")
@click.argument("key", type=click.Choice(list(kpi_measures())), metavar="KEY")
@click.argument("value", required=False)
@click.option("--year", help="Financial year, e.g. 2026/27 (default: the current one).")
@click.option("--remove", is_flag=True, help="Remove the year's target instead.")
@today_option
@db_option
def target(
    key: str, value: str | None, year: str | None, remove: bool, today: Any,
    db_path: Path | None,
) -> None:  # fmt: skip
    """Set one KPI's target for a financial year (money as £1.5m, shares as 95%).

    KEY is one of the keys `planner kpi list` shows.

    Example: planner kpi target spend_covered 95% --year 2026/27
    """
    if remove == (value is not None):
        raise click.UsageError("give a VALUE to set, or --remove to take the target away")
    chosen = financial_year(year, resolve_today(today))
    db = open_existing(db_path)
    held = set_kpi_target(db, key, chosen, None if remove else value, who())
    db.close()
    name, unit = kpi_measures()[key]
    if held is None:
        say(f"{name}: no target for {chosen.label}.")
    else:
        say(f"{name}: target for {chosen.label} is {figure(held, unit)}.")


@kpi.command("baseline")
@click.argument("key", type=click.Choice(list(kpi_measures())), metavar="KEY")
@click.argument("value")
@db_option
def baseline(key: str, value: str, db_path: Path | None) -> None:
    """Change the strategy baseline of one KPI.

    Example: planner kpi baseline spend_covered 94%
    """
    db = open_existing(db_path)
    held = set_kpi_baseline(db, key, value, who())
    db.close()
    name, unit = kpi_measures()[key]
    say(f"{name}: baseline is {figure(held, unit)}.")
