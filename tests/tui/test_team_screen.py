"""The Team screen (o on Programme): leave and the team changed from the UI, for real (audited,
then re-planned without p) or in a what-if (only in the scratch copy, shown against the real
plan, committed as one change or discarded) (issue 12, "Live plan" and "What-if")."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date
from typing import Any

from textual.screen import Screen

from planner.domain.codes import Role
from planner.store import Database
from planner.store.team import add_leave, remove_leave, remove_officer
from planner.tui.app import PlannerApp
from planner.tui.bindings import key_help
from planner.tui.dialogs import ConfirmDialog, MessageDialog, PromptDialog
from planner.tui.dialogs.whatif import WhatIfDialog
from planner.tui.screens.programme import ProgrammeScreen
from planner.tui.screens.team import TeamScreen
from planner.tui.widgets import StatusLine
from planner.tui.widgets.chrome import WhatIfBanner
from tests.tui.conftest import enter_text, press, record_notifications, settle, wait_until
from tests.tui.test_footer_fits import footer_actions
from tests.tui.test_palette_other_screens import _palette

# In the 120-contract demo, leave for D. Rahman from 30 Nov 2026 to 15 Jan 2027 with B. Shaw
# taken off the team makes EST-00007 late (Amber to Red), and B. Shaw's reviews go to A. Khan.
ON_LEAVE, FIRST, LAST = "D. Rahman", "30/11/2026", "15/01/2027"
TAKEN_OFF, TAKES_OVER, BECOMES_LATE = "B. Shaw", "A. Khan", "EST-00007"


def _capacity_cells(app: PlannerApp) -> list[tuple[str, ...]]:
    table = app.screen.query_one("#capacity")
    return [tuple(str(c) for c in table.get_row_at(n)) for n in range(table.row_count)]  # type: ignore[attr-defined]


def _checksum(db: Database) -> str:
    """Every row of every table, hashed: equal only if nothing at all changed."""
    digest = hashlib.sha256()
    tables = [t for (t,) in db.conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]  # fmt: skip
    for table in tables:
        for row in db.conn.execute(f"SELECT * FROM {table} ORDER BY 1"):
            digest.update(repr(row).encode())
    return digest.hexdigest()


def _leave(db: Database, officer: str) -> list[tuple[str, str]]:
    return db.conn.execute(
        "SELECT starts, ends FROM leave WHERE officer = ? ORDER BY starts", (officer,)
    ).fetchall()


def _officers(db: Database) -> list[str]:
    return [name for (name,) in db.conn.execute("SELECT name FROM officers ORDER BY name")]


def _status(app_or_screen: PlannerApp | Screen[Any]) -> str:
    screen = app_or_screen.screen if isinstance(app_or_screen, PlannerApp) else app_or_screen
    return str(screen.query_one(StatusLine).message)


async def _open_team(app: PlannerApp, pilot: object) -> TeamScreen:
    await press(pilot, "3", "o")  # type: ignore[arg-type]
    assert isinstance(app.screen, TeamScreen)
    return app.screen


async def _highlight(pilot: object, screen: TeamScreen, officer: str) -> None:
    table = screen.query_one("#officers")
    table.move_cursor(row=table.get_row_index(officer))  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]
    assert screen.current_officer() == officer


async def _book_leave(pilot: object, screen: TeamScreen, officer: str, first: str,
                      last: str) -> None:  # fmt: skip
    await _highlight(pilot, screen, officer)
    await press(pilot, "l")  # type: ignore[arg-type]
    assert isinstance(screen.app.screen, PromptDialog)
    await enter_text(pilot, first)  # type: ignore[arg-type]
    assert isinstance(screen.app.screen, PromptDialog), "then the last day"
    await enter_text(pilot, last)  # type: ignore[arg-type]


async def _take_off(pilot: object, screen: TeamScreen, officer: str) -> None:
    await _highlight(pilot, screen, officer)
    await press(pilot, "x")  # type: ignore[arg-type]
    assert isinstance(screen.app.screen, ConfirmDialog), "taking an officer off asks first"
    await press(pilot, "y")  # type: ignore[arg-type]


async def test_leave_booked_on_the_team_screen_re_plans_the_capacity_grid_without_p(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    """Leave is a change that affects the plan: booked in the UI, it is saved (audited) and
    the capacity grid moves with no p pressed (issue 12, "Live plan")."""
    app = make_app(start="programme", replan_seconds=0.05)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        before = _capacity_cells(app)
        screen = await _open_team(app, pilot)
        replanning: list[bool] = []
        app.watch(app, "replanning", lambda now: replanning.append(now), init=False)
        await _book_leave(pilot, screen, ON_LEAVE, FIRST, LAST)
        await wait_until(pilot, lambda: replanning[-1:] == [False], seconds=5)
        assert replanning == [True, False], replanning
        await settle(pilot)
        assert "Saved · Leave for D. Rahman 30 Nov 2026 to 15 Jan 2027" in _status(app)
        booked = [str(c) for c in screen.query_one("#leave").get_row_at(0)]  # type: ignore[attr-defined]
        assert booked[:3] == ["30 Nov 2026", "15 Jan 2027", "47"]
        await press(pilot, "escape")
        assert isinstance(app.screen, ProgrammeScreen)
        assert _capacity_cells(app) != before
    assert ("2026-11-30", "2027-01-15") in _leave(read_db, ON_LEAVE)
    (summary,) = read_db.conn.execute(
        "SELECT summary FROM changes WHERE kind = 'edit' ORDER BY id DESC LIMIT 1"
    ).fetchone()
    assert summary == "Leave for D. Rahman 30 Nov 2026 to 15 Jan 2027"


async def test_leave_ending_before_it_starts_is_refused_in_words(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    before = _leave(read_db, ON_LEAVE)
    app = make_app(start="programme")
    notes = record_notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await _open_team(app, pilot)
        await _book_leave(pilot, screen, ON_LEAVE, "15/01/2027", "30/11/2026")
        await settle(pilot)
        assert "Not saved: leave cannot end (30 Nov 2026) before it starts (15 Jan 2027)" in (
            _status(app)
        )
        # Overlapping an existing booking (6-10 Feb 2027) is refused too, naming it.
        await _book_leave(pilot, screen, ON_LEAVE, "1/2/2027", "7/2/2027")
        await settle(pilot)
        assert any("already has leave from 6 Feb 2027 to 10 Feb 2027" in n for n in notes)
    assert _leave(read_db, ON_LEAVE) == before


async def test_a_viewer_cannot_change_the_team(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app(start="programme", role=Role.OFFICER)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await _open_team(app, pilot)
        await press(pilot, "l")
        assert app.screen is screen, "no prompt: the team is a manager's to change"
        assert "only a manager can make this change" in _status(app)
    assert len(_officers(read_db)) == 7


async def _try_in_a_whatif(app: PlannerApp, pilot: object) -> TeamScreen:
    screen = await _open_team(app, pilot)
    await press(pilot, "w")  # type: ignore[arg-type]
    await wait_until(pilot, lambda: app.whatif_changes == 0)  # type: ignore[arg-type]
    assert screen.query_one(WhatIfBanner).display
    await _book_leave(pilot, screen, ON_LEAVE, FIRST, LAST)
    await wait_until(pilot, lambda: app.whatif_changes == 1)  # type: ignore[arg-type]
    await _take_off(pilot, screen, TAKEN_OFF)
    await wait_until(pilot, lambda: app.whatif_changes == 2)  # type: ignore[arg-type]
    await settle(pilot)  # type: ignore[arg-type]
    assert TAKEN_OFF not in screen.by_name, "the screen shows the what-if"
    return screen


async def _compare(app: PlannerApp, pilot: object) -> WhatIfDialog:
    await press(pilot, "w")  # type: ignore[arg-type]
    await wait_until(pilot, lambda: isinstance(app.screen, WhatIfDialog))  # type: ignore[arg-type]
    assert isinstance(app.screen, WhatIfDialog)
    return app.screen


async def test_leave_and_a_removed_officer_in_a_whatif_show_the_load_move_and_late_reviews(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    """Tried in a what-if, leave and taking an officer off are shown against the real plan
    (the load moving to another officer, a review that becomes late), then committed as one
    change, which one undo reverses (issue 12, "What-if")."""
    officers, leave = _officers(read_db), _leave(read_db, ON_LEAVE)
    edits = read_db.conn.execute("SELECT count(*) FROM changes WHERE kind = 'edit'").fetchone()
    app = make_app(start="programme")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await _try_in_a_whatif(app, pilot)
        assert (_officers(read_db), _leave(read_db, ON_LEAVE)) == (officers, leave)
        dialog = await _compare(app, pilot)
        found = dialog.found
        assert BECOMES_LATE in found.newly_late
        assert (BECOMES_LATE, "amber", "red") in {(m.ref, m.before, m.after)
                                                  for m in found.rag_moves}  # fmt: skip
        moved = {o.officer: o for o in found.officers}
        assert moved[TAKEN_OFF].whatif_hours is None
        assert moved[TAKES_OVER].whatif_hours > moved[TAKES_OVER].real_hours  # type: ignore[operator]
        assert moved[ON_LEAVE].whatif_capacity < moved[ON_LEAVE].real_capacity  # type: ignore[operator]
        assert any(w.whatif_capacity < w.real_capacity for w in found.load)
        text = str(dialog.query_one("#whatif-comparison").query_one("Label").render())
        assert "1. Leave for D. Rahman 30 Nov 2026 to 15 Jan 2027" in text
        assert "2. Removed officer B. Shaw" in text
        assert "B. Shaw  100.8 of 421.8 → taken off the team" in text
        # B. Shaw stays the decided officer of six open reviews: said, not lost in the load.
        assert len(found.outside_team) == 6
        assert "Reviews left with an officer not in the team" in text
        await press(pilot, "c")
        await wait_until(pilot, lambda: app.whatif is None)
        await settle(pilot)
        assert TAKEN_OFF not in _officers(read_db)
        assert ("2026-11-30", "2027-01-15") in _leave(read_db, ON_LEAVE)
        after = read_db.conn.execute("SELECT count(*) FROM changes WHERE kind = 'edit'").fetchone()
        assert after[0] == edits[0] + 1, "committed as one change"
        await press(pilot, "u")
        await wait_until(pilot, lambda: _officers(read_db) == officers)
    assert _leave(read_db, ON_LEAVE) == leave


async def test_a_discarded_team_whatif_leaves_every_table_as_it_was(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    before = _checksum(read_db)
    app = make_app(start="programme")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        screen = await _try_in_a_whatif(app, pilot)
        await _compare(app, pilot)
        await press(pilot, "d")
        await wait_until(pilot, lambda: app.whatif is None)
        await settle(pilot)
        assert TAKEN_OFF in screen.by_name, "the screen shows the real team again"
    assert _checksum(read_db) == before


async def test_leave_booked_by_someone_else_during_a_team_whatif_stops_the_commit(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app(start="programme")
    notes = record_notifications(app)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await _try_in_a_whatif(app, pilot)
        add_leave(read_db, TAKES_OVER, date(2026, 12, 14), date(2026, 12, 18), "someone else")
        await _compare(app, pilot)
        await press(pilot, "c")
        await wait_until(pilot, lambda: any("Not committed" in n for n in notes))
        assert any("Leave for A. Khan 14 Dec 2026 to 18 Dec 2026" in n for n in notes)
        assert app.whatif is not None, "the what-if goes on, to be discarded"
    assert TAKEN_OFF in _officers(read_db)
    assert ("2026-11-30", "2027-01-15") not in _leave(read_db, ON_LEAVE)


async def test_an_officer_added_given_hours_and_leave_removed_all_by_keys(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app(start="programme")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await _open_team(app, pilot)
        await press(pilot, "a")
        await enter_text(pilot, "H.  Patel ")
        await enter_text(pilot, "30")
        await enter_text(pilot, "Estates, ICT")
        await settle(pilot)
        assert "Saved · Added officer H. Patel: 30 hours a week" in _status(app)
        await _highlight(pilot, screen, "H. Patel")
        await press(pilot, "h")
        await enter_text(pilot, "22.5")
        await settle(pilot)
        assert screen.by_name["H. Patel"].weekly_hours == 22.5
        await _highlight(pilot, screen, ON_LEAVE)
        await press(pilot, "tab")
        assert screen.query_one("#leave").has_focus
        await press(pilot, "x")
        await settle(pilot)
        assert "Saved · Removed leave for D. Rahman 6 Feb 2027 to 10 Feb 2027" in _status(app)
    assert read_db.conn.execute(
        "SELECT weekly_hours, skills FROM officers WHERE name = 'H. Patel'"
    ).fetchone() == (22.5, "Estates,ICT")
    assert _leave(read_db, ON_LEAVE) == [("2027-08-10", "2027-08-21")]


async def test_the_team_is_in_the_palette_and_its_keys_in_the_footer_and_help(
    make_app: Callable[..., PlannerApp],
) -> None:
    app = make_app(start="dashboard")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _palette(pilot, "programme: team")
        assert isinstance(app.screen, TeamScreen)
        shown = set(footer_actions(pilot))
        assert {"add_officer", "leave", "remove", "keys", "quit"} <= shown
        await press(pilot, "question_mark")
        listed = {k.binding_id for k in key_help(app.screen_stack[-2])}
        assert {"team.add", "team.hours", "team.skills", "team.leave", "team.remove",
                "team.whatif", "team.back"} <= listed  # fmt: skip
        await press(pilot, "escape", "escape")
        assert isinstance(app.screen_stack[-1], ProgrammeScreen)


async def test_leave_someone_else_removed_meanwhile_is_a_conflict_said_in_words(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app(start="programme")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await _open_team(app, pilot)
        await _highlight(pilot, screen, ON_LEAVE)
        remove_leave(read_db, ON_LEAVE, date(2027, 2, 6), date(2027, 2, 10), "someone else")
        await press(pilot, "tab", "x")
        assert isinstance(app.screen, MessageDialog)
        said = _status(screen)
        assert "Not saved: D. Rahman has no leave from 6 Feb 2027 to 10 Feb 2027" in said
        assert "(it may have been removed or changed meanwhile)" in said
        await press(pilot, "enter")
        assert [(str(b.starts), str(b.ends)) for b in screen.by_name[ON_LEAVE].leave] == [
            ("2027-08-10", "2027-08-21")
        ], "the screen shows the leave as it now is"


async def test_an_officer_someone_else_took_off_meanwhile_is_a_conflict_said_in_words(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app(start="programme")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await _open_team(app, pilot)
        await _highlight(pilot, screen, TAKEN_OFF)
        remove_officer(read_db, TAKEN_OFF, "someone else")
        await press(pilot, "h")
        await enter_text(pilot, "20")
        assert isinstance(app.screen, MessageDialog)
        assert "B. Shaw is no longer in the team: someone else took them off" in _status(screen)
        await press(pilot, "enter")
        assert TAKEN_OFF not in screen.by_name, "the screen shows the team as it now is"
