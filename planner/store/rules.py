"""Reading the rules held as data (thresholds, settings)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from planner.domain.rules import Rules, Threshold
from planner.errors import ValidationError
from planner.store.db import Database
from planner.store.reference import code_lists


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
        police_publication_pence=int(
            settings.get("police_publication_pence", defaults.police_publication_pence)
        ),
        notice_warning_days=int(settings.get("notice_warning_days", defaults.notice_warning_days)),
        option_decision_days=int(
            settings.get("option_decision_days", defaults.option_decision_days)
        ),
        deemed_service_days=int(settings.get("deemed_service_days", defaults.deemed_service_days)),
        team_calendar=settings.get("team_calendar", defaults.team_calendar),
        extra=settings,
        vat_rate_percent=vat_rate(settings.get("vat_rate_percent"), defaults.vat_rate_percent),
        code_lists=code_lists(),
    )


def deemed_service_days(db: Database) -> int:
    """The `deemed_service_days` setting read on its own: the triage table needs it for every
    window it reads, where loading all the rules would cost a keystroke's budget."""
    row = db.conn.execute("SELECT value FROM settings WHERE key = 'deemed_service_days'").fetchone()
    return Rules().deemed_service_days if row is None else int(row[0])


def vat_rate(text: str | None, default: Decimal) -> Decimal:
    """The `vat_rate_percent` setting as a number (a clear error if it is not one)."""
    if text is None:
        return default
    try:
        rate = Decimal(text)
    except InvalidOperation:
        rate = Decimal(-1)
    if not rate.is_finite() or not 0 <= rate <= 100:
        raise ValidationError(
            f"the setting vat_rate_percent is '{text}'; set it to a percentage from 0 to 100 "
            "with planner rules set setting vat_rate_percent 20"
        )
    return rate
