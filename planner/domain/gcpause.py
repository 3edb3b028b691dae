"""Pausing Python's cyclic garbage collector around one large batch of work.

A schedule of 50,000 reviews allocates millions of small objects that all stay in use
until the run ends. Every so often the cyclic collector walks every one of them looking for
unreachable cycles, and the heap it walks grows with the programme, so the walks cost more
the larger the programme: a third of the compute time at 50,000 reviews. The batch makes no
cycles that need collecting (reference counting frees what it drops), so the collector is
paused for its length and resumes, as it was, when it ends.

Resuming as it was would leave every object the batch made in the youngest generation, and
the first allocation after it would walk them all (measured: 7% of a plan of 50,000
reviews). So the collector resumes with them already in the oldest generation, where
surviving a few young collections would have put them anyway: `gc.freeze()` then
`gc.unfreeze()` moves every tracked object there in one step, without walking any.

A program that keeps a plan for hours (the UI's live plan: 1.7 million tracked objects at
50,000 reviews) cannot leave it in the oldest generation: the next full collection walks
all of it, and the UI stops for 1.4 s (measured, a few seconds after each large re-plan).
`kept_frozen` leaves what the batch made frozen instead, out of every automatic collection.
Freezing takes every tracked object, so any cyclic garbage that exists at that moment (or
that an object frozen then later becomes) is held too; `reclaim` collects it, with one full
walk, when the user is away (planner/tui/live_plan.py), and `release` ends the freeze.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector inside the block (nesting is fine)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            else:
                # A kept plan is frozen (kept_frozen): unfreezing would put it back in the
                # full collections' walk, so what this batch made joins it instead.
                gc.freeze()
            gc.enable()


@contextmanager
def kept_frozen() -> Iterator[None]:
    """Pause the collector for a batch whose results the program keeps (the live plan),
    and keep them, and everything else tracked, out of its walks until `reclaim`."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def reclaim() -> int:
    """Collect the cyclic garbage held frozen, and freeze what is left again: one full walk
    of everything (1.4 s at 50,000 reviews). Returns how many objects it freed."""
    gc.unfreeze()
    found = gc.collect()
    gc.freeze()
    # The collector runs a full collection when the objects promoted since the last one
    # exceed a quarter of what that one left: counted now (nothing, all frozen), not as
    # the plan, so full collections stay as frequent, and as short, as the UI's own.
    gc.collect()
    return found


def release() -> None:
    """End `kept_frozen`: everything frozen goes back to the oldest generation."""
    gc.unfreeze()
