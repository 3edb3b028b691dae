"""Triage: every key, checked against what the database holds afterwards."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.widgets import Input

from planner.store import Database
from planner.store.contracts import get_contract, update_contract
from planner.store.triage import UNTRIAGED, TriageQuery, count_rows, fetch_rows
from planner.tui.app import PlannerApp
from planner.tui.dialogs import ChoiceDialog, MessageDialog
from planner.tui.screens.detail import ContractScreen
from planner.tui.screens.triage import DECISION_KEYS, TriageScreen
from planner.tui.widgets import COLUMNS, ContractTable
from tests.conftest import migrated_db
from tests.tui.conftest import DEMO_CONTRACTS, burst, press, settle


def _table(app: PlannerApp) -> ContractTable:
    return app.screen.query_one(ContractTable)


def _decision(db: Database, contract_id: int) -> tuple[str | None, str | None]:
    row = db.conn.execute(
        "SELECT decision, status FROM contracts WHERE id = ?", (contract_id,)
    ).fetchone()
    return row[0], row[1]


def _first_untriaged(db: Database) -> int:
    rows = fetch_rows(db, TriageQuery(), 0, DEMO_CONTRACTS)
    return next(i for i, r in enumerate(rows) if r.decision is None)


async def test_the_table_holds_a_window_of_rows_not_the_register(
    make_app: Callable[..., PlannerApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = _table(app)
        assert table.total == DEMO_CONTRACTS
        assert 0 < len(table.rows) <= 3 * table.page < DEMO_CONTRACTS
        await press(pilot, "end")
        assert table.cursor == DEMO_CONTRACTS - 1
        assert table.current is not None
        assert len(table.rows) < DEMO_CONTRACTS


async def test_moving_and_scrolling_reads_the_rows_the_database_orders_there(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app()
    expected = fetch_rows(read_db, TriageQuery(), 0, DEMO_CONTRACTS)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = _table(app)
        await press(pilot, "down", "j", "pagedown")
        assert table.cursor == 2 + table.page
        assert table.current == expected[table.cursor]
        await press(pilot, "up", "k", "pageup")
        assert table.cursor == 0
        await press(pilot, "G")
        assert table.current == expected[-1]
        await press(pilot, "g")
        assert table.current == expected[0]
        await press(pilot, "home", "end")
        assert table.current == expected[-1]


@pytest.mark.parametrize(("key", "decision"), DECISION_KEYS)
async def test_a_decision_key_records_the_decision_and_moves_to_the_next_untriaged(
    make_app: Callable[..., PlannerApp], read_db: Database, key: str, decision: str
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = _table(app)
        start = _first_untriaged(read_db)
        table.cursor = start
        await settle(pilot)
        chosen = table.current
        assert chosen is not None and chosen.decision is None
        await press(pilot, key)
        assert _decision(read_db, chosen.id) == (decision, "decided")
        after = fetch_rows(read_db, TriageQuery(), 0, DEMO_CONTRACTS)
        expected_next = next(i for i, r in enumerate(after) if i > start and r.decision is None)
        assert table.cursor == expected_next
        assert table.current is not None and table.current.decision is None


async def test_marked_rows_all_take_one_decision_in_one_change(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = _table(app)
        await press(pilot, "space", "space", "down", "space")
        marked = sorted(table.marked)
        assert len(marked) == 3
        changes_before = read_db.conn.execute("SELECT count(*) FROM changes").fetchone()[0]
        await press(pilot, "b")
        assert [_decision(read_db, i)[0] for i in marked] == ["collaborate"] * 3
        changes_after = read_db.conn.execute("SELECT count(*) FROM changes").fetchone()[0]
        assert changes_after == changes_before + 1
        # Issue 14: the marks stay after a bulk action, until escape, and the picker says
        # what it applies to; a second action on them is not refused as a conflict.
        assert sorted(table.marked) == marked
        await press(pilot, "r")
        assert isinstance(app.screen, ChoiceDialog)
        assert app.screen.title_text == "Risk for 3 contracts"
        await press(pilot, "h")
        assert [get_contract(read_db, i).risk for i in marked] == ["high"] * 3
        assert sorted(table.marked) == marked
        await press(pilot, "escape")
        assert table.marked == {}


async def test_space_twice_unmarks_and_escape_clears_every_mark(
    make_app: Callable[..., PlannerApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = _table(app)
        await press(pilot, "space", "up", "space")
        assert table.marked == {}
        await press(pilot, "space", "space")
        assert len(table.marked) == 2
        await press(pilot, "escape")
        assert table.marked == {}


async def test_u_undoes_the_decision_and_ctrl_r_redoes_it(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = _table(app)
        table.cursor = _first_untriaged(read_db)
        await settle(pilot)
        chosen = table.current
        assert chosen is not None
        await press(pilot, "x")
        assert _decision(read_db, chosen.id) == ("terminate", "decided")
        await press(pilot, "u")
        assert _decision(read_db, chosen.id) == (None, "active")
        await press(pilot, "ctrl+r")
        assert _decision(read_db, chosen.id) == ("terminate", "decided")
        await press(pilot, "u")
        assert _decision(read_db, chosen.id) == (None, "active")


async def test_undo_asks_before_reversing_an_import(
    make_app: Callable[..., PlannerApp], tmp_path: Path
) -> None:
    from planner.demo.build import build_demo_register
    from planner.demo.generator import DemoSpec
    from planner.tui.dialogs import ConfirmDialog

    path = tmp_path / "imported.db"
    read_db = migrated_db(path)
    build_demo_register(read_db, DemoSpec(contracts=DEMO_CONTRACTS))
    app = make_app(path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "u")  # the last change is the demo import
        assert isinstance(app.screen, ConfirmDialog)
        await press(pilot, "n")
        assert count_rows(read_db, TriageQuery()) == DEMO_CONTRACTS
        await press(pilot, "u", "y")
        assert count_rows(read_db, TriageQuery()) == 0
        assert _table(app).total == 0
        await press(pilot, "ctrl+r")
        assert count_rows(read_db, TriageQuery()) == DEMO_CONTRACTS
    read_db.close()


@pytest.mark.parametrize(
    ("keys", "column", "expected"),
    [
        (("p", "1"), "priority", 1),
        (("p", "5"), "priority", 5),
        (("p", "0"), "priority", None),
        (("r", "h"), "risk", "high"),
        (("r", "l"), "risk", "low"),
        (("r", "0"), "risk", None),
        (("o", "2"), "officer", "B. Shaw"),
        (("o", "0"), "officer", None),
    ],
)
async def test_priority_risk_and_officer_keys_set_the_field(
    make_app: Callable[..., PlannerApp], read_db: Database,
    keys: tuple[str, ...], column: str, expected: object,
) -> None:  # fmt: skip
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        chosen = _table(app).current
        assert chosen is not None
        await press(pilot, *keys)
        assert getattr(get_contract(read_db, chosen.id), column) == expected


async def test_the_proposed_officer_shows_as_proposed_and_a_accepts_it(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    """docs/rules.md, "Levelling": the officer the scheduler chooses is a proposal until the
    manager accepts it; one key accepts it as the decided officer, audited."""
    app = make_app()
    rows = fetch_rows(read_db, TriageQuery(), 0, DEMO_CONTRACTS)
    index, row = next((i, r) for i, r in enumerate(rows) if r.proposed)
    officer = next(c for c in COLUMNS if c.key == "officer")
    assert officer.render(row) == f"{row.proposed} (proposed)"
    async with app.run_test(size=(200, 30)) as pilot:
        await settle(pilot)
        table = _table(app)
        table.cursor = index
        await settle(pilot)
        assert table.current == row  # the line the officer column renders as proposed
        await press(pilot, "a")
        assert get_contract(read_db, row.id).officer == row.proposed
        (summary,) = read_db.conn.execute(
            "SELECT summary FROM changes ORDER BY id DESC LIMIT 1"
        ).fetchone()
        assert summary == f"Accepted {row.proposed} as officer on {row.ref}"


async def test_marked_rows_accepted_officers_then_take_a_decision_without_a_conflict(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    """The marks stay after accepting proposed officers, at the versions just saved, so the
    next action on them is not refused as a conflict with this window's own edit."""
    app = make_app()
    rows = fetch_rows(read_db, TriageQuery(), 0, DEMO_CONTRACTS)
    index, row = next((i, r) for i, r in enumerate(rows) if r.proposed)
    async with app.run_test(size=(200, 30)) as pilot:
        await settle(pilot)
        table = _table(app)
        table.cursor = index
        await settle(pilot)
        await press(pilot, "space")
        assert sorted(table.marked) == [row.id]
        await press(pilot, "a")
        assert get_contract(read_db, row.id).officer == row.proposed
        await press(pilot, "b")
        assert _decision(read_db, row.id)[0] == "collaborate"


