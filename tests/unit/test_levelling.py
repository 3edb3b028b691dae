"""The fast paths of levelling give exactly what the plain versions give.

`find_start` and `Capacity._allocate` skip work inside the officer's weeks; the plain
versions they must agree with are kept here as the reference (the search as first written:
every window that changes weeks, clipped to the weeks held). Free minutes are drawn with
negative weeks too, as forced work leaves them.
"""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from planner.domain.calendar import england_and_wales, week_number
from planner.domain.levelling import Capacity, Officer, find_start
from planner.domain.placement import LeastLoaded

CAL = england_and_wales(2026, 2028)
FIRST_WEEK = week_number(date(2026, 11, 23))
END_WEEK = week_number(CAL.last) + 1
OFFICER = Officer("A. Khan", 37.0)
FIRST_INDEX = CAL.index_on_or_after(date(2026, 11, 23))


def _reference(
    capacity: Capacity, free: list[int], lo: int, target: int, hi: int, horizon: int, span: int,
    minutes: int,
) -> int | None:  # fmt: skip
    week_of, week_start, weeks = capacity.week_of, capacity.week_start, len(free)
    last_start = len(week_of) - span
    lo = max(lo, 0)

    def room(first: int, last: int) -> int:
        return sum(free[max(first, 0) : max(min(last, weeks - 1) + 1, 0)])

    def fits(start: int) -> bool:
        a, b = week_of[start], week_of[start + span - 1]
        return not (b < 0 or a >= weeks) and room(a, b) >= minutes

    start = min(target, last_start)
    if lo <= start and room(week_of[lo], week_of[start + span - 1]) < minutes:
        start = lo - 1
    while start >= lo:
        if fits(start):
            return start
        a, b = week_of[start], week_of[start + span - 1]
        if a <= 0:
            break
        start = max(week_start[a] - 1, week_start[b] - span) if b < weeks else week_start[a] - 1
    stop = min(hi + horizon, last_start)
    start = target + 1
    if start <= stop and room(week_of[start], week_of[stop + span - 1]) < minutes:
        return None
    while start <= stop:
        if fits(start):
            return start
        a, b = week_of[start], week_of[start + span - 1]
        if a + 1 >= weeks or b + 1 > weeks:
            break
        start = min(week_start[a + 1], week_start[b + 1] - span + 1)
    return None


@st.composite
def capacities(draw: st.DrawFn) -> Capacity:
    # Weeks held from around the first search to the calendar's end, as the scheduler
    # holds them (sometimes starting after a search begins), with free minutes from
    # overloaded to empty.
    first = FIRST_WEEK + draw(st.integers(-3, 3))
    capacity = Capacity(CAL, [OFFICER], {}, first, END_WEEK)
    free = capacity.free[OFFICER.name]
    minutes = st.one_of(st.just(0), st.integers(-600, -1), st.integers(1, 2220))
    pattern = draw(st.lists(minutes, min_size=1, max_size=12))
    full_from = draw(st.integers(0, 60))
    full_to = full_from + draw(st.integers(0, 60))
    for week in range(len(free)):
        free[week] = 0 if full_from <= week < full_to else pattern[week % len(pattern)]
    return capacity


@settings(max_examples=400, deadline=None)
@given(
    capacities(),
    st.integers(-5, 300),
    st.integers(0, 200),
    st.integers(0, 260),
    st.sampled_from([0, 5, 260]),
    st.sampled_from([1, 2, 3, 5, 8, 10, 15, 20, 25, 60]),
    st.sampled_from([1, 60, 240, 480, 1440, 2880, 6000]),
)
def test_find_start_agrees_with_the_plain_search(
    capacity: Capacity, lo: int, ahead: int, slack: int, horizon: int, span: int, minutes: int
) -> None:
    lo = FIRST_INDEX + lo
    target = lo + ahead
    hi = target + slack
    free = capacity.free[OFFICER.name]
    expected = _reference(capacity, free, lo, target, hi, horizon, span, minutes)
    found = find_start(capacity, OFFICER.name, lo=lo, target=target, hi=hi, horizon=horizon,
                       span=span, minutes=minutes)  # fmt: skip
    assert found == expected


@settings(max_examples=400, deadline=None)
@given(
    capacities(),
    st.integers(-10, 400),
    st.sampled_from([1, 2, 3, 5, 8, 10, 15, 20, 25, 60]),
    st.integers(1, 4000),
    st.booleans(),
)
def test_booking_agrees_with_the_plain_allocation(
    capacity: Capacity, start: int, span: int, minutes: int, force: bool
) -> None:
    start = FIRST_INDEX + start
    free = capacity.free[OFFICER.name]
    plain = list(free)
    expected = capacity._allocate_clipped(
        plain, start, min(start + span, len(capacity.week_of)), span, minutes, force=force
    )
    booked = capacity.force if force else capacity.book
    assert booked(OFFICER.name, start, span, minutes) == expected
    assert free == plain
    assert sum(m for _, m in expected) == minutes


def test_release_then_take_restores_a_booking_exactly() -> None:
    capacity = Capacity(CAL, [OFFICER], {}, FIRST_WEEK, END_WEEK)
    before = list(capacity.free[OFFICER.name])
    booked = capacity.book(OFFICER.name, FIRST_INDEX + 3, 20, 900)
    after = list(capacity.free[OFFICER.name])
    capacity.release(OFFICER.name, booked)
    assert capacity.free[OFFICER.name] == before
    capacity.take(OFFICER.name, booked)
    assert capacity.free[OFFICER.name] == after


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from([7.5, 15.0, 22.5, 30.0, 37.0]), min_size=1, max_size=8),
    st.lists(st.tuples(st.integers(0, 7), st.integers(0, 3000)), max_size=40),
)
def test_the_least_loaded_officer_is_the_one_min_would_choose(
    hours: list[float], bookings: list[tuple[int, int]]
) -> None:
    pool = [Officer(f"Officer {n}", h) for n, h in enumerate(hours)]
    assigned = {o.name: 0 for o in pool}
    least = LeastLoaded(assigned)
    for who, minutes in bookings:
        expected = min(pool, key=lambda o: (assigned[o.name] / o.weekly_hours, o.name))
        assert least.pick(pool) == expected.name
        assigned[pool[who % len(pool)].name] += minutes
