"""Syncing a table with the rows a writer wants, and auditing the difference.

A writer says which rows it wants; `sync_rows` compares them with the stored ones, has a
`RowAudit` record each difference (in the shapes undo, redo and history read), and
collects the inserts, updates and deletes in a `RowWrites`, which writes them in bulk
(executemany). Re-syncing an unchanged table writes nothing and audits nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from planner.domain.codes import Action, Entity
from planner.store.audit import AuditLog
from planner.store.db import Database
from planner.store.sql import indexes_rebuilt

Row = tuple[Any, ...]
K = TypeVar("K")
K_contra = TypeVar("K_contra", contravariant=True)


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

    def __add__(self, other: WriteCounts) -> WriteCounts:
        return WriteCounts(
            self.inserted + other.inserted,
            self.updated + other.updated,
            self.deleted + other.deleted,
        )


def _match(columns: tuple[str, ...]) -> str:
    return " AND ".join(f"{column} = ?" for column in columns)


@dataclass(frozen=True, slots=True)
class Table:
    """A table as a sync writes it: the columns that find a row (`key`), the columns it
    compares and updates (`fields`), and the columns an insert gives (key and fields
    unless said otherwise)."""

    name: str
    key: tuple[str, ...]
    fields: tuple[str, ...]
    insert_columns: tuple[str, ...] = ()

    def insert_sql(self) -> str:
        """INSERT of one row of the insert columns."""
        columns = self.insert_columns or (*self.key, *self.fields)
        marks = ", ".join("?" * len(columns))
        return f"INSERT INTO {self.name} ({', '.join(columns)}) VALUES ({marks})"

    def update_sql(self) -> str:
        """UPDATE of the fields (parameters: the fields' values, then the key's)."""
        sets = ", ".join(f"{column} = ?" for column in self.fields)
        return f"UPDATE {self.name} SET {sets} WHERE {_match(self.key)}"

    def delete_sql(self) -> str:
        """DELETE of one row by its key."""
        return f"DELETE FROM {self.name} WHERE {_match(self.key)}"


@dataclass(slots=True)
class RowWrites:
    """One table's inserts, updates and deletes, collected to be written in bulk."""

    table: Table
    inserts: list[Row] = field(default_factory=list)  # values of the insert columns
    updates: list[Row] = field(default_factory=list)  # the fields' new values, then the key
    deletes: list[Row] = field(default_factory=list)  # the key

    def write(self, db: Database, *, bulk: bool = False) -> WriteCounts:
        """Run the inserts, then the updates, then the deletes; with `bulk`, the table's
        indexes are rebuilt after them instead of kept up to date row by row."""
        conn = db.conn
        with indexes_rebuilt(db, self.table.name, bulk=bulk):
            if self.inserts:
                conn.executemany(self.table.insert_sql(), self.inserts)
            if self.updates:
                conn.executemany(self.table.update_sql(), self.updates)
            if self.deletes:
                conn.executemany(self.table.delete_sql(), self.deletes)
        return WriteCounts(len(self.inserts), len(self.updates), len(self.deletes))


class RowAudit(Protocol[K_contra]):
    """What a sync tells the audit trail about each row it changes."""

    def inserted(self, key: K_contra, new: Row) -> None:
        """A wanted row that was not stored."""

    def updated(self, key: K_contra, old: Row, new: Row) -> None:
        """A stored row whose fields differ from the wanted ones."""

    def deleted(self, key: K_contra, old: Row) -> None:
        """A stored row no longer wanted."""

    def done(self) -> None:
        """Every row has been seen (an audit that groups rows logs them now)."""


