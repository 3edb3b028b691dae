"""The compact record of a big change: one packed row in the hash chain, its audit rows kept
compressed beside it (docs/architecture.md, "Audit trail").

An import of 50,000 contracts or a schedule run's plan writes hundreds of thousands of audit
rows; hashing and storing each one was most of the import's time and half the database
file. A change of at least PACK_FROM rows is instead written as ONE row of the chain
(action 'packed', entity 'change', its `new` naming how many rows it holds and the SHA-256
of its record) and a record in `audit_packs`: parts of up to PART_ROWS rows of one entity,
each zlib-compressed JSON. Reading the trail (verify's replay, undo and redo, a contract's
history) expands a packed row into the same logical rows, in the same order and with the
same values, that one audit row each would have given.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Iterable, Iterator, Sequence
from sys import intern
from typing import Any

from planner.domain.codes import Action
from planner.store.db import Database

PACK_FROM = 2_000
"""A change of this many audit rows or more is packed (a force's own edits stay rows)."""
PART_ROWS = 1_000
"""Audit rows per compressed part: one contract's history opens one part, not the record."""
_LEVEL = 1  # zlib's fastest level: the record is mostly repeated dates and names
PACK_ENTITY = "change"  # a packed row's entity; its entity id is the change's id

# The same options as the per-row encoder (planner/store/audit.py), so a value reads back
# from a part exactly as it would from its own row: dates as text, tuples as lists.
_ENCODER = json.JSONEncoder(default=str, ensure_ascii=False, separators=(",", ":"))

Logical = tuple[str, str, str, str, Any, Any]
"""One audit row as readers see it: action, entity, entity id (text), field, old, new
(old and new decoded from JSON)."""

Item = tuple[Any, ...]
"""A row as AuditLog collects it: action, entity, entity id, field, old, new; with a 7th
value, the columns, `new` is a row whose first values are those columns' (id first; any
after them are not logged), logged whole ('*') with its unknown (None) values left out."""


def decode(text: str | None) -> Any:
    """An audit value from its JSON text. Most are one date or name: a JSON string with no
    escapes is its text between the quotes, read without the parser."""
    if text is None or text == "null":
        return None
    if text[0] == '"' and "\\" not in text:
        return intern(text[1:-1])  # the same few hundred dates, held once
    return json.loads(text)


def whole(columns: Sequence[str], values: Sequence[Any]) -> dict[str, Any]:
    """A whole row logged in columns: its known values by column (values after the last
    column are not part of it)."""
    return {c: v for c, v in zip(columns, values, strict=False) if v is not None}


# ---------------------------------------------------------------- writing


def _bounds(ids: Iterable[Any]) -> tuple[int | None, int | None]:
    try:
        numbers = list(map(int, ids))
    except (TypeError, ValueError):
        return None, None  # names (officers, settings): the part is read for any of them
    return min(numbers), max(numbers)


def _run_of(item: Item) -> tuple[Any, ...]:
    return (item[1], item[6], item[0]) if len(item) == 7 else (item[1],)


def _part_data(rows: list[Item]) -> bytes:
    columns = rows[0][6] if len(rows[0]) == 7 else None
    if columns is None:
        body: dict[str, Any] = {"rows": [list(item[0:1]) + list(item[2:6]) for item in rows]}
    else:
        # A whole row per item, its values only: an import's record names its columns once.
        width = len(columns)
        body = {
            "action": rows[0][0],
            "columns": list(columns),
            "rows": [r[5][:width] for r in rows],
        }
    return zlib.compress(_ENCODER.encode(body).encode(), _LEVEL)


def _part_hash(digest: Any, entity: str, low: Any, high: Any, rows: int, data: bytes) -> None:
    digest.update(f"{entity}\x1f{low}\x1f{high}\x1f{rows}\x1e".encode())
    digest.update(data)


class Packer:
    """A packed record made as its rows come: each part is compressed and hashed as soon
    as it is complete, so a big change need not hold all its rows until the end. The parts
    and hash are exactly `pack`'s for the same rows in the same order."""

    __slots__ = ("_digest", "_part", "_run", "parts", "rows")

    def __init__(self) -> None:
        self.parts: list[tuple[str, Any, Any, int, bytes]] = []
        self.rows = 0
        self._digest = hashlib.sha256()
        self._run: tuple[Any, ...] | None = None
        self._part: list[Item] = []

    def add(self, item: Item) -> None:
        """The next row: a part is a run of one entity (and one way of logging: rows in
        columns share their columns and action), cut at PART_ROWS rows."""
        run = _run_of(item)
        if run != self._run or len(self._part) >= PART_ROWS:
            self._close()
            self._run = run
        self._part.append(item)
        self.rows += 1

    def add_run(self, items: Sequence[Item]) -> None:
        """Rows that all share one run (`_run_of`), as `add` would take them one by one,
        a part's worth at a time: an import's 50,000 new contracts."""
        if not items:
            return
        run = _run_of(items[0])
        if run != self._run:
            self._close()
            self._run = run
        at = 0
        while at < len(items):
            room = PART_ROWS - len(self._part)
            if room <= 0:
                self._close()
                room = PART_ROWS
            self._part.extend(items[at : at + room])
            at += room
        self.rows += len(items)

    def _close(self) -> None:
        rows = self._part
        if not rows:
            return
        entity = rows[0][1]
        low, high = _bounds(item[2] for item in rows)
        data = _part_data(rows)
        _part_hash(self._digest, entity, low, high, len(rows), data)
        self.parts.append((entity, low, high, len(rows), data))
        self._part = []

    def finish(self) -> tuple[list[tuple[str, Any, Any, int, bytes]], str]:
        """The parts (entity, low, high, rows, data) and their SHA-256."""
        self._close()
        return self.parts, self._digest.hexdigest()


def pack(items: Sequence[Item]) -> tuple[list[tuple[str, Any, Any, int, bytes]], str]:
    """The parts of a packed record (entity, low, high, rows, data) and their SHA-256."""
    packer = Packer()
    at, end = 0, len(items)
    while at < end:
        item = items[at]
        if len(item) != 7:
            packer.add(item)
            at += 1
            continue
        # Whole rows logged together (AuditLog.log_rows) share their columns, action and
        # entity: found by the columns' identity first, and added as one run.
        action, entity, columns = item[0], item[1], item[6]
        stop = at + 1
        while stop < end:
            following = items[stop]
            # The columns are the very same object for rows logged together: `is` answers
            # at once (50,000 rows of an import).
            if (
                len(following) != 7
                or following[0] != action
                or following[1] != entity
                or (following[6] is not columns and following[6] != columns)
            ):
                break
            stop += 1
        packer.add_run(items[at:stop])
        at = stop
    return packer.finish()


def write_parts(db: Database, audit_id: int, parts: list[tuple[str, Any, Any, int, bytes]]) -> None:
    """Store a packed row's parts."""
    db.conn.executemany(
        "INSERT INTO audit_packs (audit_id, entity, low, high, rows, data) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(audit_id, *part) for part in parts],
    )


# ---------------------------------------------------------------- reading


def _expand(entity: str, data: bytes) -> Iterator[Logical]:
    body = json.loads(zlib.decompress(data))
    columns = body.get("columns")
    if columns is None:
        for action, entity_id, field, old, new in body["rows"]:
            yield action, entity, str(entity_id), field, old, new
        return
    action = body["action"]
    for values in body["rows"]:
        payload = whole(columns, values)
        if action == Action.INSERT:
            yield action, entity, str(values[0]), "*", None, payload
        else:
            yield action, entity, str(values[0]), "*", payload, None


class PackTampered(ValueError):
    """A packed row's record is not the one its hash names."""


def checked_parts(db: Database, audit_id: int, summary: str) -> Iterator[tuple[str, bytes]]:
    """A packed row's parts (entity, data), after checking them against the SHA-256 its
    hashed `summary` (the row's `new`) names: PackTampered if they do not match. The parts
    are hashed one at a time and read again as they are used, never all held: a national
    schedule's record is tens of MB even compressed."""
    try:
        expected = json.loads(summary)["sha256"]
    except (ValueError, KeyError, TypeError):
        raise PackTampered("its summary of its compact record cannot be read") from None
    digest = hashlib.sha256()
    for entity, low, high, rows, data in db.conn.execute(
        "SELECT entity, low, high, rows, data FROM audit_packs WHERE audit_id = ? ORDER BY id",
        (audit_id,),
    ):
        _part_hash(digest, entity, low, high, rows, data)
    if digest.hexdigest() != expected:
        raise PackTampered("its compact record no longer matches its hash (it was edited by hand)")
    # Read in the same snapshot as the hash check (verify reads in one: audit_verify.py).
    return _stored_parts(db, audit_id)


def _stored_parts(db: Database, audit_id: int) -> Iterator[tuple[str, bytes]]:
    yield from db.conn.execute(
        "SELECT entity, data FROM audit_packs WHERE audit_id = ? ORDER BY id", (audit_id,)
    )


def expand_parts(parts: Iterable[tuple[str, bytes]]) -> Iterator[Logical]:
    """The logical rows of a packed row's parts, in order."""
    for entity, data in parts:
        yield from _expand(entity, data)


def unchecked_rows(db: Database, audit_id: int) -> Iterator[Logical]:
    """The logical rows of one packed row, in order (undo and history: verify checks)."""
    for entity, data in db.conn.execute(
        "SELECT entity, data FROM audit_packs WHERE audit_id = ? ORDER BY id", (audit_id,)
    ):
        yield from _expand(entity, data)


def change_rows(db: Database, change_id: int) -> list[Logical]:
    """Every logical audit row of one change, in the order they were written."""
    out: list[Logical] = []
    for audit_id, action, entity, entity_id, field, old, new in db.conn.execute(
        "SELECT id, action, entity, entity_id, field, old, new FROM audit WHERE change_id = ? "
        "ORDER BY id",
        (change_id,),
    ):
        if action == Action.PACKED:
            out.extend(unchecked_rows(db, audit_id))
        else:
            out.append((action, entity, entity_id, field, decode(old), decode(new)))
    return out


def change_size(db: Database, change_id: int) -> int:
    """How many logical audit rows a change wrote (a packed row counts what it holds)."""
    row = db.conn.execute(
        "SELECT (SELECT count(*) FROM audit WHERE change_id = :c AND action != :p), "
        "(SELECT coalesce(sum(p.rows), 0) FROM audit_packs p JOIN audit a ON a.id = p.audit_id "
        "WHERE a.change_id = :c)",
        {"c": change_id, "p": Action.PACKED},
    ).fetchone()
    return int(row[0]) + int(row[1])


def change_entities(db: Database, change_id: int) -> set[str]:
    """The entities a change's audit rows are about (contract, setting, officer...)."""
    return {
        str(row[0])
        for row in db.conn.execute(
            "SELECT DISTINCT entity FROM audit WHERE change_id = :c AND action != :p "
            "UNION SELECT DISTINCT p.entity FROM audit_packs p JOIN audit a "
            "ON a.id = p.audit_id WHERE a.change_id = :c",
            {"c": change_id, "p": Action.PACKED},
        )
    }


EntityRow = tuple[int, int, str, str, str, str, str, str, Any, Any]
"""One audit row about an entity: audit id, change id, at, who, change kind, change
summary, action, field, old, new (decoded)."""


def entity_rows(db: Database, entity: str, entity_id: str, limit: int) -> list[EntityRow]:
    """The newest `limit` audit rows about one entity, newest first, packed ones included
    (only the parts whose id range can hold it are opened)."""
    found: list[tuple[tuple[int, int], EntityRow]] = []
    for audit_id, change_id, at, who, kind, summary, action, field, old, new in db.conn.execute(
        "SELECT a.id, a.change_id, a.at, a.who, c.kind, c.summary, a.action, a.field, a.old, "
        "a.new FROM audit a JOIN changes c ON c.id = a.change_id "
        "WHERE a.entity = ? AND a.entity_id = ? ORDER BY a.id DESC LIMIT ?",
        (entity, entity_id, limit),
    ):
        row = (audit_id, change_id, at, who, kind, summary, action, field,
               decode(old), decode(new))  # fmt: skip
        found.append(((audit_id, 0), row))
    number = int(entity_id) if entity_id.lstrip("-").isdigit() else None
    parts = db.conn.execute(
        "SELECT p.audit_id, p.id, p.data, a.change_id, a.at, a.who, c.kind, c.summary "
        "FROM audit_packs p JOIN audit a ON a.id = p.audit_id JOIN changes c "
        "ON c.id = a.change_id WHERE p.entity = ? AND (p.low IS NULL OR (? BETWEEN p.low AND "
        "p.high))",
        (entity, number),
    )
    for audit_id, part_id, data, change_id, at, who, kind, summary in parts:
        for place, (action, _, found_id, field, old, new) in enumerate(_expand(entity, data)):
            if found_id == entity_id:
                row = (audit_id, change_id, at, who, kind, summary, action, field, old, new)
                found.append(((audit_id, part_id * PART_ROWS + place + 1), row))
    found.sort(key=lambda pair: pair[0], reverse=True)
    return [row for _, row in found[:limit]]
