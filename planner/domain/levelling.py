"""Officers' weekly capacity and placing each stage's effort where there is room for it.

Capacity and demand are whole minutes, so repeated booking never drifts the way sums of
fractional hours do. Weeks are the Monday-based numbers of `planner.domain.calendar`.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate

from planner.domain.calendar import WorkingCalendar
from planner.domain.sharing import Shared


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
        team: WorkingCalendar | None = None,
    ) -> None:
        self.cal = cal
        self.shared = Shared(cal.size)  # what levelling keeps, held once (memory)
        self.first_week = first_week
        self.end_week = end_week
        span = end_week - first_week
        # Working days per week over the horizon, counted once from the calendar's tables,
        # and two lookups the placement search uses instead of calling into the calendar:
        # the week (offset from first_week) of every working-day index, and the first
        # working-day index of every week.
        open_days = [0] * span
        first_index = cal.index_on_or_after(_monday(first_week))
        self.week_of: list[int] = [cal.week(i) - first_week for i in range(cal.size)]
        # Each held week's number, made once: a plan books hundreds of thousands of
        # (week, minutes) pairs, and these share their week's number instead of each
        # holding its own.
        self.week_number: list[int] = list(range(first_week, end_week))
        self.week_start: list[int] = [cal.size] * (span + 1)
        for index in range(cal.size - 1, first_index - 1, -1):
            week = self.week_of[index]
            if week < span:
                open_days[week] += 1
                self.week_start[week] = index
        for week in range(span - 1, -1, -1):  # a week with no working days at all
            self.week_start[week] = min(self.week_start[week], self.week_start[week + 1])
        closed = cal.holidays
        if team is not None and team.holidays != cal.holidays:
            # Hours follow the team's own calendar: a Scottish bank holiday stops the
            # statutory clock but not an English team's work.
            open_days = [
                len(team.working_days_in_week(_monday(first_week + w))) for w in range(span)
            ]
            closed = team.holidays
        self.capacity: dict[str, list[int]] = {}
        self.free: dict[str, list[int]] = {}
        for officer in officers:
            per_day = officer.weekly_hours * 60 / 5
            days = list(open_days)
            for day in leave_days(leave.get(officer.name, ())):
                week = _week_of(day) - first_week
                if 0 <= week < span and day.weekday() < 5 and day not in closed:
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

    def release(self, officer: str, booked: Iterable[tuple[int, int]]) -> None:
        """Give back (week, minutes) bookings made by `book` or `force`."""
        free = self.free[officer]
        first, size = self.first_week, len(free)
        for week, minutes in booked:
            offset = week - first
            if 0 <= offset < size:
                free[offset] += minutes

    def take(self, officer: str, booked: Iterable[tuple[int, int]]) -> None:
        """Book (week, minutes) pairs again exactly as `book` or `force` returned them."""
        free = self.free[officer]
        first, size = self.first_week, len(free)
        for week, minutes in booked:
            offset = week - first
            if 0 <= offset < size:
                free[offset] -= minutes

    def _allocate(
        self, officer: str, start: int, span: int, minutes: int, *, force: bool
    ) -> list[tuple[int, int]]:
        free = self.free[officer]
        size = len(free)
        week_of = self.week_of
        end = start + span
        if end > len(week_of):
            end = len(week_of)
        if end <= start:
            raise IndexError("a stage cannot start after the calendar ends")
        first, last = week_of[start], week_of[end - 1]
        if first == last:
            # All in one week (most stages): the pro rata share and the top-up below both
            # come to every minute in that week, room or not (the caller has checked).
            if 0 <= first < size:
                free[first] -= minutes
            return [(first + self.first_week, minutes)] if minutes else []
        if first < 0 or last >= size:
            return self._allocate_clipped(free, start, end, span, minutes, force=force)
        order, days = self._weeks_touched(first, last, start, end)
        shares = _shares(free, order, days, span, minutes, force)
        booked = []
        numbers = self.week_number
        for n, share in enumerate(shares):
            if share:
                week = order[n]
                free[week] -= share
                booked.append((numbers[week], share))
        return booked

    def _weeks_touched(
        self, first: int, last: int, start: int, end: int
    ) -> tuple[list[int], list[int]]:
        # The weeks (offsets) the working days start..end-1 touch, with the days in each
        # (a week with none, all bank holidays, is not touched).
        week_start = self.week_start
        order: list[int] = []
        days: list[int] = []
        for week in range(first, last + 1):
            begin, after = week_start[week], week_start[week + 1]
            count = (after if after < end else end) - (begin if begin > start else start)
            if count > 0:
                order.append(week)
                days.append(count)
        return order, days

    def _allocate_clipped(
        self, free: list[int], start: int, end: int, span: int, minutes: int, *, force: bool
    ) -> list[tuple[int, int]]:
        # `_allocate` for a span reaching past the weeks held (minutes there are booked,
        # but no week's free minutes change).
        size = len(free)
        days: dict[int, int] = {}
        for week in self.week_of[start:end]:
            days[week] = days.get(week, 0) + 1
        order = sorted(days)
        shares: dict[int, int] = {}
        remaining = minutes
        for n, week in enumerate(order):
            want = remaining if n == len(order) - 1 else round(minutes * days[week] / span)
            want = min(want, remaining)
            have = free[week] if 0 <= week < size else 0
            take = want if force else max(0, min(want, have))
            shares[week] = take
            remaining -= take
        if remaining > 0:
            for week in order:
                have = (free[week] if 0 <= week < size else 0) - shares[week]
                take = min(remaining, max(have, 0))
                shares[week] += take
                remaining -= take
                if not remaining:
                    break
        if remaining > 0:
            shares[order[-1]] += remaining
        booked = []
        for week in order:
            if shares[week]:
                if 0 <= week < size:
                    free[week] -= shares[week]
                booked.append((week + self.first_week, shares[week]))
        return booked

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


def _shares(
    free: list[int], order: list[int], days: list[int], span: int, minutes: int, force: bool
) -> list[int]:
    # Minutes for each week in `order`: pro rata to its days, never more than the week has
    # free unless forcing, the last week taking what is left; then topped up from weeks
    # with room to spare; what still remains (only when forcing) goes on the last week.
    shares: list[int] = []
    remaining = minutes
    final = len(order) - 1
    for n in range(final + 1):
        if n == final:
            want = remaining
        else:
            want = round(minutes * days[n] / span)
            if want > remaining:
                want = remaining
        if not force:
            have = free[order[n]]
            if have < want:
                want = have if have > 0 else 0
        shares.append(want)
        remaining -= want
    if remaining > 0:  # top up from weeks with room to spare
        for n in range(final + 1):
            spare = free[order[n]] - shares[n]
            if spare > 0:
                take = remaining if remaining < spare else spare
                shares[n] += take
                remaining -= take
                if not remaining:
                    break
    if remaining > 0:  # only reachable when forcing: the last week carries the rest
        shares[final] += remaining
    return shares


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

    Only starts that change which weeks the stage covers are tried, found in one step from
    the week tables, so a run of full weeks costs one check per week, not per day.
    """
    free = capacity.free[officer]
    last_start = len(capacity.week_of) - span
    if lo < 0:
        lo = 0
    start = target if target < last_start else last_start
    if lo <= start:
        found = _earlier(capacity, free, lo, start, span, minutes)
        if found is not None:
            return found
    stop = min(hi + horizon, last_start)
    if target + 1 > stop:
        return None
    return _later(capacity, free, target + 1, stop, span, minutes)


