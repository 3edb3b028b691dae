"""Reading and writing contracts. Readers first, then writers; every writer is audited."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from operator import itemgetter
from typing import Any

from planner.domain.codes import Action, ChangeKind, Entity
from planner.domain.contract import (
    NEW_ID,
    Contract,
    check_contract,
)
from planner.errors import ConflictError, NotFoundError, ValidationError
from planner.store.audit import AuditLog, change
from planner.store.audit_pack import entity_rows
from planner.store.contract_rows import (
    SELECT_COLUMNS,
    SELECT_SQL,
    STORED,
    contract_from_row,
    full_row,
    stored_row,
    stored_values,
)
from planner.store.contract_rows import (
    VALUE_COLUMNS as VALUE_COLUMNS,  # replay reads it from here
)
from planner.store.db import Database, writes
from planner.store.sql import OPEN_STATUS, last_id
from planner.store.sync import RowWrites, Table, WriteCounts


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# ---------------------------------------------------------------- readers


def get_contract(db: Database, contract_id: int) -> Contract:
    """The contract with this id; NotFoundError if there is none."""
    row = db.conn.execute(f"{SELECT_SQL} WHERE id = ?", (contract_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"there is no contract with id {contract_id}")
    return contract_from_row(row)


def find_contract(db: Database, ref: str, department: str | None = None) -> Contract:
    """The contract with this reference (in this department, if given).

    A reference used by two departments needs the department to say which.
    """
    ref = ref.strip()
    rows: list[Any] = []
    # The reference as typed; failing that, in any case ('est-00012' for EST-00012).
    for match in ("ref = ?", "ref = ? COLLATE NOCASE"):
        if department:
            rows = db.conn.execute(
                f"{SELECT_SQL} WHERE {match} AND department = ? COLLATE NOCASE", (ref, department)
            ).fetchall()
        else:
            rows = db.conn.execute(f"{SELECT_SQL} WHERE {match}", (ref,)).fetchall()
        if rows:
            break
    if not rows:
        where = f" in {department}" if department else ""
        raise NotFoundError(f"there is no contract with reference '{ref}'{where}")
    if len(rows) > 1:
        departments = ", ".join(sorted(r[SELECT_COLUMNS.index("department")] for r in rows))
        raise ValidationError(
            f"reference '{ref}' is used by {departments}; say which with --department"
        )
    return contract_from_row(rows[0])


@dataclass(frozen=True, slots=True)
class ContractFilter:
    """What the register is narrowed to; every field is optional."""

    department: str | None = None
    status: str | None = None
    open_only: bool = False
    text: str | None = None

    def where(self) -> tuple[str, list[Any]]:
        """The SQL WHERE clause (without the word) and its parameters."""
        clauses: list[str] = []
        params: list[Any] = []
        if self.department:
            clauses.append("department = ? COLLATE NOCASE")
            params.append(self.department)
        if self.status:
            clauses.append("status = ?")
            params.append(self.status)
        if self.open_only:
            clauses.append(OPEN_STATUS)
        if self.text:
            clauses.append(
                "(ref LIKE ? ESCAPE '\\' OR title LIKE ? ESCAPE '\\' "
                "OR supplier LIKE ? ESCAPE '\\')"
            )
            # The user's % and _ are literal characters, not LIKE wildcards.
            text = self.text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            like = f"%{text}%"
            params.extend([like, like, like])
        return (" AND ".join(clauses) or "1"), params


def iter_contracts(db: Database, where: ContractFilter | None = None) -> Iterator[Contract]:
    """Every contract matching `where`, streamed in department and reference order."""
    clause, params = (where or ContractFilter()).where()
    for row in db.conn.execute(f"{SELECT_SQL} WHERE {clause} ORDER BY department, ref", params):
        yield contract_from_row(row)


def count_contracts(db: Database, where: ContractFilter | None = None) -> int:
    """How many contracts match `where`."""
    clause, params = (where or ContractFilter()).where()
    return int(
        db.conn.execute(f"SELECT count(*) FROM contracts WHERE {clause}", params).fetchone()[0]
    )


def list_departments(db: Database) -> list[str]:
    """Department names in alphabetical order."""
    return [r[0] for r in db.conn.execute("SELECT name FROM departments ORDER BY name")]


def resolve_department(db: Database, name: str) -> str:
    """The department's stored spelling for `name` (any case); a clear error if unknown."""
    row = db.conn.execute(
        "SELECT name FROM departments WHERE name = ? COLLATE NOCASE", (name.strip(),)
    ).fetchone()
    if row is None:
        known = ", ".join(list_departments(db))
        raise ValidationError(
            f"'{name}' is not a department (known: {known}); "
            f'add it with: planner department add "{name.strip()}"'
        )
    return str(row[0])


