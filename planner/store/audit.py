"""The audit trail: every write is one change of many audit rows, chained by SHA-256."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from planner.domain.codes import Action, ChangeKind
from planner.domain.seal import GENESIS
from planner.store.db import Database, transaction

_COLUMNS = ("change_id", "at", "who", "action", "entity", "entity_id", "field", "old", "new")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


# One encoder for every row: json.dumps with options builds a new encoder on each call,
# which was a fifth of a 50,000-row import. The text it writes is unchanged.
_ENCODER = json.JSONEncoder(default=str, ensure_ascii=False, separators=(",", ":"))


def encode(value: Any) -> str | None:
    """JSON text for an audit old/new value; None stays SQL NULL only for 'no value at all'."""
    return _ENCODER.encode(value)


def row_hash(prev_hash: str, values: tuple[Any, ...]) -> str:
    """The hash of one audit row: its fields and the previous row's hash."""
    text = "\x1f".join(["" if v is None else str(v) for v in values])
    return hashlib.sha256(f"{prev_hash}\x1e{text}".encode()).hexdigest()


class AuditLog:
    """Collects the audit rows of one change and writes them, chained, in its transaction."""

    def __init__(
        self, db: Database, who: str, summary: str, kind: ChangeKind, reverses: int | None
    ):
        self.db = db
        self.who = who
        self.at = _now()
        cursor = db.conn.execute(
            "INSERT INTO changes (at, who, kind, summary, reverses) VALUES (?, ?, ?, ?, ?)",
            (self.at, who, kind, summary, reverses),
        )
        self.change_id: int = cursor.lastrowid or 0
        self._rows: list[tuple[Any, ...]] = []
        last = db.conn.execute("SELECT hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
        self._prev = last[0] if last else GENESIS

    def log(
        self, action: str, entity: str, entity_id: object, field: str, old: Any, new: Any
    ) -> None:
        """Record one field's change (or a whole row, with field '*')."""
        values = (
            self.change_id, self.at, self.who, action, entity, str(entity_id), field,
            encode(old), encode(new),
        )  # fmt: skip
        digest = row_hash(self._prev, values)
        self._rows.append((*values, self._prev, digest))
        self._prev = digest

    def insert(self, entity: str, table: str, values: Mapping[str, Any]) -> int:
        """Insert one row of `values` into `table` and log it whole, with the id it was
        given; returns that id."""
        columns = ", ".join(values)
        marks = ", ".join(f":{column}" for column in values)
        cursor = self.db.conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", values)
        new_id = int(cursor.lastrowid or 0)
        self.log(Action.INSERT, entity, new_id, "*", None, {"id": new_id, **values})
        return new_id

    @property
    def count(self) -> int:
        """Audit rows recorded so far in this change."""
        return len(self._rows)

    def flush(self) -> None:
        """Write the collected rows (called once, at the end of the change)."""
        if self._rows:
            self.db.conn.executemany(
                "INSERT INTO audit (change_id, at, who, action, entity, entity_id, field, old, "
                "new, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                self._rows,
            )
            self._rows.clear()


@contextmanager
def change(
    db: Database,
    who: str,
    summary: str,
    *,
    kind: ChangeKind = ChangeKind.EDIT,
    reverses: int | None = None,
) -> Iterator[AuditLog]:
    """A transaction that is also one entry in the audit trail; a change that logs no rows
    leaves no trace (re-running something that changes nothing adds no audit rows). Inside
    `one_change` on the same connection, its rows join that change."""
    joined = _JOINED.get(id(db.conn))
    if joined is not None:
        yield joined
        return
    with transaction(db):
        log = AuditLog(db, who, summary, kind, reverses)
        yield log
        if log.count:
            log.flush()
        else:
            db.conn.execute("DELETE FROM changes WHERE id = ?", (log.change_id,))


# The change every change() on a connection joins while `one_change` is open on it.
_JOINED: dict[int, AuditLog] = {}


@contextmanager
def one_change(db: Database, who: str, summary: str) -> Iterator[AuditLog]:
    """One audited change (one transaction) that every change() made inside it joins: many
    store calls, undone and redone as one (a what-if's changes, committed together)."""
    with change(db, who, summary) as log:
        _JOINED[id(db.conn)] = log
        try:
            yield log
        finally:
            del _JOINED[id(db.conn)]


@dataclass(frozen=True, slots=True)
class ChainReport:
    """The result of checking the audit chain."""

    rows: int
    broken_at: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        """True when every row's hash matches its content and its predecessor."""
        return self.broken_at is None


AuditRow = tuple[Any, ...]
"""An audit row's hashed fields: change_id, at, who, action, entity, entity_id, field, old,
new (old and new as JSON text)."""


def verify_chain(db: Database, each: Callable[[int, AuditRow], None] | None = None) -> ChainReport:
    """Recompute every hash in order; report the first row that does not match. `each` is
    given the id and fields of every row that checks out, in order (verify replays the
    trail in the same pass)."""
    prev = GENESIS
    count = 0
    cursor = db.conn.execute(
        f"SELECT id, {', '.join(_COLUMNS)}, prev_hash, hash FROM audit ORDER BY id"
    )
    for row in cursor:
        count += 1
        audit_id, values, prev_hash, digest = row[0], tuple(row[1:10]), row[10], row[11]
        if prev_hash != prev:
            return ChainReport(
                count,
                audit_id,
                "does not follow the row before it (a row was deleted or inserted by hand)",
            )
        if row_hash(prev_hash, values) != digest:
            return ChainReport(
                count, audit_id, "its content no longer matches its hash (it was edited by hand)"
            )
        prev = digest
        if each is not None:
            each(audit_id, values)
    return ChainReport(count)
