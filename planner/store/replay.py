"""Replaying the audit trail: the register and milestones it says there should be, compared
with the ones stored (docs/guide/register.md, "What planner audit verify detects").

Every write to `contracts` and `milestones` is audited (planner/store/contracts.py,
plan_writer.py, milestone_writer.py, decisions.py, history.py), so replaying the trail from
the start rebuilds both tables. A value that differs was written around the planner: an
edit of the table by hand, or an audit row added, changed or deleted to match no write.

What each entity's rows mean here mirrors how undo reads them (planner/store/history.py):
- `contract`, by contract id: a whole row inserted or deleted (field '*'), one field
  updated, or several derived fields at once ('rag,next_milestone', lists of values).
  notice_date is never audited: it is derived from end_date and notice_period on every
  write, so it is derived here too. Deleting a contract deletes its milestones unaudited.
- `milestones`, by contract id: a schedule run's plan, rows of [id, stage, starts,
  planned, latest, officer] inserted, updated ('plan') or deleted.
- `milestone`, by milestone id: a stage done (insert or 'actual'), a baseline set, or
  undo putting a row back whole.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from marshal import dumps, loads
from sys import intern
from typing import Any

from planner.domain.codes import Action, Entity
from planner.domain.dates import from_iso, iso
from planner.domain.periods import notice_date
from planner.store.audit import AuditRow, Unreadable
from planner.store.contracts import VALUE_COLUMNS
from planner.store.db import Database

# The contract columns the trail records (notice_date is derived from two of them).
CONTRACT_COLUMNS = tuple(c for c in VALUE_COLUMNS if c != "notice_date")
MILESTONE_COLUMNS = (
    "contract_id", "stage", "starts", "planned", "latest", "officer", "baseline", "actual",
)  # fmt: skip
# An audited plan row is [id, stage, starts, planned, latest, officer]: from the stage on,
# it is a milestone row's stage and plan fields (MILESTONE_COLUMNS[1:6]).
_STAGE, _PLAN_WIDTH = 1, 6
_PLAN_COLUMNS = slice(2, 6)  # starts, planned, latest, officer: at the same place in both


def _interned(value: Any) -> Any:
    return intern(value) if isinstance(value, str) else value


def _shown(value: Any) -> str:
    return "empty" if value is None else f"'{value}'"


_CONTRACT_AT = {c: i for i, c in enumerate(CONTRACT_COLUMNS)}
_END, _PERIOD = _CONTRACT_AT["end_date"], _CONTRACT_AT["notice_period"]
_MILESTONE_AT = {c: i for i, c in enumerate(MILESTONE_COLUMNS)}
_CONTRACT_ID = 0  # a milestone's contract id, first of MILESTONE_COLUMNS
# The entities replayed, as plain text: compared once per audit row.
_CONTRACT, _MILESTONES, _MILESTONE = (
    str(Entity.CONTRACT),
    str(Entity.MILESTONES),
    str(Entity.MILESTONE),
)


class _Absent:
    """The mark of an empty slot in the milestone columns (a contract id is never one)."""

    __slots__ = ()


_ABSENT: Any = _Absent()
# Milestone ids are a table's rowids, nearly dense from 1: an id further than this past the
# last one (a row forged with a huge id) is kept aside rather than make room for it.
_DENSE_SLACK = 1 << 16


class Milestones:
    """Milestone rows by id, held column by column: slot `id` of each of eight lists. A
    national programme's trail holds 2.6 million milestones; a list of its own for each
    took 170 bytes a row and most of verify's memory, a slot in eight lists takes 64."""

    __slots__ = ("columns", "dropped", "sparse")

    def __init__(self) -> None:
        self.columns: list[list[Any]] = [[] for _ in MILESTONE_COLUMNS]
        self.sparse: dict[int, list[Any]] = {}  # ids outside the dense range
        self.dropped: set[int] = set()  # contracts whose rows are still to be removed

    def _dense(self, mid: int) -> bool:
        return 0 <= mid < len(self.columns[0])

    def __contains__(self, mid: int) -> bool:
        if self.dropped:
            self.settle()
        if self._dense(mid):
            return self.columns[0][mid] is not _ABSENT
        return mid in self.sparse

    def put(self, mid: int, values: list[Any]) -> None:
        """Add (or replace) the row `mid`, its values in the order of MILESTONE_COLUMNS."""
        if self.dropped:
            self.settle()
        columns = self.columns
        size = len(columns[0])
        if not 0 <= mid < size + _DENSE_SLACK:
            self.sparse[mid] = values
            return
        if mid >= size:
            # Room for the ids that follow too: a schedule run adds them in order.
            grow = mid + 1 - size + (size >> 3) + 1024
            columns[0].extend([_ABSENT] * grow)
            for column in columns[1:]:
                column.extend([None] * grow)
        for column, value in zip(columns, values, strict=True):
            column[mid] = value

    def get(self, mid: int) -> list[Any] | None:
        """The row `mid`, or None if there is none."""
        if self.dropped:
            self.settle()
        if mid not in self:
            return None
        if self._dense(mid):
            return [column[mid] for column in self.columns]
        return self.sparse[mid]

    def set(self, mid: int, at: int, value: Any) -> None:
        """Set one value of the row `mid` (which must be there)."""
        if self.dropped:
            self.settle()
        if self._dense(mid):
            self.columns[at][mid] = value
        else:
            self.sparse[mid][at] = value

    def set_plan(self, mid: int, plan: list[Any]) -> None:
        """Set the plan of the row `mid` (which must be there): its stage, starts, planned,
        latest and officer as an audited plan row gives them; its stage is kept."""
        if self.dropped:
            self.settle()
        if not self._dense(mid):
            self.sparse[mid][_PLAN_COLUMNS] = plan[1:]
            return
        columns = self.columns
        for at, value in zip(range(_PLAN_COLUMNS.start, _PLAN_COLUMNS.stop), plan[1:], strict=True):
            columns[at][mid] = value

    def pop(self, mid: int) -> None:
        """Remove the row `mid` if it is there."""
        if self.dropped:
            self.settle()
        if self._dense(mid):
            self.columns[0][mid] = _ABSENT
        else:
            self.sparse.pop(mid, None)

    def drop_contract(self, cid: int) -> None:
        """Remove every row of contract `cid` (before the next read or write of a row)."""
        self.dropped.add(cid)

    def settle(self) -> None:
        """Remove the rows of the contracts dropped since the last read or write: in one
        walk of the rows however many there are (undoing a national import drops 200,000
        contracts in a row beside 2.6 million milestones: a walk each, over an hour)."""
        dropped = self.dropped
        if not dropped:
            return
        owners = self.columns[0]
        gone = _owned_by(lambda: enumerate(owners), dropped)
        gone_aside = _owned_by(
            lambda: ((m, row[_CONTRACT_ID]) for m, row in self.sparse.items()), dropped
        )
        for mid in gone:
            owners[mid] = _ABSENT
        for mid in gone_aside:
            del self.sparse[mid]
        dropped.clear()

    def ids(self) -> list[int]:
        """The ids of the rows held, in order."""
        self.settle()
        dense = [m for m, owner in enumerate(self.columns[0]) if owner is not _ABSENT]
        return sorted([*dense, *self.sparse])


