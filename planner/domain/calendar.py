"""Working days: adding, counting, standstill ends and weekly capacity, on two calendars.

Statutory periods count UK-wide working days (PA 2023 s.123: not a bank holiday in any part
of the United Kingdom); an officer's weekly capacity counts the team's own calendar. See
docs/rules.md, "Working days and the two calendars".

The scheduler does this arithmetic hundreds of thousands of times per run, so a calendar
is built once per span of years as two integer tables (see `WorkingCalendar`) and every
question is then an array lookup: no loops over days, no pendulum.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache
from typing import overload

from planner.errors import PlannerError

STANDSTILL_WORKING_DAYS = 8  # Procurement Act 2023 s.51, beginning with the day of publication


def _week(ordinal: int) -> int:
    # date(1, 1, 1) was a Monday (ordinal 1), so this counts Monday-to-Sunday weeks.
    return (ordinal - 1) // 7


class WorkingCalendar:
    """Working days (Monday to Friday less the given holidays) from `first` to `last`.

    Two tables make every question a lookup. `_before[i]` counts the working days strictly
    before the day `first + i`; `_days[k]` is the ordinal of the k-th working day. A working
    day's *index* is its k: the scheduler plans in these indices and turns them back into
    dates only at the end.
    """

    __slots__ = ("_base", "_before", "_dates", "_days", "_weeks", "first", "holidays", "last")

    def __init__(self, holidays: Iterable[date], first: date, last: date) -> None:
        if last < first:
            raise PlannerError(f"a calendar cannot end ({last}) before it starts ({first})")
        self.first = first
        self.last = last
        self.holidays = frozenset(day for day in holidays if first <= day <= last)
        self._base = first.toordinal()
        closed = {day.toordinal() for day in self.holidays}
        before = array("l", [0])
        days = array("l")
        weeks = array("l")
        count = 0
        for ordinal in range(self._base, last.toordinal() + 1):
            # ordinal % 7: 1 is Monday ... 6 is Saturday, 0 is Sunday.
            if ordinal % 7 not in (6, 0) and ordinal not in closed:
                days.append(ordinal)
                weeks.append(_week(ordinal))
                count += 1
            before.append(count)
        self._before = before
        self._days = days
        self._weeks = weeks
        self._dates: tuple[date, ...] | None = None

    # ------------------------------------------------------------ lookups by index

    def _offset(self, day: date) -> int:
        offset = day.toordinal() - self._base
        if offset < 0 or offset >= len(self._before) - 1:
            raise PlannerError(
                f"{day.isoformat()} is outside the working-day calendar "
                f"({self.first.isoformat()} to {self.last.isoformat()})"
            )
        return offset

    def index_on_or_after(self, day: date) -> int:
        """Index of the first working day on or after `day`."""
        return self._before[self._offset(day)]

    def index_on_or_before(self, day: date) -> int:
        """Index of the last working day on or before `day`."""
        return self._before[self._offset(day) + 1] - 1

    def day(self, index: int) -> date:
        """The working day with this index."""
        if index < 0 or index >= len(self._days):
            raise PlannerError("a planned date falls outside the working-day calendar")
        return date.fromordinal(self._days[index])

    @property
    def dates(self) -> tuple[date, ...]:
        """Every working day, by index: `dates[i] == day(i)` for 0 <= i < size, for loops
        that turn thousands of indices into dates (made on first use)."""
        if self._dates is None:
            self._dates = tuple(date.fromordinal(o) for o in self._days)
        return self._dates

    def index_after_calendar_days(self, index: int, days: int) -> int:
        """Index of the first working day on or after the day `days` calendar days after
        the working day with this index."""
        return self.index_on_or_after(self.day(index) + timedelta(days=days))

    def week(self, index: int) -> int:
        """The Monday-based week number of the working day with this index."""
        return self._weeks[index]

    @property
    def size(self) -> int:
        """How many working days the calendar holds."""
        return len(self._days)

    # ------------------------------------------------------------ questions by date

    def is_working_day(self, day: date) -> bool:
        """True on a weekday that is not a bank holiday."""
        offset = self._offset(day)
        return self._before[offset + 1] != self._before[offset]

    def next_working_day(self, day: date) -> date:
        """`day` itself if it is a working day, else the first working day after it."""
        return self.day(self.index_on_or_after(day))

    def previous_working_day(self, day: date) -> date:
        """`day` itself if it is a working day, else the last working day before it."""
        return self.day(self.index_on_or_before(day))

    def add_working_days(self, day: date, days: int) -> date:
        """The date `days` working days after `day` (before it, if negative); `day` itself
        is not counted, so adding 1 to a Friday gives the next Monday."""
        if days == 0:
            return day
        if days > 0:
            return self.day(self.index_on_or_before(day) + days)
        return self.day(self.index_on_or_after(day) + days)

    def subtract_working_days(self, day: date, days: int) -> date:
        """The date `days` working days before `day` (`day` itself not counted)."""
        return self.add_working_days(day, -days)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days from `start` up to but not including `end` (negative if end < start)."""
        return self._before[self._offset(end)] - self._before[self._offset(start)]

    def span_end(self, start: date, days: int) -> date:
        """The last day of a span of `days` working days beginning with `start` (or with the
        first working day after it, if `start` is not one)."""
        if days < 1:
            raise PlannerError("a span of working days must be at least one day long")
        return self.day(self.index_on_or_after(start) + days - 1)

    def standstill_end(self, published: date, days: int = STANDSTILL_WORKING_DAYS) -> date:
        """Last day of the standstill period for an award notice published on `published`:
        `days` working days beginning with the day of publication (PA 2023 s.51)."""
        return self.span_end(published, days)

    # ------------------------------------------------------------ weeks and capacity

    def working_days_in_week(self, monday: date) -> list[date]:
        """The working days of the Monday-to-Sunday week that starts on `monday`'s week."""
        start = monday - timedelta(days=monday.weekday())
        return [d for d in (start + timedelta(days=i) for i in range(5)) if self._is_open(d)]

    def _is_open(self, day: date) -> bool:
        offset = day.toordinal() - self._base
        if offset < 0 or offset >= len(self._before) - 1:
            return False
        return self._before[offset + 1] != self._before[offset]

    def week_capacity_hours(
        self, weekly_hours: float, monday: date, leave: Iterable[date] = ()
    ) -> float:
        """An officer's hours in one week: their weekly hours pro rata to the working days
        left after bank holidays and the days of leave they have booked."""
        open_days = set(self.working_days_in_week(monday))
        open_days.difference_update(leave)
        return weekly_hours * len(open_days) / 5


