"""What every review of one scheduling run shares: the rules, the calendar, today, the
timetables already worked out, and each route's stages as levelling needs them."""

from __future__ import annotations

from datetime import date

from planner.domain.calendar import WorkingCalendar
from planner.domain.contract import Contract
from planner.domain.notice import NoticeDates, dates_for_deadline
from planner.domain.notices import Applicable, applicable_stages, market_step, variant
from planner.domain.periods import NoticePeriod, parse_period
from planner.domain.route_choice import fallbacks
from planner.domain.routes import Route, SchedulingRules
from planner.domain.timetable import Step, Timetables, route_steps


class ScheduleRun:
    """What every review of one run shares: the rules, the calendar, today, timetables
    already worked out, and each route's stages as levelling needs them."""

    __slots__ = (
        "cal", "codes", "dates", "deadlines", "deemed", "fallbacks", "notices",
        "rules", "served", "stage_names", "steps", "tables", "texts", "today", "today_index",
        "variants", "why",
    )  # fmt: skip

    def __init__(
        self, rules: SchedulingRules, cal: WorkingCalendar, today: date, today_index: int
    ) -> None:
        self.rules = rules
        self.cal = cal
        self.dates = cal.dates
        self.today = today
        self.today_index = today_index
        none: frozenset[str] = frozenset()
        # Each route's variants, one per set of stages left out, made once and shared.
        self.variants: dict[tuple[str, frozenset[str]], Route] = {
            (code, none): route for code, route in rules.routes.items()
        }
        self.steps: dict[tuple[str, frozenset[str]], tuple[Step, ...]] = {
            key: route_steps(route) for key, route in self.variants.items()
        }
        self.codes = {
            code: frozenset(rs.stage.code for rs in route.stages)
            for code, route in rules.routes.items()
        }
        # Why a route's procurement commences on a step that is not market-facing.
        self.why = {code: market_step(route.stages)[1] for code, route in rules.routes.items()}
        self.tables = Timetables(cal, today_index, self.steps)
        self.fallbacks = fallbacks(rules)
        self.stage_names = {code: s.name for code, s in rules.stages.items()}
        self.notices: dict[str, NoticePeriod | None] = {}
        self.deadlines: dict[tuple[str, date], date] = {}  # by notice period and end date
        self.deemed = rules.rules.deemed_service_days
        self.served: dict[date, NoticeDates] = {}
        self.texts: dict[str, str] = {}  # each distinct reason and flag, held once

    def route_for(
        self, route: Route, contract: Contract, commences: date
    ) -> tuple[Route, Applicable]:
        """The variant of `route` with only the stages that apply to this contract, its
        procurement commencing on `commences` (planner.domain.notices), and why."""
        applies = applicable_stages(
            self.codes[route.code], contract, self.rules.rules, commences, self.why[route.code]
        )
        key = (route.code, applies.dropped)
        found = self.variants.get(key)
        if found is None:
            found = self.variants[key] = variant(route, applies.dropped)
            self.steps[key] = route_steps(found)
            self.tables.add_variant(route, found)
        return found, applies

    def notice_date(self, contract: Contract) -> date | None:
        """`contract.notice_date`, reading each distinct notice period once."""
        period = contract.notice_period
        if not isinstance(period, str):
            return contract.notice_date
        if contract.end_date is None:
            return None
        if period not in self.notices:
            self.notices[period] = parse_period(period)
        parsed = self.notices[period]
        if parsed is None:
            return None
        key = (period, contract.end_date)
        found = self.deadlines.get(key)
        if found is None:
            found = self.deadlines[key] = parsed.before(contract.end_date)
        return found

    def notice_dates(self, contract: Contract) -> NoticeDates | None:
        """The contract's notice deadline and serve-by day (`notice_dates`), each distinct
        deadline worked out once."""
        deadline = self.notice_date(contract)
        if deadline is None:
            return None
        found = self.served.get(deadline)
        if found is None:
            found = self.served[deadline] = dates_for_deadline(deadline, self.cal, self.deemed)
        return found
