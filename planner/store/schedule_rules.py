"""The scheduling rules as stored: stages, routes with their stage templates, settings."""

from __future__ import annotations

from planner.domain.routes import SchedulingRules, Stage, build_routes
from planner.store.db import Database
from planner.store.rules import load_rules, load_settings


def load_stages(db: Database) -> list[Stage]:
    """The stages of a review, in order."""
    return [
        Stage(code, number, seq, name, bool(hard), bool(after))
        for code, number, seq, name, hard, after in db.conn.execute(
            "SELECT code, number, seq, name, hard_date, after_start FROM stages ORDER BY seq"
        )
    ]


def load_scheduling_rules(db: Database) -> SchedulingRules:
    """Routes with their stage templates, decision mapping, thresholds and settings."""
    stages = load_stages(db)
    routes = [
        (code, name, lead, int(margin), fallback, bool(below), bool(ext), condition)
        for code, name, lead, margin, fallback, below, ext, condition in db.conn.execute(
            "SELECT code, name, lead_time, risk_margin_days, fallback_order, "
            "below_threshold_only, needs_extension_option, condition FROM routes ORDER BY code"
        )
    ]
    templates = [
        (route, stage, int(days), float(hours), None if seq is None else int(seq))
        for route, stage, days, hours, seq in db.conn.execute(
            "SELECT route, stage, duration_days, effort_hours, seq FROM route_stages"
        )
    ]
    minimums = {
        route: int(days)
        for route, days in db.conn.execute(
            "SELECT route, max(min_days) FROM tender_periods WHERE applies = 1 GROUP BY route"
        )
    }
    decisions = dict(db.conn.execute("SELECT decision, route FROM decision_routes").fetchall())
    settings = load_settings(db)
    return SchedulingRules(
        routes=build_routes(stages, routes, templates, minimums),
        stages={s.code: s for s in stages},
        decision_routes=decisions,
        rules=load_rules(db),
        levelling_horizon_weeks=int(settings.get("levelling_horizon_weeks", 52)),
        unknown_priority=int(settings.get("unknown_priority", 3)),
    )
