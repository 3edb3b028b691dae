"""The strategy's baselines and yearly targets are data a manager edits, audited and
undoable; the KPI brief shows each measure against them, with the trend over the years
held (docs/rules.md, "KPI targets")."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from planner.briefs import BriefRequest, render_brief
from planner.briefs.kpi import kpi_section
from planner.domain.kpis import FinancialYear, Kpi, parse_kpi_value
from planner.errors import NotFoundError, ValidationError
from planner.store import Database, verify_chain
from planner.store.history import undo_last
from planner.store.kpi_targets import kpi_targets, set_kpi_baseline, set_kpi_target

YEAR = FinancialYear(2026)


@pytest.mark.parametrize(
    ("key", "text", "held"),
    [("savings", "£1.5m", 150_000_000), ("spend_covered", "95%", 95),
     ("benefit_ratio", "2.5", Decimal("2.5")), ("managed_contracts", "350", 350)],
)  # fmt: skip
def test_a_target_is_read_in_its_measure_s_unit(key: str, text: str, held: object) -> None:
    assert parse_kpi_value(key, text) == held


@pytest.mark.parametrize(
    ("key", "text"), [("spend_covered", "120"), ("managed_contracts", "1.5"), ("nope", "1")]
)
def test_a_target_that_cannot_be_is_refused(key: str, text: str) -> None:
    with pytest.raises(ValidationError):
        parse_kpi_value(key, text)


def test_claims_meet_a_target_by_staying_under_it() -> None:
    assert Kpi("claims", "Claims", "money", 100, "", target=200).met is True
    assert Kpi("savings", "Savings", "money", 100, "", target=200).met is False
    assert Kpi("savings", "Savings", "money", None, "", target=200).met is None


def test_targets_are_set_changed_removed_and_undone_per_year(db: Database) -> None:
    set_kpi_target(db, "spend_covered", YEAR, "95", "manager")
    set_kpi_target(db, "spend_covered", YEAR, "96%", "manager")
    set_kpi_target(db, "spend_covered", YEAR.previous(), "90", "manager")
    assert kpi_targets(db, YEAR) == {"spend_covered": 96}
    set_kpi_target(db, "spend_covered", YEAR, None, "manager")
    assert kpi_targets(db, YEAR) == {}
    undo_last(db, "manager")
    assert kpi_targets(db, YEAR) == {"spend_covered": 96}
    with pytest.raises(NotFoundError):
        set_kpi_target(db, "savings", YEAR, None, "manager")
    assert verify_chain(db).ok


def test_a_baseline_is_edited_and_undone(db: Database, today: date) -> None:
    set_kpi_baseline(db, "spend_covered", "90%", "manager")
    section = kpi_section(db, YEAR, today)
    assert next(k for k in section["kpis"] if k["key"] == "spend_covered")["baseline"] == 90
    undo_last(db, "manager")
    section = kpi_section(db, YEAR, today)
    assert next(k for k in section["kpis"] if k["key"] == "spend_covered")["baseline"] == 94


def test_the_brief_shows_the_target_and_the_trend_over_the_years_held(
    db: Database, today: date
) -> None:
    set_kpi_target(db, "savings", YEAR.previous(), "£2m", "manager")
    set_kpi_target(db, "savings", YEAR, "£2.5m", "manager")
    brief = render_brief(db, BriefRequest("kpi", today))
    assert "| Annual value of procurement savings | £0 | £1,500,000 | £2,500,000 | no |" in brief
    assert "| Measure | 2025/26 | 2026/27 |" in brief
    assert "£0 (£2,000,000) | £0 (£2,500,000) |" in brief


def test_with_no_payments_ledger_off_contract_spend_is_not_available(
    db: Database, today: date
) -> None:
    """No ledger says nothing about off-contract spend: never report it as none."""
    brief = render_brief(db, BriefRequest("kpi", today))
    assert "No off-contract spend" not in brief
    assert "Not available: no payments ledger is imported for 2026/27" in brief


def test_setting_a_target_to_what_it_is_records_no_change(db: Database) -> None:
    set_kpi_target(db, "spend_covered", YEAR, "95", "manager")
    before = db.conn.execute("SELECT count(*) FROM changes").fetchone()[0]
    set_kpi_target(db, "spend_covered", YEAR, "95%", "manager")
    set_kpi_baseline(db, "spend_covered", "94", "manager")
    assert db.conn.execute("SELECT count(*) FROM changes").fetchone()[0] == before
