"""The audit trail: every write is one change of many audit rows, chained by SHA-256."""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from planner.domain.codes import Action, ChangeKind, Entity
from planner.domain.seal import GENESIS
from planner.store.audit_pack import (
    PACK_ENTITY,
    PACK_FROM,
    PART_ROWS,
    Item,
    Packer,
    PackTampered,
    checked_parts,
    decode,
    expand_parts,
    pack,
    whole,
    write_parts,
)
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


# (entity, field) of audit rows a report reads with SQL (planner/store/reporting.py dates
# each change of managed_by_procurement): they stay rows of their own in a packed change.
_READ_BY_SQL = frozenset({(Entity.CONTRACT, "managed_by_procurement")})
_KEPT_ENTITIES = frozenset(entity for entity, _ in _READ_BY_SQL)


def _apart(kept: list[Item], items: list[Item]) -> bool:
    """Whether rows kept out of a packed record can go before it: not if the change also
    adds or removes one of their rows, whose order against them undo and verify need (such
    a change is written row by row instead)."""
    if not kept:
        return True
    touched = {(item[1], str(item[2])) for item in kept}
    return not any(
        item[0] != Action.UPDATE and (item[1], str(item[2])) in touched for item in items
    )


class AuditLog:
    """Collects the audit rows of one change and writes them, chained, in its transaction:
    each as its own row, or, for a big change, packed into one (planner.store.audit_pack)."""

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
        self._items: list[Item] = []
        self._streams = False  # pack as the rows come (`stream`)
        self._packer: Packer | None = None  # once packing as they come has begun
        self._kept: list[Item] = []  # rows kept out of a record packed as they come
        self._touched: set[tuple[str, str]] = set()  # their entities' rows added or removed

    def stream(self) -> None:
        """Pack this change's rows as they come once there are enough to be packed, rather
        than hold them all to the end (a schedule's plan at national scale): the record is
        the same."""
        self._streams = True

    def log(
        self, action: str, entity: str, entity_id: object, field: str, old: Any, new: Any
    ) -> None:
        """Record one field's change (or a whole row, with field '*')."""
        items = self._items
        items.append((action, entity, entity_id, field, old, new))
        if self._streams and len(items) >= (PACK_FROM if self._packer is None else PART_ROWS):
            self._pack_held()

    def _pack_held(self) -> None:
        # The rows held so far go into the record, those read by SQL aside (as `flush`
        # writes them before it); what `_apart` needs of the rest is kept.
        packer = self._packer = self._packer or Packer()
        kept_entities = _KEPT_ENTITIES
        for item in self._items:
            if item[0] != Action.UPDATE and item[1] in kept_entities:
                self._touched.add((item[1], str(item[2])))
            if (item[1], item[3]) in _READ_BY_SQL:
                self._kept.append(item)
                continue
            packer.add(item)
        self._items = []

    def log_rows(
        self, action: str, entity: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
    ) -> None:
        """Record whole rows inserted (or deleted), each starting with its values for
        `columns`, id first (values after them are not logged): logged as `log` would with
        the row's known values by column, held more compactly."""
        columns = tuple(columns)
        self._items.extend((action, entity, row[0], "*", None, row, columns) for row in rows)

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
        packed = 0 if self._packer is None else self._packer.rows
        return len(self._items) + packed + len(self._kept)

    def flush(self) -> None:
        """Write the collected rows (called once, at the end of the change)."""
        if self._packer is not None:
            self._flush_streamed()
            return
        if not self._items:
            return
        last = self.db.conn.execute("SELECT hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
        prev = last[0] if last else GENESIS
        kept = [item for item in self._items if (item[1], item[3]) in _READ_BY_SQL]
        if len(self._items) < PACK_FROM or not _apart(kept, self._items):
            self._flush_rows(prev, self._items)
        else:
            if kept:
                prev = self._flush_rows(prev, kept)
                self._items = [i for i in self._items if (i[1], i[3]) not in _READ_BY_SQL]
            self._flush_packed(prev)
        self._items.clear()

    def _flush_rows(self, prev: str, items: list[Item]) -> str:
        rows = []
        for item in items:
            action, entity, entity_id, field, old, new = item[:6]
            if len(item) == 7:  # a whole row logged in columns
                payload = whole(item[6], new)
                old, new = (None, payload) if action == Action.INSERT else (payload, None)
            values = (
                self.change_id, self.at, self.who, action, entity, str(entity_id), field,
                encode(old), encode(new),
            )  # fmt: skip
            digest = row_hash(prev, values)
            rows.append((*values, prev, digest))
            prev = digest
        self.db.conn.executemany(
            "INSERT INTO audit (change_id, at, who, action, entity, entity_id, field, old, "
            "new, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            rows,
        )
        return prev

    def _flush_streamed(self) -> None:
        # A change packed as its rows came: as `flush` would have written it.
        self._pack_held()
        kept = self._kept
        if any((item[1], str(item[2])) in self._touched for item in kept):
            # `_apart` would have written the change row by row: its rows are gone.
            raise RuntimeError("a change packed as it came adds or removes a row read by SQL")
        last = self.db.conn.execute("SELECT hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
        prev = last[0] if last else GENESIS
        if kept:
            prev = self._flush_rows(prev, kept)
        assert self._packer is not None
        rows = self._packer.rows
        self._write_packed(prev, *self._packer.finish(), rows)
        self._packer, self._kept, self._touched = None, [], set()

    def _flush_packed(self, prev: str) -> None:
        parts, sha = pack(self._items)
        self._write_packed(prev, parts, sha, len(self._items))

    def _write_packed(
        self, prev: str, parts: list[tuple[str, Any, Any, int, bytes]], sha: str, rows: int
    ) -> None:
        summary = {"rows": rows, "parts": len(parts), "sha256": sha}
        values = (
            self.change_id, self.at, self.who, Action.PACKED, PACK_ENTITY, str(self.change_id),
            "*", encode(None), encode(summary),
        )  # fmt: skip
        cursor = self.db.conn.execute(
            "INSERT INTO audit (change_id, at, who, action, entity, entity_id, field, old, "
            "new, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (*values, prev, row_hash(prev, values)),
        )
        write_parts(self.db, int(cursor.lastrowid or 0), parts)


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
"""An audit row as verify reads it: change_id, at, who, action, entity, entity_id, field,
old, new (old and new decoded from their JSON); a packed row gives each row it holds."""


def verify_chain(db: Database, each: Callable[[int, AuditRow], None] | None = None) -> ChainReport:
    """Recompute every hash in order; report the first row that does not match. `each` is
    given the id and fields of every row that checks out, in order (verify replays the
    trail in the same pass); a packed row's record is checked too, and each row it holds
    given with the packed row's id."""
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
        if values[3] == Action.PACKED:
            try:
                parts = checked_parts(db, audit_id, values[8])
                if each is not None:
                    head = values[:3]
                    for one in expand_parts(parts):
                        each(audit_id, (*head, *one))
            except PackTampered as exc:
                return ChainReport(count, audit_id, str(exc))
            except (ValueError, KeyError, TypeError, zlib.error):
                return ChainReport(count, audit_id, _UNREADABLE_PACK)
        elif each is not None:
            each(audit_id, (*values[:7], _decoded(values[7]), _decoded(values[8])))
    return ChainReport(count)


class Unreadable(str):
    """An audit value whose JSON cannot be read (a row forged by hand): its text."""

    __slots__ = ()


def _decoded(text: str | None) -> Any:
    try:
        return decode(text)
    except ValueError:
        return Unreadable(text)


_UNREADABLE_PACK = "its compact record cannot be read (it was edited by hand)"
