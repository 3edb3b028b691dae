"""Round trips a procurement manager relies on, run through the CLI: export then import gives
the same register, a second import or schedule changes nothing, undo and redo in turn."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run

NEW_CONTRACT = """\
Ref,Title,Department,Supplier,End Date,Annual Value,Notice Period
EST-900,Grounds maintenance,Estates,Acme Grounds Ltd,31/03/2028,£10000,3 months
"""


def test_redo_that_cannot_be_done_says_redo_and_undoing_a_redo_names_the_change(
    programme_file: Path, tmp_path: Path
) -> None:
    register = tmp_path / "new.csv"
    register.write_text(NEW_CONTRACT, encoding="utf-8")
    assert run("import", str(register)).exit_code == 0
    assert run("schedule").exit_code == 0
    assert run("milestone", "done", "EST-900", "needs-analysis").exit_code == 0
    assert run("undo").exit_code == 0  # the milestone
    assert run("undo").exit_code == 0  # the import: its milestones go with the contract
    assert "Redo: Imported new.csv" in run("redo").stderr
    again = run("undo")
    assert "Undo: Imported new.csv" in again.stderr and "Redo:" not in again.stderr
    assert run("redo").exit_code == 0
    stale = run("redo")  # the milestone it marked done went with the undone import
    assert stale.exit_code == 1
    assert stale.stderr == "Error: cannot redo: the milestone it changed no longer exists\n"
