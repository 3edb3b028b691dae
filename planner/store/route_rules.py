"""Editing the rules held as data: routes, stage templates, thresholds, tender periods,
decision-to-route mapping and settings. Every edit is audited and can be undone."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from planner.domain.calendar import TEAM_CALENDARS
from planner.domain.codes import Action, Entity
from planner.domain.publishing import check_ocid_prefix
from planner.domain.statutory import check_stage_days, check_stage_removal, check_tender_period
from planner.errors import NotFoundError, ValidationError
from planner.store.audit import change
from planner.store.db import Database, writes
from planner.store.history import register_entity

# Longest stage, tender period or risk margin in days: longer ones (an open procedure
# takes about 200 working days) are typing mistakes, and far longer ones overflow dates.
MAX_DAYS = 1000

register_entity(Entity.ROUTE, "routes", "code")
register_entity(Entity.ROUTE_STAGE, "route_stages", "rowid")
register_entity(Entity.THRESHOLD, "thresholds", "starts")
register_entity(Entity.SETTING, "settings", "key")
register_entity(Entity.TENDER_PERIOD, "tender_periods", "rowid")
register_entity(Entity.DECISION_ROUTE, "decision_routes", "decision")


def _route(db: Database, code: str) -> str:
    row = db.conn.execute("SELECT code FROM routes WHERE code = ?", (code,)).fetchone()
    if row is None:
        known = ", ".join(r[0] for r in db.conn.execute("SELECT code FROM routes ORDER BY code"))
        raise NotFoundError(f"'{code}' is not a route (use one of: {known})")
    return str(row[0])


def _update(
    db: Database, who: str, summary: str, entity: str, table: str, key: str, key_value: Any,
    values: dict[str, Any],
) -> int:  # fmt: skip
    """Update the given columns of one row, logging only the ones that change."""
    columns = ", ".join(values)
    row = db.conn.execute(f"SELECT {columns} FROM {table} WHERE {key} = ?", (key_value,)).fetchone()
    if row is None:
        raise NotFoundError(f"there is no {entity.replace('_', ' ')} '{key_value}'")
    changed = {c: v for (c, v), old in zip(values.items(), row, strict=True) if v != old}
    if not changed:
        return 0
    with change(db, who, summary) as log:
        for (column, value), old in zip(values.items(), row, strict=True):
            if column in changed:
                db.conn.execute(
                    f"UPDATE {table} SET {column} = ? WHERE {key} = ?", (value, key_value)
                )
                log.log(Action.UPDATE, entity, key_value, column, old, value)
    return len(changed)


@writes
def set_route(
    db: Database,
    code: str,
    who: str,
    *,
    risk_margin_days: int | None = None,
    lead_time: str | None = None,
    fallback_order: int | None = None,
) -> int:
    """Change a route's risk margin (working days), lead time words or fallback order."""
    code = _route(db, code)
    values: dict[str, Any] = {}
    if risk_margin_days is not None:
        if not 0 <= risk_margin_days <= MAX_DAYS:
            raise ValidationError(
                f"a risk margin of {risk_margin_days} working days is out of range "
                f"(0 to {MAX_DAYS})"
            )
        values["risk_margin_days"] = risk_margin_days
    if lead_time is not None:
        values["lead_time"] = lead_time
    if fallback_order is not None:
        if fallback_order > MAX_DAYS:
            raise ValidationError(
                f"fallback order {fallback_order} is out of range (0 to {MAX_DAYS})"
            )
        values["fallback_order"] = fallback_order if fallback_order > 0 else None
    if not values:
        raise ValidationError("nothing to change: give --margin, --lead-time or --fallback")
    return _update(db, who, f"Route {code} changed", "route", "routes", "code", code, values)


@writes
def set_route_stage(
    db: Database,
    route: str,
    stage: str,
    who: str,
    *,
    days: int | None = None,
    hours: float | None = None,
) -> int:
    """Set a stage's working days and effort hours in a route; adds the stage if the route
    does not have it yet (then both are needed)."""
    route = _route(db, route)
    if db.conn.execute("SELECT 1 FROM stages WHERE code = ?", (stage,)).fetchone() is None:
        known = ", ".join(r[0] for r in db.conn.execute("SELECT code FROM stages ORDER BY seq"))
        raise NotFoundError(f"'{stage}' is not a stage (use one of: {known})")
    if days is not None and not 0 <= days <= MAX_DAYS:
        raise ValidationError(f"{days} working days is out of range (0 to {MAX_DAYS})")
    if hours is not None and not 0 <= hours <= 2000:
        raise ValidationError(f"{hours:g} hours is out of range (0 to 2000)")
    if days is not None:
        check_stage_days(route, stage, days)  # docs/rules.md, "Statutory minimums"
    row = db.conn.execute(
        "SELECT rowid FROM route_stages WHERE route = ? AND stage = ?", (route, stage)
    ).fetchone()
    if row is None:
        if days is None or hours is None:
            raise ValidationError(f"{route} has no {stage} stage yet: give both --days and --hours")
        with change(db, who, f"Route {route}: added {stage}") as log:
            cursor = db.conn.execute(
                "INSERT INTO route_stages (route, stage, duration_days, effort_hours) "
                "VALUES (?, ?, ?, ?)",
                (route, stage, days, hours),
            )
            values = {"route": route, "stage": stage, "duration_days": days, "effort_hours": hours}
            log.log(Action.INSERT, Entity.ROUTE_STAGE, cursor.lastrowid, "*", None, values)
        return 1
    values = {}
    if days is not None:
        values["duration_days"] = days
    if hours is not None:
        values["effort_hours"] = float(hours)
    if not values:
        raise ValidationError("nothing to change: give --days or --hours (or --remove)")
    return _update(db, who, f"Route {route}: {stage} changed", "route_stage", "route_stages",
                   "rowid", row[0], values)  # fmt: skip


