"""Running the scheduler against the database and reading back what it planned.

`run_schedule` reads the register, the rules and the team, plans in the domain, and writes
only the rows that differ from what is stored, each audited: re-running on an unchanged
database writes nothing and leaves no trace in the audit trail. The contract columns rag,
next_milestone and next_milestone_date are derived, so they are written without bumping
the contract's version: a re-plan never makes a user's open edit conflict.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from planner.domain.calendar import (
    calendar_covering,
    monday_of,
    slippage_days,
    week_number,
    week_start,
)
from planner.domain.codes import FlagCode
from planner.domain.contract import Contract
from planner.domain.dates import format_date
from planner.domain.gcpause import gc_paused
from planner.domain.levelling import Capacity
from planner.domain.overdue import first_due, is_overdue
from planner.domain.plausible import check_recorded_date
from planner.domain.routes import SchedulingRules, Stage, build_routes
from planner.domain.rules import data_gaps
from planner.domain.scheduler import (
    MilestonePlan,
    NeedsData,
    ProgrammePlan,
    ReviewInput,
    ReviewPlan,
    WeekLoad,
    plan_programme,
)
from planner.domain.vocab import CLOSED_STATUSES, canonical, parse_priority
from planner.domain.words import plural
from planner.errors import ValidationError
from planner.store.audit import AuditLog, change
from planner.store.contracts import get_contract, update_contract
from planner.store.db import Database
from planner.store.history import register_dependent, register_entity
from planner.store.rules import load_rules, load_settings
from planner.store.team import get_officer, load_team

register_entity("milestone", "milestones", "id")
register_entity("review", "reviews", "contract_id")
register_entity("schedule_state", "schedule_state", "key")
register_dependent("contract", "milestones", "contract_id")
register_dependent("contract", "reviews", "contract_id")

__all__ = [
    "MilestoneRow",
    "ScheduleResult",
    "WriteCounts",
    "load_plan",
    "load_scheduling_rules",
    "mark_milestone_done",
    "milestones_between",
    "milestones_for",
    "needing_data",
    "officer_load",
    "overdue_milestones",
    "record_decision",
    "run_schedule",
    "set_baseline",
]


# ---------------------------------------------------------------- rules


def load_stages(db: Database) -> list[Stage]:
    """The stages of a review, in order."""
    return [
        Stage(code, number, seq, name, bool(hard), bool(after))
        for code, number, seq, name, hard, after in db.conn.execute(
            "SELECT code, number, seq, name, hard_date, after_start FROM stages ORDER BY seq"
        )
    ]


def load_scheduling_rules(db: Database) -> SchedulingRules:
    """Routes with their stage templates, decision mapping, thresholds and settings."""
    stages = load_stages(db)
    routes = [
        (code, name, lead, int(margin), fallback, bool(below), bool(ext), condition)
        for code, name, lead, margin, fallback, below, ext, condition in db.conn.execute(
            "SELECT code, name, lead_time, risk_margin_days, fallback_order, "
            "below_threshold_only, needs_extension_option, condition FROM routes ORDER BY code"
        )
    ]
    templates = [
        (route, stage, int(days), float(hours))
        for route, stage, days, hours in db.conn.execute(
            "SELECT route, stage, duration_days, effort_hours FROM route_stages"
        )
    ]
    minimums = {
        route: int(days)
        for route, days in db.conn.execute(
            "SELECT route, max(min_days) FROM tender_periods WHERE applies = 1 GROUP BY route"
        )
    }
    decisions = dict(db.conn.execute("SELECT decision, route FROM decision_routes").fetchall())
    settings = load_settings(db)
    return SchedulingRules(
        routes=build_routes(stages, routes, templates, minimums),
        stages={s.code: s for s in stages},
        decision_routes=decisions,
        rules=load_rules(db),
        levelling_horizon_weeks=int(settings.get("levelling_horizon_weeks", 52)),
        unknown_priority=int(settings.get("unknown_priority", 3)),
    )


# ---------------------------------------------------------------- reading the register

_INPUT_COLUMNS = (
    "id",
    "ref",
    "department",
    "title",
    "category",
    "start_date",
    "end_date",
    "max_end_date",
    "notice_period",
    "annual_value",
    "total_value",
    "owner",
    "status",
    "route",
    "decision",
    "officer",
    "priority",
    "risk",
    "framework",
)
_INPUT_DATES = ("start_date", "end_date", "max_end_date")


def read_review_inputs(db: Database) -> list[ReviewInput]:
    """Every open contract with its recorded actual and baseline dates and last officer."""
    actuals: dict[int, dict[str, date]] = {}
    baselines: dict[int, dict[str, date]] = {}
    for contract_id, stage, baseline, actual in db.conn.execute(
        "SELECT contract_id, stage, baseline, actual FROM milestones "
        "WHERE baseline IS NOT NULL OR actual IS NOT NULL"
    ):
        if actual:
            actuals.setdefault(contract_id, {})[stage] = date.fromisoformat(actual)
        if baseline:
            baselines.setdefault(contract_id, {})[stage] = date.fromisoformat(baseline)
    previous = dict(db.conn.execute("SELECT contract_id, officer FROM reviews").fetchall())
    closed = ", ".join(f"'{s}'" for s in sorted(CLOSED_STATUSES))
    inputs: list[ReviewInput] = []
    date_at = [_INPUT_COLUMNS.index(c) for c in _INPUT_DATES]
    for row in db.conn.execute(
        f"SELECT {', '.join(_INPUT_COLUMNS)} FROM contracts WHERE status NOT IN ({closed})"
    ):
        values = list(row)
        for i in date_at:
            if values[i] is not None:
                values[i] = date.fromisoformat(values[i])
        contract = Contract(**dict(zip(_INPUT_COLUMNS, values, strict=True)))
        cid = values[0]
        inputs.append(
            ReviewInput(contract, actuals.get(cid, {}), baselines.get(cid, {}), previous.get(cid))
        )
    return inputs


# ---------------------------------------------------------------- the result


@dataclass(frozen=True, slots=True)
class WriteCounts:
    """How many stored rows a run inserted, updated and deleted."""

    inserted: int = 0
    updated: int = 0
    deleted: int = 0

    @property
    def total(self) -> int:
        """Rows touched in all."""
        return self.inserted + self.updated + self.deleted


@dataclass(slots=True)
class ScheduleResult:
    """What `run_schedule` planned and how much of the database it changed."""

    today: date
    reviews: list[ReviewPlan]
    needing_data: list[NeedsData]
    overloaded_weeks: list[WeekLoad]
    written: WriteCounts = field(default_factory=WriteCounts)

    def to_json(self) -> dict[str, Any]:
        """`planner schedule --json`: exactly the shape the issue gives."""
        return {
            "today": self.today.isoformat(),
            "reviews": [r.to_json() for r in self.reviews],
            "overloaded_weeks": [w.to_json() for w in self.overloaded_weeks],
        }

    @property
    def infeasible(self) -> list[ReviewPlan]:
        """Reviews that cannot make their date on their route."""
        return [r for r in self.reviews if FlagCode.INFEASIBLE in r.flags]

    @property
    def late(self) -> list[ReviewPlan]:
        """Reviews that could make it but are planned late once the work is levelled."""
        late, infeasible = FlagCode.LATE, FlagCode.INFEASIBLE
        return [r for r in self.reviews if late in r.flags and infeasible not in r.flags]

    def notices_due(self, within_days: int) -> list[ReviewPlan]:
        """Reviews whose notice deadline has passed or falls within `within_days`, soonest
        first (those with notice already recorded are left out)."""
        flagged = ("notice_passed", "notice_soon")
        due = [
            r
            for r in self.reviews
            if r.notice_date is not None
            and any(f in r.flags for f in flagged)
            and (r.notice_date - self.today).days <= within_days
        ]
        return sorted(due, key=lambda r: (r.notice_date or self.today, r.ref))


# ---------------------------------------------------------------- running


def run_schedule(db: Database, today: date, who: str) -> ScheduleResult:
    """Plan every open review as of `today`, level the work, and store the plan.

    Only rows that differ from what is stored are written (one audited change, kind
    'schedule', which undo passes over: a plan is re-derived, not undone).
    """
    with gc_paused():
        rules = load_scheduling_rules(db)
        team = load_team(db)
        inputs = read_review_inputs(db)
        plan = plan_programme(inputs, rules, team, today)
        written = save_plan(db, plan, rules, who)
    return ScheduleResult(
        plan.today, plan.reviews, plan.needing_data, plan.overloaded_weeks, written
    )


_REVIEW_FIELDS = (
    "route",
    "route_provisional",
    "officer",
    "start",
    "new_contract_start",
    "slack_days",
    "rag",
    "reasons",
    "flags",
)
_DERIVED = ("rag", "next_milestone", "next_milestone_date")


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


class _IsoDates(dict[date | None, str | None]):
    """ISO text of each date, worked out once: a plan of 50,000 reviews names the same few
    thousand days two million times."""

    def __missing__(self, day: date | None) -> str | None:
        text = self[day] = None if day is None else day.isoformat()
        return text


# json.dumps with options builds a new encoder on each call; the text is the same.
_REASONS = json.JSONEncoder(ensure_ascii=False)


def save_plan(db: Database, plan: ProgrammePlan, rules: SchedulingRules, who: str) -> WriteCounts:
    """Write the parts of `plan` that differ from the stored plan, in one audited change."""
    counts = [0, 0, 0]
    summary = f"Schedule as of {plan.today.isoformat()}"
    with gc_paused(), change(db, who, summary, kind="schedule") as log:
        _save_reviews(db, log, plan.reviews, counts)
        _save_milestones(db, log, plan.reviews, counts)
        _save_workload(db, log, plan.workload, counts)
        _save_derived(db, log, plan.reviews, rules, counts)
        _save_state(db, log, {"today": plan.today.isoformat()}, counts)
    return WriteCounts(*counts)


def _review_row(r: ReviewPlan, iso: _IsoDates) -> tuple[Any, ...]:
    return (
        r.route,
        int(r.route_provisional),
        r.officer,
        iso[r.start],
        iso[r.new_contract_start],
        r.slack_days,
        r.rag,
        _REASONS.encode(list(r.reasons)),
        json.dumps(list(r.flags)),
    )


def _save_reviews(
    db: Database, log: AuditLog, reviews: Sequence[ReviewPlan], counts: list[int]
) -> None:
    stored = {
        row[0]: tuple(row[1:])
        for row in db.conn.execute(f"SELECT contract_id, {', '.join(_REVIEW_FIELDS)} FROM reviews")
    }
    inserts, updates = [], []
    iso = _IsoDates()
    for review in reviews:
        row = _review_row(review, iso)
        old = stored.pop(review.contract_id, None)
        if old is None:
            inserts.append((review.contract_id, *row))
            log.log(
                "insert",
                "review",
                review.contract_id,
                "*",
                None,
                dict(
                    zip(("contract_id", *_REVIEW_FIELDS), (review.contract_id, *row), strict=True)
                ),
            )
        elif old != row:
            changed = [i for i, (a, b) in enumerate(zip(old, row, strict=True)) if a != b]
            for i in changed:
                log.log("update", "review", review.contract_id, _REVIEW_FIELDS[i], old[i], row[i])
            updates.append((row, review.contract_id))
    if inserts:
        marks = ", ".join("?" * (len(_REVIEW_FIELDS) + 1))
        db.conn.executemany(
            f"INSERT INTO reviews (contract_id, {', '.join(_REVIEW_FIELDS)}) VALUES ({marks})",
            inserts,
        )
    if updates:
        sets = ", ".join(f"{f} = ?" for f in _REVIEW_FIELDS)
        db.conn.executemany(
            f"UPDATE reviews SET {sets} WHERE contract_id = ?", [(*r, cid) for r, cid in updates]
        )
    if stored:
        for contract_id, old in stored.items():
            log.log(
                "delete",
                "review",
                contract_id,
                "*",
                dict(zip(("contract_id", *_REVIEW_FIELDS), (contract_id, *old), strict=True)),
                None,
            )
        db.conn.executemany("DELETE FROM reviews WHERE contract_id = ?", [(cid,) for cid in stored])
    counts[0] += len(inserts)
    counts[1] += len(updates)
    counts[2] += len(stored)


def _save_milestones(
    db: Database, log: AuditLog, reviews: Sequence[ReviewPlan], counts: list[int]
) -> None:
    # Audited one row per review ("milestones" of contract N: the stages that changed,
    # old and new), not one per stage: a schedule run is re-derived, never undone, and a
    # first plan of 50,000 reviews would otherwise add 600,000 audit rows.
    stored = _StoredMilestones(db)
    held = int(db.conn.execute("SELECT count(*) FROM milestones").fetchone()[0])
    planned_contracts = {r.contract_id for r in reviews}
    next_id = int(db.conn.execute("SELECT coalesce(max(id), 0) FROM milestones").fetchone()[0])
    inserts: list[tuple[Any, ...]] = []
    updates: list[tuple[Any, ...]] = []
    iso = _IsoDates()
    for review in reviews:
        cid = review.contract_id
        added: list[list[Any]] = []
        before: list[list[Any]] = []
        after: list[list[Any]] = []
        for m in review.milestones:
            stage, officer = m.stage, m.officer
            starts, planned, latest = iso[m.starts], iso[m.planned], iso[m.latest]
            row = stored.next
            if row is not None and row[0] == cid and row[1] == stage:
                old: tuple[Any, ...] | None = row[2:]
                stored.advance()
            else:
                old = stored.find(cid, stage)
            if old is None:
                next_id += 1
                inserts.append(
                    (next_id, cid, stage, starts, planned, latest, officer, iso[m.baseline],
                     iso[m.actual])
                )  # fmt: skip
                added.append([next_id, stage, starts, planned, latest, officer])
            elif old[1] != starts or old[2] != planned or old[3] != latest or old[4] != officer:
                before.append([old[0], stage, *old[1:5]])
                after.append([old[0], stage, starts, planned, latest, officer])
                updates.append((starts, planned, latest, officer, old[0]))
        if added:
            log.log("insert", "milestones", cid, "*", None, added)
        if after:
            log.log("update", "milestones", cid, "plan", before, after)
    # Stages no longer planned (route changed, contract closed or missing its end date):
    # rows with a recorded baseline or actual date stay as history with their plan cleared.
    deletes: list[tuple[int]] = []
    gone: dict[int, list[list[Any]]] = {}
    cleared: dict[int, list[list[Any]]] = {}
    for (cid, stage), old in stored.rest():
        milestone_id, baseline, actual = old[0], old[5], old[6]
        if baseline is None and actual is None:
            deletes.append((milestone_id,))
            gone.setdefault(cid, []).append([milestone_id, stage, *old[1:5]])
        elif cid in planned_contracts and old[1:5] != (None, None, None, None):
            cleared.setdefault(cid, []).append([milestone_id, stage, *old[1:5]])
            updates.append((None, None, None, None, milestone_id))
    for cid, rows in gone.items():
        log.log("delete", "milestones", cid, "*", rows, None)
    for cid, rows in cleared.items():
        log.log(
            "update",
            "milestones",
            cid,
            "plan",
            rows,
            [[r[0], r[1], None, None, None, None] for r in rows],
        )
    rebuilt = _drop_indexes(db, "milestones") if _is_bulk(len(inserts), held) else []
    if inserts:
        db.conn.executemany(
            "INSERT INTO milestones (id, contract_id, stage, starts, planned, latest, officer, "
            "baseline, actual) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            inserts,
        )
    if updates:
        db.conn.executemany(
            "UPDATE milestones SET starts = ?, planned = ?, latest = ?, officer = ? WHERE id = ?",
            updates,
        )
    if deletes:
        db.conn.executemany("DELETE FROM milestones WHERE id = ?", deletes)
    for sql in rebuilt:
        db.conn.execute(sql)
    counts[0] += len(inserts)
    counts[1] += len(updates)
    counts[2] += len(deletes)


class _StoredMilestones:
    """The stored milestones, read in id order and matched to the plan as it is walked.

    A plan written before comes back in the order it was written, so a re-run matches each
    row straight off the cursor; rows out of step (a new stage, a new contract) send the
    rest into a dict by (contract, stage), as if read that way from the start.
    """

    __slots__ = ("_cursor", "_held", "next")

    def __init__(self, db: Database) -> None:
        self._cursor = db.conn.execute(
            "SELECT contract_id, stage, id, starts, planned, latest, officer, baseline, actual "
            "FROM milestones ORDER BY id"
        )
        self._held: dict[tuple[int, str], tuple[Any, ...]] = {}
        self.next: tuple[Any, ...] | None = next(self._cursor, None)

    def advance(self) -> None:
        """Move past `next`, which the caller has matched."""
        self.next = next(self._cursor, None)

    def find(self, contract_id: int, stage: str) -> tuple[Any, ...] | None:
        """The stored (id, starts, planned, latest, officer, baseline, actual) of this
        stage, if there is one, reading ahead as far as it takes."""
        held = self._held
        if held:
            found = held.pop((contract_id, stage), None)
            if found is not None:
                return found
        row = self.next
        while row is not None:
            if row[0] == contract_id and row[1] == stage:
                self.next = next(self._cursor, None)
                return row[2:]
            held[(row[0], row[1])] = row[2:]
            row = next(self._cursor, None)
        self.next = None
        return None

    def rest(self) -> list[tuple[tuple[int, str], tuple[Any, ...]]]:
        """The rows no stage of the plan matched, in id order."""
        rows = list(self._held.items())
        row = self.next
        while row is not None:
            rows.append(((row[0], row[1]), row[2:]))
            row = next(self._cursor, None)
        self.next = None
        self._held = {}
        return rows


# Inserting at least this many rows, and at least as many as a table holds already,
# rebuilds its secondary indexes afterwards instead of growing them row by row.
_BULK_ROWS = 10_000


def _is_bulk(inserting: int, held: int) -> bool:
    return inserting >= _BULK_ROWS and inserting >= held


def _drop_indexes(db: Database, table: str) -> list[str]:
    """Drop `table`'s secondary indexes (not those behind its keys or UNIQUE constraints)
    and return the statements that make them again, to run once the rows are in.

    Building an index over a finished table sorts it once; inserting 675,000 milestones
    into one (the planned date, in no useful order) was a third of their insert. It all
    happens inside the change's transaction, so a failure or a kill restores the indexes
    with everything else, and other connections never see the table without them.
    """
    found = db.conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
        "AND sql IS NOT NULL",
        (table,),
    ).fetchall()
    for name, _ in found:
        db.conn.execute(f'DROP INDEX "{name}"')
    return [sql for _, sql in found]


def _save_workload(
    db: Database, log: AuditLog, workload: Sequence[WeekLoad], counts: list[int]
) -> None:
    # Audited one row per officer: the weeks whose planned hours changed, old and new.
    stored = {
        (officer, week): (row_id, demand, capacity)
        for row_id, officer, week, demand, capacity in db.conn.execute(
            "SELECT id, officer, week, demand_hours, capacity_hours FROM workload"
        )
    }
    next_id = int(db.conn.execute("SELECT coalesce(max(id), 0) FROM workload").fetchone()[0])
    inserts, updates = [], []
    before: dict[str, list[list[Any]]] = {}
    after: dict[str, list[list[Any]]] = {}
    for load in workload:
        key = (load.officer, load.week.isoformat())
        old = stored.pop(key, None)
        new = (load.demand_hours, load.capacity_hours)
        if old is None:
            next_id += 1
            inserts.append((next_id, *key, *new))
        elif (old[1], old[2]) != new:
            updates.append((*new, old[0]))
        else:
            continue
        before.setdefault(load.officer, []).append(
            [key[1], None, None] if old is None else [key[1], old[1], old[2]]
        )
        after.setdefault(load.officer, []).append([key[1], *new])
    for (officer, week), (_, demand, capacity) in stored.items():
        before.setdefault(officer, []).append([week, demand, capacity])
        after.setdefault(officer, []).append([week, None, None])
    for officer in sorted(before):
        log.log("update", "workload", officer, "weeks", before[officer], after[officer])
    if inserts:
        db.conn.executemany(
            "INSERT INTO workload (id, officer, week, demand_hours, capacity_hours) "
            "VALUES (?, ?, ?, ?, ?)",
            inserts,
        )
    if updates:
        db.conn.executemany(
            "UPDATE workload SET demand_hours = ?, capacity_hours = ? WHERE id = ?", updates
        )
    if stored:
        db.conn.executemany("DELETE FROM workload WHERE id = ?", [(v[0],) for v in stored.values()])
    counts[0] += len(inserts)
    counts[1] += len(updates)
    counts[2] += len(stored)


def _save_derived(
    db: Database,
    log: AuditLog,
    reviews: Sequence[ReviewPlan],
    rules: SchedulingRules,
    counts: list[int],
) -> None:
    wanted: dict[int, tuple[str | None, str | None, str | None]] = {}
    for review in reviews:
        upcoming = review.next_milestone
        stage = rules.stages.get(upcoming.stage) if upcoming else None
        wanted[review.contract_id] = (
            review.rag,
            stage.name if stage else (upcoming.stage if upcoming else None),
            _iso(upcoming.planned) if upcoming else None,
        )
    updates = []
    for cid, *old in db.conn.execute(f"SELECT id, {', '.join(_DERIVED)} FROM contracts"):
        new = wanted.get(cid, (None, None, None))
        if tuple(old) != new:
            changed = [i for i in range(3) if old[i] != new[i]]
            if len(changed) == 1:
                i = changed[0]
                log.log("update", "contract", cid, _DERIVED[i], old[i], new[i])
            else:  # one audit row for the derived columns that changed together
                names = ",".join(_DERIVED[i] for i in changed)
                log.log(
                    "update",
                    "contract",
                    cid,
                    names,
                    [old[i] for i in changed],
                    [new[i] for i in changed],
                )
            updates.append((*new, cid))
    if updates:
        # Derived columns: no version bump, no updated_at, so open edits still save.
        db.conn.executemany(
            f"UPDATE contracts SET {', '.join(f'{c} = ?' for c in _DERIVED)} WHERE id = ?",
            updates,
        )
    counts[1] += len(updates)


def _save_state(db: Database, log: AuditLog, values: Mapping[str, str], counts: list[int]) -> None:
    stored = dict(db.conn.execute("SELECT key, value FROM schedule_state").fetchall())
    for key, value in values.items():
        if key not in stored:
            db.conn.execute("INSERT INTO schedule_state (key, value) VALUES (?, ?)", (key, value))
            log.log("insert", "schedule_state", key, "*", None, {"key": key, "value": value})
            counts[0] += 1
        elif stored[key] != value:
            db.conn.execute("UPDATE schedule_state SET value = ? WHERE key = ?", (value, key))
            log.log("update", "schedule_state", key, "value", stored[key], value)
            counts[1] += 1


# ---------------------------------------------------------------- reading the plan


@dataclass(frozen=True, slots=True)
class MilestoneRow:
    """A stored milestone with enough of its contract to show it in a list or a timeline."""

    contract_id: int
    ref: str
    department: str
    title: str | None
    stage: str
    stage_name: str
    starts: date | None
    planned: date | None
    latest: date | None
    baseline: date | None
    actual: date | None
    officer: str | None

    @property
    def done(self) -> bool:
        """True once an actual date is recorded."""
        return self.actual is not None

    @property
    def first_due(self) -> date | None:
        """The earlier of its planned and baseline dates: an overdue milestone is late
        against whichever came first."""
        return first_due(self.planned, self.baseline)

    def overdue(self, today: date) -> bool:
        """Not done, still planned, and its planned or baseline date is before today."""
        return is_overdue(self.planned, self.baseline, self.actual, today)


_MILESTONE_SELECT = (
    "SELECT m.contract_id, c.ref, c.department, c.title, m.stage, s.name, m.starts, m.planned, "
    "m.latest, m.baseline, m.actual, m.officer FROM milestones m "
    "JOIN contracts c ON c.id = m.contract_id LEFT JOIN stages s ON s.code = m.stage"
)


def _d(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _milestone_row(row: Sequence[Any]) -> MilestoneRow:
    return MilestoneRow(
        row[0],
        row[1],
        row[2],
        row[3],
        row[4],
        row[5] or row[4],
        _d(row[6]),
        _d(row[7]),
        _d(row[8]),
        _d(row[9]),
        _d(row[10]),
        row[11],
    )


def milestones_for(db: Database, contract_id: int) -> list[MilestoneRow]:
    """One contract's milestones in stage order."""
    rows = db.conn.execute(
        f"{_MILESTONE_SELECT} WHERE m.contract_id = ? ORDER BY coalesce(s.seq, 999), m.stage",
        (contract_id,),
    )
    return [_milestone_row(r) for r in rows]


