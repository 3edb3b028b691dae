"""The days by which extension options must be decided, for the dashboard and the calendar
(docs/rules.md, "Extension options")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from planner.domain.codes import Decision
from planner.domain.options import Option, contract_options, next_option
from planner.store.db import Database
from planner.store.rules import load_rules
from planner.store.sql import OPEN_STATUS

# The milestone-like stage code an option decision goes by in the calendar export.
OPTION_STAGE = "option-decision"


@dataclass(frozen=True, slots=True)
class OptionDue:
    """An open contract's next extension option, to be decided by `option.decide_by`."""

    contract_id: int
    ref: str
    department: str
    title: str | None
    officer: str | None
    route: str | None
    option: Option

    @property
    def what(self) -> str:
        """'Decide extension option 1 (12 months)'."""
        months = self.option.months
        return f"Decide extension option {self.option.number} ({months} months)"


def option_decisions(db: Database, start: date, end: date) -> list[OptionDue]:
    """Open contracts whose next extension option must be decided from `start` to `end`,
    soonest first. A contract already decided 'extend' has taken its option up."""
    days = load_rules(db).option_decision_days
    rows = db.conn.execute(
        "SELECT id, ref, department, title, officer, route, extension_options, "
        "options_exercised, end_date, notice_period FROM contracts "
        f"WHERE {OPEN_STATUS} AND extension_options IS NOT NULL AND extension_options != '' "
        "AND end_date IS NOT NULL AND coalesce(decision, '') != ?",
        (Decision.EXTEND.value,),
    ).fetchall()
    found: list[OptionDue] = []
    for cid, ref, dept, title, officer, route, held, used, ends, period in rows:
        chosen = next_option(contract_options(held, used, date.fromisoformat(ends), period, days))
        if chosen is not None and chosen.decide_by and start <= chosen.decide_by <= end:
            found.append(OptionDue(cid, ref, dept, title, officer, route, chosen))
    found.sort(key=lambda o: (o.option.decide_by, o.department, o.ref))
    return found
