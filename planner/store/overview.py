"""The programme at a glance, summed in SQL: centralisation by department, RAG counts,
notice deadlines coming up, and the strategy shares the register itself can give."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from planner.domain.codes import Decision
from planner.domain.kpis import LANCASHIRE, NORTH_WEST, region_of_locality
from planner.domain.notice import serve_by_for
from planner.store.db import Database
from planner.store.option_deadlines import option_decisions
from planner.store.rules import load_rules
from planner.store.sql import OPEN_STATUS, open_status

_OPEN = OPEN_STATUS
_C_OPEN = open_status("c.status")
# The whole-life value (docs/rules.md, "Data rules"): never annual and total added together.
# coalesce() reads the total first and calls the rule only without one (the rule gives the
# total when there is one), so most rows never call into Python.
_VALUE = (
    "coalesce(c.total_value, "
    "whole_life(c.total_value, c.annual_value, c.start_date, c.end_date, c.max_end_date))"
)


@dataclass(frozen=True, slots=True)
class DepartmentProgress:
    """How much of one department's open register is under central Procurement."""

    department: str
    to_centralise: bool  # the department's contracts are to come under Procurement
    contracts: int
    under_procurement: int
    value: int  # pence, whole-life value where known
    value_under: int
    to_be_centralised: int  # not yet under Procurement, but decided 'centralise'


@dataclass(frozen=True, slots=True)
class NoticeDue:
    """An open contract whose notice deadline falls soon."""

    contract_id: int
    ref: str
    department: str
    title: str | None
    notice_date: date
    decision: str | None
    what: str | None = None  # None: the notice deadline; else e.g. an option to decide


_NOTICE_DUE = f"notice_date BETWEEN ? AND ? AND {_OPEN}"


def _notice_window(today: date, days: int) -> tuple[str, str]:
    return today.isoformat(), (today + timedelta(days=days)).isoformat()


def count_notice_deadlines(db: Database, today: date, days: int) -> int:
    """How many open contracts must give notice from today to `days` ahead."""
    sql = f"SELECT count(*) FROM contracts WHERE {_NOTICE_DUE}"
    return int(db.conn.execute(sql, _notice_window(today, days)).fetchone()[0])


def notice_deadlines(db: Database, today: date, days: int) -> tuple[int, list[NoticeDue]]:
    """How many open contracts must give notice from today to `days` ahead, and the first
    ten of them, soonest first."""
    count = count_notice_deadlines(db, today, days)
    rows = db.conn.execute(
        f"SELECT id, ref, department, title, notice_date, decision FROM contracts "
        f"WHERE {_NOTICE_DUE} ORDER BY notice_date, id LIMIT 10",
        _notice_window(today, days),
    ).fetchall()
    deemed = load_rules(db).deemed_service_days
    due = [
        NoticeDue(i, ref, dept, title, _serve_by(date.fromisoformat(notice), deemed), decision)
        for i, ref, dept, title, notice, decision in rows
    ]
    # An extension option to decide is a deadline of its own (docs/rules.md, "Extension
    # options"), listed with the notices.
    due += [
        NoticeDue(o.contract_id, o.ref, o.department, o.title, o.option.decide_by, None, o.what)
        for o in option_decisions(db, today, today + timedelta(days=days))
        if o.option.decide_by is not None
    ]
    due.sort(key=lambda n: (n.notice_date, n.contract_id))
    return count, due[:10]


def _serve_by(deadline: date, deemed: int) -> date:
    # The day to serve notice by, as every other place shows it (docs/rules.md, "Notice
    # deadline").
    served = serve_by_for(deadline, deemed)
    return deadline if served is None else served.serve_by


@dataclass(frozen=True, slots=True)
class RegisterShares:
    """Strategy measures that the register alone can give (annual values in pence)."""

    open_contracts: int
    managed_by_procurement: int
    valued: int  # open contracts with a known annual value
    annual_value: int
    collaborative_value: int
    lancashire_value: int
    north_west_value: int  # includes Lancashire, as the strategy's baseline does


@dataclass(frozen=True, slots=True)
class RegisterFigures:
    """The dashboard's figures of the open register."""

    departments: list[DepartmentProgress]  # centralisation, by department
    rag: dict[str | None, int]  # open contracts by RAG (None: not planned yet)
    shares: RegisterShares


# One pass over the open register instead of one pass per figure: at national scale each
# pass is a noticeable part of the dashboard's second. Grouped by the three things a figure
# splits on that SQL cannot name in advance (a few hundred groups); the rest are sums with a
# condition, as grouping by more columns costs more than the sums. NOT INDEXED: reading the
# table straight through is quicker than walking it through any of its indexes. The
# whole-life value is worked out once per contract (managed or not, never both).
_MANAGED = "c.managed_by_procurement = 1"
_FIGURES_SQL = (
    f"SELECT c.department, c.locality, c.rag, count(*), coalesce(sum({_MANAGED}), 0), "
    f"coalesce(sum(CASE WHEN {_MANAGED} THEN {_VALUE} END), 0), "
    f"coalesce(sum(CASE WHEN {_MANAGED} THEN NULL ELSE {_VALUE} END), 0), "
    f"coalesce(sum(coalesce(c.managed_by_procurement, 0) = 0 "
    f"AND c.decision = '{Decision.CENTRALISE}'), 0), "
    f"count(c.annual_value), coalesce(sum(c.annual_value), 0), "
    f"coalesce(sum(CASE WHEN c.collaborative = 1 THEN c.annual_value END), 0) "
    f"FROM contracts c NOT INDEXED WHERE {_C_OPEN} GROUP BY 1, 2, 3"
)


def register_figures(db: Database) -> RegisterFigures:
    """Centralisation by department, RAG counts and the register's strategy shares."""
    groups = db.conn.execute(_FIGURES_SQL).fetchall()
    return RegisterFigures(_departments(db, groups), _rags(groups), _shares(groups))


def _departments(db: Database, groups: list[tuple[Any, ...]]) -> list[DepartmentProgress]:
    # Every department, with or without open contracts; a contract of a department not in
    # the table is not counted (as the join on department names always did).
    sums: dict[str, list[int]] = {}
    for department, _, _, n, under, value_under, value_other, decided, _, _, _ in groups:
        figures = sums.setdefault(department, [0, 0, 0, 0, 0])
        for i, add in enumerate((n, under, value_under + value_other, value_under, decided)):
            figures[i] += add
    return [
        DepartmentProgress(name, bool(central), *sums.get(name, [0, 0, 0, 0, 0]))
        for name, central in db.conn.execute(
            "SELECT name, centralise FROM departments ORDER BY centralise DESC, name"
        )
    ]


def _rags(groups: list[tuple[Any, ...]]) -> dict[str | None, int]:
    rags: dict[str | None, int] = {}
    for _, _, rag, n, *_ in groups:
        rags[rag] = rags.get(rag, 0) + n
    return rags


def _shares(groups: list[tuple[Any, ...]]) -> RegisterShares:
    # Collaborative and local shares of the annual value (docs/rules.md, "The strategy this
    # serves"); North West includes Lancashire, as the strategy's baseline does.
    total = [0, 0, 0, 0, 0, 0, 0]
    for _, locality, _, n, under, _, _, _, valued, annual, collaborative in groups:
        region = region_of_locality(locality)
        for i, add in enumerate((
            n, under, valued, annual, collaborative,
            annual if region == LANCASHIRE else 0,
            annual if region in (LANCASHIRE, NORTH_WEST) else 0,
        )):  # fmt: skip
            total[i] += add
    return RegisterShares(*total)
