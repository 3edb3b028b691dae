"""Writing a plan's milestones: matched to the stored rows as they are read, audited one
row per contract.

Audited one row per review ("milestones" of contract N: the stages that changed, old and
new), not one per stage: a schedule run is re-derived, never undone, and a first plan of
50,000 reviews would otherwise add 600,000 audit rows.

Stored in `milestone_rows` (dates as day numbers, the stage as its id: see
planner/store/milestone_rows.py), compared there as numbers; audited as ISO text and stage
codes, as the view `milestones` shows them.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from functools import partial
from typing import Any, NamedTuple

import planner.store.sql as store_sql
from planner.domain.codes import Action, Entity
from planner.domain.plan import MilestonePlan, ReviewPlan
from planner.store.audit import AuditLog
from planner.store.db import Database
from planner.store.iso_dates import IsoDates
from planner.store.milestone_rows import TABLE, DayNumbers, DayTexts, stage_codes, stage_ids
from planner.store.sql import last_id
from planner.store.sync import RowWrites, Table, WriteCounts

MILESTONES = Table(
    TABLE,
    key=("id",),
    fields=("starts", "planned", "latest", "officer"),
    insert_columns=(
        "id", "contract_id", "stage", "starts", "planned", "latest", "officer", "baseline",
        "actual",
    ),
)  # fmt: skip

# Rows of the contracts in a scope (a JSON list of ids as the one parameter).
IN_SCOPE = "{} IN (SELECT value FROM json_each(?))"

# Inserting at least this many rows, and at least as many as a table holds already,
# rebuilds its secondary indexes afterwards instead of growing them row by row.
_BULK_ROWS = 10_000
# Once a bulk insert is certain, new rows are written in batches of this many as the plan
# is walked, rather than all held until the end (a first plan at national scale).
_BATCH_ROWS = 20_000


def _is_bulk(inserting: int, held: int) -> bool:
    return inserting >= _BULK_ROWS and inserting >= held


class StoredMilestone(NamedTuple):
    """A stored milestone as the writer compares it with the plan: its stage id and day
    numbers as `milestone_rows` holds them."""

    contract_id: int
    stage: int
    id: int
    starts: int | None
    planned: int | None
    latest: int | None
    officer: str | None
    baseline: int | None
    actual: int | None


# Each row made a StoredMilestone in C (tuple.__new__), not through the Python-level
# _make: a plan of 50,000 reviews reads 675,000 of them.
_named = partial(tuple.__new__, StoredMilestone)

_UNPLANNED = (None, None, None, None)  # the plan fields of a stage no longer planned


class _StoredMilestones:
    """The stored milestones, read in id order and matched to the plan as it is walked.

    A plan written before comes back in the order it was written, so a re-run matches each
    row straight off the cursor; rows out of step (a new stage, a new contract) send the
    rest into a dict by (contract, stage), as if read that way from the start.
    """

    __slots__ = ("_held", "next", "rows")

    @property
    def held(self) -> bool:
        """Whether rows read ahead are waiting to be matched."""
        return bool(self._held)

    def __init__(self, db: Database, scope: Collection[int] | None = None) -> None:
        sql = (
            "SELECT contract_id, stage, id, starts, planned, latest, officer, baseline, "
            f"actual FROM {TABLE}"
        )
        if scope is None:
            cursor = db.conn.execute(f"{sql} ORDER BY id")
        else:
            cursor = db.conn.execute(f"{sql} WHERE {IN_SCOPE.format('contract_id')} ORDER BY id",
                                     (json.dumps(sorted(scope)),))  # fmt: skip
        self.rows = map(_named, cursor)
        self._held: dict[tuple[int, int], StoredMilestone] = {}
        self.next: StoredMilestone | None = next(self.rows, None)

    def find(self, contract_id: int, stage: int) -> StoredMilestone | None:
        """The stored row of this stage, if there is one, reading ahead as far as it takes
        (the caller has tried `next`, the usual match on a re-run)."""
        row = self.next
        held = self._held
        if held:
            found = held.pop((contract_id, stage), None)
            if found is not None:
                return found
        while row is not None:
            if row.contract_id == contract_id and row.stage == stage:
                self.next = next(self.rows, None)
                return row
            held[(row.contract_id, row.stage)] = row
            row = next(self.rows, None)
        self.next = None
        return None

    def rest(self) -> list[StoredMilestone]:
        """The rows no stage of the plan matched, in id order."""
        rows = list(self._held.values())
        if self.next is not None:
            rows.append(self.next)
            rows.extend(self.rows)
        self.next = None
        self._held = {}
        return rows


class _Writer:
    """The milestone rows of one plan: what to insert, update and delete, and their audit."""

    __slots__ = (
        "codes", "days", "db", "held", "ids", "inserted", "iso", "log", "next_id", "rebuild",
        "stored", "texts", "writes",
    )  # fmt: skip

    def __init__(
        self, db: Database, log: AuditLog, scope: Collection[int] | None, held: int
    ) -> None:
        self.db = db
        self.log = log
        self.stored = _StoredMilestones(db, scope)
        self.next_id = last_id(db, TABLE)
        self.writes = RowWrites(MILESTONES)
        self.iso = IsoDates()  # a plan's dates as the audit trail records them
        self.days = DayNumbers()  # and as they are stored
        self.texts = DayTexts()  # a stored day as the audit trail records it
        self.ids = stage_ids(db)
        self.codes = stage_codes(db)
        self.held = held  # rows the table held before this plan
        self.inserted = 0  # rows already written in batches
        self.rebuild: list[str] | None = None  # the dropped indexes, once a bulk insert

    def _batch(self) -> None:
        # Write the new rows so far, once every stored row has been read (no insert can
        # then meet the cursor) and the insert is certain to be a bulk one (the indexes are
        # dropped now and built again at the end, as for one bulk insert).
        inserts = self.writes.inserts
        if len(inserts) < _BATCH_ROWS or self.stored.next is not None:
            return
        if self.rebuild is None:
            if not _is_bulk(len(inserts), self.held):
                return
            self.rebuild = store_sql.drop_indexes(self.db, TABLE)
        self.db.conn.executemany(MILESTONES.insert_sql(), inserts)
        self.inserted += len(inserts)
        inserts.clear()

    def finish(self) -> WriteCounts:
        """Write what is left (indexes built again after a bulk insert)."""
        writes = self.writes
        if self.rebuild is None:
            bulk = _is_bulk(len(writes.inserts), self.held)
            return writes.write(self.db, bulk=bulk)
        counts = writes.write(self.db)
        for sql in self.rebuild:
            self.db.conn.execute(sql)
        return counts + WriteCounts(inserted=self.inserted)

    def review(self, review: ReviewPlan) -> None:
        """Match one review's planned stages with the stored ones; audit what changed."""
        stored = self.stored
        if stored.next is None and not stored.held:
            self._all_new(review)  # every stored row is read: each stage is a new row
            return
        cid, days, ids = review.contract_id, self.days, self.ids
        added: list[tuple[Any, ...]] = []
        before: list[list[Any]] = []
        after: list[list[Any]] = []
        for m in review.milestones:
            stage = ids[m.stage]
            starts, planned, latest, officer = (
                days[m.starts],
                days[m.planned],
                days[m.latest],
                m.officer,
            )
            old = stored.next
            if old is not None and old.contract_id == cid and old.stage == stage:
                stored.next = next(stored.rows, None)  # in step, as on most of a re-run
            else:
                old = stored.find(cid, stage)
            if old is None:
                added.append(self._insert(cid, m))
            elif (
                old.starts != starts
                or old.planned != planned
                or old.latest != latest
                or old.officer != officer
            ):
                before.append(self._audited(old))
                after.append(self._planned(old.id, m))
                self.writes.updates.append((starts, planned, latest, officer, old.id))
        if added:
            self.log.log(Action.INSERT, Entity.MILESTONES, cid, "*", None, added)
            self._batch()
        if after:
            self.log.log(Action.UPDATE, Entity.MILESTONES, cid, "plan", before, after)

    def _all_new(self, review: ReviewPlan) -> None:
        # `review` for a contract none of whose stages is stored (all of a first plan):
        # the same rows and audit, without matching each stage.
        cid, iso, days, ids, next_id = (
            review.contract_id, self.iso, self.days, self.ids, self.next_id,
        )  # fmt: skip
        inserts = self.writes.inserts
        added: list[tuple[Any, ...]] = []
        for m in review.milestones:
            next_id += 1
            stage, starts, planned, latest = m.stage, m.starts, m.planned, m.latest
            inserts.append((next_id, cid, ids[stage], days[starts], days[planned], days[latest],
                            m.officer, days[m.baseline], days[m.actual]))  # fmt: skip
            added.append((next_id, stage, iso[starts], iso[planned], iso[latest], m.officer))
        self.next_id = next_id
        if added:
            self.log.log(Action.INSERT, Entity.MILESTONES, cid, "*", None, added)
            self._batch()

    def _insert(self, cid: int, m: MilestonePlan) -> tuple[Any, ...]:
        # Audited as a tuple (the same JSON as a list, held in less memory until the
        # change is written).
        self.next_id += 1
        days = self.days
        self.writes.inserts.append(
            (self.next_id, cid, self.ids[m.stage], days[m.starts], days[m.planned],
             days[m.latest], m.officer, days[m.baseline], days[m.actual])
        )  # fmt: skip
        return tuple(self._planned(self.next_id, m))

    def _planned(self, mid: int, m: MilestonePlan) -> list[Any]:
        """A planned stage as the audit trail records it: id, stage, starts, planned,
        latest, officer (ISO dates, the stage's code)."""
        iso = self.iso
        return [mid, m.stage, iso[m.starts], iso[m.planned], iso[m.latest], m.officer]

    def _audited(self, old: StoredMilestone) -> list[Any]:
        """A stored milestone's plan as the audit trail records it: id, stage, starts,
        planned, latest, officer (ISO dates, the stage's code)."""
        texts = self.texts
        return [old.id, self.codes.get(old.stage, old.stage), texts[old.starts], texts[old.planned],
                texts[old.latest], old.officer]  # fmt: skip

    def unplanned(self, planned_contracts: set[int]) -> None:
        """Stages no longer planned (route changed, contract closed or missing its end
        date) are deleted; rows with a recorded baseline or actual date stay as history
        with their plan cleared."""
        gone: dict[int, list[list[Any]]] = {}
        cleared: dict[int, list[list[Any]]] = {}
        for old in self.stored.rest():
            if old.baseline is None and old.actual is None:
                self.writes.deletes.append((old.id,))
                gone.setdefault(old.contract_id, []).append(self._audited(old))
            elif old.contract_id in planned_contracts and (
                (old.starts, old.planned, old.latest, old.officer) != _UNPLANNED
            ):
                cleared.setdefault(old.contract_id, []).append(self._audited(old))
                self.writes.updates.append((*_UNPLANNED, old.id))
        for cid, rows in gone.items():
            self.log.log(Action.DELETE, Entity.MILESTONES, cid, "*", rows, None)
        for cid, rows in cleared.items():
            emptied = [[r[0], r[1], *_UNPLANNED] for r in rows]
            self.log.log(Action.UPDATE, Entity.MILESTONES, cid, "plan", rows, emptied)


def save_milestones(
    db: Database,
    log: AuditLog,
    reviews: Sequence[ReviewPlan],
    scope: Collection[int] | None = None,
) -> WriteCounts:
    """Write the milestones of `reviews` that differ from the stored ones, audited (with a
    `scope`, only those contracts' milestones are read and written)."""
    held = int(db.conn.execute(f"SELECT count(*) FROM {TABLE}").fetchone()[0])
    writer = _Writer(db, log, scope, held)
    for review in reviews:
        writer.review(review)
    writer.unplanned({r.contract_id for r in reviews})
    return writer.finish()