def milestones_between(db: Database, start: date, end: date) -> list[MilestoneRow]:
    """Milestones planned (or done) from `start` to `end` inclusive, in date order."""
    rows = db.conn.execute(
        f"{_MILESTONE_SELECT} WHERE coalesce(m.actual, m.planned) BETWEEN ? AND ? "
        "ORDER BY coalesce(m.actual, m.planned), c.department, c.ref, s.seq",
        (start.isoformat(), end.isoformat()),
    )
    return [_milestone_row(r) for r in rows]


def overdue_milestones(db: Database, today: date) -> list[MilestoneRow]:
    """Milestones not done whose planned or baseline date is before `today`, oldest first
    (a stage passed over because a later one is done has no planned date and is not)."""
    rows = db.conn.execute(
        f"{_MILESTONE_SELECT} WHERE m.actual IS NULL AND m.planned IS NOT NULL AND "
        "(m.planned < ? OR m.baseline < ?) "
        "ORDER BY min(coalesce(m.planned, m.baseline), coalesce(m.baseline, m.planned)), "
        "c.department, c.ref, s.seq",
        (today.isoformat(), today.isoformat()),
    )
    return [_milestone_row(r) for r in rows]


def load_plan(db: Database) -> list[ReviewPlan]:
    """The reviews as the last schedule run stored them, by department and reference."""
    milestones: dict[int, list[MilestonePlan]] = {}
    cal = None
    for row in db.conn.execute(
        "SELECT m.contract_id, m.stage, m.starts, m.planned, m.latest, m.baseline, m.actual, "
        "m.officer FROM milestones m LEFT JOIN stages s ON s.code = m.stage "
        "JOIN reviews r ON r.contract_id = m.contract_id ORDER BY m.contract_id, s.seq"
    ):
        baseline, when = _d(row[5]), _d(row[6]) or _d(row[3])
        slip = None
        if baseline is not None and when is not None:
            first, last = min(baseline, when), max(baseline, when)
            if cal is None or not (cal.first <= first and last <= cal.last):
                cal = calendar_covering(first, last, years_before=1, years_after=5)
            slip = slippage_days(cal, baseline, when)
        milestones.setdefault(row[0], []).append(
            MilestonePlan(
                row[1], _d(row[2]), _d(row[3]), _d(row[4]), baseline, _d(row[6]), row[7], slip
            )
        )
    plans = []
    for row in db.conn.execute(
        "SELECT r.contract_id, c.ref, c.department, c.title, r.route, r.route_provisional, "
        "r.officer, c.notice_date, r.start, r.new_contract_start, r.slack_days, r.rag, "
        "r.reasons, r.flags FROM reviews r JOIN contracts c ON c.id = r.contract_id "
        "ORDER BY c.department, c.ref"
    ):
        plans.append(
            ReviewPlan(
                contract_id=row[0],
                ref=row[1],
                department=row[2],
                title=row[3],
                route=row[4],
                route_provisional=bool(row[5]),
                officer=row[6],
                notice_date=_d(row[7]),
                start=_d(row[8]),
                new_contract_start=_d(row[9]) or date.min,
                slack_days=row[10],
                rag=row[11] or "",
                reasons=tuple(json.loads(row[12])),
                flags=tuple(json.loads(row[13])),
                milestones=tuple(milestones.get(row[0], ())),
            )
        )
    return plans