# ---------------------------------------------------------------- writers


@writes
def add_department(db: Database, name: str, who: str, *, centralise: bool = True) -> str:
    """Add a department; an existing one (any case) is an error."""
    name = name.strip()
    if not name:
        raise ValidationError("a department needs a name")
    if db.conn.execute(
        "SELECT 1 FROM departments WHERE name = ? COLLATE NOCASE", (name,)
    ).fetchone():
        raise ValidationError(f"department '{name}' already exists")
    with change(db, who, f"Added department {name}") as log:
        db.conn.execute(
            "INSERT INTO departments (name, centralise) VALUES (?, ?)", (name, int(centralise))
        )
        log.log(
            Action.INSERT,
            Entity.DEPARTMENT,
            name,
            "*",
            None,
            {"name": name, "centralise": centralise},
        )
    return name


def _check(contract: Contract) -> None:
    problems = check_contract(contract)
    if problems:
        column, reason = problems[0]
        raise ValidationError(f"{contract.ref}: {column.replace('_', ' ')} {reason}")


@writes
def insert_contract(db: Database, contract: Contract, who: str) -> Contract:
    """Add one new contract; its reference must be new in its department."""
    _check(contract)
    with change(db, who, f"Added {contract.ref}") as log:
        return _insert(db, log, contract)


def _insert(db: Database, log: AuditLog, contract: Contract) -> Contract:
    values = stored_values(contract)
    now = _now()
    try:
        cursor = db.conn.execute(
            f"INSERT INTO contracts ({', '.join(values)}, version, created_at, updated_at) "
            f"VALUES ({', '.join('?' * len(values))}, 1, ?, ?)",
            (*values.values(), now, now),
        )
    except Exception as exc:
        if "UNIQUE" in str(exc):
            raise ValidationError(
                f"{contract.department} already has a contract {contract.ref}"
            ) from None
        raise
    saved = contract.with_changes(id=cursor.lastrowid, version=1)
    log.log(Action.INSERT, Entity.CONTRACT, saved.id, "*", None, _insert_payload(values.values()))
    return saved


def _insert_payload(row: Iterable[Any]) -> dict[str, Any]:
    # The known values of a new contract; an absent column was unknown. Leaving the nulls
    # out keeps a 50,000-contract import's audit rows a third smaller.
    return {c: v for c, v in zip(VALUE_COLUMNS, row, strict=True) if v is not None}


@writes
def update_contract(
    db: Database,
    contract_id: int,
    changes: Mapping[str, Any],
    *,
    expected_version: int,
    who: str,
    summary: str | None = None,
) -> Contract:
    """Change some fields of one contract, if nobody else has changed it since it was read.

    `changes` holds parsed values (see domain.contract.parse_field). A different version in
    the database means another user or window saved first: ConflictError, nothing written.
    """
    (saved,) = update_contracts(
        db,
        [(contract_id, expected_version)],
        lambda _current: changes,
        who=who,
        summary=summary or "Edited contract",
    )
    return saved


@writes
def update_contracts(
    db: Database,
    targets: Sequence[tuple[int, int]],
    changes_for: Callable[[Contract], Mapping[str, Any]],
    *,
    who: str,
    summary: str,
) -> list[Contract]:
    """Edit several contracts, each (id, version the user saw), as one audited change.

    `changes_for` gives each contract's parsed changes from its current state. All of them
    are saved or none (one undo reverses the lot): a contract changed by someone else since
    it was read refuses the whole change with ConflictError, an invalid result with
    ValidationError.
    """
    if not targets:
        raise ValidationError("no contract is selected")
    saved: list[Contract] = []
    with change(db, who, summary) as log:
        for contract_id, expected_version in targets:
            current = get_contract(db, contract_id)
            if current.version != expected_version:
                raise ConflictError(_conflict_message(db, current, expected_version))
            changes = changes_for(current)
            unknown = set(changes) - set(STORED)
            if unknown:
                raise ValidationError(f"cannot edit {', '.join(sorted(unknown))}")
            updated = current.with_changes(**changes)
            _check(updated)
            if (updated.ref, updated.department) != (current.ref, current.department):
                _refuse_a_taken_ref(db, updated)
            _write_update(db, log, current, updated)
            saved.append(get_contract(db, contract_id))
    return saved