@writes
def remove_route_stage(db: Database, route: str, stage: str, who: str) -> None:
    """Take a stage out of a route's template (not one the law requires of the route)."""
    route = _route(db, route)
    cursor = db.conn.execute(
        "SELECT rowid, route, stage, duration_days, effort_hours, seq FROM route_stages "
        "WHERE route = ? AND stage = ?",
        (route, stage),
    )
    row = cursor.fetchone()
    if row is None:
        raise NotFoundError(f"{route} has no {stage} stage")
    check_stage_removal(route, stage)  # docs/rules.md, "Statutory minimums"
    with change(db, who, f"Route {route}: removed {stage}") as log:
        db.conn.execute("DELETE FROM route_stages WHERE rowid = ?", (row[0],))
        # The route's own place for the stage too, so undoing the removal puts it back there.
        columns = ("route", "stage", "duration_days", "effort_hours", "seq")
        old = dict(zip(columns, row[1:], strict=True))
        log.log(Action.DELETE, Entity.ROUTE_STAGE, row[0], "*", old, None)


@writes
def set_threshold(
    db: Database,
    starts: date,
    who: str,
    *,
    ends: date | None = None,
    goods_services: int | None = None,
    works: int | None = None,
    light_touch: int | None = None,
) -> int:
    """Change a dated threshold row (pence), or add one starting on `starts` (all three
    amounts needed for a new row)."""
    key = starts.isoformat()
    exists = db.conn.execute("SELECT 1 FROM thresholds WHERE starts = ?", (key,)).fetchone()
    amounts = {"goods_services": goods_services, "works": works, "light_touch": light_touch}
    if any(v is not None and v <= 0 for v in amounts.values()):
        raise ValidationError("a threshold must be more than £0")
    if ends is not None and ends < starts:
        raise ValidationError(
            f"a threshold row cannot end ({ends.isoformat()}) before it starts ({key})"
        )
    if exists is None:
        if None in amounts.values():
            raise ValidationError(
                "a new threshold row needs --goods, --works and --light-touch amounts"
            )
        row = {"starts": key, "ends": ends.isoformat() if ends else None, **amounts}
        with change(db, who, f"Threshold from {key} added") as log:
            db.conn.execute(
                "INSERT INTO thresholds (starts, ends, goods_services, works, light_touch) "
                "VALUES (:starts, :ends, :goods_services, :works, :light_touch)",
                row,
            )
            log.log(Action.INSERT, Entity.THRESHOLD, key, "*", None, row)
        return 1
    values: dict[str, Any] = {k: v for k, v in amounts.items() if v is not None}
    if ends is not None:
        values["ends"] = ends.isoformat()
    if not values:
        raise ValidationError("nothing to change: give --ends or an amount")
    return _update(db, who, f"Threshold from {key} changed", "threshold", "thresholds",
                   "starts", key, values)  # fmt: skip


# The lowest and highest value of each setting. Outside them a schedule or a brief cannot
# be worked out (a date past the year 9999, a priority of 7, a share over 100%), and the
# error would only show later, far from the edit that caused it.
SETTING_RANGES: dict[str, tuple[int, int]] = {
    "notifiable_pence": (0, 10**12), "kpi_required_pence": (0, 10**12),
    "police_publication_pence": (0, 10**12),
    "notice_warning_days": (0, 3650), "levelling_horizon_weeks": (0, 520),
    "unknown_priority": (1, 5), "brief_period_days": (1, 3650), "brief_list_limit": (0, 10**5),
    "plan_horizon_months": (1, 120), "brief_gantt_limit": (0, 1000),
    "brief_department_days": (1, 3650), "programme_red_share": (0, 100),
    "programme_amber_share": (0, 100), "supplier_match_possible": (0, 1),
    "vat_rate_percent": (0, 100),
    "deemed_service_days": (0, 30), "option_decision_days": (0, 3650),
    "timeline_months": (1, 60),
    "session_idle_minutes": (1, 24 * 60), "max_sessions": (1, 200),
    "login_lock_minutes": (1, 24 * 60),
    "import_max_mb": (1, 4096), "import_max_rows": (1, 100_000_000),
    "import_max_columns": (1, 16_384), "import_max_cell_chars": (1, 1_000_000),
    "import_max_shared_strings": (1, 100_000_000),
}  # fmt: skip
# Settings that take one of a few words.
SETTING_CHOICES: dict[str, dict[str, str]] = {"team_calendar": TEAM_CALENDARS}