def last_run_today(db: Database) -> date | None:
    """The 'today' of the last schedule run, if there has been one."""
    row = db.conn.execute("SELECT value FROM schedule_state WHERE key = 'today'").fetchone()
    return None if row is None else date.fromisoformat(row[0])


def needing_data(db: Database) -> list[NeedsData]:
    """Open contracts that cannot be planned (no end date), with what is missing."""
    closed = ", ".join(f"'{s}'" for s in sorted(CLOSED_STATUSES))
    found = []
    for cid, ref, department, annual, total, owner in db.conn.execute(
        "SELECT id, ref, department, annual_value, total_value, owner FROM contracts "
        f"WHERE end_date IS NULL AND status NOT IN ({closed}) ORDER BY department, ref"
    ):
        contract = Contract(
            ref=ref, department=department, annual_value=annual, total_value=total, owner=owner
        )
        found.append(NeedsData(cid, ref, department, tuple(data_gaps(contract))))
    return found


def officer_load(db: Database, first_week: date, weeks: int) -> list[WeekLoad]:
    """Planned hours against available hours for every officer in each of `weeks` weeks
    from the week of `first_week` (demand from the last schedule run)."""
    if weeks < 1:
        return []
    monday = week_start(first_week)
    last = monday + timedelta(weeks=weeks)
    team = load_team(db)
    cal = calendar_covering(monday, last, years_before=1, years_after=1)
    first_no = week_number(monday)
    capacity = Capacity(cal, list(team.officers), team.leave, first_no, first_no + weeks)
    demand = {
        (officer, week): hours
        for officer, week, hours in db.conn.execute(
            "SELECT officer, week, demand_hours FROM workload WHERE week >= ? AND week < ?",
            (monday.isoformat(), last.isoformat()),
        )
    }
    loads = []
    for officer in team.officers:
        for offset in range(weeks):
            week = monday_of(first_no + offset)
            minutes = capacity.capacity[officer.name][offset]
            loads.append(
                WeekLoad(
                    officer.name,
                    week,
                    demand.get((officer.name, week.isoformat()), 0.0),
                    round(minutes / 60, 1),
                )
            )
    return loads