def _refuse_a_taken_ref(db: Database, contract: Contract) -> None:
    # A reference is unique within its department; say so before SQLite's constraint does.
    taken = db.conn.execute(
        "SELECT 1 FROM contracts WHERE ref = ? AND department = ? AND id != ?",
        (contract.ref, contract.department, contract.id),
    ).fetchone()
    if taken:
        raise ValidationError(
            f"{contract.department} already has a contract with reference {contract.ref}"
        )


_NAMED_FROM = 50  # the newest audit rows of a contract searched for who last edited it


def _conflict_message(db: Database, current: Contract, expected: int) -> str:
    # A re-plan writes derived columns without a new version, so it is not who to name.
    last = next(
        (row for row in entity_rows(db, Entity.CONTRACT, str(current.id), _NAMED_FROM)
         if row[4] != ChangeKind.SCHEDULE),
        None,
    )  # fmt: skip
    by = f" by {last[3]} at {last[2][:16].replace('T', ' ')}" if last else ""
    return (
        f"{current.ref} ({current.department}) was changed{by} after you opened it "
        f"(version {expected} is now {current.version}); your edit was not saved. "
        "Refresh to see the change, then make yours again."
    )


def _write_update(db: Database, log: AuditLog, current: Contract, updated: Contract) -> bool:
    old_values = stored_values(current)
    new_values = stored_values(updated)
    changed = {c: v for c, v in new_values.items() if v != old_values[c]}
    if not changed:
        return False
    assignments = ", ".join(f"{c} = ?" for c in changed)
    cursor = db.conn.execute(
        f"UPDATE contracts SET {assignments}, version = version + 1, updated_at = ? "
        "WHERE id = ? AND version = ?",
        (*changed.values(), _now(), current.id, current.version),
    )
    if cursor.rowcount != 1:  # pragma: no cover - the write lock makes this unreachable
        raise ConflictError(f"{current.ref} changed while saving; nothing was written")
    for column, value in changed.items():
        if column != "notice_date":
            log.log(Action.UPDATE, Entity.CONTRACT, current.id, column, old_values[column], value)
    return True


@dataclass(frozen=True, slots=True)
class UpsertCounts:
    """What an import did to the register."""

    imported: int = 0
    updated: int = 0
    unchanged: int = 0


def upsert_contracts(
    db: Database,
    contracts: Iterable[tuple[Contract, frozenset[str]]],
    *,
    who: str,
    summary: str,
    write: bool = True,
) -> UpsertCounts:
    """Insert new contracts and update existing ones (matched by ref and department).

    Each item is a contract and the columns the source actually supplied: columns it did
    not supply keep their stored values. All of it is one transaction; with `write=False`
    the counts are worked out and everything is rolled back (a dry run).
    """
    rows = ((stored_row(contract), supplied) for contract, supplied in contracts)
    return _upsert(db, rows, VALUE_COLUMNS, who=who, summary=summary, write=write)


def upsert_rows(
    db: Database,
    rows: Iterable[tuple[Sequence[Any], frozenset[str]]],
    *,
    who: str,
    summary: str,
    write: bool = True,
    columns: Sequence[str] = VALUE_COLUMNS,
) -> UpsertCounts:
    """upsert_contracts for contracts already in their stored form (`stored_rows`): an
    import of 50,000 rows builds no Contract for a row it inserts or leaves unchanged.
    Each row holds the values of `columns` (VALUE_COLUMNS, or those `stored_rows` kept:
    the ones left out are unknown in every row)."""
    return _upsert(db, rows, tuple(columns), who=who, summary=summary, write=write)


