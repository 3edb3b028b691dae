"""Holding a plan's equal small values once changes no value (planner.domain.sharing)."""

from __future__ import annotations

from planner.domain.sharing import Shared


def test_every_index_in_range_becomes_the_shared_one_and_keeps_its_value() -> None:
    shared = Shared(10_000)
    values: list[int | None] = [int("7001"), int("0"), int("10000")]
    kept = values
    shared.indices(values)
    assert values is kept  # replaced in place
    assert values == [7001, 0, 10000]
    assert values[0] is shared._ints[7001] and values[2] is shared._ints[10000]


def test_none_and_indices_outside_the_calendar_are_kept_as_they_are() -> None:
    shared = Shared(100)
    big, negative = int("101"), int("-3")
    values: list[int | None] = [None, int("50"), big, negative]
    shared.indices(values)
    assert values == [None, 50, 101, -3]
    assert values[1] is shared._ints[50]
    assert values[2] is big and values[3] is negative


def test_an_empty_list_stays_empty() -> None:
    values: list[int | None] = []
    Shared(5).indices(values)
    assert values == []


def test_bookings_come_back_equal_in_order_each_pair_held_once() -> None:
    shared = Shared(10)
    first = shared.pairs([(2900, 120), (2901, 60)])
    again = shared.pairs([(2901, int("60")), (2900, 120)])
    assert first == [(2900, 120), (2901, 60)]
    assert again == [(2901, 60), (2900, 120)]
    assert again[0] is first[1] and again[1] is first[0]
