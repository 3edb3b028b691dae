"""Writing a plan: only the rows that differ from the stored plan, each audited.

The contract columns rag, next_milestone and next_milestone_date are derived, so they
are written without bumping the contract's version: a re-plan never makes a user's open
edit conflict.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator, Mapping, Sequence
from typing import Any

from planner.domain.codes import Action, ChangeKind, Entity
from planner.domain.dates import iso
from planner.domain.gcpause import gc_paused
from planner.domain.plan import ProgrammePlan, ReviewPlan, WeekLoad
from planner.domain.routes import SchedulingRules
from planner.store.audit import AuditLog, change
from planner.store.db import Database
from planner.store.history import register_dependent, register_entity
from planner.store.iso_dates import IsoDates
from planner.store.milestone_rows import TABLE, stored_value
from planner.store.milestone_writer import IN_SCOPE, save_milestones
from planner.store.reasons_codec import ReasonsText, reasons_text, unpack
from planner.store.sync import FieldAudit, Row, Table, WriteCounts, sync_rows, sync_sorted


def _review_stored(db: Database, column: str, value: Any) -> Any:
    """A review column's stored value for its audited one (reasons packed)."""
    return ReasonsText(value) if column == "reasons" and isinstance(value, str) else value


def _review_audited(column: str, value: Any) -> Any:
    """A review column's audited value for its stored one (reasons as JSON text)."""
    return unpack(value) if column == "reasons" else value


# Undo reads a milestone as the audit trail records it (the view) and writes it back in its
# stored form (planner/store/milestone_rows.py).
register_entity(Entity.MILESTONE, "milestones", "id", stored_in=TABLE, encode=stored_value)
# A review's reasons are audited as JSON text and stored packed: undo compares and logs
# them as text and writes them back packed (planner/store/reasons_codec.py).
register_entity(
    Entity.REVIEW, "reviews", "contract_id", encode=_review_stored, decode=_review_audited
)
register_entity(Entity.SCHEDULE_STATE, "schedule_state", "key")
register_dependent(Entity.CONTRACT, TABLE, "contract_id")
register_dependent(Entity.CONTRACT, "reviews", "contract_id")

REVIEWS = Table(
    "reviews",
    key=("contract_id",),
    fields=(
        "route", "route_provisional", "officer", "start", "new_contract_start", "slack_days",
        "rag", "reasons", "flags", "commences",
    ),
)  # fmt: skip
DERIVED = Table("contracts", key=("id",), fields=("rag", "next_milestone", "next_milestone_date"))
WORKLOAD = Table("workload", key=("officer", "week"), fields=("demand_hours", "capacity_hours"))
STATE = Table("schedule_state", key=("key",), fields=("value",))


def save_plan(
    db: Database,
    plan: ProgrammePlan,
    rules: SchedulingRules,
    who: str,
    scope: Collection[int] | None = None,
) -> WriteCounts:
    """Write the parts of `plan` that differ from the stored plan, in one audited change.

    With a `scope` (contract ids), only those contracts' reviews, milestones and derived
    columns are compared and written: the caller knows the rest is stored as planned."""
    summary = f"Schedule as of {plan.today.isoformat()}"
    reviews = plan.reviews
    if scope is not None:
        reviews = [r for r in reviews if r.contract_id in scope]
    with gc_paused(), change(db, who, summary, kind=ChangeKind.SCHEDULE) as log:
        log.stream()  # a first plan logs hundreds of thousands of rows: packed as they come
        return (
            _save_reviews(db, log, reviews, scope)
            + save_milestones(db, log, reviews, scope)
            + _save_workload(db, log, plan.workload)
            + _save_derived(db, log, reviews, rules, scope)
            + _save_state(db, log, {"today": plan.today.isoformat()})
        )


def _in_order(
    db: Database, table: Table, scope: Collection[int] | None = None
) -> Iterator[tuple[Any, Row]]:
    """The table's rows in key order as (key, fields), read as they are compared (a
    one-column key is the bare value); with a `scope`, only the rows whose one-column key
    is in it."""
    sql = f"SELECT {', '.join((*table.key, *table.fields))} FROM {table.name}"
    values: tuple[str, ...] = ()
    if scope is not None:
        sql += f" WHERE {IN_SCOPE.format(table.key[0])}"
        values = (json.dumps(sorted(scope)),)
    sql += f" ORDER BY {', '.join(table.key)}"
    width = len(table.key)
    if width == 1:
        return ((row[0], row[1:]) for row in db.conn.execute(sql, values))
    return ((row[:width], row[width:]) for row in db.conn.execute(sql, values))


def _stored(db: Database, table: Table, scope: Collection[int] | None = None) -> dict[Any, Row]:
    """The table's rows by key (a one-column key is the bare value), fields in order; with
    a `scope`, only the rows whose one-column key is in it."""
    sql = f"SELECT {', '.join((*table.key, *table.fields))} FROM {table.name}"
    values: tuple[str, ...] = ()
    if scope is not None:
        sql += f" WHERE {IN_SCOPE.format(table.key[0])}"
        values = (json.dumps(sorted(scope)),)
    width = len(table.key)
    if width == 1:
        return {row[0]: row[1:] for row in db.conn.execute(sql, values)}
    return {row[:width]: row[width:] for row in db.conn.execute(sql, values)}


