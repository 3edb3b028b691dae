"""Pausing the cyclic collector: a batch's results leave the collector's walks, and garbage
frozen with a kept plan is still collected (planner.domain.gcpause)."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from planner.domain.gcpause import gc_paused, kept_frozen, reclaim, release


class Node:
    """A tracked object that can sit in a cycle."""

    def __init__(self) -> None:
        self.other: Node | None = None


def _walked(obj: object) -> bool:
    # In one of the three generations: what an automatic collection may walk.
    return any(o is obj for o in gc.get_objects())


@pytest.fixture(autouse=True)
def nothing_frozen() -> Iterator[None]:
    release()
    yield
    release()


def test_a_batch_ends_with_what_it_made_in_the_oldest_generation() -> None:
    with gc_paused():
        made = Node()
    assert gc.get_freeze_count() == 0
    assert any(o is made for o in gc.get_objects(generation=2))


def test_a_kept_plan_stays_out_of_every_collection_until_released() -> None:
    """A full collection walks the oldest generation; the live plan at 50,000 contracts
    held there made it stop the UI for 1.4 s (docs/performance.md)."""
    with kept_frozen():
        plan = [Node() for _ in range(3)]
    assert not any(_walked(node) for node in plan)
    gc.collect()
    assert not any(_walked(node) for node in plan)
    release()
    assert all(_walked(node) for node in plan)


def test_a_batch_made_while_a_plan_is_kept_joins_it() -> None:
    with kept_frozen():
        plan = Node()
    with gc_paused():
        more = Node()
    assert not _walked(plan)
    assert not _walked(more)


def test_garbage_frozen_with_a_kept_plan_is_collected_by_reclaim() -> None:
    """No leak: a cycle that became garbage while frozen is freed by the next reclaim,
    and the kept plan stays frozen after it."""
    with kept_frozen():
        plan = Node()
        first, second = Node(), Node()
        first.other, second.other = second, first
        gone = weakref.ref(first)
        del first, second
    gc.collect()
    assert gone() is not None  # frozen: no automatic collection frees it
    assert reclaim() >= 2
    assert gone() is None
    assert not _walked(plan)
