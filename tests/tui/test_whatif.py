"""What-if: changes tried in a scratch copy, compared with the real plan, then committed as
one change or discarded; nothing touches the real database until commit (issue 12)."""

from __future__ import annotations

from collections.abc import Callable

from planner.store import Database
from planner.store.triage import Target, set_triage_field
from planner.tui.app import PlannerApp
from planner.tui.dialogs.whatif import WhatIfDialog
from planner.tui.widgets import ContractTable
from planner.tui.widgets.chrome import WhatIfBanner
from tests.tui.conftest import press, record_notifications, settle, wait_until

RED_UNTIL_EXTENDED = "EST-00016"  # see tests/tui/test_live_plan.py


def _contract(db: Database) -> tuple[int, int]:
    cid, version = db.conn.execute(
        "SELECT id, version FROM contracts WHERE ref = ?", (RED_UNTIL_EXTENDED,)
    ).fetchone()
    return cid, version


def _decision(db: Database, cid: int) -> tuple[str | None, str | None]:
    return db.conn.execute("SELECT decision, rag FROM contracts WHERE id = ?", (cid,)).fetchone()


def _edits(db: Database) -> int:
    return int(db.conn.execute("SELECT count(*) FROM changes WHERE kind = 'edit'").fetchone()[0])


async def _extend_in_a_whatif(app: PlannerApp, pilot: object, cid: int) -> None:
    await press(pilot, "w")  # type: ignore[arg-type]
    await wait_until(pilot, lambda: app.whatif_changes == 0)  # type: ignore[arg-type]
    assert app.screen.query_one(WhatIfBanner).display
    table = app.screen.query_one(ContractTable)
    table.cursor = next(n for n, row in table.rows.items() if row.id == cid)
    await settle(pilot)  # type: ignore[arg-type]
    await press(pilot, "e")  # type: ignore[arg-type]
    await wait_until(pilot, lambda: app.whatif_changes == 1)  # type: ignore[arg-type]
    await settle(pilot)  # type: ignore[arg-type]
    row = next(r for r in table.rows.values() if r.id == cid)
    assert (row.decision, row.rag) == ("extend", "green"), "the screens show the what-if"


async def _compare(app: PlannerApp, pilot: object) -> WhatIfDialog:
    await press(pilot, "w")  # type: ignore[arg-type]
    await wait_until(pilot, lambda: isinstance(app.screen, WhatIfDialog))  # type: ignore[arg-type]
    assert isinstance(app.screen, WhatIfDialog)
    return app.screen


async def test_a_whatif_commits_its_changes_as_one_change(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    cid, _ = _contract(read_db)
    before = _decision(read_db, cid)
    edits = _edits(read_db)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await _extend_in_a_whatif(app, pilot, cid)
        assert _decision(read_db, cid) == before, "nothing touches the real database yet"
        dialog = await _compare(app, pilot)
        moves = {m.ref: (m.before, m.after) for m in dialog.found.rag_moves}
        assert moves[RED_UNTIL_EXTENDED] == ("red", "green")
        await press(pilot, "c")
        await wait_until(pilot, lambda: app.whatif is None)
        await settle(pilot)
        assert not app.screen.query_one(WhatIfBanner).display
    assert _decision(read_db, cid) == ("extend", "green")
    assert _edits(read_db) == edits + 1


async def test_a_discarded_whatif_leaves_the_database_as_it_was(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    cid, _ = _contract(read_db)
    before = _decision(read_db, cid)
    changes = read_db.conn.execute("SELECT count(*) FROM changes").fetchone()
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await _extend_in_a_whatif(app, pilot, cid)
        await _compare(app, pilot)
        await press(pilot, "d")
        await wait_until(pilot, lambda: app.whatif is None)
        await settle(pilot)
        row = next(r for r in app.screen.query_one(ContractTable).rows.values() if r.id == cid)
        assert (row.decision, row.rag) == before
    assert _decision(read_db, cid) == before
    assert read_db.conn.execute("SELECT count(*) FROM changes").fetchone() == changes


async def test_a_change_made_meanwhile_by_someone_else_stops_the_commit(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    cid, version = _contract(read_db)
    app = make_app()
    notes = record_notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await _extend_in_a_whatif(app, pilot, cid)
        (priority,) = read_db.conn.execute(
            "SELECT priority FROM contracts WHERE id = ?", (cid,)
        ).fetchone()
        other = 5 if priority != 5 else 4
        set_triage_field(read_db, [Target(cid, version)], "priority", other, who="someone else")
        await _compare(app, pilot)
        await press(pilot, "c")
        await wait_until(pilot, lambda: any("Not committed" in n for n in notes))
        assert app.whatif is not None, "the what-if goes on, to be discarded"
    assert _decision(read_db, cid)[0] is None
