"""Reading the rules held as data (thresholds, settings)."""

from __future__ import annotations

from datetime import date

from planner.domain.rules import Rules, Threshold
from planner.store.db import Database


def load_thresholds(db: Database) -> list[Threshold]:
    """Dated threshold rows, oldest first."""
    return [
        Threshold(
            date.fromisoformat(starts),
            date.fromisoformat(ends) if ends else None,
            goods,
            works,
            light,
        )
        for starts, ends, goods, works, light in db.conn.execute(
            "SELECT starts, ends, goods_services, works, light_touch FROM thresholds "
            "ORDER BY starts"
        )
    ]


def load_settings(db: Database) -> dict[str, str]:
    """Every setting as text, by key."""
    return dict(db.conn.execute("SELECT key, value FROM settings").fetchall())


def load_rules(db: Database) -> Rules:
    """The thresholds and numbers every flag is judged by, as stored."""
    settings = load_settings(db)
    defaults = Rules()
    return Rules(
        thresholds=load_thresholds(db),
        notifiable_pence=int(settings.get("notifiable_pence", defaults.notifiable_pence)),
        kpi_required_pence=int(settings.get("kpi_required_pence", defaults.kpi_required_pence)),
        notice_warning_days=int(settings.get("notice_warning_days", defaults.notice_warning_days)),
        deemed_service_days=int(settings.get("deemed_service_days", defaults.deemed_service_days)),
        team_calendar=settings.get("team_calendar", defaults.team_calendar),
        extra=settings,
    )
