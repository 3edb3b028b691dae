"""The programme board brief's context: headline RAG with reasons, decisions needed, progress
on centralisation, milestones, reviews at risk, capacity, compliance notices, a Gantt of the
next quarter and the KPIs, all from SQL aggregates and short LIMITed lists."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from planner.briefs.formats import percent, plural
from planner.briefs.kpi import kpi_section
from planner.domain.codes import Rag
from planner.domain.dates import format_date
from planner.domain.kpis import FinancialYear, share
from planner.store.checklist_report import checklist_report
from planner.store.db import Database
from planner.store.plan_reader import officer_load
from planner.store.reporting import (
    BriefSettings,
    brief_settings,
    fetch,
    programme_parameters,
)
from planner.store.staffing import read_staffing_gaps

# The reasons the scheduler gives that say what would still save a review.
_RESCUE_STARTS = ("Would still make it", "No faster route")


def _one(rows: Sequence[Mapping[str, Any]]) -> Mapping[str, Any]:
    return rows[0] if rows else {}


def overall_rag(
    reviews: int, red: int, amber: int, *, red_share: int, amber_share: int
) -> tuple[str, str]:
    """The programme's RAG from its reviews' RAGs, and the rule that decided it."""
    red_pct, amber_pct = share(red, reviews), share(amber, reviews)
    if red_pct is None or amber_pct is None:
        return "grey", "No reviews are planned yet"
    reds = f"{red:,} of {reviews:,} reviews ({percent(red_pct)}) are Red"
    if red_pct >= red_share:
        return Rag.RED, f"{reds}: the programme is Red from {red_share}%"
    if red:
        return Rag.AMBER, f"{reds}: under the {red_share}% that makes the programme Red"
    ambers = f"{amber:,} of {reviews:,} reviews ({percent(amber_pct)}) are Amber"
    if amber_pct >= amber_share:
        return Rag.AMBER, f"No review is Red; {ambers}: the programme is Amber from {amber_share}%"
    return Rag.GREEN, f"No review is Red; {ambers}, under {amber_share}%"


def _headline(
    db: Database, params: Mapping[str, Any], today: date, settings: BriefSettings
) -> dict[str, Any]:
    register = _one(fetch(db, "register", params))
    rags = {row["rag"]: row["reviews"] for row in fetch(db, "rag", params)}
    reviews = sum(rags.values())
    red, amber, green = rags.get(Rag.RED, 0), rags.get(Rag.AMBER, 0), rags.get(Rag.GREEN, 0)
    rag, rule = overall_rag(
        reviews, red, amber, red_share=settings.red_share, amber_share=settings.amber_share
    )
    planned = _one(fetch(db, "plan_today", params)).get("today")
    plan_today = date.fromisoformat(planned) if planned else None
    return {
        "rag": rag,
        "rule": rule,
        "contracts": register.get("contracts", 0),
        "open": register.get("open", 0),
        "no_end_date": register.get("no_end_date", 0),
        "reviews": reviews,
        "red": red,
        "amber": amber,
        "green": green,
        "plan_today": plan_today,
        "plan_stale": plan_today is not None and plan_today != today,
    }


def _decisions(db: Database, params: Mapping[str, Any]) -> dict[str, Any]:
    rows = fetch(db, "decisions", params)
    first = _one(rows)
    return {
        "count": first.get("total", 0),
        "overdue": first.get("total_overdue", 0),
        "rows": rows,
    }


def _centralisation(db: Database, params: Mapping[str, Any]) -> dict[str, Any]:
    recent = {row["department"]: row for row in fetch(db, "centralised_in_period", params)}
    rows = []
    for row in fetch(db, "centralisation", params):
        now = recent.get(row["department"], {})
        rows.append(
            {
                **row,
                "share": share(row["centralised"], row["contracts"]),
                "in_period": now.get("centralised", 0),
                "in_period_value": now.get("centralised_value", 0),
            }
        )
    totals = {
        key: sum(r[key] for r in rows)
        for key in ("contracts", "centralised", "centralised_value", "value", "in_period",
                    "in_period_value")
    }  # fmt: skip
    totals["share"] = share(totals["centralised"], totals["contracts"])
    return {"rows": rows, "totals": totals}


def _milestones(db: Database, params: Mapping[str, Any]) -> dict[str, Any]:
    by_stage = fetch(db, "due_by_stage", params)
    overdue = fetch(db, "overdue", params)
    return {
        "due_count": sum(row["count"] for row in by_stage),
        "due_by_stage": by_stage,
        "due": fetch(db, "due", params),
        "overdue_count": _one(overdue).get("total", 0),
        "overdue": overdue,
    }


def _at_risk(db: Database, params: Mapping[str, Any], red: int, amber: int) -> dict[str, Any]:
    rows = []
    for row in fetch(db, "at_risk", params):
        reasons = [str(r) for r in json.loads(row["reasons"] or "[]")]
        rescue = [r for r in reasons if r.startswith(_RESCUE_STARTS)]
        why = [r for r in reasons if r not in rescue]
        rows.append(
            {
                **{k: row[k] for k in ("ref", "department", "title", "rag", "slack_days",
                                       "route", "value")},
                "why": why[0] if why else "",
                "more": len(why) - 1 if why else 0,
                "rescue": rescue[0] if rescue else None,
            }
        )  # fmt: skip
    return {"red": red, "amber": amber, "rows": rows}


def _capacity(db: Database, params: Mapping[str, Any]) -> dict[str, Any]:
    loads = officer_load(db, date.fromisoformat(params["week_from"]), params["weeks"])
    weeks: dict[date, dict[str, Any]] = {}
    for load in loads:
        week = weeks.setdefault(
            load.week, {"week": load.week, "capacity": 0.0, "demand": 0.0, "overloaded": []}
        )
        week["capacity"] += load.capacity_hours
        week["demand"] += load.demand_hours
        if load.overloaded:
            week["overloaded"].append(load.officer)
    rows = []
    for week in sorted(weeks.values(), key=lambda w: w["week"]):
        capacity, demand = round(week["capacity"], 1), round(week["demand"], 1)
        rows.append(
            {
                **week,
                "capacity": capacity,
                "demand": demand,
                "use": share(round(demand * 10), round(capacity * 10)),
            }
        )
    return {
        "officers": len({load.officer for load in loads}),
        "gaps": read_staffing_gaps(db).sentences(),
        "weeks": rows,
        "overloaded": sum(len(w["overloaded"]) for w in rows),
    }


def _compliance(db: Database, params: Mapping[str, Any]) -> dict[str, Any]:
    summary = fetch(db, "notices_count", params)
    kpi_rows = fetch(db, "kpi_reports", params)
    return {
        "summary": summary,
        "count": sum(row["count"] for row in summary),
        "overdue": sum(row["overdue"] for row in summary),
        "rows": fetch(db, "notices", params),
        "kpi_count": _one(kpi_rows).get("total", 0),
        "kpi_rows": kpi_rows,
    }


def _gantt(db: Database, params: Mapping[str, Any]) -> dict[str, Any]:
    start = date.fromisoformat(params["today"])
    end = date.fromisoformat(params["quarter_end"])
    sections: dict[str, list[dict[str, Any]]] = defaultdict(list)
    tags = {"red": "crit", "amber": "active"}
    rows = fetch(db, "gantt", params)
    for number, row in enumerate(rows, start=1):
        first = max(date.fromisoformat(row["starts"]), start)
        last = min(date.fromisoformat(row["ends"]), end)
        sections[row["department"]].append(
            {
                "id": f"r{number}",
                "label": f"{row['ref']} {row['title'] or ''}".strip(),
                "tag": tags.get(row["rag"] or "", ""),
                "start": first,
                # Mermaid ends a bar at the start of its end date: one day on, so a
                # one-day stage still shows.
                "end": max(last, first) + timedelta(days=1),
                "notice": row["notice"],
            }
        )
    return {
        "start": start,
        "end": end,
        "sections": [{"name": name, "tasks": sections[name]} for name in sorted(sections)],
        "shown": len(rows),
        "total": _one(rows).get("total", 0),
    }


def _reasons(brief: Mapping[str, Any]) -> list[str]:
    """The facts behind the headline RAG, most pressing first; only those that apply."""
    h, weeks = brief["headline"], len(brief["capacity"]["weeks"])
    by = format_date(brief["period_end"])
    facts = [
        (brief["milestones"]["overdue_count"],
         f"{plural(brief['milestones']['overdue_count'], 'milestone')} overdue"),
        (brief["decisions"]["count"],
         f"{plural(brief['decisions']['count'], 'decision')} needed by {by}"
         + (f" ({brief['decisions']['overdue']:,} overdue)" if brief["decisions"]["overdue"]
            else "")),
        (brief["compliance"]["count"],
         f"{plural(brief['compliance']['count'], 'notice')} due by {by}"
         + (f" ({brief['compliance']['overdue']:,} overdue)" if brief["compliance"]["overdue"]
            else "")),
        (brief["capacity"]["overloaded"],
         f"{plural(brief['capacity']['overloaded'], 'officer-week')} over capacity in the next "
         f"{plural(weeks, 'week')}"),
        (h["amber"], f"{plural(h['amber'], 'review')} Amber"),
        (h["no_end_date"],
         f"{plural(h['no_end_date'], 'open contract')} cannot be planned: no end date"),
    ]  # fmt: skip
    return [h["rule"], *(text for number, text in facts if number)]


def programme_context(db: Database, today: date) -> dict[str, Any]:
    """Everything the programme board brief shows, as of `today`."""
    settings = brief_settings(db)
    params = programme_parameters(db, today)
    headline = _headline(db, params, today, settings)
    brief = {
        "today": today,
        "period_days": settings.period_days,
        "period_start": date.fromisoformat(params["period_start"]),
        "period_end": date.fromisoformat(params["period_end"]),
        "list_limit": settings.list_limit,
        "headline": headline,
        "decisions": _decisions(db, params),
        "centralisation": _centralisation(db, params),
        "milestones": _milestones(db, params),
        "at_risk": _at_risk(db, params, headline["red"], headline["amber"]),
        "capacity": _capacity(db, params),
        "compliance": _compliance(db, params),
        "gantt": _gantt(db, params),
        "kpis": kpi_section(db, FinancialYear.containing(today), today),
        "checklist": checklist_report(db, limit=settings.list_limit),
    }
    headline["reasons"] = _reasons(brief)
    return brief
