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

from collections.abc import Iterator
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
_STAGE, _PLAN_FROM = 1, 2
_PLAN_AT = slice(2, 6)  # starts, planned, latest, officer in MILESTONE_COLUMNS


def _interned(value: Any) -> Any:
    return intern(value) if isinstance(value, str) else value


def _shown(value: Any) -> str:
    return "empty" if value is None else f"'{value}'"


_CONTRACT_AT = {c: i for i, c in enumerate(CONTRACT_COLUMNS)}
_MILESTONE_AT = {c: i for i, c in enumerate(MILESTONE_COLUMNS)}
_CONTRACT_ID = 0  # a milestone's contract id, first of MILESTONE_COLUMNS


class Replay:
    """The contracts and milestones the audit trail describes, built row by row (each row a
    list in the order of CONTRACT_COLUMNS or MILESTONE_COLUMNS: a national programme's
    trail holds 675,000 milestones)."""

    __slots__ = ("contracts", "milestones", "unreadable")

    def __init__(self) -> None:
        self.contracts: dict[int, list[Any]] = {}
        self.milestones: dict[int, list[Any]] = {}
        self.unreadable: list[str] = []  # rows no writer of the planner would have written

    def __call__(self, audit_id: int, row: AuditRow) -> None:
        """Apply one audit row (as verify_chain passes it)."""
        entity = row[4]
        try:
            if isinstance(row[7], Unreadable) or isinstance(row[8], Unreadable):
                raise ValueError(row[8])
            if entity == Entity.CONTRACT:
                self._contract(row[3], int(row[5]), row[6], row[8])
            elif entity == Entity.MILESTONES:
                self._plan(row[3], int(row[5]), row[7], row[8])
            elif entity == Entity.MILESTONE:
                self._milestone(row[3], int(row[5]), row[6], row[8])
        except (ValueError, TypeError, KeyError, AttributeError, IndexError):
            # A forged row need not make sense: it is reported, never a traceback.
            self.unreadable.append(
                f"audit row {audit_id} ({row[3]} {entity} {row[5]}, field {row[6]}) is not "
                "one the planner writes: it was made by hand"
            )

    def _contract(self, action: str, cid: int, field: str, new: Any) -> None:
        if action == Action.INSERT:
            self.contracts[cid] = [new.get(c) for c in CONTRACT_COLUMNS]
        elif action == Action.DELETE:
            self.contracts.pop(cid, None)
            milestones = self.milestones
            for mid in [m for m, row in milestones.items() if row[_CONTRACT_ID] == cid]:
                del milestones[mid]
        elif (stored := self.contracts.get(cid)) is not None:
            if "," not in field:
                stored[_CONTRACT_AT[field]] = new
                return
            for name, value in zip(field.split(","), new, strict=True):
                stored[_CONTRACT_AT[name]] = value

    def _plan(self, action: str, cid: int, old: Any, new: Any) -> None:
        milestones = self.milestones
        if action == Action.DELETE:
            for row in old:
                milestones.pop(int(row[0]), None)
            return
        for row in new:
            mid = int(row[0])
            if action == Action.INSERT:
                # A stage a schedule run adds has no baseline or actual yet.
                milestones[mid] = [cid, *map(_interned, row[_STAGE:]), None, None]
            elif (stored := milestones.get(mid)) is not None:
                stored[_PLAN_AT] = map(_interned, row[_PLAN_FROM:])

    def _milestone(self, action: str, mid: int, field: str, new: Any) -> None:
        if action == Action.INSERT:
            self.milestones[mid] = [new.get(c) for c in MILESTONE_COLUMNS]
        elif action == Action.DELETE:
            self.milestones.pop(mid, None)
        elif (stored := self.milestones.get(mid)) is not None:
            stored[_MILESTONE_AT[field]] = new

    def differences(self, db: Database) -> Iterator[str]:
        """Each way the stored contracts and milestones differ from the replay, in words."""
        yield from self.unreadable
        names: dict[int, str] = {}
        yield from self._contract_differences(db, names)
        yield from self._milestone_differences(db, names)

    def _contract_differences(self, db: Database, names: dict[int, str]) -> Iterator[str]:
        columns = ("id", *VALUE_COLUMNS)
        cursor = db.conn.execute(f"SELECT {', '.join(columns)} FROM contracts ORDER BY id")
        seen: set[int] = set()
        for row in cursor:
            stored = dict(zip(columns, row, strict=True))
            cid = int(stored["id"])
            seen.add(cid)
            names[cid] = f"{stored['ref']} ({stored['department']})"
            replayed = self.contracts.get(cid)
            if replayed is None:
                yield f"contract {names[cid]} is in the register, but no audit row added it"
                continue
            expected = dict(zip(CONTRACT_COLUMNS, replayed, strict=True))
            expected["notice_date"] = _notice(expected)
            for column in VALUE_COLUMNS:
                if stored[column] != expected[column]:
                    yield (
                        f"contract {names[cid]}: {column.replace('_', ' ')} is "
                        f"{_shown(stored[column])} in the register but "
                        f"{_shown(expected[column])} in the audit trail"
                    )
        for cid in sorted(set(self.contracts) - seen):
            gone = dict(zip(CONTRACT_COLUMNS, self.contracts[cid], strict=True))
            names[cid] = f"{gone['ref']} ({gone['department']})"
            yield f"contract {names[cid]} is in the audit trail, but not in the register"

    def _milestone_differences(self, db: Database, names: dict[int, str]) -> Iterator[str]:
        columns = ("id", *MILESTONE_COLUMNS)
        cursor = db.conn.execute(f"SELECT {', '.join(columns)} FROM milestones ORDER BY id")
        seen: set[int] = set()
        milestones = self.milestones
        for row in cursor:
            mid = int(row[0])
            seen.add(mid)
            replayed = milestones.get(mid)
            if replayed is not None and list(row[1:]) == replayed:
                continue  # as nearly every row is: only a difference is worth naming
            stored = dict(zip(columns, row, strict=True))
            where = _milestone_name(names, stored)
            if replayed is None:
                yield f"milestone {where} is in the database, but no audit row added it"
                continue
            for column, value in zip(MILESTONE_COLUMNS, replayed, strict=True):
                if stored[column] != value:
                    yield (
                        f"milestone {where}: {column} is {_shown(stored[column])} in the "
                        f"database but {_shown(value)} in the audit trail"
                    )
        for mid in sorted(set(self.milestones) - seen):
            row = dict(zip(MILESTONE_COLUMNS, self.milestones[mid], strict=True))
            where = _milestone_name(names, row)
            yield f"milestone {where} is in the audit trail, but not in the database"


def _notice(contract: dict[str, Any]) -> str | None:
    """The notice date every write derives (planner/store/contracts.py does the same)."""
    end = contract["end_date"]
    return iso(notice_date(from_iso(end), contract["notice_period"]))


def _milestone_name(names: dict[int, str], row: dict[str, Any]) -> str:
    cid = int(row["contract_id"])
    return f"{row['stage']} of {names.get(cid, f'contract id {cid}')}"
