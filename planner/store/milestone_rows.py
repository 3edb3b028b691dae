"""How milestones are stored (schema/0019_compact_milestones.sql): the table
`milestone_rows` holds each date as a whole day number (days since 1970-01-01) and each
stage as its `stages.id`; the view `milestones` shows them as ISO text and stage codes.

Every conversion between the two forms is here, so the store's edges convert one way.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from planner.errors import PlannerError
from planner.store.db import Database
from planner.store.sql import quoted

TABLE = "milestone_rows"
"""The table the milestones are written to (`milestones` is a read-only view of it)."""

# date(1970, 1, 1).toordinal(): day number 0.
_EPOCH = 719_163


def day_number(day: date) -> int:
    """The stored form of a date: whole days since 1970-01-01."""
    return day.toordinal() - _EPOCH


def day_of(number: int) -> date:
    """The date a stored day number stands for."""
    return date.fromordinal(number + _EPOCH)


# A milestone's stage `s` joined to its row `m`, its code, and its name. A stage id no stage
# has (only an edit by hand can store one) is shown as itself, never left out: the view
# shows it the same way, so `planner audit verify` names it.
STAGE_JOIN = "LEFT JOIN stages s ON s.id = m.stage"
STAGE_CODE = "coalesce(s.code, m.stage)"
STAGE_NAME = "coalesce(s.name, m.stage)"


def stage_ids_sql(*codes: str) -> str:
    """SQL of the stored ids of these stage codes, for `m.stage IN (...)`: a stored stage
    is its `stages.id`, never its code."""
    return f"(SELECT id FROM stages WHERE code IN ({quoted(codes)}))"


def iso_sql(column: str) -> str:
    """SQL giving the ISO text of the day number in `column` (NULL stays NULL), as the
    view `milestones` shows it."""
    return f"date({column} * 86400, 'unixepoch')"


def day_sql(text: str) -> str:
    """SQL giving the day number of the ISO date `text` (a parameter such as `:today`), to
    compare with a stored day in the table's own indexes. It is a whole number held as a
    REAL (julianday of a date is exactly n + 0.5), compared exactly with the stored
    integers. No CAST: an operand with INTEGER affinity keeps SQLite from comparing it
    with the index milestones_first_due, whose expression has none (the dashboard's overdue
    list then scanned every planned milestone)."""
    return f"(julianday({text}) - 2440587.5)"


class DayNumbers(dict[date | None, int | None]):
    """The day number of each date (None for None), worked out once per date: a plan of
    50,000 reviews names the same few thousand days two million times."""

    def __missing__(self, day: date | None) -> int | None:
        number = self[day] = None if day is None else day_number(day)
        return number


class DayDates(dict[int | None, date | None]):
    """The date of each stored day number (None for None), worked out once per day."""

    def __missing__(self, number: int | None) -> date | None:
        day = self[number] = None if number is None else day_of(number)
        return day


class Days(dict[int, date]):
    """The date of each stored day number, worked out once per day."""

    def __missing__(self, number: int) -> date:
        day = self[number] = day_of(number)
        return day


class DayTexts(dict[int | None, str | None]):
    """The ISO text of each stored day number (None for None), as the audit trail and the
    view `milestones` give it, worked out once per day."""

    def __missing__(self, number: int | None) -> str | None:
        text = self[number] = None if number is None else day_of(number).isoformat()
        return text


def stage_ids(db: Database) -> dict[str, int]:
    """Each stage code's stored id."""
    return {code: int(number) for code, number in db.conn.execute("SELECT code, id FROM stages")}


def stage_codes(db: Database) -> dict[int, str]:
    """Each stored stage id's code."""
    return {int(number): code for code, number in db.conn.execute("SELECT code, id FROM stages")}


def stage_id(db: Database, code: str) -> int:
    """The stored id of one stage code (a code no stage has is refused, as the table's
    foreign key would)."""
    found = db.conn.execute("SELECT id FROM stages WHERE code = ?", (code,)).fetchone()
    if found is None:
        raise PlannerError(f"'{code}' is not a stage (the audit trail was edited by hand?)")
    return int(found[0])


DATE_COLUMNS = frozenset({"starts", "planned", "latest", "baseline", "actual"})
"""The milestone columns stored as day numbers."""


def stored_value(db: Database, column: str, value: Any) -> Any:
    """The value `milestone_rows` stores for a milestone column's value as the audit trail
    and the view give it (an ISO date, a stage code); undo writes rows back through this.
    Text that is not exactly an ISO date, or a code no stage has, is refused."""
    if value is None:
        return None
    if column == "stage":
        return stage_id(db, value)
    if column in DATE_COLUMNS:
        try:
            day = date.fromisoformat(value)
        except (TypeError, ValueError):
            day = None
        if day is None or day.isoformat() != value:  # it also takes '20261125' and weeks
            raise PlannerError(
                f"'{value}' is not a date (YYYY-MM-DD) for a milestone's {column}: the audit "
                "trail was edited by hand (run planner audit verify)"
            )
        return day_number(day)
    return value
