"""The UI and another writer at the same moment (issue 13): the UI's "done today" on a
milestone races another process marking the same milestone done. Both land in turn, the
audit trail replays to what is stored, and the UI shows no error."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from planner.store import Database, open_db
from planner.store.audit_verify import verify_audit
from planner.store.decisions import mark_milestone_done
from planner.tui.app import PlannerApp
from planner.tui.screens.milestones import MilestonesScreen
from planner.tui.widgets import StatusLine
from tests.conftest import FROZEN_TODAY
from tests.tui.conftest import press, settle


async def test_the_ui_and_another_writer_marking_one_milestone_done_both_land_in_turn(
    make_app: Callable[..., PlannerApp], demo_path: Path, read_db: Database
) -> None:
    app = make_app(start="milestones")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MilestonesScreen)
        chosen = screen._current()
        assert chosen is not None and chosen.actual is None
        start = threading.Event()
        failures: list[BaseException] = []

        def other_writer() -> None:
            db = open_db(demo_path, create=False)
            try:
                start.wait()
                mark_milestone_done(db, chosen.contract_id, chosen.stage,
                                    FROZEN_TODAY - timedelta(days=1), "colleague",
                                    today=FROZEN_TODAY)  # fmt: skip
            except BaseException as exc:  # shown by the assertion below
                failures.append(exc)
            finally:
                db.close()

        thread = threading.Thread(target=other_writer)
        thread.start()
        start.set()
        await press(pilot, "d")
        thread.join(timeout=60)
        await settle(pilot)
        shown = app.screen.query_one(StatusLine).message
        assert "unexpected" not in shown and "Not saved" not in shown, shown
        assert failures == []
        stored = read_db.conn.execute(
            "SELECT actual FROM milestones WHERE contract_id = ? AND stage = ?",
            (chosen.contract_id, chosen.stage),
        ).fetchone()[0]
        assert stored in {FROZEN_TODAY.isoformat(), (FROZEN_TODAY - timedelta(days=1)).isoformat()}
    report = verify_audit(read_db)
    assert report.ok, report