def _whole(text: str) -> bool:
    # isdecimal, not isdigit: '²' is a digit that int() refuses.
    return text.isascii() and text.lstrip("-").isdecimal()


@writes
def set_setting(db: Database, key: str, value: str, who: str) -> int:
    """Change one setting, keeping its type (whole numbers stay whole numbers) and range."""
    row = db.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    if row is None:
        known = ", ".join(r[0] for r in db.conn.execute("SELECT key FROM settings ORDER BY key"))
        raise NotFoundError(f"'{key}' is not a setting (known: {known})")
    text = value.strip()
    if key in SETTING_CHOICES:
        choices = SETTING_CHOICES[key]
        text = text.upper()
        if text not in choices:
            known = ", ".join(f"{k} ({v})" for k, v in choices.items())
            raise ValidationError(f"{key} must be one of {known}; not '{value}'")
    if key == "ocds_prefix":  # the one text setting with a shape (docs/rules.md "Data rules")
        text = check_ocid_prefix(text)
    whole = _whole(str(row[0]))
    if whole and not _whole(text):
        raise ValidationError(f"{key} is a whole number; '{value}' is not")
    if key in SETTING_RANGES:
        low, high = SETTING_RANGES[key]
        try:
            number = float(text)
        except ValueError:
            number = math.nan
        if not low <= number <= high:  # NaN fails this too
            kind = "a whole number" if whole else "a number"
            raise ValidationError(f"{key} must be {kind} from {low:,} to {high:,}; not '{value}'")
    return _update(db, who, f"Setting {key} changed", "setting", "settings", "key", key,
                   {"value": text})  # fmt: skip


@writes
def set_tender_period(
    db: Database, route: str, condition: str, min_days: int, who: str, *, applies: bool = True
) -> int:
    """Set a minimum tender period (calendar days); with `applies`, it becomes the one the
    scheduler holds the route's tender period to."""
    route = _route(db, route)
    if min_days < 0:
        raise ValidationError("a tender period cannot be negative")
    if min_days > MAX_DAYS:
        raise ValidationError(
            f"a tender period of {min_days} days is out of range (0 to {MAX_DAYS})"
        )
    check_tender_period(route, condition, min_days)  # docs/rules.md, "Statutory minimums"
    row = db.conn.execute(
        "SELECT rowid, min_days, applies FROM tender_periods WHERE route = ? AND condition = ?",
        (route, condition),
    ).fetchone()
    touched = 0
    with change(db, who, f"Tender period for {route} ({condition}) set") as log:
        if applies:
            for other_id, other_applies in db.conn.execute(
                "SELECT rowid, applies FROM tender_periods WHERE route = ? AND condition != ? "
                "AND applies = 1",
                (route, condition),
            ).fetchall():
                db.conn.execute("UPDATE tender_periods SET applies = 0 WHERE rowid = ?",
                                (other_id,))  # fmt: skip
                log.log(Action.UPDATE, Entity.TENDER_PERIOD, other_id, "applies", other_applies, 0)
                touched += 1
        if row is None:
            cursor = db.conn.execute(
                "INSERT INTO tender_periods (route, condition, min_days, applies) "
                "VALUES (?, ?, ?, ?)",
                (route, condition, min_days, int(applies)),
            )
            log.log(Action.INSERT, Entity.TENDER_PERIOD, cursor.lastrowid, "*", None,
                    {"route": route, "condition": condition, "min_days": min_days,
                     "applies": int(applies)})  # fmt: skip
            touched += 1
        else:
            for column, old, new in (("min_days", row[1], min_days),
                                     ("applies", row[2], int(applies))):  # fmt: skip
                if old != new:
                    db.conn.execute(
                        f"UPDATE tender_periods SET {column} = ? WHERE rowid = ?", (new, row[0])
                    )
                    log.log(Action.UPDATE, Entity.TENDER_PERIOD, row[0], column, old, new)
                    touched += 1
    return touched


@writes
def set_decision_route(db: Database, decision: str, route: str | None, who: str) -> int:
    """Say which route a decision implies (None: chosen by value)."""
    if route is not None:
        route = _route(db, route)
    return _update(db, who, f"Decision {decision} now implies {route or 'a route by value'}",
                   "decision_route", "decision_routes", "decision", decision,
                   {"route": route})  # fmt: skip
