"""Routes and their stage templates, held as data: what each kind of review involves.

Everything here is loaded from the database (schema/0002_scheduling.sql seeds the defaults
that docs/rules.md lists under "Routes and the route a review is planned on"), so a
procurement manager can change a duration or an effort without a release.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from planner.domain.codes import RouteCode
from planner.domain.contract import Contract
from planner.domain.rules import Rules, contract_threshold, whole_life_value
from planner.errors import ValidationError


@dataclass(frozen=True, slots=True)
class Stage:
    """One of the stages of a review (17 stages, plus an extension's change check:
    docs/rules.md, "Stages of a review")."""

    code: str
    number: int | None
    seq: int
    name: str
    hard_date: bool = False
    after_start: bool = False


@dataclass(frozen=True, slots=True)
class RouteStage:
    """A stage as one route does it: working days it takes and officer hours it needs.

    `min_calendar_days` holds a tender period to the legal minimum in calendar days.
    """

    stage: Stage
    duration_days: int
    effort_hours: float
    min_calendar_days: int = 0


@dataclass(frozen=True, slots=True)
class Route:
    """A way of reviewing a contract, with its stage template in order."""

    code: str
    name: str
    lead_time: str
    risk_margin_days: int
    stages: tuple[RouteStage, ...]
    fallback_order: int | None = None
    below_threshold_only: bool = False
    needs_extension_option: bool = False
    condition: str = ""
    # The template's stages this variant leaves out for one contract (the notices that do
    # not apply: planner.domain.notices); empty for the route as stored.
    dropped: frozenset[str] = frozenset()

    @property
    def working_days(self) -> int:
        """Working days from the first stage to the new contract start."""
        return sum(s.duration_days for s in self.stages if not s.stage.after_start)


@dataclass(frozen=True, slots=True)
class SchedulingRules:
    """Everything the scheduler judges by: routes, decision mapping, thresholds, settings."""

    routes: Mapping[str, Route]
    stages: Mapping[str, Stage]
    decision_routes: Mapping[str, str | None] = field(default_factory=dict)
    rules: Rules = field(default_factory=Rules)
    levelling_horizon_weeks: int = 52
    unknown_priority: int = 3

    def route(self, code: str) -> Route:
        """The route with this code; a clear error if it has no stages."""
        try:
            route = self.routes[code]
        except KeyError:
            raise ValidationError(
                f"'{code}' is not a route (use one of: {', '.join(self.routes)})"
            ) from None
        if not route.stages:
            raise ValidationError(f"route '{code}' has no stages; add some with planner rules")
        return route

    def route_for_decision(self, decision: str | None) -> str | None:
        """The route a recorded decision implies (None: choose by value)."""
        if decision is None:
            return None
        return self.decision_routes.get(decision)


def build_routes(
    stages: Sequence[Stage],
    routes: Sequence[tuple[str, str, str, int, int | None, bool, bool, str]],
    templates: Sequence[tuple[str, str, int, float] | tuple[str, str, int, float, int | None]],
    tender_minimums: Mapping[str, int],
) -> dict[str, Route]:
    """Assemble routes from table rows: routes (code, name, lead time, margin, fallback,
    below-threshold only, needs extension option, condition), templates (route, stage,
    days, hours, the route's own place for the stage or None for the stage's) and each
    route's minimum tender period in calendar days."""
    by_code = {s.code: s for s in stages}
    per_route: dict[str, list[tuple[int, RouteStage]]] = {}
    for route_code, stage_code, days, hours, *own in templates:
        stage = by_code.get(stage_code)
        if stage is None:
            raise ValidationError(f"route {route_code} uses an unknown stage '{stage_code}'")
        minimum = tender_minimums.get(route_code, 0) if stage_code == "tender-period" else 0
        place = own[0] if own and own[0] is not None else stage.seq
        per_route.setdefault(route_code, []).append(
            (place, RouteStage(stage, days, hours, minimum))
        )
    built: dict[str, Route] = {}
    for code, name, lead, margin, fallback, below, needs_ext, condition in routes:
        ordered = sorted(per_route.get(code, []), key=lambda p: (p[0], p[1].stage.seq))
        template = [rs for _, rs in ordered]
        built[code] = Route(
            code, name, lead, margin, tuple(template), fallback, below, needs_ext, condition
        )
    return built


