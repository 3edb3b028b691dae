"""Adding several departments in one audited change (the demo's set-up)."""

from __future__ import annotations

from collections.abc import Iterable

from planner.domain.codes import Action, Entity
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
