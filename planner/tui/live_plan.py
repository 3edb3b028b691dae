"""The live plan: after a change the plan is brought up to date in the background, and a
change another program makes is noticed and followed (docs/guide/scheduling.md, "The plan
follows every change"; docs/architecture.md, "The live plan")."""

from __future__ import annotations

import gc
import logging
import sqlite3
import threading
import time
from datetime import date
from typing import TYPE_CHECKING

from textual import events, work
from textual.app import App
from textual.reactive import reactive
from textual.timer import Timer
from textual.worker import get_current_worker

from planner.domain.codes import Role
from planner.domain.gcpause import kept_frozen, reclaim, release
from planner.store.connection_state import data_version
from planner.tui.connections import Connections, WriteCancelled
from planner.tui.messages import DatabaseChanged, PlanUpdated
from planner.tui.roles import write_refusal

if TYPE_CHECKING:  # at run time these load with the first re-plan, not at start-up
    from planner.store.db import Database
    from planner.store.schedule_run import LivePlan, ScheduleResult
    from planner.tui.whatif import WhatIfSession

log = logging.getLogger(__name__)

REPLAN_SECONDS = 0.15  # quiet after a change before the plan is brought up to date
REPLAN_RETRY_SECONDS = 2.0  # wait before trying again when another program was writing
# Quiet, with no key or mouse, before the garbage held with the frozen plan is collected:
# a full walk of the plan, which stops the UI for it (1.4 s at 50,000 contracts).
RECLAIM_IDLE_SECONDS = 60.0


def replan(db: Database, today: date, who: str, live: LivePlan) -> ScheduleResult | None:
    """planner.store.schedule_run.replan, loaded on first use: the scheduler's modules add
    about 100 ms to start-up (`python -X importtime`), which the first paint does not need.

    The plan is kept frozen (planner.domain.gcpause): left in the collector's oldest
    generation, it made the next full collection walk it, a pause of 1.4 s a few seconds
    after a re-plan of 50,000 contracts lands, while the user types."""
    from planner.store.schedule_run import replan as replan_now

    with kept_frozen():
        return replan_now(db, today, who, live)