@dataclass(frozen=True, slots=True)
class RouteChoice:
    """The route a review is planned on, whether it is only provisional, and why."""

    code: str
    provisional: bool
    reason: str = ""
    threshold_crossed: str = ""
    unsuitable: str = ""  # why the route chosen cannot lawfully be used (Red)
    unconfirmed: str = ""  # what the route chosen relies on that is not recorded (Amber)


def is_above_threshold(contract: Contract, rules: Rules, start: date) -> bool | None:
    """True if the whole-life value (with VAT) is at or above the threshold for the
    contract's kind in force on `start`; None when the value or the threshold is unknown."""
    test = contract_threshold(contract, rules, start)
    return None if test is None else test.at_or_above


def route_doubts(route: Route, contract: Contract, rules: Rules, start: date) -> tuple[str, str]:
    """Why a route someone chose cannot be used for this contract starting on `start`, and
    what it relies on that the register does not record: ('', '') when neither."""
    test = contract_threshold(contract, rules, start) if route.below_threshold_only else None
    if test is not None and test.at_or_above:
        return (
            f"{route.name} is only for contracts below the threshold: the whole-life value "
            f"{test.rule_text}",
            "",
        )
    if route.needs_extension_option and contract.end_date is not None:
        latest = contract.max_end_date
        if latest is not None and latest <= contract.end_date:
            return (f"{route.name} needs an option to extend, and the contract's latest "
                    "end date is its end date", "")  # fmt: skip
        if latest is None:
            return ("", f"{route.name} relies on an option to extend that the register "
                        "does not record (no latest end date): check the contract")  # fmt: skip
    return "", ""


_FRAMEWORK_ROUTES = frozenset(
    {RouteCode.FRAMEWORK_DIRECT_AWARD, RouteCode.FRAMEWORK_FURTHER_COMPETITION}
)


def by_value_route(
    contract: Contract, rules: Rules, start_for: Mapping[str, date], today: date
) -> RouteChoice:
    """Open procedure or quotes, from the value against the threshold in force on the
    route's own planned start (`start_for[route]`, never earlier than today).

    A value that is below the threshold for a quotes start but at or above it for an open
    procedure start (or the other way round) has crossed a threshold row: said in words.
    """
    value = whole_life_value(contract)
    if contract.framework:
        return RouteChoice(
            RouteCode.FRAMEWORK_FURTHER_COMPETITION,
            True,
            f"provisional: called off {contract.framework} last time",
        )
    if contract.previous_route in _FRAMEWORK_ROUTES:
        # History as a hint, never a decision (docs/rules.md, "Reading a register's route").
        return RouteChoice(
            RouteCode.FRAMEWORK_FURTHER_COMPETITION, True,
            "provisional: let through a framework last time (its previous route)",
        )  # fmt: skip
    if value is None:
        return RouteChoice(
            RouteCode.OPEN, True, "provisional: no value recorded, so open procedure assumed"
        )
    open_start = max(today, start_for[RouteCode.OPEN])
    quotes_start = max(today, start_for[RouteCode.QUOTES])
    t_open = contract_threshold(contract, rules, open_start)
    t_quotes = contract_threshold(contract, rules, quotes_start)
    crossed = ""
    if t_open is not None and t_quotes is not None and t_open.at_or_above != t_quotes.at_or_above:
        crossed = f"threshold crossed: {t_quotes.vat_words} is {t_quotes.comparison} but "
        crossed += f"{t_open.comparison}"
    if t_quotes is not None and not t_quotes.at_or_above:
        why = t_quotes.words(provisional_said=True)
        return RouteChoice(RouteCode.QUOTES, True, f"provisional: {why}", crossed)
    if t_quotes is None:
        return RouteChoice(
            RouteCode.OPEN, True, "provisional: no threshold in force, so open procedure assumed",
            crossed,
        )  # fmt: skip
    why = t_quotes.words(provisional_said=True)
    return RouteChoice(RouteCode.OPEN, True, f"provisional: {why}", crossed)


def route_is_open_to(route: Route, contract: Contract, rules: Rules, start: date) -> bool:
    """Whether `route` could lawfully be used for this contract starting on `start`."""
    if route.below_threshold_only and is_above_threshold(contract, rules, start) is not False:
        return False
    if route.needs_extension_option:
        end, max_end = contract.end_date, contract.max_end_date
        return end is not None and max_end is not None and max_end > end
    return True
