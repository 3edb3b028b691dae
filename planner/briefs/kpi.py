"""The KPI brief's context: the strategy's annual KPIs for one financial year, beside the
2023 baseline, with how each was computed."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from decimal import Decimal
from typing import Any

from planner.domain.kpis import FinancialYear, Kpi, compute_kpis
from planner.store.checklist_report import checklist_report
from planner.store.db import Database
from planner.store.kpi_targets import kpi_targets, years_held
from planner.store.reporting import brief_settings, kpi_baselines, year_totals
from planner.store.spend import off_contract_suppliers, review_list


def _row(kpi: Kpi) -> dict[str, Any]:
    return {**asdict(kpi), "met": kpi.met}


def kpi_section(db: Database, year: FinancialYear, today: date) -> dict[str, Any]:
    """The KPIs of `year` as they stand on `today`, each against its baseline and the
    year's target, as plain rows (shared by the KPI and programme briefs)."""
    baselines, as_at = kpi_baselines(db)
    totals = year_totals(db, year, today)
    kpis = [_row(k) for k in compute_kpis(totals, baselines, kpi_targets(db, year))]
    return {
        "year": year.label,
        "year_start": year.start,
        "year_end": year.end,
        "baseline_as_at": as_at,
        "kpis": kpis,
        "annual": [k for k in kpis if k["annual"]],
        "measures": [k for k in kpis if not k["annual"]],
        "spend_held": totals.spend_lines > 0,
        "trend": kpi_trend(db, year, today, baselines),
    }


def kpi_trend(
    db: Database, year: FinancialYear, today: date, baselines: dict[str, int | Decimal]
) -> dict[str, Any]:
    """Each KPI over the years held up to `year` (docs/rules.md, "KPI targets"): the
    years' labels, and per KPI its value and target in each year."""
    years = years_held(db, year)
    by_year = [
        compute_kpis(year_totals(db, held, today), baselines, kpi_targets(db, held))
        for held in years
    ]
    rows = [
        {"key": first.key, "name": first.name, "unit": first.unit,
         "values": [kpis[i].value for kpis in by_year],
         "targets": [kpis[i].target for kpis in by_year]}
        for i, first in enumerate(by_year[-1])
    ]  # fmt: skip
    return {"years": [held.label for held in years], "rows": rows}


def kpi_context(db: Database, today: date, year: FinancialYear | None = None) -> dict[str, Any]:
    """Everything the KPI brief shows, for `year` (default: the year `today` is in)."""
    chosen = year or FinancialYear.containing(today)
    limit = brief_settings(db).list_limit
    waiting = review_list(db)
    return {
        "today": today,
        "stage": "complete" if today > chosen.end else "open" if today >= chosen.start else "ahead",
        **kpi_section(db, chosen, today),
        "off_contract": [
            {"supplier": name, "amount": amount, "payments": payments}
            for name, amount, payments in off_contract_suppliers(db, chosen, limit)
        ],
        "review_count": len(waiting),
        "review_spend": sum(item.spend for item in waiting),
        "checklist": checklist_report(db, limit=0),
    }
