"""Adding several departments in one audited change (the demo's set-up), and each
department's default for whether its register's values include VAT."""

from __future__ import annotations

from collections.abc import Iterable

from planner.domain.codes import Action, Entity
from planner.errors import ValidationError
from planner.store.audit import change
from planner.store.db import Database, writes


@writes
def add_missing_departments(
    db: Database, names: Iterable[str], who: str, summary: str, *, centralise: bool = True
) -> list[str]:
    """Add whichever of `names` the database lacks (compared in any case), as one change
    summarised `summary`; returns the names added (none added leaves no change)."""
    known = {str(r[0]).lower() for r in db.conn.execute("SELECT name FROM departments")}
    added: list[str] = []
    with change(db, who, summary) as log:
        for name in names:
            if name.lower() in known:
                continue
            db.conn.execute(
                "INSERT INTO departments (name, centralise) VALUES (?, ?)", (name, int(centralise))
            )
            log.log(
                Action.INSERT, Entity.DEPARTMENT, name, "*", None,
                {"name": name, "centralise": centralise},
            )  # fmt: skip
            known.add(name.lower())
            added.append(name)
    return added


def vat_defaults(db: Database) -> dict[str, bool | None]:
    """Each department's default for whether its contracts' values include VAT (None:
    not known, read as excluding VAT)."""
    return {
        str(name): None if flag is None else bool(flag)
        for name, flag in db.conn.execute("SELECT name, values_include_vat FROM departments")
    }


@writes
def set_department_vat(db: Database, name: str, includes_vat: bool | None, who: str) -> bool:
    """Set a department's VAT default, as one audited change; False if it was already so."""
    row = db.conn.execute(
        "SELECT values_include_vat FROM departments WHERE name = ?", (name,)
    ).fetchone()
    if row is None:
        raise ValidationError(f"'{name}' is not a department; add it with planner department add")
    old = None if row[0] is None else bool(row[0])
    if old == includes_vat:
        return False
    words = {True: "include VAT", False: "exclude VAT", None: "not known"}[includes_vat]
    with change(db, who, f"Department {name}: values {words} by default") as log:
        db.conn.execute(
            "UPDATE departments SET values_include_vat = ? WHERE name = ?",
            (None if includes_vat is None else int(includes_vat), name),
        )
        log.log(Action.UPDATE, Entity.DEPARTMENT, name, "values_include_vat", old, includes_vat)
    return True
