"""Holding a plan's many equal small values once.

A plan of 50,000 reviews keeps millions of working-day indices (each stage's latest and
earliest start, where it was placed) and (week, minutes) bookings alive until it is
stored. Each index computed by arithmetic is an int object of its own (28 bytes, beside
the list's pointer to it), though there are only as many distinct indices as the calendar
has days, and a few thousand distinct bookings. Replacing each with one shared object of
the same value changes no value and no comparison, and holds each only once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class Shared:
    """One object for each distinct working-day index in `0..size` and each distinct
    (week, minutes) booking, handed out in place of equal ones."""

    __slots__ = ("_ints", "_pairs")

    def __init__(self, size: int) -> None:
        self._ints = list(range(size + 1))
        self._pairs: dict[tuple[int, int], tuple[int, int]] = {}

    def indices(self, values: list[Any]) -> None:
        """Replace, in place, each index in `values` (working-day indices or None) that is in
        range by the shared one (None and any index outside the calendar are kept)."""
        ints, n = self._ints, len(self._ints)
        if not values:
            return
        if None not in values and min(values) >= 0 and max(values) < n:
            # Every value an index in range (the usual list): replaced in one pass in C.
            values[:] = map(ints.__getitem__, values)
            return
        values[:] = [ints[v] if type(v) is int and 0 <= v < n else v for v in values]

    def pairs(self, booked: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
        """A new list of `booked` with each (week, minutes) pair the shared one."""
        pairs = self._pairs
        return list(map(pairs.setdefault, booked, booked))
