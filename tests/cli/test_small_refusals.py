"""Small slips refused with a sentence that says what to do instead, and nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.errors import ValidationError
from planner.tui.dialogs.benefit import benefit_amount, claim_amount
from tests.cli.test_hostile_input import assert_clear_error
from tests.conftest import run


def test_mapping_a_heading_to_a_column_the_planner_works_out_is_refused(
    programme_file: Path, tmp_path: Path
) -> None:
    register = tmp_path / "register.csv"
    register.write_text("Reference,Title,Department,Expiry,Status colour\nX-1,Cleaning,HR,"
                        "31/03/2027,green\n", encoding="utf-8")  # fmt: skip
    before = run("list", "--json").output
    result = run("import", str(register), "--map", "Status colour=rag")
    assert_clear_error(result, "rag is worked out by the planner, not imported")
    assert run("list", "--json").output == before


def test_a_calendar_for_an_officer_not_in_the_team_is_refused_not_empty(
    programme_file: Path, tmp_path: Path
) -> None:
    target = tmp_path / "nobody.ics"
    assert_clear_error(run("export", "ics", "--officer", "Nobody", "-o", str(target)),
                       "'Nobody' is not in the team")  # fmt: skip
    assert not target.exists()


def test_adding_an_officer_twice_names_the_command_that_changes_their_hours(
    programme_file: Path,
) -> None:
    assert run("officer", "add", "Z. Test", "--hours", "30").exit_code == 0
    result = run("officer", "add", "Z. Test", "--hours", "20")
    assert_clear_error(result, 'planner officer set "Z. Test" --hours N')


def test_leave_ending_before_it_starts_says_its_dates_as_the_planner_does(
    programme_file: Path,
) -> None:
    assert run("officer", "add", "Z. Test", "--hours", "30").exit_code == 0
    result = run("leave", "add", "Z. Test", "2026-12-10", "2026-12-01")
    assert_clear_error(result, "leave cannot end (1 Dec 2026) before it starts (10 Dec 2026)")


def test_a_password_protected_workbook_is_named_as_such_not_as_an_old_xls(
    programme_file: Path, tmp_path: Path
) -> None:
    # Excel's encrypted container: an OLE2 compound file whose directory names the stream
    # EncryptedPackage (a sector of it is enough for the check; a real one holds the workbook).
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    locked = tmp_path / "locked.xlsx"
    locked.write_bytes(header + "EncryptedPackage".encode("utf-16-le") + bytes(480))
    assert_clear_error(run("import", str(locked)), "is protected with a password")
    old = tmp_path / "old.xls"
    old.write_bytes(header + "Workbook".encode("utf-16-le") + bytes(496))
    assert_clear_error(run("import", str(old)), "old-style Excel .xls workbook")


def test_a_negative_benefit_is_refused_as_a_benefit_and_says_how_to_record_a_cost(
    programme_file: Path,
) -> None:
    """Issue 15: a negative benefit was refused with 'a contract value cannot be negative'."""
    result = run("benefit", "add", "HR-001", "x", "--type", "saving", "--amount", "-£5,000")
    assert_clear_error(result, "a benefit cannot be negative (record a cost as a supplier claim")
    assert "contract value" not in result.output
    claim = run("claim", "add", "HR-001", "x", "--amount", "-£5,000")
    assert_clear_error(claim, "a claim cannot be negative")


def test_the_benefit_dialog_refuses_a_negative_amount_in_the_same_words() -> None:
    with pytest.raises(ValidationError, match=r"a benefit cannot be negative \(record a cost"):
        benefit_amount("-5")
    with pytest.raises(ValidationError, match="a claim cannot be negative"):
        claim_amount("-5")
