"""The demo holds a payments ledger, benefits and claims, so its KPIs show realistic
figures, not 'not available' (issue 14)."""

from __future__ import annotations

from planner.briefs import BriefRequest, render_brief
from planner.briefs.kpi import kpi_section
from planner.demo.build import build_demo
from planner.demo.generator import DemoSpec
from planner.domain.kpis import FinancialYear
from planner.store import Database, verify_chain
from tests.conftest import FROZEN_TODAY


def test_the_demo_kpis_come_from_its_ledger_benefits_and_claims(db: Database) -> None:
    build_demo(db, DemoSpec(contracts=80), FROZEN_TODAY)
    section = kpi_section(db, FinancialYear.containing(FROZEN_TODAY), FROZEN_TODAY)
    kpis = {k["key"]: k for k in section["kpis"]}
    assert 85 <= kpis["spend_covered"]["value"] <= 100  # some is paid off-contract
    assert kpis["savings"]["value"] > 0 and kpis["claims"]["value"] > 0
    assert section["spend_held"] and len(section["trend"]["years"]) == 2
    brief = render_brief(db, BriefRequest("kpi", FROZEN_TODAY))
    assert "(demo)" in brief.split("## Off-contract spend")[1]
    assert verify_chain(db).ok


def test_the_demo_can_be_built_without_money(db: Database) -> None:
    build_demo(db, DemoSpec(contracts=40), FROZEN_TODAY, money=False)
    section = kpi_section(db, FinancialYear.containing(FROZEN_TODAY), FROZEN_TODAY)
    assert not section["spend_held"]
