"""Write a generated programme into a database."""

from __future__ import annotations

from planner.demo.generator import DEMO_DEPARTMENTS, DemoSpec, generate_contracts
from planner.domain.contract import REGISTER_COLUMNS
from planner.store.contracts import UpsertCounts, list_departments, upsert_contracts
from planner.store.db import Database, transaction

_SUPPLIED = frozenset(REGISTER_COLUMNS)


def build_demo_register(db: Database, spec: DemoSpec, who: str = "demo") -> UpsertCounts:
    """Add the demo departments and contracts (idempotent for the same spec)."""
    known = {name.lower() for name in list_departments(db)}
    with transaction(db):
        for name in DEMO_DEPARTMENTS:
            if name.lower() not in known:
                db.conn.execute("INSERT INTO departments (name, centralise) VALUES (?, 1)", (name,))
    return upsert_contracts(
        db,
        ((c, _SUPPLIED) for c in generate_contracts(spec)),
        who=who,
        summary=f"Demo programme (seed {spec.seed}, {spec.contracts:,} contracts)",
    )
