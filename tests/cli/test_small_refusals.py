"""Small slips refused with a sentence that says what to do instead, and nothing written."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import run
from tests.cli.test_hostile_input import assert_clear_error


def test_mapping_a_heading_to_a_column_the_planner_works_out_is_refused(
    db_path: Path, tmp_path: Path
) -> None:
    register = tmp_path / "register.csv"
    register.write_text("Reference,Title,Department,Expiry,Status colour\nX-1,Cleaning,HR,"
                        "31/03/2027,green\n", encoding="utf-8")  # fmt: skip
    before = run("list", "--json").output
    result = run("import", str(register), "--map", "Status colour=rag")
    assert_clear_error(result, "rag is worked out by the planner, not imported")
    assert run("list", "--json").output == before


def test_a_calendar_for_an_officer_not_in_the_team_is_refused_not_empty(
    db_path: Path, tmp_path: Path
) -> None:
    target = tmp_path / "nobody.ics"
    assert_clear_error(run("export", "ics", "--officer", "Nobody", "-o", str(target)),
                       "'Nobody' is not in the team")  # fmt: skip
    assert not target.exists()


def test_adding_an_officer_twice_names_the_command_that_changes_their_hours(
    db_path: Path,
) -> None:
    assert run("officer", "add", "Z. Test", "--hours", "30").exit_code == 0
    result = run("officer", "add", "Z. Test", "--hours", "20")
    assert_clear_error(result, 'planner officer set "Z. Test" --hours N')


def test_leave_ending_before_it_starts_says_its_dates_as_the_planner_does(db_path: Path) -> None:
    assert run("officer", "add", "Z. Test", "--hours", "30").exit_code == 0
    result = run("leave", "add", "Z. Test", "2026-12-10", "2026-12-01")
    assert_clear_error(result, "leave cannot end (1 Dec 2026) before it starts (10 Dec 2026)")
