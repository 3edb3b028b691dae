"""Which route a review takes: the one decided, else the one the decision implies, else a
provisional one by value; and the faster routes that would still make its new start."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from planner.domain.codes import RouteCode
from planner.domain.contract import Contract
from planner.domain.notices import shortest_days
from planner.domain.routes import (
    Route,
    RouteChoice,
    SchedulingRules,
    by_value_route,
    route_doubts,
    route_is_open_to,
)
from planner.domain.timetable import Timetables


def choose_route(
    contract: Contract,
    rules: SchedulingRules,
    new_start: date,
    notice: date | None,
    today: date,
    tables: Timetables,
) -> RouteChoice:
    """The decided route; else the one the decision implies; else a provisional one by
    value against the threshold in force on the day that route's procurement would
    commence (its first market-facing step: docs/rules.md, "Thresholds").

    A route someone chose is checked against the contract too: quotes above the
    threshold, or an extension the contract does not allow, is not a plan.
    """
    chosen, reason = contract.route, ""
    if not chosen:
        chosen = rules.route_for_decision(contract.decision)
        reason = f"route follows the decision to {contract.decision}"
    if chosen:
        route = rules.route(chosen)
        start = max(today, tables.commences(route, new_start, notice))
        unsuitable, unconfirmed = route_doubts(route, contract, rules.rules, start)
        return RouteChoice(chosen, False, reason, "", unsuitable, unconfirmed)
    starts: dict[str, date] = {}
    for code in (RouteCode.OPEN, RouteCode.QUOTES):
        starts[code] = tables.commences(rules.route(code), new_start, notice)
    return by_value_route(contract, rules.rules, starts, today)


def fallbacks(rules: SchedulingRules) -> list[tuple[Route, int]]:
    """The routes offered as faster ways, in the rules' order of preference, with the
    fewest working days each can take (when every stage that may not apply is left out)."""
    routes = sorted(
        (r for r in rules.routes.values() if r.fallback_order is not None and r.stages),
        key=lambda r: (r.fallback_order, r.code),
    )
    return [(r, shortest_days(r)) for r in routes]


def faster_routes(
    contract: Contract,
    route: Route,
    rules: SchedulingRules,
    new_start: date,
    notice: date | None,
    today: date,
    tables: Timetables,
    candidates: Sequence[tuple[Route, int]],
    shape: Callable[[Route, date], Route] | None = None,
) -> list[tuple[Route, int]]:
    """Routes quicker than `route` that are open to this contract and would still make the
    new contract start, with the slack each would leave, in the rules' order of preference.

    Each is judged on the threshold in force when its procurement would commence, and, with
    `shape`, with only the stages that apply to this contract (the notices it needs)."""
    found = []
    days = route.working_days
    floor = tables.let_floor(contract.start_date)
    for template, shortest in candidates:
        if template.code == route.code or shortest >= days:
            continue
        commences = max(today, tables.commences(template, new_start, notice))
        if not route_is_open_to(template, contract, rules.rules, commences):
            continue
        other = template if shape is None else shape(template, commences)
        other_days = other.working_days
        if other_days >= days:
            continue
        # Leaving out only events and stages after the start leaves the slack as it was:
        # the route's own timetable, already worked out for other reviews, says it.
        timed = other if other_days != template.working_days else template
        window = tables.window(timed, new_start, notice, {}, floor)
        if window.slack is not None and window.slack >= 0:
            found.append((other, window.slack))
    return found