def overloaded_weeks(db: Database) -> list[WeekLoad]:
    """Officer-weeks the last run planned above capacity."""
    return [
        WeekLoad(officer, date.fromisoformat(week), demand, capacity)
        for officer, week, demand, capacity in db.conn.execute(
            "SELECT officer, week, demand_hours, capacity_hours FROM workload "
            "WHERE demand_hours > capacity_hours ORDER BY week, officer"
        )
    ]


# ---------------------------------------------------------------- user actions


def _stage(db: Database, stage: str) -> tuple[str, str]:
    wanted = stage.strip().lower()
    for code, name, number in db.conn.execute("SELECT code, name, number FROM stages"):
        if wanted in (code, name.lower(), str(number)):
            return code, name
    codes = ", ".join(r[0] for r in db.conn.execute("SELECT code FROM stages ORDER BY seq"))
    raise ValidationError(f"'{stage}' is not a stage (use one of: {codes})")


def mark_milestone_done(
    db: Database,
    contract_id: int,
    stage: str,
    actual: date,
    who: str,
    *,
    today: date | None = None,
) -> MilestoneRow:
    """Record the date a stage was completed; the next schedule run re-plans what follows.

    `stage` is a stage code, its number (1-17) or its name. `actual` may not be more than a
    year before the contract started; given `today`, it may not be after today nor (for a
    contract with no start date) more than ten years before it.
    """
    contract = get_contract(db, contract_id)
    code, name = _stage(db, stage)
    check_recorded_date(
        actual,
        ref=contract.ref,
        start=contract.start_date,
        today=today,
        once="record a stage as done once it is",
    )
    row = db.conn.execute(
        "SELECT id, actual FROM milestones WHERE contract_id = ? AND stage = ?",
        (contract_id, code),
    ).fetchone()
    with change(db, who, f"{contract.ref}: {name} done on {format_date(actual)}") as log:
        if row is None:
            next_id = int(
                db.conn.execute("SELECT coalesce(max(id), 0) + 1 FROM milestones").fetchone()[0]
            )
            db.conn.execute(
                "INSERT INTO milestones (id, contract_id, stage, actual) VALUES (?, ?, ?, ?)",
                (next_id, contract_id, code, actual.isoformat()),
            )
            log.log(
                "insert",
                "milestone",
                next_id,
                "*",
                None,
                {
                    "id": next_id,
                    "contract_id": contract_id,
                    "stage": code,
                    "actual": actual.isoformat(),
                },
            )
        elif row[1] != actual.isoformat():
            db.conn.execute(
                "UPDATE milestones SET actual = ? WHERE id = ?", (actual.isoformat(), row[0])
            )
            log.log("update", "milestone", row[0], "actual", row[1], actual.isoformat())
    return next(m for m in milestones_for(db, contract_id) if m.stage == code)


