"""Officers' weekly capacity and placing each stage's effort where there is room for it.

Capacity and demand are whole minutes, so repeated booking never drifts the way sums of
fractional hours do. Weeks are the Monday-based numbers of `planner.domain.calendar`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from planner.domain.calendar import WorkingCalendar


@dataclass(frozen=True, slots=True)
class Officer:
    """A procurement officer: weekly hours and the departments or categories they know."""

    name: str
    weekly_hours: float
    skills: tuple[str, ...] = ()

    def knows(self, department: str | None, category: str | None) -> bool:
        """True if one of their skills names the department or appears in the category."""
        dept = (department or "").lower()
        cat = (category or "").lower()
        return any(s.lower() == dept or (s and s.lower() in cat) for s in self.skills)


def leave_days(spans: Iterable[tuple[date, date]]) -> set[date]:
    """Every calendar day inside the given inclusive (start, end) spans of leave."""
    days: set[date] = set()
    for start, end in spans:
        day = start
        while day <= end:
            days.add(day)
            day += timedelta(days=1)
    return days


class Capacity:
    """Free minutes per officer per week from `first_week` up to (not including) `end_week`.

    Capacity is weekly hours pro rata to the working days left in the week after bank
    holidays and leave. Booking takes minutes off; nothing here lets a week go below zero
    except `force`, which the scheduler uses only when no room was found and then reports.
    """

    def __init__(
        self,
        cal: WorkingCalendar,
        officers: Sequence[Officer],
        leave: Mapping[str, Iterable[tuple[date, date]]],
        first_week: int,
        end_week: int,
    ) -> None:
        self.cal = cal
        self.first_week = first_week
        self.end_week = end_week
        span = end_week - first_week
        # Working days per week over the horizon, counted once from the calendar's tables.
        open_days = [0] * span
        first_index = cal.index_on_or_after(_monday(first_week))
        for index in range(first_index, cal.size):
            week = cal.week(index) - first_week
            if week >= span:
                break
            open_days[week] += 1
        self.capacity: dict[str, list[int]] = {}
        self.free: dict[str, list[int]] = {}
        for officer in officers:
            per_day = officer.weekly_hours * 60 / 5
            days = list(open_days)
            for day in leave_days(leave.get(officer.name, ())):
                week = _week_of(day) - first_week
                if 0 <= week < span and day.weekday() < 5 and day not in cal.holidays:
                    days[week] -= 1
            minutes = [round(per_day * d) for d in days]
            self.capacity[officer.name] = minutes
            self.free[officer.name] = list(minutes)

    def room(self, officer: str, first: int, last: int) -> int:
        """Free minutes for `officer` over weeks `first`..`last` (absolute week numbers)."""
        free = self.free[officer]
        lo = max(first - self.first_week, 0)
        hi = min(last - self.first_week + 1, len(free))
        return sum(free[lo:hi]) if hi > lo else 0

    def book(self, officer: str, start: int, span: int, minutes: int) -> list[tuple[int, int]]:
        """Take `minutes` from the weeks the working days start..start+span-1 fall in:
        pro rata to the days in each week, topping up from weeks with room to spare.
        Returns (week, minutes) pairs; the caller has checked there is room."""
        return self._allocate(officer, start, span, minutes, force=False)

    def force(self, officer: str, start: int, span: int, minutes: int) -> list[tuple[int, int]]:
        """Book regardless of room (the work found nowhere to fit): weeks may go negative."""
        return self._allocate(officer, start, span, minutes, force=True)

    def _allocate(
        self, officer: str, start: int, span: int, minutes: int, *, force: bool
    ) -> list[tuple[int, int]]:
        free = self.free[officer]
        weeks: dict[int, int] = {}
        for index in range(start, start + span):
            week = self.cal.week(index)
            weeks[week] = weeks.get(week, 0) + 1
        order = sorted(weeks)
        shares: dict[int, int] = {}
        remaining = minutes
        for n, week in enumerate(order):
            offset = week - self.first_week
            want = remaining if n == len(order) - 1 else round(minutes * weeks[week] / span)
            want = min(want, remaining)
            have = free[offset] if 0 <= offset < len(free) else 0
            take = want if force else max(0, min(want, have))
            shares[week] = take
            remaining -= take
        if remaining > 0:
            for week in order:
                offset = week - self.first_week
                have = (free[offset] if 0 <= offset < len(free) else 0) - shares[week]
                take = min(remaining, max(have, 0))
                shares[week] += take
                remaining -= take
                if not remaining:
                    break
        if remaining > 0:  # only reachable when forcing: the last week carries the rest
            shares[order[-1]] += remaining
        booked = []
        for week in order:
            if shares[week]:
                offset = week - self.first_week
                if 0 <= offset < len(free):
                    free[offset] -= shares[week]
                booked.append((week, shares[week]))
        return booked

    def overloaded(self) -> list[tuple[str, int, int, int]]:
        """(officer, week, demand minutes, capacity minutes) for weeks booked past capacity."""
        found = []
        for name, free in self.free.items():
            capacity = self.capacity[name]
            for offset, left in enumerate(free):
                if left < 0:
                    week = offset + self.first_week
                    found.append((name, week, capacity[offset] - left, capacity[offset]))
        return found

    def demand(self) -> list[tuple[str, int, int, int]]:
        """(officer, week, demand minutes, capacity minutes) for every week with work booked."""
        rows = []
        for name, free in self.free.items():
            capacity = self.capacity[name]
            for offset, left in enumerate(free):
                if left != capacity[offset]:
                    week = offset + self.first_week
                    rows.append((name, week, capacity[offset] - left, capacity[offset]))
        return rows


def _week_of(day: date) -> int:
    return (day.toordinal() - 1) // 7


def _monday(week: int) -> date:
    return date.fromordinal(week * 7 + 1)


def find_start(
    capacity: Capacity,
    officer: str,
    *,
    lo: int,
    target: int,
    hi: int,
    horizon: int,
    span: int,
    minutes: int,
) -> int | None:
    """The start (a working-day index) for a stage of `span` working days needing `minutes`:
    `target` if the officer has room, else the nearest earlier start down to `lo` (pulling
    the work forward), else a later one up to `hi` (eating into the margin), else later
    still, up to `hi + horizon` (late). None if there is no room anywhere in that range.

    Only starts that change which weeks the stage covers are tried, so a full week is
    skipped in one step rather than one day at a time.
    """
    cal = capacity.cal
    week = cal.week
    last_index = cal.size - span
    tried: set[tuple[int, int]] = set()

    def fits(start: int) -> bool:
        key = (week(start), week(start + span - 1))
        if key in tried:
            return False
        tried.add(key)
        return capacity.room(officer, key[0], key[1]) >= minutes

    start = target
    while start >= lo:
        if fits(start):
            return start
        start = _previous_window(cal, start, span)
    start = target + 1
    stop = min(hi + horizon, last_index)
    while start <= stop:
        if fits(start):
            return start
        start = _next_window(cal, start, span)
    return None


def _previous_window(cal: WorkingCalendar, start: int, span: int) -> int:
    # The latest start before `start` whose first or last week differs from start's.
    first_week, last_week = cal.week(start), cal.week(start + span - 1)
    candidate = start - 1
    while candidate >= 0:
        if cal.week(candidate) != first_week or cal.week(candidate + span - 1) != last_week:
            return candidate
        candidate -= 1
    return -1


def _next_window(cal: WorkingCalendar, start: int, span: int) -> int:
    # The earliest start after `start` whose first or last week differs from start's.
    first_week, last_week = cal.week(start), cal.week(start + span - 1)
    candidate = start + 1
    limit = cal.size - span
    while candidate <= limit:
        if cal.week(candidate) != first_week or cal.week(candidate + span - 1) != last_week:
            return candidate
        candidate += 1
    return limit + 1
