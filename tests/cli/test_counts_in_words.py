"""Messages count things as a person would write them: '1 change reversed', not '1 changes'."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run


def test_undo_and_redo_of_a_one_row_change_say_1_change(programme_file: Path) -> None:
    added = run("department", "add", "Fleet Services")
    assert added.exit_code == 0, added.output
    undone = run("undo")
    assert undone.exit_code == 0, undone.output
    assert undone.stderr.endswith("(1 change reversed).\n")
    redone = run("redo")
    assert redone.stderr.endswith("(1 change re-applied).\n")


def test_a_list_of_one_contract_says_1_contract(programme_file: Path) -> None:
    result = run("list", "--search", "Interpreting")
    assert result.exit_code == 0, result.output
    assert result.stderr == "1 contract.\n"


def test_a_minimum_tender_period_of_one_day_says_1_day(programme_file: Path) -> None:
    # The competitive flexible procedure's periods are planning assumptions, not held to a
    # statutory minimum (the open procedure's urgency minimum is 10 days).
    result = run("rules", "set", "tender-period", "competitive-flexible", "urgency", "1")
    assert result.exit_code == 0, result.output
    assert result.stderr == "competitive-flexible: at least 1 day (urgency).\n"
