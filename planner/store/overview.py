"""The programme at a glance, summed in SQL: centralisation by department, RAG counts,
notice deadlines coming up, and the strategy shares the register itself can give."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

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


def centralisation(db: Database) -> list[DepartmentProgress]:
    """Open contracts per department: how many, and how much value, Procurement manages."""
    # Grouped by department and whether Procurement manages the contract first, so the
    # whole-life value (a Python function) is worked out once per contract, not twice; one
    # pass over the table (NOT INDEXED) is three times quicker than walking it by department.
    rows = db.conn.execute(
        f"SELECT d.name, d.centralise, coalesce(sum(g.n), 0), "
        f"coalesce(sum(CASE WHEN g.managed THEN g.n END), 0), coalesce(sum(g.value), 0), "
        f"coalesce(sum(CASE WHEN g.managed THEN g.value END), 0), coalesce(sum(g.decided), 0) "
        f"FROM departments d LEFT JOIN ("
        f"SELECT c.department, c.managed_by_procurement = 1 AS managed, count(*) AS n, "
        f"sum({_VALUE}) AS value, sum(coalesce(c.managed_by_procurement, 0) = 0 "
        f"AND c.decision = '{Decision.CENTRALISE}') AS decided "
        f"FROM contracts c NOT INDEXED WHERE {_C_OPEN} GROUP BY c.department, managed"
        f") g ON g.department = d.name "
        f"GROUP BY d.name ORDER BY d.centralise DESC, d.name"
    ).fetchall()
    return [
        DepartmentProgress(name, bool(central), n, under, value, value_under, decided)
        for name, central, n, under, value, value_under, decided in rows
    ]


def rag_counts(db: Database) -> dict[str | None, int]:
    """Open contracts by RAG (None: not planned yet)."""
    return {
        rag: int(n)
        for rag, n in db.conn.execute(
            f"SELECT rag, count(*) FROM contracts WHERE {_OPEN} GROUP BY rag"
        )
    }


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


def register_shares(db: Database) -> RegisterShares:
    """Collaborative and local shares of the annual value of open contracts."""
    open_contracts, managed = db.conn.execute(
        f"SELECT count(*), coalesce(sum(managed_by_procurement = 1), 0) FROM contracts "
        f"WHERE {_OPEN}"
    ).fetchone()
    valued = total = collaborative = lancashire = north_west = 0
    for locality, n, value, collab in db.conn.execute(
        f"SELECT locality, count(*), sum(annual_value), "
        f"coalesce(sum(CASE WHEN collaborative = 1 THEN annual_value END), 0) "
        f"FROM contracts WHERE {_OPEN} AND annual_value IS NOT NULL GROUP BY locality"
    ):
        valued += n
        total += value
        collaborative += collab
        region = region_of_locality(locality)
        if region == LANCASHIRE:
            lancashire += value
        if region in (LANCASHIRE, NORTH_WEST):
            north_west += value
    return RegisterShares(
        int(open_contracts), int(managed), valued, total, collaborative, lancashire, north_west
    )
