"""Running the scheduler against the database: plan every open review and store the plan."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from planner.domain.codes import ChangeKind, FlagCode
from planner.domain.gcpause import gc_paused
from planner.domain.plan import NeedsData, ProgrammePlan, ReviewInput, ReviewPlan, Team, WeekLoad
from planner.domain.replanning import Levelled, PlanMemo
from planner.domain.routes import SchedulingRules
from planner.domain.scheduler import plan_programme
from planner.store.db import Database, transaction
from planner.store.plan_writer import save_plan
from planner.store.schedule_inputs import read_review_inputs
from planner.store.schedule_rules import load_scheduling_rules
from planner.store.sync import WriteCounts
from planner.store.team import load_team

__all__ = ["LivePlan", "ScheduleResult", "WriteCounts", "replan", "run_schedule"]


@dataclass(slots=True)
class ScheduleResult:
    """What `run_schedule` planned and how much of the database it changed."""

    today: date
    reviews: list[ReviewPlan]
    needing_data: list[NeedsData]
    overloaded_weeks: list[WeekLoad]
    written: WriteCounts = field(default_factory=WriteCounts)

    def to_json(self) -> dict[str, Any]:
        """`planner schedule --json`: the day planned for, every review and the overloaded
        weeks (the shape scripts read, so keep it stable)."""
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
        flagged = (FlagCode.NOTICE_PASSED, FlagCode.NOTICE_SOON)
        due = [
            r
            for r in self.reviews
            if r.notice_date is not None
            and any(f in r.flags for f in flagged)
            and (r.notice_date - self.today).days <= within_days
        ]
        return sorted(due, key=lambda r: (r.notice_date or self.today, r.ref))


# ---------------------------------------------------------------- running


def _plan_live(
    db: Database,
    live: LivePlan,
    inputs: list[ReviewInput],
    rules: SchedulingRules,
    team: Team,
    today: date,
    who: str,
) -> tuple[ProgrammePlan, WriteCounts]:
    before = live.memo.levelled
    stored_as = live.stored_as
    live.stored_as = None  # until this plan is written
    plan = plan_programme(inputs, rules, team, today, memo=live.memo)
    scope: set[int] | None = None
    if stored_as is not None and stored_as == _last_schedule(db):
        now = live.memo.levelled
        scope = {cid for cid, levelled in now.items() if _moved(levelled, before.get(cid))}
        scope |= before.keys() - now.keys()
    written = save_plan(db, plan, rules, who, scope)
    live.stored_as = _last_schedule(db)
    return plan, written


def _moved(now: Levelled, before: Levelled | None) -> bool:
    # A review planned exactly as last time keeps last time's plan object.
    return before is None or now.plan is not before.plan


def _last_schedule(db: Database) -> int:
    row = db.conn.execute(
        "SELECT coalesce(max(id), 0) FROM changes WHERE kind = ?", (ChangeKind.SCHEDULE,)
    ).fetchone()
    return int(row[0])


@dataclass(slots=True)
class LivePlan:
    """What a long-running planner keeps between re-plans of one database: how the last
    plan was made (planner.domain.replanning), and the mark of the stored plan it wrote."""

    memo: PlanMemo = field(default_factory=PlanMemo)
    stored_as: int | None = None  # the last schedule change when the stored plan was the memo's

    def forget(self) -> None:
        """Plan and write everything afresh next time."""
        self.memo, self.stored_as = PlanMemo(), None


def run_schedule(
    db: Database, today: date, who: str, live: LivePlan | None = None
) -> ScheduleResult:
    """Plan every open review as of `today`, level the work, and store the plan.

    Only rows that differ from what is stored are written (one audited change, kind
    'schedule', which undo passes over: a plan is re-derived, not undone). With `live`,
    only what changed since its last run is planned afresh, and, if nobody else has stored
    a plan since, only the reviews whose plan moved are compared and written.

    The register is read and the plan written from one snapshot: if another program
    commits in between, the plan is made again from the new data (`replan`), and after
    `SNAPSHOT_TRIES` such collisions it is made holding the write lock throughout.
    """
    if not db.conn.in_transaction:
        for _ in range(SNAPSHOT_TRIES):
            result = replan(db, today, who, live)
            if result is not None:
                return result
        with transaction(db):
            return _run_schedule(db, today, who, live)
    return _run_schedule(db, today, who, live)


# Optimistic tries before a schedule run takes the write lock for its whole length (which
# makes other writers wait): a collision needs someone to commit during the seconds of a
# large plan, so a second try nearly always succeeds.
SNAPSHOT_TRIES = 3


def _run_schedule(db: Database, today: date, who: str, live: LivePlan | None) -> ScheduleResult:
    with gc_paused():
        rules = load_scheduling_rules(db)
        team = load_team(db)
        inputs = read_review_inputs(db)
        if live is None:
            plan = plan_programme(inputs, rules, team, today, lean=True)
            written = save_plan(db, plan, rules, who)
        else:
            plan, written = _plan_live(db, live, inputs, rules, team, today, who)
    return ScheduleResult(
        plan.today, plan.reviews, plan.needing_data, plan.overloaded_weeks, written
    )


def replan(
    db: Database, today: date, who: str, live: LivePlan | None = None
) -> ScheduleResult | None:
    """`run_schedule` for the live plan: the register is read and the plan written in one
    snapshot. None, with nothing written, when another program wrote meanwhile or holds the
    write lock: the caller tries again later rather than store a plan made from old data.

    The plan writes derived tables and columns only (planner.store.plan_writer), so it never
    overwrites anyone's edit; and it never makes an open edit conflict (no version moves).
    """
    conn = db.conn
    if conn.in_transaction:
        return _run_schedule(db, today, who, live)
    # A deferred BEGIN holds a read snapshot; the plan's first write asks for the write lock,
    # which SQLite refuses at once (no busy wait) if anyone committed since the snapshot.
    conn.execute("BEGIN")
    try:
        result = _run_schedule(db, today, who, live)
        # A plan that changed nothing commits nothing: other planners watching the file
        # see no change, so re-planning on each other's changes comes to rest.
        conn.execute("COMMIT" if result.written.total else "ROLLBACK")
    except sqlite3.OperationalError as exc:
        _roll_back(conn)
        if live is not None:
            live.stored_as = None  # what is stored is not this plan
        if "locked" in str(exc) or "busy" in str(exc):
            return None
        raise
    except BaseException:
        _roll_back(conn)
        if live is not None:
            live.stored_as = None
        raise
    return result


def _roll_back(conn: sqlite3.Connection) -> None:
    # SQLite may have rolled back already (it does on some errors).
    if conn.in_transaction:
        conn.execute("ROLLBACK")
