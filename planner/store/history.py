"""Undo and redo, by replaying the audit trail of a change backwards (or forwards again).

An undo is itself a change (kind 'undo') that reverses another; a redo reverses an undo.
Nothing is ever deleted from the trail, so the hash chain stays whole.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from planner.domain.codes import Action, ChangeKind
from planner.domain.dates import from_iso, iso
from planner.domain.periods import notice_date
from planner.errors import ConflictError
from planner.store.audit import AuditLog, change
from planner.store.audit_pack import change_rows
from planner.store.db import Database, writes

# Tables an audit 'entity' lives in, with their key column.
_ENTITY_TABLES: dict[str, tuple[str, str]] = {
    "contract": ("contracts", "id"),
    "department": ("departments", "name"),
}


# The store modules that register their tables below. Undo may have to reverse a change
# written by any of them, in a process that never imported them (a fresh `planner undo`).
_REGISTERING_MODULES = (
    "planner.store.team",
    "planner.store.route_rules",
    "planner.store.plan_writer",
    "planner.store.benefits",
    "planner.store.spend",
    "planner.store.import_mapping",
    "planner.store.checklist",
    "planner.store.kpi_targets",
)


def _load_registrations() -> None:
    for module in _REGISTERING_MODULES:
        importlib.import_module(module)


@dataclass(frozen=True, slots=True)
class Reversal:
    """What an undo or redo did."""

    change_id: int
    summary: str
    rows: int


# Entities whose rows are read from one table (a view showing them as the audit trail
# records them) and written to another in a stored form: the table written, and what turns
# an audited value of a column into its stored value.
Encode = Callable[[Database, str, Any], Any]
_STORED_IN: dict[str, tuple[str, Encode]] = {}
# Entities whose table holds a column in a form other than the audited one (reviews'
# reasons, packed): what turns a stored value of a column into the audited one.
Decode = Callable[[str, Any], Any]
_READ_AS: dict[str, Decode] = {}


def register_entity(
    entity: str, table: str, key: str, *, stored_in: str | None = None,
    encode: Encode | None = None, decode: Decode | None = None,
) -> None:  # fmt: skip
    """Let undo reach another table (used by later migrations' writers). An entity whose
    values are stored in another form than audited is written to `stored_in` (by default
    `table`; `table` may be a view of them as audited), each audited value turned into its
    stored value by `encode` (given the database, the column and the value); `decode` turns
    a value read from `table` into its audited form (given the column and the value)."""
    _ENTITY_TABLES[entity] = (table, key)
    if encode is not None:
        _STORED_IN[entity] = (stored_in or table, encode)
    if decode is not None:
        _READ_AS[entity] = decode


def _written(db: Database, entity: str, table: str) -> tuple[str, Callable[[str, Any], Any]]:
    """The table undo writes an entity's rows to, and its values' stored form."""
    if entity not in _STORED_IN:
        return table, _as_audited
    stored_in, encode = _STORED_IN[entity]
    return stored_in, lambda column, value: encode(db, column, value)


def _as_audited(column: str, value: Any) -> Any:
    return value


UNDOABLE = (ChangeKind.EDIT, ChangeKind.IMPORT, ChangeKind.REDO)
"""The kinds of change undo reverses (the newest of them not yet reversed goes first)."""


def last_unreversed(db: Database, kinds: tuple[ChangeKind, ...]) -> tuple[int, str] | None:
    """The newest change of one of these kinds that nothing has reversed: (id, summary)."""
    marks = ", ".join("?" * len(kinds))
    row = db.conn.execute(
        f"SELECT id, summary FROM changes WHERE kind IN ({marks}) AND reversed_by IS NULL "
        "ORDER BY id DESC LIMIT 1",
        kinds,
    ).fetchone()
    return (int(row[0]), str(row[1])) if row else None


@writes
def undo_last(db: Database, who: str) -> Reversal | None:
    """Reverse the most recent edit, import or redo not yet undone; None if there is none."""
    target = last_unreversed(db, UNDOABLE)
    if target is None:
        return None
    # Undoing a redo takes the original change back out again: say so, not "Undo: Redo: ...".
    summary = f"Undo: {target[1].removeprefix('Redo: ')}"
    return _reverse(db, who, target[0], summary, ChangeKind.UNDO)


@writes
def redo_last(db: Database, who: str) -> Reversal | None:
    """Re-apply the most recent undo, if nothing new was changed since it."""
    target = last_unreversed(db, (ChangeKind.UNDO,))
    if target is None:
        return None
    newer = db.conn.execute(
        "SELECT 1 FROM changes WHERE id > ? AND kind IN (?, ?) LIMIT 1",
        (target[0], ChangeKind.EDIT, ChangeKind.IMPORT),
    ).fetchone()
    if newer:
        return None
    summary = target[1].removeprefix("Undo: ")
    return _reverse(db, who, target[0], f"Redo: {summary}", ChangeKind.REDO)


def _reverse(db: Database, who: str, change_id: int, summary: str, kind: ChangeKind) -> Reversal:
    _load_registrations()
    with change(db, who, summary, kind=kind, reverses=change_id) as log:
        rows = change_rows(db, change_id)
        for action, entity, entity_id, field, old, new in reversed(rows):
            _revert_row(db, log, action, entity, entity_id, field, old, new, kind)
        db.conn.execute(
            "UPDATE changes SET reversed_by = ? WHERE id = ?", (log.change_id, change_id)
        )
        return Reversal(log.change_id, summary, len(rows))


def _revert_row(
    db: Database, log: AuditLog, action: str, entity: str, entity_id: str, field: str,
    old: Any, new: Any, verb: ChangeKind = ChangeKind.UNDO,
) -> None:  # fmt: skip
    table, key = _ENTITY_TABLES[entity]
    written, stored = _written(db, entity, table)
    audited = _READ_AS.get(entity, _as_audited)
    versioned = entity == "contract"
    if action == "insert":
        current = db.conn.execute(f"SELECT * FROM {table} WHERE {key} = ?", (entity_id,))
        columns = [d[0] for d in current.description]
        row = current.fetchone()
        if row is None:
            return
        _delete_dependents(db, entity, entity_id)
        db.conn.execute(f"DELETE FROM {written} WHERE {key} = ?", (entity_id,))
        gone = {column: audited(column, value) for column, value in zip(columns, row, strict=True)}
        log.log(Action.DELETE, entity, entity_id, "*", gone, None)
    elif action == "delete":
        values = dict(old)
        db.conn.execute(
            f"INSERT INTO {written} ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
            tuple(stored(column, value) for column, value in values.items()),
        )
        log.log(Action.INSERT, entity, entity_id, "*", None, values)
    else:
        found = db.conn.execute(
            f"SELECT {field} FROM {table} WHERE {key} = ?", (entity_id,)
        ).fetchone()
        if found is None:
            raise ConflictError(f"cannot {verb}: the {entity} it changed no longer exists")
        if audited(field, found[0]) != new:
            raise ConflictError(
                f"cannot {verb}: {field.replace('_', ' ')} was changed again since "
                "(refresh to see the latest)"
            )
        bump = ", version = version + 1" if versioned else ""
        db.conn.execute(
            f"UPDATE {written} SET {field} = ?{bump} WHERE {key} = ?",
            (stored(field, old), entity_id),
        )
        if versioned and field in ("end_date", "notice_period"):
            _refresh_notice_date(db, entity_id)
        log.log(Action.UPDATE, entity, entity_id, field, new, old)


def _refresh_notice_date(db: Database, contract_id: str) -> None:
    end, period = db.conn.execute(
        "SELECT end_date, notice_period FROM contracts WHERE id = ?", (contract_id,)
    ).fetchone()
    db.conn.execute(
        "UPDATE contracts SET notice_date = ? WHERE id = ?",
        (iso(notice_date(from_iso(end), period)), contract_id),
    )


_DEPENDENTS: dict[str, list[tuple[str, str]]] = {}


def register_dependent(entity: str, table: str, column: str) -> None:
    """Rows in `table` whose `column` points at `entity`: removed when undo removes it."""
    _DEPENDENTS.setdefault(entity, []).append((table, column))


def _delete_dependents(db: Database, entity: str, entity_id: str) -> None:
    for table, column in _DEPENDENTS.get(entity, []):
        db.conn.execute(f"DELETE FROM {table} WHERE {column} = ?", (entity_id,))
