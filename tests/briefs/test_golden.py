"""Each brief rendered on the fixed programme and the frozen today, compared with a checked-in
Markdown file: a change to a brief shows up as a readable diff of tests/briefs/golden/."""

from __future__ import annotations

from datetime import date

from planner.briefs import BriefRequest, render_brief
from planner.domain.kpis import FinancialYear
from planner.store import Database
from tests.briefs.conftest import assert_golden


def test_the_kpi_brief(programme: Database, today: date) -> None:
    assert_golden("kpi.md", render_brief(programme, BriefRequest("kpi", today)))


def test_the_kpi_brief_for_a_year_with_nothing_recorded(programme: Database, today: date) -> None:
    rendered = render_brief(programme, BriefRequest("kpi", today, year=FinancialYear(2027)))
    assert_golden("kpi-empty-year.md", rendered)


def test_the_programme_brief(programme: Database, today: date) -> None:
    assert_golden("programme.md", render_brief(programme, BriefRequest("programme", today)))


def test_the_department_brief(programme: Database, today: date) -> None:
    rendered = render_brief(programme, BriefRequest("department", today, department="estates"))
    assert_golden("department-estates.md", rendered)


def test_the_contracts_plan(programme: Database, today: date) -> None:
    assert_golden("plan.md", render_brief(programme, BriefRequest("plan", today)))


def test_briefs_on_an_empty_register_say_so_instead_of_failing(db: Database, today: date) -> None:
    for name in ("programme", "kpi", "plan"):
        assert_golden(f"empty-{name}.md", render_brief(db, BriefRequest(name, today)))
    rendered = render_brief(db, BriefRequest("department", today, department="HR"))
    assert_golden("empty-department.md", rendered)
