"""Payments (spend) and how their suppliers match the register's: stored, summed, reviewed.

Which supplier is which is decided in planner.io.spend; this module keeps the result, and
answers the KPI questions in SQL (sums over an indexed date range, never a Python loop
over every payment).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import astuple, dataclass, fields
from datetime import date
from typing import Any

from planner.domain.codes import Action, ChangeKind, Entity
from planner.domain.kpis import LANCASHIRE, NORTH_WEST, FinancialYear, region_of_locality
from planner.errors import NotFoundError, ValidationError
from planner.store.audit import AuditLog, change
from planner.store.benefits import year_parameters
from planner.store.db import Database, writes
from planner.store.history import register_entity
from planner.store.sql import last_id, quoted

register_entity(Entity.SPEND_IMPORT, "spend_imports", "id")
register_entity(Entity.SPEND_LINE, "spend_lines", "id")
register_entity(Entity.SUPPLIER_MATCH, "supplier_matches", "supplier_key")

COUNTED = ("matched", "confirmed")  # statuses whose spend counts as covered by a contract
REVIEW_STATUSES = ("matched", "uncertain", "confirmed", "rejected", "unmatched")


@dataclass(frozen=True, slots=True)
class SpendLine:
    """One payment from a ledger, ready to store. Credits are negative pence."""

    paid_on: str
    supplier: str
    supplier_key: str
    amount: int
    department: str | None
    postcode: str | None
    region: str | None
    reference: str | None
    fingerprint: str


@dataclass(frozen=True, slots=True)
class SupplierMatch:
    """How one ledger supplier (by normalised name) matches the register's suppliers."""

    supplier_key: str
    supplier: str
    contract_supplier: str | None
    status: str
    score: float | None
    region: str | None
    collaborative: int


@dataclass(frozen=True, slots=True)
class RegisterSupplier:
    """A supplier name as the register spells it, with where and how it is contracted."""

    name: str
    regions: tuple[str | None, ...]  # one per contract
    collaborative: int  # how many of those contracts are collaborative


@dataclass(frozen=True, slots=True)
class SpendImport:
    """What storing a ledger did."""

    import_id: int | None
    added: int
    already_there: int
    total: int  # pence of the payments added


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """A ledger supplier on the review list, with the spend that hangs on the answer."""

    number: int
    supplier_key: str
    supplier: str
    contract_supplier: str | None
    status: str
    score: float | None
    spend: int
    payments: int


# ---------------------------------------------------------------- readers


def register_suppliers(db: Database) -> list[RegisterSupplier]:
    """Every supplier name on the register, with the region of each of its contracts and
    how many of them are collaborative."""
    found: dict[str, tuple[list[str | None], int]] = {}
    for name, locality, collaborative, count in db.conn.execute(
        "SELECT supplier, locality, coalesce(sum(collaborative = 1), 0), count(*) FROM contracts "
        "WHERE supplier IS NOT NULL AND trim(supplier) != '' GROUP BY supplier, locality"
    ):
        regions, collab = found.setdefault(name, ([], 0))
        regions.extend([region_of_locality(locality)] * int(count))
        found[name] = (regions, collab + int(collaborative))
    return [RegisterSupplier(n, tuple(r), c) for n, (r, c) in sorted(found.items())]


def load_matches(db: Database) -> dict[str, SupplierMatch]:
    """Every stored supplier match, by normalised ledger name."""
    columns = ", ".join(f.name for f in fields(SupplierMatch))
    return {
        row[0]: SupplierMatch(*row)
        for row in db.conn.execute(f"SELECT {columns} FROM supplier_matches")
    }


def known_fingerprints(db: Database, fingerprints: Iterable[str]) -> set[str]:
    """Those of `fingerprints` already stored (payments imported before)."""
    wanted = list(fingerprints)
    known: set[str] = set()
    for start in range(0, len(wanted), 900):  # below SQLite's bound-parameter limit
        chunk = wanted[start : start + 900]
        marks = ", ".join("?" * len(chunk))
        known.update(
            r[0]
            for r in db.conn.execute(
                f"SELECT fingerprint FROM spend_lines WHERE fingerprint IN ({marks})", chunk
            )
        )
    return known


