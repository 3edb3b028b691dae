"""Benefits (savings, cost avoidance, service and social value) and supplier claims, recorded
against contracts. Readers first, then writers; every writer is audited and undoable."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from planner.domain.codes import Action, Entity
from planner.domain.dates import from_iso
from planner.domain.kpis import BENEFIT_TYPES, FinancialYear
from planner.domain.plausible import check_benefit_year, check_recorded_date
from planner.errors import NotFoundError, ValidationError
from planner.store.audit import change
from planner.store.db import Database, writes
from planner.store.history import register_dependent, register_entity

register_entity(Entity.BENEFIT, "benefits", "id")
register_entity(Entity.CLAIM, "claims", "id")
# Undoing the import that brought a contract in takes its benefits and claims with it.
register_dependent(Entity.CONTRACT, "benefits", "contract_id")
register_dependent(Entity.CONTRACT, "claims", "contract_id")

MAX_DESCRIPTION = 2_000


@dataclass(frozen=True, slots=True)
class Benefit:
    """A benefit recorded against a contract, counted in one financial year."""

    id: int
    contract_id: int
    ref: str
    department: str
    kind: str
    amount: int
    year: str
    description: str
    recorded_on: date


@dataclass(frozen=True, slots=True)
class Claim:
    """A claim a supplier made under a contract, on a day."""

    id: int
    contract_id: int
    ref: str
    department: str
    amount: int
    claimed_on: date
    description: str


# ---------------------------------------------------------------- readers

_BENEFITS = (
    "SELECT b.id, b.contract_id, c.ref, c.department, b.kind, b.amount, b.year, b.description, "
    "b.recorded_on FROM benefits b JOIN contracts c ON c.id = b.contract_id"
)
_CLAIMS = (
    "SELECT k.id, k.contract_id, c.ref, c.department, k.amount, k.claimed_on, k.description "
    "FROM claims k JOIN contracts c ON c.id = k.contract_id"
)


def _benefit(row: tuple[Any, ...]) -> Benefit:
    return Benefit(
        id=row[0], contract_id=row[1], ref=row[2], department=row[3], kind=row[4],
        amount=row[5], year=row[6], description=row[7], recorded_on=date.fromisoformat(row[8]),
    )  # fmt: skip


def _claim(row: tuple[Any, ...]) -> Claim:
    return Claim(
        id=row[0], contract_id=row[1], ref=row[2], department=row[3], amount=row[4],
        claimed_on=date.fromisoformat(row[5]), description=row[6],
    )  # fmt: skip


def list_benefits(
    db: Database, *, contract_id: int | None = None, year: FinancialYear | None = None
) -> list[Benefit]:
    """Benefits of one contract and/or one year, oldest first."""
    clauses: list[str] = ["1"]
    params: list[object] = []
    if contract_id is not None:
        clauses.append("b.contract_id = ?")
        params.append(contract_id)
    if year is not None:
        clauses.append("b.year = ?")
        params.append(year.label)
    rows = db.conn.execute(
        f"{_BENEFITS} WHERE {' AND '.join(clauses)} ORDER BY b.year, b.id", params
    )
    return [_benefit(row) for row in rows]


def list_claims(
    db: Database, *, contract_id: int | None = None, year: FinancialYear | None = None
) -> list[Claim]:
    """Claims on one contract and/or dated in one year, oldest first."""
    clauses: list[str] = ["1"]
    params: list[object] = []
    if contract_id is not None:
        clauses.append("k.contract_id = ?")
        params.append(contract_id)
    if year is not None:
        clauses.append("k.claimed_on BETWEEN ? AND ?")
        params += [year.start.isoformat(), year.end.isoformat()]
    rows = db.conn.execute(
        f"{_CLAIMS} WHERE {' AND '.join(clauses)} ORDER BY k.claimed_on, k.id", params
    )
    return [_claim(row) for row in rows]


BENEFIT_TOTALS_SQL = (
    "SELECT kind, sum(amount), count(*) FROM benefits WHERE year = :year GROUP BY kind"
)
CLAIM_TOTALS_SQL = (
    "SELECT coalesce(sum(amount), 0), count(*) FROM claims "
    "WHERE claimed_on BETWEEN :year_start AND :year_end"
)


def year_parameters(year: FinancialYear) -> dict[str, str]:
    """The named parameters of a financial year's queries."""
    return {"year": year.label, "year_start": year.start.isoformat(),
            "year_end": year.end.isoformat()}  # fmt: skip


def benefit_totals(db: Database, year: FinancialYear) -> tuple[dict[str, int], int]:
    """Pence by benefit kind for the year, and how many benefit records there are."""
    totals = {kind: 0 for kind in BENEFIT_TYPES}
    records = 0
    for kind, amount, count in db.conn.execute(BENEFIT_TOTALS_SQL, year_parameters(year)):
        totals[kind] = int(amount)
        records += int(count)
    return totals, records


def claim_totals(db: Database, year: FinancialYear) -> tuple[int, int]:
    """Pence claimed by suppliers in the year, and how many claims."""
    amount, count = db.conn.execute(CLAIM_TOTALS_SQL, year_parameters(year)).fetchone()
    return int(amount), int(count)