def set_baseline(db: Database, who: str) -> int:
    """Make every open milestone's planned date its baseline; returns how many changed."""
    rows = db.conn.execute(
        "SELECT id, baseline, planned FROM milestones WHERE actual IS NULL "
        "AND planned IS NOT NULL AND (baseline IS NULL OR baseline != planned)"
    ).fetchall()
    with change(db, who, f"Baseline set on {plural(len(rows), 'milestone')}") as log:
        for milestone_id, old, new in rows:
            log.log("update", "milestone", milestone_id, "baseline", old, new)
        db.conn.executemany(
            "UPDATE milestones SET baseline = planned WHERE id = ?", [(r[0],) for r in rows]
        )
    return len(rows)


def route_for_decision(db: Database, decision: str) -> str | None:
    """The route a decision implies, as held in decision_routes (None: chosen by value)."""
    row = db.conn.execute(
        "SELECT route FROM decision_routes WHERE decision = ?", (decision,)
    ).fetchone()
    return None if row is None else row[0]


def decision_fields(db: Database, decision: str | None, route: str | None = None) -> dict[str, Any]:
    """The fields a decision sets: the decision and its route (the one given, else the one
    the decision implies). A route with no stages cannot be planned, so it is refused."""
    changes: dict[str, Any] = {}
    if decision is not None:
        changes["decision"] = canonical("decision", decision)
    if route is not None:
        changes["route"] = canonical("route", route)
    elif changes.get("decision"):
        implied = route_for_decision(db, changes["decision"])
        if implied:
            changes["route"] = implied
    if changes.get("route") is not None:
        known = db.conn.execute(
            "SELECT 1 FROM route_stages WHERE route = ? LIMIT 1", (changes["route"],)
        ).fetchone()
        if known is None:
            raise ValidationError(
                f"route '{changes['route']}' has no stages; add some with planner rules set stage"
            )
    return changes


