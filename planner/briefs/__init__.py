"""Briefs: a plain context built from the store, rendered through Markdown templates.

Two phases (docs/architecture.md): `build_context` returns plain data (dicts, lists, numbers,
dates) read with SQL aggregates; `render_brief` passes it to a template that holds no
logic beyond loops and conditionals.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from planner.domain.kpis import FinancialYear
from planner.errors import ValidationError
from planner.store.audit_verify import current_seal
from planner.store.contracts import resolve_department
from planner.store.db import Database
from planner.store.triage import read_snapshot

BRIEFS: dict[str, str] = {
    "programme": "Programme board status brief",
    "department": "Brief for one department",
    "kpi": "Strategy KPIs for a financial year",
    "plan": "Contracts plan to publish (procurements starting in the next 18 months)",
}


@dataclass(frozen=True, slots=True)
class BriefRequest:
    """Which brief, for which day, department and year.

    `name` is a brief (programme, department, kpi, plan) or a variant of one written
    `<brief>-<anything>` ("programme-pcc"): a variant has its own template,
    `<name>.md.j2` in the user's folder, and the data of the brief it is named after.
    """

    name: str
    today: date
    department: str | None = None
    year: FinancialYear | None = None

    @property
    def kind(self) -> str:
        """The brief whose data this one shows."""
        kind = self.name.split("-", 1)[0]
        if kind not in BRIEFS:
            raise ValidationError(
                f"there is no brief called '{self.name}' (choose from {', '.join(BRIEFS)}, or "
                "name your own template after one of them, such as programme-pcc)"
            )
        return kind


# The brief contexts and the Jinja environment are imported where a brief is built, not at
# the top: the UI imports this package as it starts (the Briefs screen), and the contexts
# (~150 ms of CPU) and jinja2 (~65 ms) would slow every start (python -X importtime).


def build_context(db: Database, request: BriefRequest) -> dict[str, Any]:
    """The plain data one brief shows, with the audit seal of the data it was read from
    (every brief's footer prints it: `planner audit verify --seal` checks it later)."""
    with read_snapshot(db):  # the seal is of the very data the brief shows
        return {**_brief_context(db, request), "seal": str(current_seal(db))}


def _brief_context(db: Database, request: BriefRequest) -> dict[str, Any]:
    kind = request.kind
    if kind == "kpi":
        from planner.briefs.kpi import kpi_context

        return kpi_context(db, request.today, request.year)
    if kind == "plan":
        from planner.briefs.plan import plan_context

        return plan_context(db, request.today)
    if kind == "department":
        if not request.department:
            raise ValidationError("the department brief needs --department")
        from planner.briefs.department import department_context

        return department_context(db, request.today, resolve_department(db, request.department))
    from planner.briefs.programme import programme_context

    return programme_context(db, request.today)


def render_brief(db: Database, request: BriefRequest, templates: str | Path | None = None) -> str:
    """The brief as Markdown, using the user's template folder first if there is one."""
    from planner.briefs.environment import make_environment, render_template

    return render_template(make_environment(templates), request.name, build_context(db, request))