_REVIEW_SQL = (
    "SELECT m.supplier_key, m.supplier, m.contract_supplier, m.status, m.score, "
    "coalesce(sum(s.amount), 0), count(s.id) FROM supplier_matches m "
    "LEFT JOIN spend_lines s ON s.supplier_key = m.supplier_key "
    "WHERE m.status IN ({statuses}) GROUP BY m.supplier_key "
    "ORDER BY coalesce(sum(s.amount), 0) DESC, m.supplier_key"
)


def review_list(db: Database, statuses: Sequence[str] = ("uncertain",)) -> list[ReviewItem]:
    """Ledger suppliers whose match a person should look at, most spend first, numbered."""
    for status in statuses:
        if status not in REVIEW_STATUSES:
            raise ValidationError(f"'{status}' is not a match status")
    sql = _REVIEW_SQL.format(statuses=", ".join("?" * len(statuses)))
    return [
        ReviewItem(number, *row)
        for number, row in enumerate(db.conn.execute(sql, tuple(statuses)), start=1)
    ]


_COUNTED = quoted(COUNTED)
# A payment's own postcode or locality says where the supplier is; failing that, the
# register's locality for the matched supplier does. Two queries, added together: every
# payment of the year by its own region, read from the payments index alone; then the
# payments of each counted supplier match, found through the index by supplier and date,
# for what only the match can say (covered, collaborative, the region a line lacks). One
# query joining every payment to its match costs twice as much at national scale.
SPEND_TOTALS_SQL = f"""
    SELECT count(*) AS spend_lines, coalesce(sum(amount), 0) AS spend,
      coalesce(sum(CASE WHEN region = '{LANCASHIRE}' THEN amount END), 0) AS spend_lancashire,
      coalesce(sum(CASE WHEN region IN ('{LANCASHIRE}', '{NORTH_WEST}') THEN amount END), 0)
        AS spend_north_west
    FROM spend_lines WHERE paid_on BETWEEN :year_start AND :year_end"""
SPEND_MATCHED_SQL = f"""
    SELECT coalesce(sum(s.amount), 0) AS spend_covered,
      coalesce(sum(CASE WHEN s.region IS NULL AND m.region = '{LANCASHIRE}' THEN s.amount END),
        0) AS spend_lancashire,
      coalesce(sum(CASE WHEN s.region IS NULL AND m.region IN ('{LANCASHIRE}', '{NORTH_WEST}')
        THEN s.amount END), 0) AS spend_north_west,
      coalesce(sum(CASE WHEN m.collaborative = 1 THEN s.amount END), 0) AS spend_collaborative
    FROM supplier_matches m CROSS JOIN spend_lines s
      ON s.supplier_key = m.supplier_key AND s.paid_on BETWEEN :year_start AND :year_end
    WHERE m.status IN ({_COUNTED})"""
OFF_CONTRACT_SQL = f"""
    SELECT min(s.supplier), sum(s.amount), count(*)
    FROM spend_lines s LEFT JOIN supplier_matches m ON m.supplier_key = s.supplier_key
    WHERE s.paid_on BETWEEN :year_start AND :year_end
      AND coalesce(m.status, 'unmatched') NOT IN ({_COUNTED})
    GROUP BY s.supplier_key HAVING sum(s.amount) > 0
    ORDER BY sum(s.amount) DESC, s.supplier_key LIMIT :limit"""


def spend_totals(db: Database, year: FinancialYear) -> dict[str, int]:
    """The year's spend sums the KPIs need, in pence: all, covered by contracts, to
    Lancashire and North West suppliers, and through collaborative contracts."""
    totals: dict[str, int] = {}
    for sql in (SPEND_TOTALS_SQL, SPEND_MATCHED_SQL):
        cursor = db.conn.execute(sql, year_parameters(year))
        row = cursor.fetchone()
        for column, value in zip(cursor.description, row, strict=True):
            totals[column[0]] = totals.get(column[0], 0) + int(value)
    return totals


def off_contract_suppliers(
    db: Database, year: FinancialYear, limit: int = 25
) -> list[tuple[str, int, int]]:
    """Suppliers paid in the year with no (confirmed) contract: name, pence, payments;
    the biggest first. Candidates for a new contract."""
    params = {**year_parameters(year), "limit": limit}
    return [
        (str(name), int(total), int(count))
        for name, total, count in db.conn.execute(OFF_CONTRACT_SQL, params)
    ]