def _owned_by(rows: Callable[[], Iterable[tuple[int, Any]]], dropped: set[int]) -> list[int]:
    """The ids among `rows` (id, contract id) whose contract is one of `dropped`."""
    try:
        return [m for m, owner in rows() if owner in dropped]
    except TypeError:  # a contract id no writer stores (a list): compared one by one
        return [m for m, owner in rows() if any(owner == c for c in dropped)]


class Replay:
    """The contracts and milestones the audit trail describes, built row by row (a
    contract's row its values in the order of CONTRACT_COLUMNS, marshalled; the milestones
    in columns: see Milestones)."""

    __slots__ = ("contracts", "milestones", "unreadable")

    def __init__(self) -> None:
        # A contract's values are held marshalled: 200,000 contracts' titles, suppliers and
        # dates as objects took 1.7 KB a contract, marshalled they take a third of that.
        self.contracts: dict[int, bytes] = {}
        self.milestones = Milestones()
        self.unreadable: list[str] = []  # rows no writer of the planner would have written

    def __call__(self, audit_id: int, row: AuditRow) -> None:
        """Apply one audit row (as verify_chain passes it)."""
        # Called for each of a national trail's 5.7 million rows, most of them about
        # other things (reviews, spend): those only need their values readable.
        entity = row[4]
        try:
            if row[7].__class__ is Unreadable or row[8].__class__ is Unreadable:
                raise ValueError(row[8])
            if entity == _MILESTONE:
                self._milestone(row[3], int(row[5]), row[6], row[8])
            elif entity == _CONTRACT:
                self._contract(row[3], int(row[5]), row[6], row[8])
            elif entity == _MILESTONES:
                self._plan(row[3], int(row[5]), row[7], row[8])
        except (ValueError, TypeError, KeyError, AttributeError, IndexError):
            # A forged row need not make sense: it is reported, never a traceback.
            self.unreadable.append(
                f"audit row {audit_id} ({row[3]} {entity} {row[5]}, field {row[6]}) is not "
                "one the planner writes: it was made by hand"
            )

    def _contract(self, action: str, cid: int, field: str, new: Any) -> None:
        contracts = self.contracts
        if action == Action.INSERT:
            contracts[cid] = dumps([new.get(c) for c in CONTRACT_COLUMNS])
        elif action == Action.DELETE:
            contracts.pop(cid, None)
            self.milestones.drop_contract(cid)
        elif (stored := contracts.get(cid)) is not None:
            values = loads(stored)
            try:
                if "," not in field:
                    values[_CONTRACT_AT[field]] = new
                    return
                for name, value in zip(field.split(","), new, strict=True):
                    values[_CONTRACT_AT[name]] = value
            finally:
                # Kept as far as it got, as a row updated in place would be.
                contracts[cid] = dumps(values)

    def _plan(self, action: str, cid: int, old: Any, new: Any) -> None:
        milestones = self.milestones
        milestones.settle()
        if action == Action.DELETE:
            for row in old:
                milestones.pop(int(row[0]))
            return
        if action == Action.INSERT:
            self._plan_insert(cid, new)
            return
        for row in new:
            mid = int(row[0])
            if mid not in milestones:
                continue
            if len(row) != _PLAN_WIDTH:
                raise ValueError(row)  # a plan row of another shape is forged
            milestones.set_plan(mid, [_interned(value) for value in row[_STAGE:]])

    def _plan_insert(self, cid: int, new: Any) -> None:
        # A schedule run's plan of every contract: 2.6 million rows at national scale, so
        # written straight into the columns (a stage it adds has no baseline or actual yet).
        milestones = self.milestones
        owner, c1, c2, c3, c4, c5, c6, c7 = milestones.columns
        for row in new:
            mid, stage, starts, planned, latest, officer = row  # another shape is forged
            mid = int(mid)
            try:
                values = (cid, intern(stage), intern(starts), intern(planned), intern(latest),
                          intern(officer), None, None)  # fmt: skip
            except TypeError:  # not all text: a stage not yet planned
                values = (cid, *map(_interned, row[_STAGE:]), None, None)
            if 0 <= mid < len(owner):
                owner[mid], c1[mid], c2[mid], c3[mid], c4[mid], c5[mid], c6[mid], c7[mid] = values
            else:
                milestones.put(mid, list(values))

    def _milestone(self, action: str, mid: int, field: str, new: Any) -> None:
        milestones = self.milestones
        if milestones.dropped:
            milestones.settle()
        if action == Action.INSERT:
            milestones.put(mid, [new.get(c) for c in MILESTONE_COLUMNS])
        elif action == Action.DELETE:
            milestones.pop(mid)
        else:
            # A baseline set on every milestone: the trail's most common row, so done here
            # without the calls Milestones' own methods would make.
            owners = milestones.columns[0]
            if 0 <= mid < len(owners):
                if owners[mid] is not _ABSENT:
                    milestones.columns[_MILESTONE_AT[field]][mid] = new
            elif mid in milestones.sparse:
                milestones.sparse[mid][_MILESTONE_AT[field]] = new

    def differences(self, db: Database) -> Iterator[str]:
        """Each way the stored contracts and milestones differ from the replay, in words.
        It takes the replay apart as it goes: each row compared is let go."""
        yield from self.unreadable
        names: dict[int, str] = {}  # contracts named so far (the ones gone from the register)
        yield from self._contract_differences(db, names)
        yield from self._milestone_differences(db, names)

    def _contract_differences(self, db: Database, names: dict[int, str]) -> Iterator[str]:
        columns = ("id", *VALUE_COLUMNS)
        cursor = db.conn.execute(f"SELECT {', '.join(columns)} FROM contracts ORDER BY id")
        contracts = self.contracts
        for row in cursor:
            replayed = contracts.pop(int(row[0]), None)
            if replayed is not None:
                values = loads(replayed)
                values.append(_notice(values[_END], values[_PERIOD]))
                if list(row[1:]) == values:
                    continue  # as nearly every contract is: only a difference is named
            stored = dict(zip(columns, row, strict=True))
            name = f"{stored['ref']} ({stored['department']})"
            if replayed is None:
                yield f"contract {name} is in the register, but no audit row added it"
                continue
            expected = dict(zip(VALUE_COLUMNS, values, strict=True))
            for column in VALUE_COLUMNS:
                if stored[column] != expected[column]:
                    yield (
                        f"contract {name}: {column.replace('_', ' ')} is "
                        f"{_shown(stored[column])} in the register but "
                        f"{_shown(expected[column])} in the audit trail"
                    )
        for cid in sorted(contracts):
            gone = dict(zip(CONTRACT_COLUMNS, loads(contracts.pop(cid)), strict=True))
            names[cid] = f"{gone['ref']} ({gone['department']})"
            yield f"contract {names[cid]} is in the audit trail, but not in the register"

    def _milestone_differences(self, db: Database, names: dict[int, str]) -> Iterator[str]:
        columns = ", ".join(("id", *MILESTONE_COLUMNS))
        cursor = db.conn.execute(f"SELECT {columns} FROM milestones ORDER BY id")
        milestones = self.milestones
        milestones.settle()
        # The replayed rows in id order, empty slots too, walked beside the table's rows.
        slots = zip(*milestones.columns, strict=True)
        at, size = 0, len(milestones.columns[0])  # the id of the slot `slots` gives next
        passed: list[int] = []  # ids replayed that the table skipped: not in it
        slot: tuple[Any, ...] = ()
        for row in cursor:
            mid = row[0]
            if at <= mid < size:
                for slot in slots:
                    if at == mid:
                        break
                    if slot[0] is not _ABSENT:
                        passed.append(at)
                    at += 1
                at += 1
                if slot[0] is not _ABSENT and row[1:] == slot:
                    continue  # as nearly every row is: only a difference is worth naming
                replayed = None if slot[0] is _ABSENT else slot
            else:
                found = milestones.sparse.pop(mid, None)
                replayed = None if found is None else tuple(found)
            yield from _milestone_difference(db, names, row, replayed)
        passed += [at + i for i, slot in enumerate(slots) if slot[0] is not _ABSENT]
        for mid in sorted([*passed, *milestones.sparse]):
            gone = dict(zip(MILESTONE_COLUMNS, milestones.get(mid) or (), strict=True))
            where = _milestone_name(db, names, gone)
            yield f"milestone {where} is in the audit trail, but not in the database"