class FieldAudit:
    """Audits rows as undo and history read them: a new or deleted row whole (field '*',
    its key column first), a changed one an audit row per changed field; with `together`,
    fields changed together share one audit row ('rag,next_milestone', lists of values)."""

    __slots__ = ("_columns", "_entity", "_fields", "_log", "_together")

    def __init__(
        self, log: AuditLog, entity: Entity, table: Table, *, together: bool = False
    ) -> None:
        self._log = log
        self._entity = entity
        self._fields = table.fields
        self._columns = (table.key[0], *table.fields)
        self._together = together

    def inserted(self, key: object, new: Row) -> None:
        """Log the new row whole."""
        whole = dict(zip(self._columns, (key, *new), strict=True))
        self._log.log(Action.INSERT, self._entity, key, "*", None, whole)

    def updated(self, key: object, old: Row, new: Row) -> None:
        """Log each changed field (or, `together`, the changed fields at once)."""
        changed = [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
        if self._together and len(changed) > 1:
            names = ",".join(self._fields[i] for i in changed)
            before, after = [old[i] for i in changed], [new[i] for i in changed]
            self._log.log(Action.UPDATE, self._entity, key, names, before, after)
            return
        for i in changed:
            self._log.log(Action.UPDATE, self._entity, key, self._fields[i], old[i], new[i])

    def deleted(self, key: object, old: Row) -> None:
        """Log the deleted row whole."""
        whole = dict(zip(self._columns, (key, *old), strict=True))
        self._log.log(Action.DELETE, self._entity, key, "*", whole, None)

    def done(self) -> None:
        """Nothing is held back."""


def _key_row(key: object, single: bool) -> Row:
    # A one-column key is the value itself; a longer one is a tuple of them.
    if single:
        return (key,)
    assert isinstance(key, tuple)
    return key


def sync_rows(
    db: Database,
    table: Table,
    audit: RowAudit[K],
    stored: dict[K, Row],
    wanted: Iterable[tuple[K, Row]],
    *,
    delete_rest: bool = True,
) -> WriteCounts:
    """Make `table` hold the `wanted` rows (key, fields) instead of the `stored` ones,
    each difference audited; returns what was written. Unless not `delete_rest`, stored
    rows not wanted are deleted. `stored` is emptied of the rows wanted."""
    writes = RowWrites(table)
    single = len(table.key) == 1
    for key, row in wanted:
        old = stored.pop(key, None)
        if old is None:
            audit.inserted(key, row)
            writes.inserts.append((*_key_row(key, single), *row))
        elif old != row:
            audit.updated(key, old, row)
            writes.updates.append((*row, *_key_row(key, single)))
    if delete_rest:
        for key, old in stored.items():
            audit.deleted(key, old)
            writes.deletes.append(_key_row(key, single))
    audit.done()
    return writes.write(db)


def sync_sorted(
    db: Database,
    table: Table,
    audit: RowAudit[K],
    stored: Iterable[tuple[K, Row]],
    wanted: Iterable[tuple[K, Row]],
    *,
    delete_rest: bool = True,
) -> WriteCounts:
    """`sync_rows` for `stored` and `wanted` each in ascending key order (the stored rows
    read with ORDER BY the key, in SQLite's binary order, which is Python's for text and
    numbers): one pass over both, holding neither whole (a plan of 50,000 reviews). Stored
    rows not wanted are audited and deleted after the rest, in key order."""
    writes = RowWrites(table)
    single = len(table.key) == 1
    gone: list[tuple[K, Row]] = []
    olds = iter(stored)
    old = next(olds, None)
    for key, row in wanted:
        while old is not None and old[0] < key:  # type: ignore[operator]
            if delete_rest:
                gone.append(old)
            old = next(olds, None)
        if old is not None and old[0] == key:
            if old[1] != row:
                audit.updated(key, old[1], row)
                writes.updates.append((*row, *_key_row(key, single)))
            old = next(olds, None)
        else:
            audit.inserted(key, row)
            writes.inserts.append((*_key_row(key, single), *row))
    if delete_rest:
        while old is not None:
            gone.append(old)
            old = next(olds, None)
        for key, row in gone:
            audit.deleted(key, row)
            writes.deletes.append(_key_row(key, single))
    audit.done()
    return writes.write(db)
