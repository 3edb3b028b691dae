"""The live plan is kept out of the collector's walks: a full collection after a large
re-plan walked all of it and stopped the UI for 1.4 s at 50,000 contracts (issue 12, "Live
plan"; docs/performance.md)."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

from planner.tui.app import PlannerApp
from planner.tui.screens.triage import TriageScreen
from tests.tui.conftest import press, settle, wait_until


async def test_after_a_re_plan_lands_no_collection_walks_the_plan(
    make_app: Callable[..., PlannerApp],
) -> None:
    app = make_app(start="triage", replan_seconds=0.05)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TriageScreen)
        landed: list[bool] = []
        app.watch(app, "replanning", lambda now: landed.append(not now), init=False)
        await press(pilot, "e")
        await wait_until(pilot, lambda: landed[-1:] == [True], seconds=10)
        await settle(pilot)
        kept = {id(levelled) for levelled in app.live_plan.memo.levelled.values()}
        assert len(kept) > 50
        # Automatic collections, full ones included, walk only the three generations.
        assert not any(id(o) in kept for o in gc.get_objects())
        assert gc.get_freeze_count() > len(kept)
    assert gc.get_freeze_count() == 0  # the app leaves the collector as it found it


async def test_garbage_frozen_with_the_plan_is_collected_once_the_user_is_away(
    make_app: Callable[..., PlannerApp],
) -> None:
    """Never while keys come (the full walk would stop them), and without a leak."""
    app = make_app(start="triage", replan_seconds=0.05)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        app.reclaim_idle_seconds = 30.0
        await press(pilot, "e")
        await wait_until(pilot, lambda: app._reclaim_timer is not None, seconds=10)
        await settle(pilot)
        app._last_input = time.monotonic()  # a key a moment ago
        app._reclaim_when_idle()
        assert app.reclaimed == []
        assert app._reclaim_timer is not None  # it waits for the quiet to last
        app._last_input = time.monotonic() - 31
        app._reclaim_when_idle()
        assert len(app.reclaimed) == 1
        kept = {id(levelled) for levelled in app.live_plan.memo.levelled.values()}
        assert not any(id(o) in kept for o in gc.get_objects())  # frozen again