def status_after_decision(current: Contract, decision: str | None) -> dict[str, Any]:
    """An active or in-review contract becomes 'decided' when a decision is recorded."""
    if decision and current.status in ("active", "in review"):
        return {"status": "decided"}
    return {}


def record_decision(
    db: Database,
    contract_id: int,
    *,
    expected_version: int,
    who: str,
    decision: str | None = None,
    route: str | None = None,
    officer: str | None = None,
    priority: int | str | None = None,
    risk: str | None = None,
) -> Contract:
    """Record a review decision on one contract (and the route it implies, unless a route
    is given), its officer, priority and risk. A stale `expected_version` is refused with
    ConflictError, as for any contract edit."""
    changes = decision_fields(db, decision, route)
    if officer is not None:
        changes["officer"] = get_officer(db, officer).name if officer.strip() else None
    if priority is not None:
        changes["priority"] = parse_priority(priority)
    if risk is not None:
        changes["risk"] = canonical("risk", risk)
    if not changes:
        raise ValidationError(
            "nothing to record: give a decision, route, officer, priority or risk"
        )
    current = get_contract(db, contract_id)
    changes.update(status_after_decision(current, changes.get("decision")))
    said = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in changes.items() if k != "status")
    return update_contract(
        db,
        contract_id,
        changes,
        expected_version=expected_version,
        who=who,
        summary=f"Decision on {current.ref}: {said}",
    )