def _milestone_difference(
    db: Database, names: dict[int, str], row: tuple[Any, ...], replayed: tuple[Any, ...] | None
) -> Iterator[str]:
    """How the milestone table's `row` differs from the one replayed, in words."""
    stored = dict(zip(("id", *MILESTONE_COLUMNS), row, strict=True))
    where = _milestone_name(db, names, stored)
    if replayed is None:
        yield f"milestone {where} is in the database, but no audit row added it"
        return
    for column, value in zip(MILESTONE_COLUMNS, replayed, strict=True):
        if stored[column] != value:
            yield (
                f"milestone {where}: {column} is {_shown(stored[column])} in the "
                f"database but {_shown(value)} in the audit trail"
            )


def _notice(end: Any, period: Any) -> str | None:
    """The notice date every write derives (planner/store/contracts.py does the same)."""
    try:
        return _notice_of(end, period)
    except TypeError:  # a value no writer stores (a list): not one to remember
        return _notice_of.__wrapped__(end, period)


@lru_cache(maxsize=65_536)
def _notice_of(end: Any, period: Any) -> str | None:
    # Registers repeat the same few end dates and notice periods: each sum is made once.
    return iso(notice_date(from_iso(end), period))


def _milestone_name(db: Database, names: dict[int, str], row: dict[str, Any]) -> str:
    """A milestone by its stage and contract: the contract as the register names it, or
    as the trail did if it is gone from the register (found only for a difference)."""
    cid = int(row["contract_id"])
    if cid not in names:
        found = db.conn.execute(
            "SELECT ref, department FROM contracts WHERE id = ?", (cid,)
        ).fetchone()
        names[cid] = f"{found[0]} ({found[1]})" if found else f"contract id {cid}"
    return f"{row['stage']} of {names[cid]}"