# ---------------------------------------------------------------- writers


@writes
def save_spend(
    db: Database,
    source: str,
    lines: Sequence[SpendLine],
    matches: Iterable[SupplierMatch],
    *,
    imported_on: date,
    who: str,
) -> SpendImport:
    """Store a ledger's payments (those not already stored) and the supplier matches, as
    one audited, undoable import."""
    known = known_fingerprints(db, (line.fingerprint for line in lines))
    new = [line for line in lines if line.fingerprint not in known]
    total = sum(line.amount for line in new)
    with change(db, who, f"Imported spend from {source}", kind=ChangeKind.IMPORT) as log:
        import_id = None
        if new:
            values = {"source": source, "imported_on": imported_on.isoformat(),
                      "lines": len(new), "total": total}  # fmt: skip
            import_id = log.insert(Entity.SPEND_IMPORT, "spend_imports", values)
            _insert_lines(db, log, import_id, new)
        _save_matches(db, log, matches)
    return SpendImport(import_id, len(new), len(lines) - len(new), total)


def _insert_lines(db: Database, log: AuditLog, import_id: int, lines: Sequence[SpendLine]) -> None:
    first = last_id(db, "spend_lines")
    columns = ("id", "import_id", *(f.name for f in fields(SpendLine)))
    rows = [(first + n, import_id, *astuple(line)) for n, line in enumerate(lines, start=1)]
    db.conn.executemany(
        f"INSERT INTO spend_lines ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        rows,
    )
    for row in rows:
        log.log(
            Action.INSERT,
            Entity.SPEND_LINE,
            row[0],
            "*",
            None,
            dict(zip(columns, row, strict=True)),
        )


def _save_matches(db: Database, log: AuditLog, matches: Iterable[SupplierMatch]) -> None:
    stored = load_matches(db)
    names = [f.name for f in fields(SupplierMatch)]
    for match in matches:
        old = stored.get(match.supplier_key)
        if old is None:
            db.conn.execute(
                f"INSERT INTO supplier_matches ({', '.join(names)}) "
                f"VALUES ({', '.join('?' * len(names))})",
                astuple(match),
            )
            log.log(Action.INSERT, Entity.SUPPLIER_MATCH, match.supplier_key, "*", None,
                    dict(zip(names, astuple(match), strict=True)))  # fmt: skip
            continue
        _update_match(db, log, old, match)


def _update_match(db: Database, log: AuditLog, old: SupplierMatch, new: SupplierMatch) -> None:
    for name in ("contract_supplier", "status", "score", "region", "collaborative"):
        before: Any = getattr(old, name)
        after: Any = getattr(new, name)
        if before != after:
            db.conn.execute(
                f"UPDATE supplier_matches SET {name} = ? WHERE supplier_key = ?",
                (after, old.supplier_key),
            )
            log.log(Action.UPDATE, Entity.SUPPLIER_MATCH, old.supplier_key, name, before, after)


@writes
def decide_match(db: Database, supplier_key: str, status: str, who: str) -> SupplierMatch:
    """A person's answer on the review list: 'confirmed' (the spend is on contract) or
    'rejected' (it is not)."""
    if status not in ("confirmed", "rejected"):
        raise ValidationError("a match can only be confirmed or rejected")
    old = load_matches(db).get(supplier_key)
    if old is None:
        raise NotFoundError(f"there is no ledger supplier '{supplier_key}' to review")
    if status == "confirmed" and old.contract_supplier is None:
        raise ValidationError(
            f"{old.supplier} has no register supplier to confirm it as; it stays off-contract"
        )
    verb = "Confirmed" if status == "confirmed" else "Rejected"
    target = f" as {old.contract_supplier}" if old.contract_supplier else ""
    with change(db, who, f"{verb} supplier match: {old.supplier}{target}") as log:
        new = SupplierMatch(old.supplier_key, old.supplier, old.contract_supplier, status,
                            old.score, old.region, old.collaborative)  # fmt: skip
        _update_match(db, log, old, new)
    return new