def week_start(day: date) -> date:
    """The Monday of the week `day` falls in."""
    return day - timedelta(days=day.weekday())


def week_number(day: date) -> int:
    """A number for the Monday-to-Sunday week of `day` (consecutive weeks differ by 1)."""
    return _week(day.toordinal())


def monday_of(week: int) -> date:
    """The Monday of the week with this number (the inverse of `week_number`)."""
    return date.fromordinal(week * 7 + 1)


# The parts of the UK with their own bank holidays, as the `holidays` package names them.
UK_PARTS: dict[str, str] = {
    "ENG": "England and Wales",
    "SCT": "Scotland",
    "NIR": "Northern Ireland",
}
# The calendars a team may work to (the `team_calendar` setting); Wales keeps England's.
TEAM_CALENDARS: dict[str, str] = {
    "ENG": "England and Wales",
    "WLS": "Wales",
    "SCT": "Scotland",
    "NIR": "Northern Ireland",
}
FIRST_YEAR, LAST_YEAR = 1900, 2300


def _check_years(first_year: int, last_year: int) -> None:
    if not FIRST_YEAR <= first_year <= last_year <= LAST_YEAR:
        raise PlannerError(f"years {first_year} to {last_year} are outside the calendar's range")


def _bank_holidays(subdiv: str, first_year: int, last_year: int) -> dict[date, str]:
    """One part of the UK's bank holidays with their names, from the `holidays` package.

    `subdiv` matters: without it Easter Monday and the August bank holiday are missing.
    """
    # Imported here, not at the top: importing `holidays` takes about 0.26 s (measured with
    # `python -X importtime`), which every command that needs no calendar would pay.
    import holidays

    found = holidays.country_holidays("GB", subdiv=subdiv, years=range(first_year, last_year + 1))
    return dict(found.items())