async def test_escape_in_a_picker_changes_nothing(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        chosen = _table(app).current
        assert chosen is not None
        await press(pilot, "p", "escape")
        assert isinstance(app.screen, TriageScreen)
        assert get_contract(read_db, chosen.id).version == chosen.version


async def test_typing_a_search_filters_as_you_type(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = _table(app)
        await press(pilot, "slash", "c", "l", "e")
        assert table.total == count_rows(read_db, TriageQuery(text="cle")) < DEMO_CONTRACTS
        assert all("cle" in f"{r.ref} {r.title} {r.supplier}".lower() for r in table.rows.values())
        await press(pilot, "enter")
        assert app.focused is table
        await press(pilot, "escape")
        assert table.total == DEMO_CONTRACTS


async def test_a_search_typed_in_one_burst_goes_into_the_search_box_and_changes_nothing(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    """A paste, tmux send-keys or a slow SSH link delivers "/clean" at once: no key typed
    while the focus is moving to the search box may reach the table (c would decide
    "centralise as is" on the highlighted contract)."""
    app = make_app()
    before = read_db.conn.execute("SELECT count(*) FROM audit").fetchone()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, "slash", "c", "l", "e", "a", "n")
        assert app.screen.query_one("#search", Input).value == "clean"
        assert _table(app).total == count_rows(read_db, TriageQuery(text="clean"))
    assert read_db.conn.execute("SELECT count(*) FROM audit").fetchone() == before


@pytest.mark.parametrize(
    ("select", "value", "query"),
    [
        ("department", "ICT", TriageQuery(department="ICT")),
        ("status", UNTRIAGED, TriageQuery(status=UNTRIAGED)),
        ("status", "decided", TriageQuery(status="decided")),
        ("rag", "none", TriageQuery(rag="none")),
        ("route", "open", TriageQuery(route="open")),
        ("officer", "A. Khan", TriageQuery(officer="A. Khan")),
        ("officer", "none", TriageQuery(officer="none")),
    ],
)
async def test_each_filter_narrows_the_table_to_what_sql_counts(
    make_app: Callable[..., PlannerApp], read_db: Database,
    select: str, value: str, query: TriageQuery,
) -> None:  # fmt: skip
    from textual.widgets import Select

    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        app.screen.query_one(f"#{select}", Select).value = value
        await settle(pilot)
        table = _table(app)
        assert table.total == count_rows(read_db, query)
        shown = fetch_rows(read_db, query, 0, 5)
        assert [table.rows[i] for i in range(len(shown))] == shown


async def test_s_sorts_by_the_chosen_column_and_again_reverses_it(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = _table(app)
        chosen = table.current
        await press(pilot, "s", "v")
        by_value = fetch_rows(read_db, TriageQuery(sort="value"), 0, DEMO_CONTRACTS)
        assert table.current == chosen  # the cursor stays on the same contract
        assert table.cursor == by_value.index(chosen)
        await press(pilot, "s", "v", "g")
        first = fetch_rows(read_db, TriageQuery(sort="value", descending=True), 0, 1)[0]
        assert table.current == first
        assert (table.sort, table.descending) == ("value", True)


async def test_clicking_a_column_header_sorts_by_it(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = _table(app)
        await pilot.click(ContractTable, offset=(4, 0))  # the Ref header
        await settle(pilot)
        assert table.sort == "ref"
        by_ref = fetch_rows(read_db, TriageQuery(sort="ref"), 0, DEMO_CONTRACTS)
        assert table.rows and all(row == by_ref[i] for i, row in table.rows.items())


async def test_enter_opens_the_highlighted_contract_and_escape_comes_back(
    make_app: Callable[..., PlannerApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        chosen = _table(app).current
        assert chosen is not None
        await press(pilot, "enter")
        assert isinstance(app.screen, ContractScreen)
        assert app.screen.contract_id == chosen.id
        await press(pilot, "escape")
        assert isinstance(app.screen, TriageScreen)


async def test_a_bulk_decision_with_one_stale_row_saves_nothing_and_says_why(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = _table(app)
        await press(pilot, "space", "space")
        first, second = list(table.marked.values())
        # Someone else edits the second contract after this window was read.
        update_contract(read_db, second.id, {"notes": "changed elsewhere"},
                        expected_version=second.version, who="colleague")  # fmt: skip
        await press(pilot, "e")
        assert get_contract(read_db, first.id).decision == first.decision
        assert get_contract(read_db, second.id).decision == second.decision
        # A conflict is told whole, in a dialog (issue 15).
        dialog = app.screen
        assert isinstance(dialog, MessageDialog)
        message = dialog.query_one("#message")
        text = " ".join(
            strip.text.strip()
            for strip in message.render_lines(Region(0, 0, message.size.width, message.size.height))
        )
        assert "was not saved" in text and "colleague" in text


async def test_a_refresh_keeps_the_chosen_filters(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    from textual.widgets import Select

    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        app.screen.query_one("#department", Select).value = "ICT"
        await settle(pilot)
        await press(pilot, "f5")
        assert app.screen.query_one("#department", Select).value == "ICT"
        expected = count_rows(read_db, TriageQuery(department="ICT"))
        assert _table(app).total == expected < DEMO_CONTRACTS


async def test_the_picker_names_the_one_contract_it_applies_to(
    make_app: Callable[..., PlannerApp],
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        current = _table(app).current
        assert current is not None
        await press(pilot, "p")
        assert isinstance(app.screen, ChoiceDialog)
        assert app.screen.title_text == f"Priority for {current.ref}"
