"""The sums and short lists the briefs are built from, each one SQL query.

Every figure is an aggregate over indexed columns or a LIMITed list, so a brief on 50,000
contracts costs about what the bare queries cost; nothing here loops over every contract
in Python.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from planner.domain.codes import Rag, Regime, RouteCode, StageCode, Status
from planner.domain.contract import Contract
from planner.domain.dates import add_months, from_iso
from planner.domain.kpis import LOCALITY_WORDS, FinancialYear, YearTotals, quarter_label
from planner.domain.notices import PA2023_IN_FORCE
from planner.domain.publishing import withheld
from planner.domain.rules import whole_life_value
from planner.domain.vocab import ROUTES
from planner.store import milestone_rows
from planner.store.benefits import (
    BENEFIT_TOTALS_SQL,
    CLAIM_TOTALS_SQL,
    benefit_totals,
    claim_totals,
    year_parameters,
)
from planner.store.db import Database
from planner.store.milestone_rows import STAGE_CODE, STAGE_JOIN, STAGE_NAME, TABLE, day_sql, iso_sql
from planner.store.plan_reader import FIRST_DUE, OVERDUE
from planner.store.reasons_codec import unpack
from planner.store.rules import load_rules, load_settings
from planner.store.spend import SPEND_TOTALS_SQL, spend_totals
from planner.store.sql import OPEN_STATUS, open_status, quoted

QUARTER_DAYS = 91  # "the next quarter" of the Gantt chart: 13 weeks from today
_C_OPEN = open_status("c.status")
_LOCAL_WORDS = ", ".join(repr(word) for word in LOCALITY_WORDS)


@dataclass(frozen=True, slots=True)
class BriefSettings:
    """The editable numbers every brief uses (settings rows from migration 0003)."""

    period_days: int = 28
    list_limit: int = 25
    plan_horizon_months: int = 18
    gantt_limit: int = 20
    department_horizon_days: int = 182
    red_share: int = 10  # % of reviews Red at which the programme is Red
    amber_share: int = 20  # % of reviews Amber at which the programme is Amber


def brief_settings(db: Database) -> BriefSettings:
    """The brief settings as stored."""
    stored = load_settings(db)
    default = BriefSettings()
    return BriefSettings(
        period_days=int(stored.get("brief_period_days", default.period_days)),
        list_limit=int(stored.get("brief_list_limit", default.list_limit)),
        plan_horizon_months=int(stored.get("plan_horizon_months", default.plan_horizon_months)),
        gantt_limit=int(stored.get("brief_gantt_limit", default.gantt_limit)),
        department_horizon_days=int(
            stored.get("brief_department_days", default.department_horizon_days)
        ),
        red_share=int(stored.get("programme_red_share", default.red_share)),
        amber_share=int(stored.get("programme_amber_share", default.amber_share)),
    )


AWARDED_SQL = f"""
    SELECT count(*), coalesce(sum(collaborative = 1), 0),
      coalesce(sum(lower(trim(locality)) IN ({_LOCAL_WORDS})), 0)
    FROM contracts WHERE start_date BETWEEN :year_start AND min(:year_end, :today)"""
MANAGED_SQL = f"SELECT count(*) FROM contracts WHERE managed_by_procurement = 1 AND {OPEN_STATUS}"
BASELINES_SQL = "SELECT key, value, as_at FROM kpi_baselines"
# What the KPI figures of one year cost: bench/brief_bench.py runs these bare as well.
KPI_SQL: dict[str, str] = {
    "benefits": BENEFIT_TOTALS_SQL,
    "claims": CLAIM_TOTALS_SQL,
    "awarded": AWARDED_SQL,
    "managed": MANAGED_SQL,
    "spend": SPEND_TOTALS_SQL,
    "baselines": BASELINES_SQL,
}


def awarded_totals(db: Database, year: FinancialYear, today: date) -> tuple[int, int, int]:
    """Contracts starting in the year up to `today` (one that starts later is not awarded
    yet: docs/rules.md, "The strategy this serves"): how many, how many collaborative, how
    many with a Lancashire or North West supplier."""
    params = {**year_parameters(year), "today": today.isoformat()}
    row = db.conn.execute(AWARDED_SQL, params).fetchone()
    return int(row[0]), int(row[1]), int(row[2])


def managed_by_procurement(db: Database) -> int:
    """Open contracts marked as managed by Procurement."""
    return int(db.conn.execute(MANAGED_SQL).fetchone()[0])


def year_totals(
    db: Database, year: FinancialYear, today: date, managed: int | None = None
) -> YearTotals:
    """Everything the KPIs for `year` are computed from, as they stand on `today`
    (`managed`: open contracts managed by Procurement, when the caller has counted them)."""
    benefits, benefit_records = benefit_totals(db, year)
    claims, claim_records = claim_totals(db, year)
    awarded, collaborative, local = awarded_totals(db, year, today)
    return YearTotals(
        year=year,
        counted_to=today if today < year.end else None,
        benefits=benefits,
        benefit_records=benefit_records,
        claims=claims,
        claim_records=claim_records,
        awarded=awarded,
        awarded_collaborative=collaborative,
        awarded_local=local,
        managed_by_procurement=managed_by_procurement(db) if managed is None else managed,
        **spend_totals(db, year),
    )


def kpi_baselines(db: Database) -> tuple[dict[str, int | Decimal], date | None]:
    """The strategy baseline by KPI key (pence, counts or percentages), and its date."""
    values: dict[str, int | Decimal] = {}
    dates: list[str] = []
    for key, value, as_at in db.conn.execute(BASELINES_SQL):
        number = Decimal(value)
        values[key] = int(number) if number == number.to_integral_value() else number
        dates.append(as_at)
    return values, (date.fromisoformat(max(dates)) if dates else None)


def value_bands(db: Database) -> list[tuple[int, str]]:
    """Estimated-value bands for the published plan: (lower bound in pence, label)."""
    return [
        (int(lower), str(label))
        for lower, label in db.conn.execute("SELECT lower, label FROM value_bands ORDER BY lower")
    ]


# ---------------------------------------------------------------- the programme brief
#
# Every query the programme brief runs, by name, with named parameters (made by
# `programme_parameters`); columns are named so each row reads as a plain dict.
# bench/brief_bench.py runs these same texts bare through sqlite3.

# Contracts that no longer count towards centralisation (a completed one still does).
_STILL_COUNTS = f"c.status NOT IN ('{Status.EXPIRED}', '{Status.TERMINATED}')"
# The whole-life value (the total, else annual x term: one rule, planner.domain.rules), so
# no sum adds an annual value to a whole-life one (docs/rules.md, "Data rules").
_VALUE = "whole_life(c.total_value, c.annual_value, c.start_date, c.end_date, c.max_end_date)"


_RAG_WHENS = " ".join(f"WHEN '{rag}' THEN {n}" for n, rag in enumerate(Rag))
_RAG_ORDER = f"CASE r.rag {_RAG_WHENS} ELSE 3 END"
_AT_RISK = f"r.rag IN ('{Rag.RED}', '{Rag.AMBER}')"
DECISION_STAGES = (StageCode.OPTIONS, StageCode.APPROVAL, StageCode.AWARD_DECISION)
NOTICE_STAGES = (
    StageCode.NOTICE,
    StageCode.CHANGE_CHECK,
    StageCode.CHANGE_NOTICE,
    StageCode.DETAILS_NOTICE,
    StageCode.CONTRACT_COPY,
    StageCode.TERMINATION_NOTICE,
)
# Milestones are read from their stored rows (planner/store/milestone_rows.py): dates
# compare as day numbers, in the table's indexes, and are given as ISO text.
_TODAY, _PERIOD_END = day_sql(":today"), day_sql(":period_end")
_DECISIONS = f"s.code IN ({quoted(DECISION_STAGES)})"
# The details stage is also the police publication of every contract over £10,000
# (docs/rules.md, "Regimes and notices"), so it is listed over that value.
_NOTICES = (
    f"s.code IN ({quoted(NOTICE_STAGES)}) "
    f"AND (s.code != '{StageCode.DETAILS_NOTICE}' OR {_VALUE} > :police_publication)"
)
_MILESTONE_COLUMNS = (
    f"c.ref AS ref, c.department AS department, c.title AS title, {STAGE_CODE} AS stage, "
    f"{STAGE_NAME} AS stage_name, {iso_sql('m.planned')} AS planned, "
    f"{iso_sql('m.baseline')} AS baseline, m.officer AS officer, r.rag AS rag, "
    f"{_VALUE} AS value, m.planned < {_TODAY} AS overdue"
)
_MILESTONE_FROM = (
    f"FROM {TABLE} m JOIN contracts c ON c.id = m.contract_id "
    f"{STAGE_JOIN} LEFT JOIN reviews r ON r.contract_id = m.contract_id"
)
_MILESTONE = f"{_MILESTONE_COLUMNS} {_MILESTONE_FROM}"
# A window total counts every row the query matches before LIMIT keeps the first few: the
# list and its count in one pass.
_TOTAL = "count(*) OVER () AS total"
# As the planner's screens count them: a stage passed over because a later one is done has
# no planned date and is not overdue, whatever its baseline said.
_OVERDUE = OVERDUE.replace("?", _TODAY)
# The anniversary of the start date on or after today: when a yearly KPI report falls due.
_KPI_DUE = (
    "CASE WHEN substr(c.start_date, 6) >= substr(:today, 6) "
    "THEN substr(:today, 1, 4) || substr(c.start_date, 5) "
    "ELSE printf('%04d', CAST(substr(:today, 1, 4) AS INTEGER) + 1) || substr(c.start_date, 5) END"
)
# The regime as planner.domain.notices.contract_regime has it: recorded, else worked out
# from the start date (docs/rules.md, "Regimes and notices"); the start date is known here.
_REGIME = (
    f"coalesce(c.regime, CASE WHEN c.start_date >= :pa2023_in_force THEN '{Regime.PA2023}' "
    f"ELSE '{Regime.PCR2015}' END)"
)
_KPI_CONTRACTS = (
    f"FROM contracts c WHERE {_C_OPEN} AND c.start_date <= :today "
    f"AND (c.end_date IS NULL OR c.end_date >= :today) AND {_REGIME} = '{Regime.PA2023}' "
    f"AND {_VALUE} > :kpi_required AND {_KPI_DUE} BETWEEN :today AND :period_end"
)

PROGRAMME_SQL: dict[str, str] = {
    "register": f"""
        SELECT count(*) AS contracts, coalesce(sum({OPEN_STATUS}), 0) AS open,
          coalesce(sum({OPEN_STATUS} AND end_date IS NULL), 0) AS no_end_date
        FROM contracts""",
    "rag": "SELECT coalesce(rag, '') AS rag, count(*) AS reviews FROM reviews GROUP BY rag",
    "plan_today": "SELECT value AS today FROM schedule_state WHERE key = 'today'",
    "decisions": f"""
        SELECT {_MILESTONE_COLUMNS}, {_TOTAL},
          sum(m.planned < {_TODAY}) OVER () AS total_overdue {_MILESTONE_FROM}
        WHERE {_DECISIONS} AND m.actual IS NULL AND m.planned <= {_PERIOD_END}
        ORDER BY m.planned, c.department, c.ref, s.seq LIMIT :limit""",
    "centralisation": f"""
        SELECT d.name AS department, count(c.id) AS contracts,
          coalesce(sum(c.managed_by_procurement = 1), 0) AS centralised,
          coalesce(sum(CASE WHEN c.managed_by_procurement = 1 THEN {_VALUE} END), 0)
            AS centralised_value,
          coalesce(sum({_VALUE}), 0) AS value
        FROM departments d
        LEFT JOIN contracts c ON c.department = d.name AND {_STILL_COUNTS}
        WHERE d.centralise = 1 GROUP BY d.name ORDER BY d.name""",
    # The audit trail dates each change of managed_by_procurement.
    "centralised_in_period": f"""
        SELECT c.department AS department, count(*) AS centralised,
          coalesce(sum({_VALUE}), 0) AS centralised_value
        FROM contracts c WHERE c.managed_by_procurement = 1 AND {_STILL_COUNTS}
          AND c.id IN (
            SELECT CAST(a.entity_id AS INTEGER) FROM audit a
            WHERE a.entity = 'contract' AND a.field = 'managed_by_procurement' AND a.new = '1'
              AND a.at >= :period_start AND a.at < :day_after)
        GROUP BY c.department""",
    "due_by_stage": f"""
        SELECT {STAGE_NAME} AS stage_name, count(*) AS count
        FROM {TABLE} m {STAGE_JOIN}
        WHERE m.actual IS NULL AND m.planned BETWEEN {_TODAY} AND {_PERIOD_END}
        GROUP BY m.stage ORDER BY min(s.seq), {STAGE_CODE}""",
    "due": f"""
        SELECT {_MILESTONE} WHERE m.actual IS NULL AND m.planned BETWEEN {_TODAY} AND {_PERIOD_END}
        ORDER BY m.planned, c.department, c.ref, s.seq LIMIT :limit""",
    "overdue": f"""
        SELECT {_MILESTONE_COLUMNS}, {_TOTAL} {_MILESTONE_FROM} WHERE {_OVERDUE}
        ORDER BY {FIRST_DUE}, c.department, c.ref, s.seq LIMIT :limit""",
    "at_risk": f"""
        SELECT c.ref AS ref, c.department AS department, c.title AS title, r.rag AS rag,
          r.slack_days AS slack_days, r.reasons AS reasons, r.flags AS flags, r.route AS route,
          {_VALUE} AS value
        FROM reviews r JOIN contracts c ON c.id = r.contract_id WHERE {_AT_RISK}
        ORDER BY {_RAG_ORDER}, r.slack_days IS NULL, r.slack_days, {_VALUE} IS NULL,
          {_VALUE} DESC, c.department, c.ref LIMIT :limit""",
    "notices_count": f"""
        SELECT {STAGE_CODE} AS stage, {STAGE_NAME} AS stage_name, count(*) AS count,
          coalesce(sum(m.planned < {_TODAY}), 0) AS overdue
        FROM {TABLE} m JOIN contracts c ON c.id = m.contract_id {STAGE_JOIN}
        WHERE m.actual IS NULL AND m.planned <= {_PERIOD_END} AND {_NOTICES}
        GROUP BY m.stage ORDER BY min(s.seq)""",
    "notices": f"""
        SELECT {_MILESTONE} WHERE m.actual IS NULL AND m.planned <= {_PERIOD_END} AND {_NOTICES}
        ORDER BY m.planned, c.department, c.ref, s.seq LIMIT :limit""",
    "kpi_reports": f"""
        SELECT c.ref AS ref, c.department AS department, c.title AS title, {_KPI_DUE} AS due,
          {_VALUE} AS value, c.regime IS NULL AS regime_worked_out, {_TOTAL} {_KPI_CONTRACTS}
        ORDER BY due, c.department, c.ref LIMIT :limit""",
    # Milestones grouped per review first, so only the reviews are joined to their contracts.
    "gantt": f"""
        SELECT c.ref AS ref, c.department AS department, c.title AS title, r.rag AS rag,
          {iso_sql("g.starts")} AS starts, {iso_sql("g.ends")} AS ends,
          {iso_sql("g.notice")} AS notice, {_TOTAL}
        FROM (
          SELECT contract_id, min(coalesce(starts, planned)) AS starts, max(planned) AS ends,
            max(CASE WHEN stage IN {milestone_rows.stage_ids_sql(StageCode.NOTICE)}
              THEN planned END) AS notice
          FROM {TABLE}
          WHERE actual IS NULL AND planned BETWEEN {_TODAY} AND {day_sql(":quarter_end")}
          GROUP BY contract_id) g
        JOIN contracts c ON c.id = g.contract_id
        LEFT JOIN reviews r ON r.contract_id = g.contract_id
        ORDER BY {_RAG_ORDER}, {_VALUE} IS NULL, {_VALUE} DESC, c.department, c.ref
        LIMIT :gantt_limit""",
    "workload": """
        SELECT officer, week, demand_hours FROM workload
        WHERE week >= :week_from AND week < :week_to""",
}


def rows(db: Database, sql: str, params: Mapping[str, object]) -> list[dict[str, Any]]:
    """Run a query; each row as a dict of its named columns (a review's reasons, stored
    packed, as their JSON text)."""
    cursor = db.conn.execute(sql, dict(params))
    columns = [d[0] for d in cursor.description]
    found = [dict(zip(columns, row, strict=True)) for row in cursor]
    if "reasons" in columns:
        for row in found:
            row["reasons"] = unpack(row["reasons"])
    return found


def fetch(db: Database, name: str, params: Mapping[str, object]) -> list[dict[str, Any]]:
    """Run one of the programme brief's named queries."""
    return rows(db, PROGRAMME_SQL[name], params)


