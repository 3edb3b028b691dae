"""What each screen and dialog looks like on the demo programme, frozen at 25 Nov 2026, in a
small (80x24), a middling (120x40) and a large (160x48) terminal, and the dashboard also at
200x60. Update with `make snapshot-update` only after looking at every changed picture in
snapshot_report.html."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, Select

from planner.tui.app import PlannerApp
from planner.tui.dialogs import ConfirmDialog, MessageDialog
from tests.tui.conftest import settle
from tests.tui.test_import_screen import write_register

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40"),
         pytest.param((160, 48), id="160x48")]  # fmt: skip
TWO_SIZES = [SIZES[0], SIZES[2]]  # a variant of a screen already pictured at every size
Snap = Callable[..., bool]


def _prepare(
    *keys: str, pause: float = 0.0, dialog: Callable[[], Screen[Any]] | None = None
) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Wait for the data, press `keys` one by one (each settling), open `dialog` if given,
    stop every cursor blink."""

    async def run(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        if dialog is not None:
            await pilot.app.push_screen(dialog())
            await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        if pause:
            await pilot.pause(pause)  # a debounce timer (the triage preview) must fire first
            await settle(pilot)
        for screen in pilot.app.screen_stack:
            for field in screen.query(Input):
                field.cursor_blink = False

    return run


Opener = Callable[[], Screen[Any]] | None


def _check(snap_compare: Snap, app: PlannerApp, size: tuple[int, int], keys: Iterable[str] = (),
           pause: float = 0.0, dialog: Opener = None) -> None:  # fmt: skip
    run_before = _prepare(*keys, pause=pause, dialog=dialog)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", [*SIZES, pytest.param((200, 60), id="200x60")])
def test_dashboard(snap_compare: Snap, make_app: Callable[..., PlannerApp],
                   size: tuple[int, int]) -> None:  # fmt: skip
    """Dashboard: programme RAG, deadlines, centralisation, officer load, KPIs."""
    _check(snap_compare, make_app(start="dashboard"), size)


@pytest.mark.parametrize("size", SIZES)
def test_triage(snap_compare: Snap, make_app: Callable[..., PlannerApp],
                size: tuple[int, int]) -> None:  # fmt: skip
    """Triage: filter bar, table sorted by notice deadline; preview beside it when wide."""
    _check(snap_compare, make_app(start="triage"), size, ["down"], pause=0.2)


@pytest.mark.parametrize("size", TWO_SIZES)
def test_triage_filtered_and_marked(snap_compare: Snap, make_app: Callable[..., PlannerApp],
                                    size: tuple[int, int]) -> None:  # fmt: skip
    """Triage after typing 'ser' in the search and marking two rows."""
    keys = ["slash", "s", "e", "r", "enter", "space", "space"]
    _check(snap_compare, make_app(start="triage"), size, keys, pause=0.2)


@pytest.mark.parametrize("size", SIZES)
def test_contract_register(snap_compare: Snap, make_app: Callable[..., PlannerApp],
                           size: tuple[int, int]) -> None:  # fmt: skip
    """Contract screen: flags, register fields (and the plan beside them when wide)."""
    _check(snap_compare, make_app(start="triage"), size, ["enter"])


@pytest.mark.parametrize("size", SIZES)
def test_contract_milestones(snap_compare: Snap, make_app: Callable[..., PlannerApp],
                             size: tuple[int, int]) -> None:  # fmt: skip
    """Contract screen, milestones tab: the verdict, then planned/latest/baseline/actual."""
    _check(snap_compare, make_app(start="triage"), size, ["enter", "m"])


@pytest.mark.parametrize("size", TWO_SIZES)
def test_contract_review(snap_compare: Snap, make_app: Callable[..., PlannerApp],
                         size: tuple[int, int]) -> None:  # fmt: skip
    """Contract screen, Review tab: the checklist answered by keys (living wage yes, EIA no),
    what approval waits for, and the highlighted item's whole question."""
    _check(snap_compare, make_app(start="triage"), size, ["enter", "r", "down", "y", "n"])


@pytest.mark.parametrize("size", SIZES)
def test_programme(snap_compare: Snap, make_app: Callable[..., PlannerApp],
                   size: tuple[int, int]) -> None:  # fmt: skip
    """Programme: the timeline by department with notice deadlines and today marked."""
    _check(snap_compare, make_app(start="programme"), size)


@pytest.mark.parametrize("size", SIZES)
def test_programme_capacity_by_officer(snap_compare: Snap, make_app: Callable[..., PlannerApp],
                                       size: tuple[int, int]) -> None:  # fmt: skip
    """Programme grouped by officer, with the capacity table shown (c)."""
    _check(snap_compare, make_app(start="programme"), size, ["g", "c"])


@pytest.mark.parametrize("size", SIZES)
def test_milestones(snap_compare: Snap, make_app: Callable[..., PlannerApp],
                    size: tuple[int, int]) -> None:  # fmt: skip
    """Milestones: overdue, due this week, due next week."""
    _check(snap_compare, make_app(start="milestones"), size)


@pytest.mark.parametrize("size", SIZES)
def test_keys_help(snap_compare: Snap, make_app: Callable[..., PlannerApp],
                   size: tuple[int, int]) -> None:  # fmt: skip
    """? on triage: every key with its binding id."""
    _check(snap_compare, make_app(start="triage"), size, ["question_mark"])


@pytest.mark.parametrize("size", SIZES)
def test_briefs(snap_compare: Snap, make_app: Callable[..., PlannerApp],
                size: tuple[int, int]) -> None:  # fmt: skip
    """Briefs: the choices above the programme brief rendered."""
    _check(snap_compare, make_app(start="briefs"), size)


CONFLICT = (
    "EST-00007 (Estates) was changed by alice at 2026-11-25 09:41 after you opened it (version 3 "
    "is now 4); your edit was not saved. Refresh to see the change, then make yours again."
)
# Down to "End date" (the 18th field) and type a day before the start: refused, with why.
REFUSED_EDIT = ["enter", *["down"] * 17, "e", *"01/01/2001", "enter"]
CLAIM_DATE = ["enter", "c", *"500", "enter", *"1/12/2026", "enter"]


def _undo_import() -> Screen[Any]:
    return ConfirmDialog(
        "Undo an import?",
        "The last change is 'Imported 120 contracts from register.csv'. Undoing it reverses "
        "all 120 of its changes, removing the contracts it added.",
    )


def _conflict() -> Screen[Any]:
    return MessageDialog("Not saved: changed by someone else", CONFLICT)


# name: (keys pressed on the triage screen, a dialog opened before them)
DIALOGS: dict[str, tuple[list[str], Opener]] = {
    "priority-picker": (["p"], None),
    "refused-edit": (REFUSED_EDIT, None),
    "benefit-kind": (["enter", "b"], None),
    "claim-date-refused": (CLAIM_DATE, None),
    "undo-import": ([], _undo_import),
    "conflict": ([], _conflict),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", list(DIALOGS))
def test_dialog(snap_compare: Snap, make_app: Callable[..., PlannerApp], name: str,
                size: tuple[int, int]) -> None:  # fmt: skip
    """Each kind of dialog: a picker (priority, benefit kind), a prompt refusing what was
    typed with the reason, a confirmation, and a message shown whole."""
    keys, dialog = DIALOGS[name]
    _check(snap_compare, make_app(start="triage"), size, keys, dialog=dialog)


def _import_estates(tmp_path: Path) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """i on the dashboard, Estates, then estates.csv (a relative path: the picture does not
    show the test's folder) checked: its headings, one heading left in notes, one problem."""
    write_register(tmp_path / "estates.csv")

    async def run(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        pilot.app.screen.query_one("#import-department", Select).value = "Estates"
        field = pilot.app.screen.query_one("#import-path", Input)
        field.focus()
        field.value = "estates.csv"
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        field.cursor_blink = False

    return run


@pytest.mark.parametrize("size", TWO_SIZES)
def test_import_screen(snap_compare: Snap, make_app: Callable[..., PlannerApp],
                       size: tuple[int, int], tmp_path: Path,
                       monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    """Import: the file, department and VAT basis; the headings with sample values, column
    and how sure the match is; the problems; stacked at 80 columns, side by side when wide."""
    monkeypatch.chdir(tmp_path)
    app = make_app(start="dashboard")
    assert snap_compare(app, terminal_size=size, run_before=_import_estates(tmp_path))


@pytest.mark.parametrize("size", TWO_SIZES)
def test_whatif_banner(snap_compare: Snap, make_app: Callable[..., PlannerApp],
                       size: tuple[int, int]) -> None:  # fmt: skip
    _check(snap_compare, make_app("triage"), size, keys=["w", "e"])


@pytest.mark.parametrize("size", TWO_SIZES)
def test_whatif_comparison(snap_compare: Snap, make_app: Callable[..., PlannerApp],
                           size: tuple[int, int]) -> None:  # fmt: skip
    _check(snap_compare, make_app("triage"), size, keys=["w", "e", "w"])


# The Team screen (o on Programme): D. Rahman's leave booked, then B. Shaw taken off.
TEAM_LEAVE = ["o", "down", "down", "down", "l", *"30/11/2026", "enter", *"15/01/2027", "enter"]
TEAM_TAKE_OFF = ["o", "down", "x"]


@pytest.mark.parametrize("size", SIZES)
def test_team(snap_compare: Snap, make_app: Callable[..., PlannerApp],
              size: tuple[int, int]) -> None:  # fmt: skip
    """The officers with hours, skills, reviews, overloaded weeks and next leave; the
    highlighted officer's leave below."""
    _check(snap_compare, make_app("programme"), size, keys=["o", "down", "down", "down"])


@pytest.mark.parametrize("size", TWO_SIZES)
def test_team_take_off_confirmation(snap_compare: Snap, make_app: Callable[..., PlannerApp],
                                    size: tuple[int, int]) -> None:  # fmt: skip
    _check(snap_compare, make_app("programme"), size, keys=TEAM_TAKE_OFF)


@pytest.mark.parametrize("size", TWO_SIZES)
def test_team_leave_refused(snap_compare: Snap, make_app: Callable[..., PlannerApp],
                            size: tuple[int, int]) -> None:  # fmt: skip
    """Leave ending before it starts: refused by the store, in words, and nothing saved."""
    keys = ["o", "l", *"15/01/2027", "enter", *"30/11/2026", "enter"]
    _check(snap_compare, make_app("programme"), size, keys=keys)


@pytest.mark.parametrize("size", TWO_SIZES)
def test_whatif_comparison_of_team_changes(snap_compare: Snap,
                                           make_app: Callable[..., PlannerApp],
                                           size: tuple[int, int]) -> None:  # fmt: skip
    """Leave and an officer taken off, tried in a what-if: the changes tried, a review that
    becomes late, the load by week (planned of available hours) and by officer."""
    keys = ["o", "w", *TEAM_LEAVE[1:], "up", "up", "x", "y", "w"]
    _check(snap_compare, make_app("programme"), size, keys=keys)