def _upsert(
    db: Database,
    rows: Iterable[tuple[Sequence[Any], frozenset[str]]],
    columns: tuple[str, ...],
    *,
    who: str,
    summary: str,
    write: bool,
) -> UpsertCounts:
    updated = unchanged = 0
    ref_at, department_at = columns.index("ref"), columns.index("department")
    written = WriteCounts()
    try:
        with change(db, who, summary, kind=ChangeKind.IMPORT) as log, _big_cache(db):
            # Read inside the write lock, so no other process adds a contract in between.
            # Rows stay in their stored form: most of a re-import is comparing, not editing.
            existing: dict[tuple[str, str], tuple[Any, ...]] = {
                (row[_REF_AT], row[_DEPARTMENT_AT]): row
                for row in db.conn.execute(f"{SELECT_SQL} ORDER BY id")
            }
            next_id = last_id(db, "contracts")
            new_rows = RowWrites(_new_contracts(columns))
            now = _now()
            tests: dict[frozenset[str], Callable[[Sequence[Any], Sequence[Any]], bool]] = {}
            for row, supplied in rows:
                current = existing.get((row[ref_at], row[department_at]))
                if current is None:
                    next_id += 1
                    new_rows.inserts.append((next_id, *row, 1, now, now))
                    continue
                same = tests.get(supplied)
                if same is None:
                    same = tests[supplied] = _unchanged_test(supplied, columns)
                if same(row, current):
                    unchanged += 1  # every supplied value is already stored
                    continue
                if _update_supplied(db, log, current, full_row(columns, row), supplied):
                    updated += 1
                else:
                    unchanged += 1
            # Each new contract is audited whole, its known values only (_insert_payload):
            # its id and values, not the version and times after them (a column left out
            # is unknown, as a None left out of the payload is).
            log.log_rows(Action.INSERT, Entity.CONTRACT, ("id", *columns), new_rows.inserts)
            written = new_rows.write(db, bulk=_worth_rebuilding(new_rows.inserts, existing))
            if not write:
                raise _DryRun
    except _DryRun:
        pass
    return UpsertCounts(written.inserted, updated, unchanged)


def _update_supplied(
    db: Database,
    log: AuditLog,
    current: Sequence[Any],
    row: Sequence[Any],
    supplied: frozenset[str],
) -> bool:
    """Write the supplied columns of an incoming stored row over a stored contract."""
    stored = contract_from_row(current)
    incoming = contract_from_row((NEW_ID, 0, *row[: len(STORED)]))
    merged = stored.with_changes(**{c: getattr(incoming, c) for c in supplied if c in STORED})
    return _write_update(db, log, stored, merged)


_REF_AT = SELECT_COLUMNS.index("ref")
_DEPARTMENT_AT = SELECT_COLUMNS.index("department")


@lru_cache(maxsize=64)
def _unchanged_test(
    supplied: frozenset[str], columns: tuple[str, ...]
) -> Callable[[Sequence[Any], Sequence[Any]], bool]:
    """Whether every supplied value of an incoming row (of `columns`) is already in a
    selected row (SELECT_COLUMNS); a supplied column the row leaves out must be NULL."""
    held = [(i, SELECT_COLUMNS.index(c)) for i, c in enumerate(columns) if c in supplied
            and c in STORED]  # fmt: skip
    incoming = itemgetter(*(i for i, _ in held))
    stored = itemgetter(*(at for _, at in held))
    blank = [SELECT_COLUMNS.index(c) for c in STORED if c in supplied and c not in columns]
    if not blank:
        return lambda row, current: incoming(row) == stored(current)
    unknown = itemgetter(*blank)
    nothing = None if len(blank) == 1 else (None,) * len(blank)  # what `unknown` gives then
    return lambda row, current: incoming(row) == stored(current) and unknown(current) == nothing


@lru_cache(maxsize=64)
def _new_contracts(columns: tuple[str, ...]) -> Table:
    """New contracts from an import, inserted in bulk with their ids, at version 1."""
    return Table(
        "contracts",
        key=("id",),
        fields=(),
        insert_columns=("id", *columns, "version", "created_at", "updated_at"),
    )


# Below this many new rows, keeping the indexes up to date row by row is cheap enough.
_REBUILD_MIN_ROWS = 2_000


def _worth_rebuilding(new_rows: Sequence[object], existing: Mapping[Any, Any]) -> bool:
    # Building an index from sorted rows is several times faster than growing it row by
    # row, but rebuilding means re-reading the rows already there: only for big imports.
    return len(new_rows) >= _REBUILD_MIN_ROWS and len(new_rows) >= len(existing)


@contextmanager
def _big_cache(db: Database, kib: int = 65_536) -> Iterator[None]:
    """A larger page cache for one big write, so its pages are not spilled early."""
    (before,) = db.conn.execute("PRAGMA cache_size").fetchone()
    db.conn.execute(f"PRAGMA cache_size = -{kib}")
    try:
        yield
    finally:
        db.conn.execute(f"PRAGMA cache_size = {int(before)}")


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""