# ---------------------------------------------------------------- writers


def _description(text: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise ValidationError("say what it was (a short description is required)")
    if len(cleaned) > MAX_DESCRIPTION:
        raise ValidationError(
            f"the description is {len(cleaned):,} characters; the limit is {MAX_DESCRIPTION:,}"
        )
    return cleaned


def _amount(pence: int | None) -> int:
    if pence is None or pence <= 0:
        raise ValidationError("the amount must be more than £0")
    return pence


def _contract_label(db: Database, contract_id: int) -> str:
    row = db.conn.execute(
        "SELECT ref, department FROM contracts WHERE id = ?", (contract_id,)
    ).fetchone()
    if row is None:
        raise NotFoundError(f"there is no contract with id {contract_id}")
    return f"{row[0]} ({row[1]})"


def benefit_kind(text: str) -> str:
    """The stored kind for 'saving', 'Cost avoidance', 'service value', 'social-value'."""
    key = "-".join(text.strip().lower().replace("_", " ").split())
    key = {"savings": "saving"}.get(key, key)
    if key not in BENEFIT_TYPES:
        raise ValidationError(f"'{text}' is not a benefit type (use {', '.join(BENEFIT_TYPES)})")
    return key


@writes
def add_benefit(
    db: Database,
    contract_id: int,
    *,
    kind: str,
    amount: int | None,
    year: FinancialYear,
    description: str,
    recorded_on: date,
    who: str,
) -> Benefit:
    """Record a benefit against a contract, counted in `year` (within ten financial years of
    the one `recorded_on`, today, falls in)."""
    kind = benefit_kind(kind)
    pence = _amount(amount)
    what = _description(description)
    check_benefit_year(year, recorded_on)
    label = _contract_label(db, contract_id)
    summary = f"Recorded {BENEFIT_TYPES[kind].lower()} for {label}"
    with change(db, who, summary) as log:
        values = {
            "contract_id": contract_id, "kind": kind, "amount": pence, "year": year.label,
            "description": what, "recorded_on": recorded_on.isoformat(),
        }  # fmt: skip
        new_id = log.insert(Entity.BENEFIT, "benefits", values)
    return get_benefit(db, new_id)


def get_benefit(db: Database, benefit_id: int) -> Benefit:
    """One benefit by its id."""
    row = db.conn.execute(f"{_BENEFITS} WHERE b.id = ?", (benefit_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"there is no benefit with id {benefit_id}")
    return _benefit(row)


CLAIM_ONCE = "record a claim once it is made"  # how a claim dated after today is refused


@writes
def add_claim(
    db: Database,
    contract_id: int,
    *,
    amount: int | None,
    claimed_on: date,
    description: str,
    who: str,
    today: date | None = None,
) -> Claim:
    """Record a supplier's claim under a contract.

    `claimed_on` may not be more than a year before the contract started; given `today`, it
    may not be after today nor (for a contract with no start date) more than ten years before.
    """
    pence = _amount(amount)
    what = _description(description)
    label = _contract_label(db, contract_id)
    ref, start = db.conn.execute(
        "SELECT ref, start_date FROM contracts WHERE id = ?", (contract_id,)
    ).fetchone()
    check_recorded_date(
        claimed_on,
        ref=ref,
        start=from_iso(start),
        today=today,
        once=CLAIM_ONCE,
    )
    with change(db, who, f"Recorded a supplier claim on {label}") as log:
        values = {
            "contract_id": contract_id, "amount": pence,
            "claimed_on": claimed_on.isoformat(), "description": what,
        }  # fmt: skip
        new_id = log.insert(Entity.CLAIM, "claims", values)
    return get_claim(db, new_id)


def get_claim(db: Database, claim_id: int) -> Claim:
    """One claim by its id."""
    row = db.conn.execute(f"{_CLAIMS} WHERE k.id = ?", (claim_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"there is no claim with id {claim_id}")
    return _claim(row)


def _delete(db: Database, entity: str, table: str, row_id: int, who: str) -> None:
    cursor = db.conn.execute(
        f"SELECT t.*, c.ref, c.department FROM {table} t JOIN contracts c "
        "ON c.id = t.contract_id WHERE t.id = ?",
        (row_id,),
    )
    columns = [d[0] for d in cursor.description][:-2]
    row = cursor.fetchone()
    if row is None:
        raise NotFoundError(f"there is no {entity} with id {row_id}")
    summary = f"Removed a {entity} from {row[-2]} ({row[-1]})"
    with change(db, who, summary) as log:
        db.conn.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,))
        log.log(Action.DELETE, entity, row_id, "*", dict(zip(columns, row[:-2], strict=True)), None)


@writes
def delete_benefit(db: Database, benefit_id: int, who: str) -> None:
    """Remove a benefit recorded in error (undo brings it back)."""
    _delete(db, "benefit", "benefits", benefit_id, who)


@writes
def delete_claim(db: Database, claim_id: int, who: str) -> None:
    """Remove a supplier claim recorded in error (undo brings it back)."""
    _delete(db, "claim", "claims", claim_id, who)
