"""The audit trail as the planner UI shows it: one contract's history, and what undo
would reverse next."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from planner.domain.codes import Entity
from planner.store.audit_pack import change_size, entity_rows
from planner.store.db import Database
from planner.store.history import UNDOABLE, last_unreversed


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One field of one contract changed (or the whole row added or removed) by a change."""

    change_id: int
    at: str  # ISO timestamp, UTC
    who: str
    kind: str  # edit | import | undo | redo
    summary: str
    action: str  # insert | update | delete
    field: str
    old: Any
    new: Any


def contract_history(db: Database, contract_id: int, *, limit: int = 200) -> list[HistoryEntry]:
    """The newest `limit` audit rows about a contract, newest first."""
    return [
        HistoryEntry(change_id, at, who, kind, summary, action, field, old, new)
        for _, change_id, at, who, kind, summary, action, field, old, new in entity_rows(
            db, Entity.CONTRACT, str(contract_id), limit
        )
    ]


@dataclass(frozen=True, slots=True)
class Undoable:
    """The change that undo would reverse next."""

    change_id: int
    kind: str  # edit | import | redo
    summary: str
    rows: int  # audit rows it wrote (contracts added by an import, fields edited...)


def next_undo(db: Database) -> Undoable | None:
    """What `planner.store.history.undo_last` would reverse now, if anything."""
    found = last_unreversed(db, UNDOABLE)
    if found is None:
        return None
    (kind,) = db.conn.execute("SELECT kind FROM changes WHERE id = ?", (found[0],)).fetchone()
    return Undoable(found[0], str(kind), found[1], change_size(db, found[0]))