def programme_parameters(db: Database, today: date) -> dict[str, Any]:
    """The named parameters of every programme query, for `today` and the stored settings."""
    settings = brief_settings(db)
    rules = load_rules(db)
    period = timedelta(days=settings.period_days)
    weeks = max(1, -(-settings.period_days // 7))
    monday = today - timedelta(days=today.weekday())
    return {
        "today": today.isoformat(),
        "day_after": (today + timedelta(days=1)).isoformat(),
        "period_start": (today - period + timedelta(days=1)).isoformat(),
        "period_end": (today + period).isoformat(),
        "quarter_end": (today + timedelta(days=QUARTER_DAYS - 1)).isoformat(),
        "week_from": monday.isoformat(),
        "week_to": (monday + timedelta(weeks=weeks)).isoformat(),
        "weeks": weeks,
        "limit": settings.list_limit,
        "gantt_limit": settings.gantt_limit,
        "notifiable": rules.notifiable_pence,
        "police_publication": rules.police_publication_pence,
        "pa2023_in_force": PA2023_IN_FORCE.isoformat(),
        "kpi_required": rules.kpi_required_pence,
        **year_parameters(FinancialYear.containing(today)),
    }


# ---------------------------------------------------------------- the department brief

# What a department is asked for at each stage of a review of its contract.
DEPARTMENT_INPUTS: dict[StageCode, str] = {
    StageCode.NEEDS_ANALYSIS: "Meet the procurement officer: how the contract is used, what works, "
    "what is needed next",
    StageCode.SPECIFICATION: "Agree the specification: requirements, volumes, service levels",
    StageCode.EVALUATION: "Provide evaluators for the tender panel",
    StageCode.MOBILISATION: "Name the contract manager and prepare for the new contract",
}
# Dates that change something for the department.
DEPARTMENT_DATES = (StageCode.NOTICE, StageCode.TENDER_NOTICE, StageCode.AWARD_DECISION,
                    StageCode.NEW_START, StageCode.TERMINATION_NOTICE)  # fmt: skip
_DEPT = "c.department = :department"
_DEPT_OPEN = f"{_DEPT} AND {_C_OPEN}"

DEPARTMENT_SQL: dict[str, str] = {
    "counts": f"""
        SELECT count(*) AS contracts, coalesce(sum(c.managed_by_procurement = 1), 0) AS centralised,
          coalesce(sum(c.decision IS NOT NULL), 0) AS decided,
          coalesce(sum({_VALUE}), 0) AS value
        FROM contracts c WHERE {_DEPT_OPEN}""",
    "rag": f"""
        SELECT coalesce(r.rag, '') AS rag, count(*) AS reviews FROM reviews r
        JOIN contracts c ON c.id = r.contract_id WHERE {_DEPT} GROUP BY r.rag""",
    "contracts": f"""
        SELECT c.ref AS ref, c.title AS title, c.supplier AS supplier, c.end_date AS end_date,
          c.notice_date AS notice_date, {_VALUE} AS value, c.status AS status,
          c.managed_by_procurement AS centralised, r.rag AS rag,
          c.next_milestone AS next_milestone, c.next_milestone_date AS next_milestone_date
        FROM contracts c LEFT JOIN reviews r ON r.contract_id = c.id WHERE {_DEPT_OPEN}
        ORDER BY c.end_date IS NULL, c.end_date, c.ref LIMIT :limit""",
    "decided": f"""
        SELECT c.ref AS ref, c.title AS title, c.decision AS decision, r.route AS route,
          r.new_contract_start AS new_contract_start, r.rag AS rag
        FROM contracts c LEFT JOIN reviews r ON r.contract_id = c.id
        WHERE {_DEPT_OPEN} AND c.decision IS NOT NULL
        ORDER BY r.new_contract_start IS NULL, r.new_contract_start, c.ref LIMIT :limit""",
    "inputs": f"""
        SELECT c.ref AS ref, c.title AS title, {STAGE_CODE} AS stage,
          {iso_sql("m.starts")} AS starts, {iso_sql("m.planned")} AS planned,
          m.officer AS officer, m.planned < {_TODAY} AS overdue
        FROM {TABLE} m JOIN contracts c ON c.id = m.contract_id {STAGE_JOIN}
        WHERE {_DEPT} AND m.actual IS NULL AND m.planned <= {day_sql(":horizon_end")}
          AND m.stage IN {milestone_rows.stage_ids_sql(*DEPARTMENT_INPUTS)}
        ORDER BY m.planned, c.ref, s.seq LIMIT :limit""",
    "dates": f"""
        SELECT day, what, ref, title FROM (
          SELECT {iso_sql("m.planned")} AS day, {STAGE_NAME} AS what, c.ref AS ref,
            c.title AS title, s.seq AS seq
          FROM {TABLE} m JOIN contracts c ON c.id = m.contract_id {STAGE_JOIN}
          WHERE {_DEPT} AND m.actual IS NULL
            AND m.planned BETWEEN {_TODAY} AND {day_sql(":horizon_end")}
            AND m.stage IN {milestone_rows.stage_ids_sql(*DEPARTMENT_DATES)}
          UNION ALL
          SELECT c.end_date, 'Contract ends', c.ref, c.title, 999 FROM contracts c
          WHERE {_DEPT_OPEN} AND c.end_date BETWEEN :today AND :horizon_end)
        ORDER BY day, ref, seq LIMIT :limit""",
}


def department_parameters(db: Database, today: date, department: str) -> dict[str, Any]:
    """The named parameters of the department brief's queries."""
    settings = brief_settings(db)
    return {
        "department": department,
        "today": today.isoformat(),
        "horizon_end": (today + timedelta(days=settings.department_horizon_days)).isoformat(),
        "limit": settings.list_limit * 4,
    }


# ---------------------------------------------------------------- the published plan

NOT_PROCUREMENTS = (
    RouteCode.EXTENSION,
    RouteCode.TERMINATE,
    RouteCode.IN_HOUSE,
)  # routes that buy nothing new
PLAN_SQL = f"""
    SELECT * FROM (
      SELECT c.ref AS ref, c.department AS department, c.title AS title,
        c.category AS category, r.route AS route, r.route_provisional AS provisional,
        c.total_value AS total_value, c.annual_value AS annual_value,
        c.start_date AS start_date, c.end_date AS end_date, c.max_end_date AS max_end_date,
        c.restricted AS restricted,
        min(CASE WHEN m.stage IN ('tender-notice', 'tender-period')
            THEN coalesce(m.actual, m.starts, m.planned) END) AS tender,
        max(CASE WHEN m.stage = 'award-decision' THEN coalesce(m.actual, m.planned) END)
          AS award
      FROM reviews r JOIN contracts c ON c.id = r.contract_id
      JOIN milestones m ON m.contract_id = r.contract_id
      WHERE r.route NOT IN ({quoted(NOT_PROCUREMENTS)})
      GROUP BY r.contract_id)
    WHERE coalesce(tender, award) BETWEEN :today AND :horizon_end
    ORDER BY coalesce(tender, award), title, ref"""


@dataclass(frozen=True, slots=True)
class PublishedPlan:
    """The plan's rows, and how many restricted procurements were left out of them."""

    rows: list[dict[str, Any]]
    withheld: int


def published_plan(db: Database, today: date) -> PublishedPlan:
    """Procurements expected to start (tender, or award where there is no tender) within
    the plan horizon, with an estimated value band instead of a value; restricted
    contracts are left out and counted (docs/rules.md, "Restricted contracts")."""
    horizon = brief_settings(db).plan_horizon_months
    params = {"today": today.isoformat(), "horizon_end": add_months(today, horizon).isoformat()}
    bands = value_bands(db)
    plan = []
    held_back = 0
    for row in rows(db, PLAN_SQL, params):
        if withheld(row["restricted"]):
            held_back += 1
            continue
        value = whole_life_value(
            Contract(ref=row["ref"], department=row["department"],
                     total_value=row["total_value"], annual_value=row["annual_value"],
                     start_date=from_iso(row["start_date"]), end_date=from_iso(row["end_date"]),
                     max_end_date=from_iso(row["max_end_date"]))
        )  # fmt: skip
        tender, award = from_iso(row["tender"]), from_iso(row["award"])
        plan.append(
            {
                "ref": row["ref"],
                "department": row["department"],
                "title": row["title"],
                "category": row["category"],
                "value_band": _band(bands, value),
                "route": ROUTES.get(row["route"], row["route"]),
                "route_confirmed": not row["provisional"],
                "tender": tender,
                "tender_quarter": quarter_label(tender) if tender else None,
                "award": award,
                "award_quarter": quarter_label(award) if award else None,
            }
        )
    return PublishedPlan(plan, held_back)


def _band(bands: Sequence[tuple[int, str]], value: int | None) -> str:
    if value is None:
        return "Not yet estimated"
    label = bands[0][1] if bands else "Not yet estimated"
    for lower, text in bands:
        if value >= lower:
            label = text
    return label
