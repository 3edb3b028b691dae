"""Restricted contracts never appear in what is published (the contracts plan, its CSV and
the OCDS export), which say how many were withheld; internal briefs still count them
(docs/rules.md, "Restricted contracts")."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest

from planner.briefs import BriefRequest, render_brief
from planner.domain.contract import Contract
from planner.errors import PlannerError
from planner.io.ocds import release_package
from planner.io.plan_export import write_plan
from planner.store import Database
from planner.store.contracts import insert_contract, iter_contracts
from planner.store.reporting import published_plan
from planner.store.schedule_run import run_schedule
from tests.io.conftest import ocds_errors

COVERT = "Covert surveillance kit"


def _register(db: Database, today: date) -> None:
    for ref, title, restricted in (("HQC-1", COVERT, True), ("ICT-1", "Network support", None)):
        insert_contract(
            db,
            Contract(ref=ref, department="ICT", title=title, supplier=f"{ref} Ltd",
                     end_date=date(2027, 12, 31), annual_value=300_000_00,
                     restricted=restricted,
                     restricted_reason="National security" if restricted else None),
            "tester",
        )  # fmt: skip
    run_schedule(db, today, "tester")


def test_the_ocds_export_leaves_restricted_contracts_out_and_counts_them(db: Database) -> None:
    """PA 2023 s.94(1)(a) and (3): withheld for national security, the fact published."""
    _register(db, date(2026, 11, 25))
    package = release_package(
        iter_contracts(db), publisher="P", published=datetime(2026, 11, 25, tzinfo=UTC)
    )
    assert [r["contracts"][0]["id"] for r in package["releases"]] == ["ICT-1"]
    assert package["withheldContracts"] == 1
    assert COVERT not in str(package) and "HQC-1" not in str(package)
    assert ocds_errors(package) == []


def test_a_register_of_only_restricted_contracts_has_nothing_to_publish() -> None:
    covert = Contract(ref="HQC-1", department="ICT", restricted=True)
    with pytest.raises(PlannerError, match=r"every contract here .* is restricted"):
        release_package([covert], publisher="P", published=datetime(2026, 11, 25, tzinfo=UTC))


def test_the_plan_csv_leaves_restricted_procurements_out_and_says_how_many(
    db: Database, today: date
) -> None:
    """PA 2023 s.94(3): the plan publishes that information is withheld, not which."""
    _register(db, today)
    plan = published_plan(db, today)
    assert [r["title"] for r in plan.rows] == ["Network support"] and plan.withheld == 1
    out = io.StringIO(newline="")
    assert write_plan(plan.rows, out, plan.withheld) == 1
    text = out.getvalue()
    assert COVERT not in text
    last = list(csv.reader(io.StringIO(text)))[-1]
    assert last[0].startswith("1 restricted contract is withheld from publication")


def test_the_plan_brief_says_how_many_were_withheld_and_internal_briefs_count_them(
    db: Database, today: date
) -> None:
    _register(db, today)
    plan = render_brief(db, BriefRequest("plan", today))
    assert COVERT not in plan and "Network support" in plan
    assert "1 restricted contract is withheld from publication" in plan
    department = render_brief(db, BriefRequest("department", today, department="ICT"))
    assert COVERT in department
