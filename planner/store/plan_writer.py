"""Writing a plan: only the rows that differ from the stored plan, each audited."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from planner.domain.gcpause import gc_paused
from planner.domain.routes import SchedulingRules
from planner.domain.scheduler import (
    ProgrammePlan,
    ReviewPlan,
    WeekLoad,
)
from planner.store.audit import AuditLog, change
from planner.store.db import Database
from planner.store.history import register_dependent, register_entity
from planner.store.sql import indexes_rebuilt, last_id
from planner.store.sync import WriteCounts

register_entity("milestone", "milestones", "id")
register_entity("review", "reviews", "contract_id")
register_entity("schedule_state", "schedule_state", "key")
register_dependent("contract", "milestones", "contract_id")
register_dependent("contract", "reviews", "contract_id")

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
    next_id = last_id(db, "milestones")
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
    with indexes_rebuilt(db, "milestones", bulk=_is_bulk(len(inserts), held)):
        if inserts:
            db.conn.executemany(
                "INSERT INTO milestones (id, contract_id, stage, starts, planned, latest, officer, "
                "baseline, actual) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                inserts,
            )
        if updates:
            db.conn.executemany(
                "UPDATE milestones SET starts = ?, planned = ?, latest = ?, officer = ? "
                "WHERE id = ?",
                updates,
            )
        if deletes:
            db.conn.executemany("DELETE FROM milestones WHERE id = ?", deletes)
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
    next_id = last_id(db, "workload")
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