class LivePlanning(App[None]):
    """The part of the planner app that keeps the stored plan following the data."""

    replanning: reactive[bool] = reactive(False)
    """A change landed and the plan is being brought up to date (the top line says so)."""

    # Set by the app (PlannerApp.__init__).
    today: date
    who: str
    role: Role
    whatif: WhatIfSession | None
    real_connections: Connections

    def __init__(self) -> None:
        super().__init__()
        # None: the plan is brought up to date only when asked (p on the Programme screen).
        self.replan_seconds: float | None = REPLAN_SECONDS
        self._replan_timer: Timer | None = None
        self._replan_running = False  # a re-plan job is computing (at most one at a time)
        self._replan_again = False  # a change landed while it ran: re-plan once it ends
        self._live_plan: LivePlan | None = None  # see live_plan
        self.plan_lock = threading.Lock()
        self._data_version: tuple[int, int] | None = None  # (writes', re-plans' connection)
        self.reclaim_idle_seconds = RECLAIM_IDLE_SECONDS
        self._last_input = time.monotonic()
        self._reclaim_timer: Timer | None = None
        self.reclaimed: list[int] = []  # objects each reclaim freed (for the record and tests)

    @property
    def live_plan(self) -> LivePlan:
        """How the last re-plan was made (touched only under plan_lock, by one job at a time)."""
        if self._live_plan is None:
            from planner.store.schedule_run import LivePlan  # see replan

            self._live_plan = LivePlan()
        return self._live_plan

    def action_reload(self) -> None:
        """Read the current screen's data again."""

    def plan_changed(self, delay: float | None = None) -> None:
        """A change that can move the plan landed: re-plan once changes stop coming for a
        moment (each change restarts the wait), in the background, beside the write queue."""
        if self.replan_seconds is None or self.whatif is not None:
            return
        if write_refusal(self.role) is not None:  # a viewer writes nothing, not even a plan
            return
        if self._replan_timer is not None:
            self._replan_timer.stop()
        wait = self.replan_seconds if delay is None else delay
        self._replan_timer = self.set_timer(wait, self._start_replan, name="replan")
        self.replanning = True

    def _start_replan(self) -> None:
        self._replan_timer = None
        if self._replan_running:  # one at a time: the next starts when this one ends
            self._replan_again = True
            return
        self._replan_running = True
        self._replan()

    @work(thread=True, group="replan", exit_on_error=False)
    def _replan(self) -> None:
        # On a connection of its own, not the write queue: the user's writes never wait for
        # a re-plan (seconds on a large register). It reads one snapshot and writes only if
        # nobody committed since, so a plan made from older data is never stored: a write
        # that lands meanwhile gets a re-plan of its own (see on_plan_updated).
        try:
            with self.plan_lock, self.real_connections.planning() as db:
                assert db is not None  # waited for it
                result = replan(db, self.today, self.who, self.live_plan)
        except WriteCancelled:
            return
        except Exception as exc:  # the plan stays as it was; the change itself was saved
            if isinstance(exc, sqlite3.OperationalError) and "interrupt" in str(exc):
                # A user's write stopped it (Connections.user_write): nothing was
                # stored, and that write's own re-plan follows.
                self.post_message(PlanUpdated(None))
                return
            log.exception("re-plan failed")
            self.post_message(PlanUpdated(None, error=f"{type(exc).__name__}: {exc}"))
            return
        summary = None if result is None else f"Plan up to date ({len(result.reviews):,} reviews)"
        self.post_message(PlanUpdated(summary))

    def on_plan_updated(self, message: PlanUpdated) -> None:
        self._replan_running = False
        self._reclaim_later()
        if self._replan_again:  # a change landed while it ran: its plan is not stored yet
            self._replan_again = False
            self._start_replan()
        elif message.error is not None:
            self.replanning = self._replan_timer is not None
            self.notify(f"The plan could not be brought up to date ({message.error}); the "
                        "change was saved, and p on the Programme screen tries again",
                        title="Re-plan", severity="error", timeout=10, markup=False)  # fmt: skip
            return
        elif message.summary is None:
            # Refused: someone committed since it read. This app's own change has its re-plan
            # waiting already; another program's is tried again shortly.
            if self._replan_timer is None:
                self.plan_changed(REPLAN_RETRY_SECONDS)
            return
        elif self._replan_timer is None:  # no newer change waiting for its own re-plan
            self.replanning = False
        self.action_reload()

    # ---------------------------------------------------------------- the frozen plan

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self._last_input = time.monotonic()  # the user is here: no full walk now
        await super().on_event(event)

    def _reclaim_later(self) -> None:
        if self._reclaim_timer is None and gc.get_freeze_count():
            self._reclaim_timer = self.set_timer(
                self.reclaim_idle_seconds, self._reclaim_when_idle, name="reclaim"
            )

    def _reclaim_when_idle(self) -> None:
        # Garbage frozen with a plan (planner.domain.gcpause) is collected once the user has
        # been away a while, and never while a plan is being made (its objects are young).
        self._reclaim_timer = None
        quiet = time.monotonic() - self._last_input
        busy = self._replan_running or self._replan_timer is not None or not gc.isenabled()
        if busy or quiet < self.reclaim_idle_seconds:
            wait = self.reclaim_idle_seconds - (0 if busy else quiet)
            self._reclaim_timer = self.set_timer(wait, self._reclaim_when_idle, name="reclaim")
            return
        self.reclaimed.append(reclaim())

    def on_unmount(self) -> None:
        # The collector as it was before the app (a test run goes on in this process).
        if self._reclaim_timer is not None:
            self._reclaim_timer.stop()
        release()

    # ---------------------------------------------------------------- other programs

    def look_for_changes(self) -> None:
        """Check now whether another process has changed the database (the watch timer's tick)."""
        self._read_data_version(self.real_connections.ticket())

    @work(thread=True, group="watch", exit_on_error=False)
    def _read_data_version(self, ticket: int) -> None:
        # A connection's data_version moves only when *another* connection commits. This
        # app commits on two (its writes, its re-plans), so a change made by another
        # program is one that moved both; a tick while a re-plan holds its connection is
        # left to the next one.
        worker = get_current_worker()
        try:
            with self.real_connections.planning(wait=False) as planning:
                with self.real_connections.writer(ticket, lambda: worker.is_cancelled) as db:
                    version = data_version(db)
                if planning is None:
                    return
                versions = (version, data_version(planning))
        except WriteCancelled:
            return
        before = self._data_version
        moved = before is not None and all(a != b for a, b in zip(versions, before, strict=True))
        if moved:
            self.post_message(DatabaseChanged())
        self._data_version = versions

    def on_database_changed(self, message: DatabaseChanged) -> None:
        self.action_reload()
        # Another program (a planner, the command line) changed the file: the plan follows
        # (a re-plan that finds nothing to change writes nothing, so two planners settle).
        self.plan_changed()
