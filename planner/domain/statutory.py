"""The minimums the law sets on a route's stages, with their source (docs/rules.md,
"Statutory minimums"). A rule change that would plan under one is refused.

They are held here, not in a table, on purpose: the routes, stage templates and tender
periods are planning assumptions a user may edit, but these are the floor those edits are
checked against, and a floor held as editable data could be edited away. A change in the
law changes this table in a release, as it would change the code that counts the period.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from planner.domain.calendar import STANDSTILL_WORKING_DAYS
from planner.domain.codes import RouteCode, StageCode
from planner.domain.words import plural
from planner.errors import ValidationError

WORKING = "working day"
CALENDAR = "day"  # the Act's "days" are calendar days


@dataclass(frozen=True, slots=True)
class StatutoryMinimum:
    """The least a stage of a route may take under the law, and where the law says so.

    `condition` names the case a tender period minimum applies in ('' for every case).
    """

    route: RouteCode
    stage: StageCode
    days: int
    unit: str  # WORKING or CALENDAR
    condition: str
    rule: str
    source: str

    @property
    def amount(self) -> str:
        """'8 working days', '25 days'."""
        return plural(self.days, self.unit)

    def describe(self) -> str:
        """The minimum in words with its source, as a refusal quotes it."""
        when = f" ({self.condition})" if self.condition else ""
        return f"{self.rule}{when} is at least {self.amount} under {self.source}"


_STANDSTILL = "standstill after the contract award notice"
_TENDER = "minimum tender period"
_ELECTRONIC = "electronic tendering"

STATUTORY_MINIMUMS: tuple[StatutoryMinimum, ...] = (
    *(
        StatutoryMinimum(
            route,
            StageCode.STANDSTILL,
            STANDSTILL_WORKING_DAYS,
            WORKING,
            "",
            _STANDSTILL,
            "PA 2023 s.51",
        )
        for route in (RouteCode.OPEN, RouteCode.COMPETITIVE_FLEXIBLE, RouteCode.DIRECT_AWARD)
    ),
    StatutoryMinimum(
        RouteCode.OPEN, StageCode.TENDER_PERIOD, 25, CALENDAR, _ELECTRONIC, _TENDER, "PA 2023 s.54"
    ),
    StatutoryMinimum(
        RouteCode.OPEN,
        StageCode.TENDER_PERIOD,
        10,
        CALENDAR,
        "after a qualifying planned procurement notice",
        _TENDER,
        "PA 2023 s.54",
    ),
    StatutoryMinimum(
        RouteCode.OPEN, StageCode.TENDER_PERIOD, 10, CALENDAR, "urgency", _TENDER, "PA 2023 s.54"
    ),
)


def minimums_for(route: str, stage: str) -> list[StatutoryMinimum]:
    """The statutory minimums on one stage of one route (none for most)."""
    return [m for m in STATUTORY_MINIMUMS if m.route == route and m.stage == stage]


def check_stage_days(route: str, stage: str, days: int) -> None:
    """Refuse a stage template of `days` working days that is under the law's minimum."""
    for minimum in minimums_for(route, stage):
        if minimum.unit == WORKING and days < minimum.days:
            raise ValidationError(
                f"{route} {stage}: {plural(days, WORKING)} is under the law's minimum, "
                f"{minimum.describe()}; give {minimum.days} or more"
            )


def check_stage_removal(route: str, stage: str) -> None:
    """Refuse taking a stage out of a route whose procedure the law says must have it."""
    minimums = minimums_for(route, stage)
    if minimums:
        raise ValidationError(
            f"{route} must keep its {stage} stage: {minimums[0].describe()}; "
            f"set its days to {minimums[0].days} or more instead"
        )


def check_tender_period(route: str, condition: str, days: int) -> None:
    """Refuse a minimum tender period (calendar days) under the law's minimum for the route.

    A condition the law names (urgency, after a qualifying planned procurement notice) has
    its own minimum; any other condition is held to the general one, the longest, since the
    shorter periods apply only in the cases the Act names.
    """
    minimums = [m for m in minimums_for(route, StageCode.TENDER_PERIOD) if m.unit == CALENDAR]
    if not minimums:
        return
    wanted = condition.strip().casefold()
    named = [m for m in minimums if m.condition.casefold() == wanted]
    minimum = named[0] if named else max(minimums, key=lambda m: m.days)
    if days >= minimum.days:
        return
    shorter = [m for m in minimums if m.days < minimum.days]
    hint = (
        "; the Act allows less only "
        + " or ".join(f"'{m.condition}' ({m.amount})" for m in shorter)
        + ", set under that condition"
        if shorter and not named
        else ""
    )
    raise ValidationError(
        f"{route}: a tender period of {plural(days, CALENDAR)} ({condition}) is under the "
        f"law's minimum, {minimum.describe()}; give {minimum.days} or more{hint}"
    )


def breaches(
    templates: Mapping[str, Mapping[str, int]], tender_periods: Iterable[tuple[str, str, int]]
) -> list[str]:
    """Why rules already stored fall under a statutory minimum (set before these checks
    existed, or brought back by undo), each as the refusal a new edit would get; [] if none.

    `templates` holds each route's stages and their working days.
    """
    found = [
        f"{m.route} has no {m.stage} stage: {m.describe()}"
        for m in STATUTORY_MINIMUMS
        if m.unit == WORKING and m.route in templates and m.stage not in templates[m.route]
    ]
    for route, stages in templates.items():
        for stage, days in stages.items():
            _note(found, check_stage_days, route, stage, days)
    for route, condition, days in tender_periods:
        _note(found, check_tender_period, route, condition, days)
    return found


def _note(
    found: list[str], check: Callable[[str, str, int], None], route: str, name: str, days: int
) -> None:
    try:
        check(route, name, days)
    except ValidationError as exc:
        found.append(str(exc))