def _earlier(
    capacity: Capacity, free: list[int], lo: int, start: int, span: int, minutes: int
) -> int | None:
    # `find_start` looking earlier: from `start` back to `lo`. One sum over the whole range
    # first: when the officer's weeks are all but full (the usual case for work that does
    # not fit), no window inside can fit and none is tried.
    week_of, week_start = capacity.week_of, capacity.week_start
    reach = span - 1
    first, last = week_of[lo], week_of[start + reach]
    if first < 0 or last >= len(free):
        return _search_back(capacity, free, lo, start, span, minutes)
    # Every window lies inside the officer's weeks: no clipping (the usual case).
    if sum(free[first : last + 1]) < minutes:
        return None
    while start >= lo:
        a = week_of[start]
        b = week_of[start + reach]
        if (free[a] if a == b else sum(free[a : b + 1])) >= minutes:
            return start
        if a <= 0:
            break
        # The latest earlier start whose first or last week differs.
        start = week_start[a] - 1
        if week_start[b] - span > start:
            start = week_start[b] - span
    return None


def _later(
    capacity: Capacity, free: list[int], start: int, stop: int, span: int, minutes: int
) -> int | None:
    # `find_start` looking later: from `start` up to `stop`.
    week_of, week_start = capacity.week_of, capacity.week_start
    reach = span - 1
    weeks = len(free)
    first, last = week_of[start], week_of[stop + reach]
    if first < 0 or last >= weeks:
        return _search_on(capacity, free, start, stop, span, minutes)
    # Running totals over the range (`total[k]`: free minutes in its first k weeks): this
    # walk can cross a year of full weeks, and a window's room is then two lookups.
    held = free[first : last + 1]
    if sum(held) < minutes:  # a third of the calls at national scale: no totals needed
        return None
    total = list(accumulate(held, initial=0))
    end = weeks - 1
    # With no overloaded week in the range the totals only grow, so after a window that
    # does not fit, none fits until one ends in the first week where the total from this
    # window's first week reaches `minutes`: the walk goes straight there.
    growing = min(held) >= 0
    while start <= stop:
        a = week_of[start]
        b = week_of[start + reach]
        if total[b + 1 - first] - total[a - first] >= minutes:
            return start
        if a >= end:
            break
        if growing:
            reached = bisect_left(total, total[a - first] + minutes, b + 2 - first)
            if reached == len(total):
                return None
            start = week_start[first + reached - 1] - reach
            continue
        # The earliest later start whose first or last week differs from this one's.
        start = week_start[a + 1]
        if week_start[b + 1] - reach < start:
            start = week_start[b + 1] - reach
    return None