@lru_cache(maxsize=64)
def uk_holiday_names(first_year: int, last_year: int) -> dict[date, str]:
    """Every bank holiday in any part of the UK, named with the parts it is kept in when
    not all of them ("Saint Andrew's Day (Scotland)")."""
    _check_years(first_year, last_year)
    parts: dict[date, list[str]] = {}
    names: dict[date, str] = {}
    for subdiv, place in UK_PARTS.items():
        for day, name in _bank_holidays(subdiv, first_year, last_year).items():
            parts.setdefault(day, []).append(place)
            names.setdefault(day, name)
    return {day: _named(names[day], where) for day, where in sorted(parts.items())}


def _named(name: str, where: list[str]) -> str:
    # "Saint Andrew's Day (Scotland)", "Easter Monday (not Scotland)",
    # "New Year Holiday (observed, Scotland)".
    if len(where) == len(UK_PARTS):
        return name
    if len(where) == len(UK_PARTS) - 1:
        (missing,) = set(UK_PARTS.values()) - set(where)
        place = f"not {missing}"
    else:
        place = " and ".join(where)
    if name.endswith(")"):
        return f"{name[:-1]}, {place})"
    return f"{name} ({place})"


@lru_cache(maxsize=64)
def united_kingdom(first_year: int, last_year: int) -> WorkingCalendar:
    """The Act's working days for whole years: not a weekend, nor a bank holiday in any
    part of the UK (PA 2023 s.123). Every statutory period counts on this calendar."""
    closed = uk_holiday_names(first_year, last_year)
    return WorkingCalendar(closed.keys(), date(first_year, 1, 1), date(last_year, 12, 31))


@lru_cache(maxsize=8)
def team_calendar(part: str, first_year: int, last_year: int) -> WorkingCalendar:
    """Working days where the team works (a `TEAM_CALENDARS` key), for officer capacity."""
    if part not in TEAM_CALENDARS:
        known = ", ".join(f"{k} ({v})" for k, v in TEAM_CALENDARS.items())
        raise PlannerError(f"'{part}' is not a team calendar (known: {known})")
    _check_years(first_year, last_year)
    closed = _bank_holidays(part, first_year, last_year)
    return WorkingCalendar(closed.keys(), date(first_year, 1, 1), date(last_year, 12, 31))


def england_and_wales(first_year: int, last_year: int) -> WorkingCalendar:
    """Working days in England and Wales for whole years (the default team calendar)."""
    return team_calendar("ENG", first_year, last_year)


def calendar_covering(
    first: date, last: date, *, years_before: int = 0, years_after: int = 0
) -> WorkingCalendar:
    """The UK-wide (statutory) calendar from `first` to `last` in whole years, padded by
    whole years either side for arithmetic that reaches past them (the one way every caller
    builds one)."""
    return united_kingdom(first.year - years_before, last.year + years_after)


def team_calendar_like(cal: WorkingCalendar, part: str) -> WorkingCalendar:
    """The team's calendar over the same whole years as `cal`."""
    return team_calendar(part, cal.first.year, cal.last.year)


def bank_holidays_between(first: date, last: date) -> list[tuple[date, str]]:
    """The UK-wide bank holidays (not weekends) from `first` to `last` inclusive, named."""
    if last < first:
        return []
    names = uk_holiday_names(first.year, last.year)
    return [(day, name) for day, name in names.items() if first <= day <= last]


@overload
def slippage_days(cal: WorkingCalendar, baseline: date, when: date) -> int: ...
@overload
def slippage_days(cal: WorkingCalendar, baseline: date | None, when: date | None) -> int | None: ...
def slippage_days(cal: WorkingCalendar, baseline: date | None, when: date | None) -> int | None:
    """Working days `when` is later (+) or earlier (-) than `baseline`; None without both."""
    if baseline is None or when is None:
        return None
    return cal.working_days_between(baseline, when)
