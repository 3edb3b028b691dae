"""The dashboard's figures, summed in SQL for national scale, are the figures the rules
give contract by contract (docs/rules.md, "Data rules": the whole-life value is the total,
else annual x term, never the two added together)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from planner.demo.build import build_demo
from planner.demo.generator import DemoSpec
from planner.domain.codes import CLOSED_STATUSES, Decision, StageCode
from planner.domain.kpis import LANCASHIRE, NORTH_WEST, FinancialYear, region_of_locality
from planner.domain.notice import serve_by_for
from planner.domain.rules import whole_life_value
from planner.store import Database
from planner.store.calendar_items import CALENDAR_SQL, iter_calendar_items
from planner.store.contracts import iter_contracts, list_departments
from planner.store.overview import RegisterShares, register_figures
from planner.store.plan_reader import (
    count_overdue_milestones,
    milestones_for,
    overdue_milestones,
)
from planner.store.reporting import rows
from planner.store.rules import load_rules
from planner.store.spend import COUNTED, spend_totals
from planner.tui.readers import read_overview
from tests.conftest import migrated_db


@pytest.fixture(scope="module")
def demo() -> Iterator[Database]:
    """A small demo programme: register, team, plan, progress, payments."""
    db = migrated_db()
    build_demo(db, DemoSpec(seed=11, contracts=400), date(2026, 11, 25))
    yield db
    db.close()


def test_centralisation_is_each_departments_open_contracts_added_up(demo: Database) -> None:
    """Counts and whole-life values per department, as the rule gives them one by one."""
    expected = {name: [0, 0, 0, 0, 0] for name in list_departments(demo)}
    for c in iter_contracts(demo):
        if c.status is None or c.status in CLOSED_STATUSES:
            continue
        value = whole_life_value(c) or 0
        managed = c.managed_by_procurement is True
        figures = expected[c.department]
        figures[0] += 1
        figures[1] += managed
        figures[2] += value
        figures[3] += value if managed else 0
        figures[4] += (not managed) and c.decision == Decision.CENTRALISE
    got = {d.department: [d.contracts, d.under_procurement, d.value, d.value_under,
                          d.to_be_centralised]
           for d in register_figures(demo).departments}  # fmt: skip
    assert got == expected
    assert sum(figures[2] for figures in got.values()) > 0


def test_rag_counts_and_shares_are_the_open_contracts_added_up(demo: Database) -> None:
    """RAG counts, and the annual value's collaborative and local shares (docs/rules.md,
    "The strategy this serves": North West includes Lancashire)."""
    rags: dict[str | None, int] = {}
    shares = [0, 0, 0, 0, 0, 0, 0]
    for c in iter_contracts(demo):
        if c.status is None or c.status in CLOSED_STATUSES:
            continue
        rags[c.rag] = rags.get(c.rag, 0) + 1
        annual = c.annual_value
        region = region_of_locality(c.locality)
        shares[0] += 1
        shares[1] += c.managed_by_procurement is True
        if annual is not None:
            shares[2] += 1
            shares[3] += annual
            shares[4] += annual if c.collaborative else 0
            shares[5] += annual if region == LANCASHIRE else 0
            shares[6] += annual if region in (LANCASHIRE, NORTH_WEST) else 0
    figures = register_figures(demo)
    assert figures.rag == rags
    assert figures.shares == RegisterShares(*shares)
    assert shares[4] and shares[5] and shares[6] > shares[5]


def test_overdue_milestones_read_from_the_index_are_those_the_rule_finds(
    demo: Database, today: date
) -> None:
    """Not done, still planned, and the planned or the baseline date before today
    (docs/rules.md, "Overdue"), oldest first; the count agrees."""
    every = [m for c in iter_contracts(demo) if c.id is not None
             for m in milestones_for(demo, c.id)]  # fmt: skip
    expected = {(m.contract_id, m.stage) for m in every if m.overdue(today)}
    found = overdue_milestones(demo, today)
    assert {(m.contract_id, m.stage) for m in found} == expected
    assert len(found) == count_overdue_milestones(demo, today) > 3
    dues = [m.first_due for m in found]
    assert dues == sorted(dues)  # type: ignore[type-var]
    assert overdue_milestones(demo, today, 3) == found[:3]


def test_the_dashboard_lists_the_oldest_overdue_and_counts_them_all(
    demo: Database, today: date, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The dashboard's panel holds the oldest few; its count is of every overdue one."""
    monkeypatch.setattr("planner.tui.readers.OVERDUE_SHOWN", 2)
    overview = read_overview(demo, today)
    assert overview.overdue == overdue_milestones(demo, today)[:2]
    assert overview.overdue_count == len(overdue_milestones(demo, today)) > 2


def test_the_streamed_calendar_is_every_item_in_date_order(demo: Database, today: date) -> None:
    """Streamed, the calendar holds what reading it whole and sorting gives: open milestones,
    each notice deadline on its serve-by day (docs/rules.md, "Notice deadline"), in order."""
    end = date(2027, 11, 25)
    params = {"today": today.isoformat(), "horizon_end": end.isoformat(),
              "department": None, "officer": None}  # fmt: skip
    deemed = load_rules(demo).deemed_service_days
    expected = []
    for item in rows(demo, CALENDAR_SQL, params):
        if item["stage"] == StageCode.NOTICE and item["deadline"]:
            served = serve_by_for(date.fromisoformat(item["deadline"]), deemed)
            if served is None or served.serve_by < today:
                continue
            item["day"], item["why"] = served.serve_by.isoformat(), served.why
        expected.append(item)
    expected.sort(key=lambda i: (i["day"], i["department"], i["ref"], i["stage"]))
    streamed = list(iter_calendar_items(demo, today, end))
    assert streamed == expected
    assert any(i["stage"] == StageCode.NOTICE for i in streamed) and len(streamed) > 100


def test_the_years_spend_sums_are_each_payment_added_up(demo: Database, today: date) -> None:
    """Covered: paid to a supplier matched (or confirmed) to a contract; local: the payment's
    own region, else its matched supplier's (docs/rules.md, "Local suppliers by postcode")."""
    year = FinancialYear.containing(today)
    matches = {key: (status, region, collaborative) for key, status, region, collaborative
               in demo.conn.execute("SELECT supplier_key, status, region, collaborative "
                                    "FROM supplier_matches")}  # fmt: skip
    expected = dict.fromkeys(("spend_lines", "spend", "spend_lancashire", "spend_north_west",
                              "spend_covered", "spend_collaborative"), 0)  # fmt: skip
    for key, amount, own in demo.conn.execute(
        "SELECT supplier_key, amount, region FROM spend_lines WHERE paid_on BETWEEN ? AND ?",
        (year.start.isoformat(), year.end.isoformat()),
    ):
        status, matched_region, collaborative = matches.get(key, (None, None, 0))
        counted = status in COUNTED
        region = own if own is not None else (matched_region if counted else None)
        expected["spend_lines"] += 1
        expected["spend"] += amount
        expected["spend_covered"] += amount if counted else 0
        expected["spend_collaborative"] += amount if counted and collaborative == 1 else 0
        expected["spend_lancashire"] += amount if region == LANCASHIRE else 0
        expected["spend_north_west"] += amount if region in (LANCASHIRE, NORTH_WEST) else 0
    assert spend_totals(demo, year) == expected
    assert expected["spend_covered"] and expected["spend_lancashire"]
