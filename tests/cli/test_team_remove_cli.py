"""`planner officer remove` and `planner leave remove`: the store's own removals, audited and
undone by `planner undo` (issue 12: the team changed from the command line as in the UI)."""

from __future__ import annotations

from tests.conftest import run


def _team(db_file: str) -> str:
    return run("officer", "list", "--json", "--db", db_file).output


def test_leave_removed_and_an_officer_taken_off_then_undone(db_file: str) -> None:
    assert run("officer", "add", "A. Khan", "--hours", "30", "--db", db_file).exit_code == 0
    for first, last in (("2026-12-21", "2026-12-24"), ("2027-07-12", "2027-07-23")):
        assert run("leave", "add", "A. Khan", first, last, "--db", db_file).exit_code == 0
    before = _team(db_file)
    removed = run("leave", "remove", "a. khan", "2026-12-21", "2026-12-24", "--db", db_file)
    assert removed.exit_code == 0
    assert "Leave removed for A. Khan: 21 Dec 2026 to 24 Dec 2026." in removed.output
    assert "2026-12-21" not in _team(db_file)
    assert run("undo", "--db", db_file).exit_code == 0
    assert _team(db_file) == before
    taken = run("officer", "remove", "A. Khan", "--db", db_file)
    assert taken.exit_code == 0
    assert "Removed A. Khan from the team, with their leave." in taken.output
    assert _team(db_file).strip() == "[]"
    assert run("undo", "--db", db_file).exit_code == 0
    assert _team(db_file) == before


def test_removing_what_is_not_there_is_refused_in_words(db_file: str) -> None:
    assert run("officer", "add", "A. Khan", "--hours", "30", "--db", db_file).exit_code == 0
    gone = run("leave", "remove", "A. Khan", "2026-12-21", "2026-12-24", "--db", db_file)
    assert gone.exit_code != 0
    assert "A. Khan has no leave from 21 Dec 2026 to 24 Dec 2026" in gone.output
    nobody = run("officer", "remove", "Z. Nobody", "--db", db_file)
    assert nobody.exit_code != 0
    assert "'Z. Nobody' is not in the team" in nobody.output
