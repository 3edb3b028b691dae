"""The strategy's KPI baselines and yearly targets, a manager's to edit; every edit is
audited and undoable (docs/rules.md, "KPI targets")."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from planner.domain.codes import Action, Entity
from planner.domain.kpis import FinancialYear, kpi_measures, parse_kpi_value
from planner.errors import NotFoundError
from planner.store.audit import change
from planner.store.db import Database, writes
from planner.store.history import register_entity

register_entity(Entity.KPI_TARGET, "kpi_targets", "id")
register_entity(Entity.KPI_BASELINE, "kpi_baselines", "key")


def _number(text: str) -> int | Decimal:
    number = Decimal(text)
    return int(number) if number == number.to_integral_value() else number


def kpi_targets(db: Database, year: FinancialYear) -> dict[str, int | Decimal]:
    """The targets set for `year`, by KPI key."""
    return {
        key: _number(value)
        for key, value in db.conn.execute(
            "SELECT key, value FROM kpi_targets WHERE year = ?", (year.first,)
        )
    }


def target_years(db: Database) -> list[FinancialYear]:
    """Every financial year with a target set, oldest first."""
    rows = db.conn.execute("SELECT DISTINCT year FROM kpi_targets ORDER BY year")
    return [FinancialYear(int(first)) for (first,) in rows]


@writes
def set_kpi_target(
    db: Database, key: str, year: FinancialYear, value: str | None, who: str
) -> int | Decimal | None:
    """Set (or with None remove) the target of one KPI for one year; returns it as held."""
    parsed = None if value is None else parse_kpi_value(key, value)
    name = kpi_measures().get(key, (key, ""))[0]
    row = db.conn.execute(
        "SELECT id, value FROM kpi_targets WHERE key = ? AND year = ?", (key, year.first)
    ).fetchone()
    if parsed is None:
        if row is None:
            raise NotFoundError(f"there is no {year.label} target for {key} to remove")
        with change(db, who, f"Target for {name} in {year.label} removed") as log:
            db.conn.execute("DELETE FROM kpi_targets WHERE id = ?", (row[0],))
            old = {"id": row[0], "key": key, "year": year.first, "value": row[1]}
            log.log(Action.DELETE, Entity.KPI_TARGET, row[0], "*", old, None)
        return None
    text = str(parsed)
    if row is not None and row[1] == text:
        return parsed  # already so: nothing to record
    with change(db, who, f"Target for {name} in {year.label} set to {text}") as log:
        if row is None:
            log.insert(Entity.KPI_TARGET, "kpi_targets",
                       {"key": key, "year": year.first, "value": text})  # fmt: skip
        else:
            db.conn.execute("UPDATE kpi_targets SET value = ? WHERE id = ?", (text, row[0]))
            log.log(Action.UPDATE, Entity.KPI_TARGET, row[0], "value", row[1], text)
    return parsed


@writes
def set_kpi_baseline(db: Database, key: str, value: str, who: str) -> int | Decimal:
    """Change the strategy baseline of one KPI (its date and source stay); returns it."""
    parsed = parse_kpi_value(key, value)
    text = str(parsed)
    row = db.conn.execute("SELECT value FROM kpi_baselines WHERE key = ?", (key,)).fetchone()
    name = kpi_measures()[key][0]
    if row is not None and row[0] == text:
        return parsed  # already so: nothing to record
    with change(db, who, f"Baseline for {name} set to {text}") as log:
        if row is None:
            log.insert(Entity.KPI_BASELINE, "kpi_baselines",
                       {"key": key, "value": text, "as_at": "2023-03-31",
                        "source": "set by hand (planner kpi baseline)"})  # fmt: skip
        else:
            db.conn.execute("UPDATE kpi_baselines SET value = ? WHERE key = ?", (text, key))
            log.log(Action.UPDATE, Entity.KPI_BASELINE, key, "value", row[0], text)
    return parsed


def years_held(db: Database, year: FinancialYear) -> list[FinancialYear]:
    """The financial years the database holds figures or targets for, up to `year`
    (always including it), oldest first: the years a KPI's trend is shown over."""
    firsts: set[int] = {year.first}
    for (text,) in db.conn.execute("SELECT DISTINCT year FROM benefits"):
        firsts.add(FinancialYear.parse(text).first)
    for sql in ("SELECT min(claimed_on), max(claimed_on) FROM claims",
                "SELECT min(paid_on), max(paid_on) FROM spend_lines"):  # fmt: skip
        low, high = db.conn.execute(sql).fetchone()
        if low and high:
            span = (FinancialYear.containing(from_iso_day(low)),
                    FinancialYear.containing(from_iso_day(high)))  # fmt: skip
            firsts.update(range(span[0].first, span[1].first + 1))
    firsts.update(y.first for y in target_years(db))
    return [FinancialYear(first) for first in sorted(firsts) if first <= year.first]


def from_iso_day(text: str) -> date:
    """An ISO date (the date part of a stored day)."""
    return date.fromisoformat(text[:10])