def _review_rows(reviews: Sequence[ReviewPlan]) -> Iterator[tuple[int, Row]]:
    # In contract order, as the stored rows are read.
    iso = IsoDates()
    for r in sorted(reviews, key=_contract_id):
        yield (
            r.contract_id,
            (
                r.route,
                int(r.route_provisional),
                r.officer,
                iso[r.start],
                iso[r.new_contract_start],
                r.slack_days,
                r.rag,
                reasons_text(r.reasons),  # stored packed
                json.dumps(list(r.flags)),
                iso[r.commences],
            ),
        )


def _save_reviews(
    db: Database, log: AuditLog, reviews: Sequence[ReviewPlan], scope: Collection[int] | None
) -> WriteCounts:
    audit = FieldAudit(log, Entity.REVIEW, REVIEWS)
    stored = _reasons_as_text(_in_order(db, REVIEWS, scope))
    return sync_sorted(db, REVIEWS, audit, stored, _review_rows(reviews))


_REASONS_AT = REVIEWS.fields.index("reasons")


def _reasons_as_text(stored: Iterator[tuple[int, Row]]) -> Iterator[tuple[int, Row]]:
    # Compared as JSON text (packed or not, as stored), as the plan gives them: a review
    # stored as text before the packing is rewritten only when its plan changes.
    at = _REASONS_AT
    for key, row in stored:
        yield key, (*row[:at], unpack(row[at]), *row[at + 1 :])


class _WeeksAudit:
    """Audits the workload one row per officer: the weeks whose planned hours changed, old
    and new (a week added has no old hours, a week gone no new ones)."""

    __slots__ = ("_after", "_before", "_log")

    def __init__(self, log: AuditLog) -> None:
        self._log = log
        self._before: dict[str, list[list[Any]]] = {}
        self._after: dict[str, list[list[Any]]] = {}

    def _week(self, key: tuple[str, str], old: Row, new: Row) -> None:
        officer, week = key
        self._before.setdefault(officer, []).append([week, *old])
        self._after.setdefault(officer, []).append([week, *new])

    def inserted(self, key: tuple[str, str], new: Row) -> None:
        """A week newly planned."""
        self._week(key, (None, None), new)

    def updated(self, key: tuple[str, str], old: Row, new: Row) -> None:
        """A week whose hours changed."""
        self._week(key, old, new)

    def deleted(self, key: tuple[str, str], old: Row) -> None:
        """A week no longer planned."""
        self._week(key, old, (None, None))

    def done(self) -> None:
        """One audit row per officer, in name order."""
        for officer in sorted(self._before):
            before, after = self._before[officer], self._after[officer]
            self._log.log(Action.UPDATE, Entity.WORKLOAD, officer, "weeks", before, after)


def _save_workload(db: Database, log: AuditLog, workload: Sequence[WeekLoad]) -> WriteCounts:
    # The plan's workload is in (officer, week) order, as the stored rows are read.
    wanted = (
        ((load.officer, load.week.isoformat()), (load.demand_hours, load.capacity_hours))
        for load in workload
    )
    return sync_sorted(db, WORKLOAD, _WeeksAudit(log), _in_order(db, WORKLOAD), wanted)


def _derived(review: ReviewPlan, rules: SchedulingRules) -> Row:
    """A contract's rag, next milestone (the stage's name) and that milestone's date."""
    upcoming = review.next_milestone
    if upcoming is None:
        return (review.rag, None, None)
    stage = rules.stages.get(upcoming.stage)
    return (review.rag, stage.name if stage else upcoming.stage, iso(upcoming.planned))


_NOTHING_DERIVED = (None, None, None)  # a contract with no review


def _save_derived(
    db: Database,
    log: AuditLog,
    reviews: Sequence[ReviewPlan],
    rules: SchedulingRules,
    scope: Collection[int] | None,
) -> WriteCounts:
    # Derived columns: no version bump, no updated_at, so open edits still save. Every
    # contract (in the scope) is wanted: with its review's values, or none.
    ids = (key for key, _ in _in_order(db, Table("contracts", ("id",), ()), scope))
    wanted = _derived_rows(ids, sorted(reviews, key=_contract_id), rules)
    audit = FieldAudit(log, Entity.CONTRACT, DERIVED, together=True)
    stored = _in_order(db, DERIVED, scope)
    return sync_sorted(db, DERIVED, audit, stored, wanted, delete_rest=False)


def _derived_rows(
    ids: Iterator[int], reviews: Sequence[ReviewPlan], rules: SchedulingRules
) -> Iterator[tuple[int, Row]]:
    # Each contract id (in order) with its review's derived values (reviews in the same
    # order), or none.
    at = 0
    for cid in ids:
        while at < len(reviews) and reviews[at].contract_id < cid:
            at += 1
        if at < len(reviews) and reviews[at].contract_id == cid:
            yield cid, _derived(reviews[at], rules)
        else:
            yield cid, _NOTHING_DERIVED


def _contract_id(review: ReviewPlan) -> int:
    return review.contract_id


def _save_state(db: Database, log: AuditLog, values: Mapping[str, str]) -> WriteCounts:
    wanted = ((key, (value,)) for key, value in values.items())
    audit = FieldAudit(log, Entity.SCHEDULE_STATE, STATE)
    return sync_rows(db, STATE, audit, _stored(db, STATE), wanted, delete_rest=False)
