"""The officer the scheduler proposes is shown as proposed and found by the officer filter
until accepted; a team that cannot staff the plan is reported where the plan is read."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from planner.briefs import BriefRequest, render_brief
from planner.demo.build import build_demo_register, live_spec
from planner.demo.generator import DemoSpec
from planner.domain.levelling import Officer
from planner.domain.plan import Team
from planner.domain.staffing import staffing_gaps
from planner.errors import ValidationError
from planner.store import Database
from planner.store.staffing import read_staffing_gaps
from planner.store.team import add_officer
from planner.store.triage import (
    NONE,
    Target,
    TriageQuery,
    accept_proposed_officers,
    count_rows,
    fetch_rows,
)
from planner.tui.readers import read_overview
from tests.conftest import migrated_db, run

TODAY = date(2026, 11, 25)


@pytest.fixture
def programme(tmp_path: Path) -> Path:
    """Sixty generated contracts and no team yet, in a file the CLI can open."""
    path = tmp_path / "force.db"
    db = migrated_db(path)
    build_demo_register(db, live_spec(DemoSpec(seed=7, contracts=60), TODAY), "tester")
    db.close()
    return path


def _open(path: Path) -> Database:
    from planner.store import open_db

    return open_db(path, create=False)


def test_scheduling_with_no_officers_says_so_in_the_summary_and_the_brief(
    programme: Path,
) -> None:
    """docs/rules.md, "Levelling": with nobody with hours every review is planned with no
    officer, which the schedule, the dashboard and the programme brief say."""
    result = run("schedule", "--db", str(programme), "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "No officer has hours in the team:" in said
    assert "planned with no officer" in said
    db = _open(programme)
    try:
        brief = render_brief(db, BriefRequest("programme", TODAY))
        assert "No officer has hours in the team" in " ".join(brief.split())
        # The dashboard's officer load panel says it under its border.
        staffing = read_overview(db, TODAY).staffing
        assert staffing.startswith("No officer has hours: ") and staffing.endswith(" unstaffed")
    finally:
        db.close()


def test_reviews_needing_a_skill_nobody_has_are_reported_by_department() -> None:
    """docs/rules.md, "Levelling": a review no officer has the skill for goes to the least
    loaded of the whole team; the gap is reported so the manager can act on it."""
    team = Team((Officer("A. Khan", 30, ("ICT",)), Officer("B. Shaw", 0, ("Fleet",))))
    gaps = staffing_gaps(team, [("ICT", "ICT services", 4), ("Fleet", "Vehicles", 3),
                                ("Estates", None, 2)])  # fmt: skip
    assert gaps.unstaffed == 0
    assert gaps.unskilled == {"Estates": 2, "Fleet": 3}  # B. Shaw has no hours
    (line,) = gaps.sentences()
    assert line.startswith("5 reviews need a skill nobody in the team has (Estates 2, Fleet 3)")
    assert staffing_gaps(team, [("ICT", None, 4)]).sentences() == []


def test_the_proposed_officer_shows_as_proposed_the_filter_finds_it_and_a_accepts_it(
    programme: Path,
) -> None:
    db = _open(programme)
    try:
        add_officer(db, "A. Khan", 37, "tester", ["ICT"])
        assert run("schedule", "--db", str(programme)).exit_code == 0
        assert "need a skill nobody" in " ".join(read_staffing_gaps(db).sentences())
        assert read_overview(db, TODAY).staffing.endswith("reviews need a skill nobody has")
        proposed = [r for r in fetch_rows(db, TriageQuery(), 0, 60) if r.proposed]
        assert proposed and all(r.officer is None for r in proposed)
        assert {r.proposed for r in proposed} == {"A. Khan"}
        found = count_rows(db, TriageQuery(officer="A. Khan"))  # decided or proposed
        assert found >= len(proposed)
        unassigned = fetch_rows(db, TriageQuery(officer=NONE), 0, 60)
        # Unassigned: no officer decided, so each proposal waits there to be accepted.
        assert {r.proposed for r in unassigned} >= {r.proposed for r in proposed}
        assert all(r.officer is None for r in unassigned)
        first = proposed[0]
        audited = db.conn.execute("SELECT count(*) FROM changes").fetchone()[0]
        (saved,) = accept_proposed_officers(db, [Target(first.id, first.version)], who="tester")
        assert saved.officer == "A. Khan"
        assert db.conn.execute("SELECT count(*) FROM changes").fetchone()[0] == audited + 1
        summary = db.conn.execute("SELECT summary FROM changes ORDER BY id DESC").fetchone()[0]
        assert summary == f"Accepted A. Khan as officer on {first.ref}"
        with pytest.raises(ValidationError, match="no officer is proposed"):
            accept_proposed_officers(db, [Target(saved.id, saved.version)], who="tester")
    finally:
        db.close()