def _room(free: list[int], first: int, last: int) -> int:
    # Free minutes over week offsets first..last, clipped to the officer's weeks.
    return sum(free[max(first, 0) : max(min(last, len(free) - 1) + 1, 0)])


def _search_back(
    capacity: Capacity, free: list[int], lo: int, start: int, span: int, minutes: int
) -> int | None:
    # `find_start` looking earlier, for ranges that reach past the officer's weeks.
    week_of, week_start, weeks = capacity.week_of, capacity.week_start, len(free)
    if _room(free, week_of[lo], week_of[start + span - 1]) < minutes:
        return None
    while start >= lo:
        a, b = week_of[start], week_of[start + span - 1]
        if b >= 0 and a < weeks and _room(free, a, b) >= minutes:
            return start
        if a <= 0:
            break
        start = max(week_start[a] - 1, week_start[b] - span) if b < weeks else week_start[a] - 1
    return None


def _search_on(
    capacity: Capacity, free: list[int], start: int, stop: int, span: int, minutes: int
) -> int | None:
    # `find_start` looking later, for ranges that reach past the officer's weeks.
    week_of, week_start, weeks = capacity.week_of, capacity.week_start, len(free)
    if _room(free, week_of[start], week_of[stop + span - 1]) < minutes:
        return None
    while start <= stop:
        a, b = week_of[start], week_of[start + span - 1]
        if b >= 0 and a < weeks and _room(free, a, b) >= minutes:
            return start
        if a + 1 >= weeks or b + 1 > weeks:
            break
        start = min(week_start[a + 1], week_start[b + 1] - span + 1)
    return None
