"""Changing the team from the store: taking an officer off, removing leave, refusing
overlapping leave; each one audited change that undo reverses (issue 12, "What-if")."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from planner.errors import ConflictError, NotFoundError, ValidationError
from planner.store import Database, verify_chain
from planner.store.history import undo_last
from planner.store.team import (
    add_leave,
    add_officer,
    list_leave,
    list_officers,
    remove_leave,
    remove_officer,
)
from planner.store.team_overview import read_team_overview
from tests.conftest import migrated_db

TODAY = date(2026, 11, 25)


@pytest.fixture
def db(tmp_path: Path) -> Database:
    db = migrated_db(tmp_path / "team.db")
    add_officer(db, "A. Khan", 30, "tester", ["ICT"])
    add_officer(db, "B. Jones", 37, "tester")
    add_leave(db, "A. Khan", date(2026, 12, 21), date(2026, 12, 24), "tester")
    add_leave(db, "A. Khan", date(2027, 7, 12), date(2027, 7, 23), "tester")
    return db


def _team(db: Database) -> tuple[list[str], list[tuple[str, date, date]]]:
    return [o.name for o in list_officers(db)], [(n, s, e) for _, n, s, e in list_leave(db)]


def test_removing_leave_gives_the_days_back_and_undo_books_them_again(db: Database) -> None:
    before = _team(db)
    remove_leave(db, "a. khan", date(2026, 12, 21), date(2026, 12, 24), "tester")
    assert _team(db)[1] == [("A. Khan", date(2027, 7, 12), date(2027, 7, 23))]
    undone = undo_last(db, "tester")
    assert undone is not None and "Removed leave for A. Khan" in undone.summary
    assert _team(db) == before
    assert verify_chain(db).ok


def test_removing_leave_that_is_not_there_says_so_and_changes_nothing(db: Database) -> None:
    with pytest.raises(ConflictError, match="no leave from 22 Dec 2026 to 24 Dec 2026"):
        remove_leave(db, "A. Khan", date(2026, 12, 22), date(2026, 12, 24), "tester")
    with pytest.raises(NotFoundError, match=r"'Z\. Nobody' is not in the team"):
        remove_leave(db, "Z. Nobody", date(2026, 12, 21), date(2026, 12, 24), "tester")


def test_taking_an_officer_off_takes_their_leave_and_undo_brings_both_back(db: Database) -> None:
    before = _team(db)
    assert remove_officer(db, "A. Khan", "tester") == 0
    assert _team(db) == (["B. Jones"], [])
    undone = undo_last(db, "tester")
    assert undone is not None and undone.summary == "Undo: Removed officer A. Khan"
    assert _team(db) == before
    assert next((o.name, o.weekly_hours, o.skills) for o in list_officers(db)) == (
        "A. Khan", 30.0, ("ICT",),
    )  # fmt: skip
    assert verify_chain(db).ok


def test_overlapping_leave_is_refused_with_the_booking_it_overlaps(db: Database) -> None:
    """Overlapping bookings would count their shared days once (docs/rules.md, "Capacity"):
    the second is refused, naming the first."""
    with pytest.raises(ValidationError, match="already has leave from 21 Dec 2026 to 24 Dec"):
        add_leave(db, "A. Khan", date(2026, 12, 24), date(2026, 12, 31), "tester")
    add_leave(db, "A. Khan", date(2026, 12, 25), date(2026, 12, 31), "tester")  # the day after
    add_leave(db, "B. Jones", date(2026, 12, 21), date(2026, 12, 24), "tester")  # someone else


def test_the_team_overview_lists_each_officer_with_their_leave(db: Database) -> None:
    team = read_team_overview(db, TODAY)
    khan = team.officers[0]
    assert (khan.name, khan.weekly_hours, khan.skills) == ("A. Khan", 30.0, ("ICT",))
    assert [(b.starts, b.ends) for b in khan.leave] == [
        (date(2026, 12, 21), date(2026, 12, 24)), (date(2027, 7, 12), date(2027, 7, 23)),
    ]  # fmt: skip
    assert (khan.reviews, khan.overloaded_weeks, team.unstaffed) == (0, 0, 0)
