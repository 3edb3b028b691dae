"""An annual value inconsistent with the whole-life value over the term (more than a
factor of two out) is flagged as a data gap on import and on the contract screen
(docs/rules.md, "Data rules")."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from planner.domain.codes import FlagCode
from planner.domain.contract import Contract
from planner.domain.rules import Rules, contract_flags, values_disagree
from planner.io.importer import ImportOptions, import_file
from planner.store import Database
from planner.store.contracts import find_contract

HEADER = ["Ref", "Title", "Start Date", "End Date", "Annual Value", "Total Value"]


def _contract(annual: int, total: int) -> Contract:
    return Contract(ref="EST-1", department="Estates", start_date=date(2024, 4, 1),
                    end_date=date(2027, 3, 31), annual_value=annual, total_value=total)  # fmt: skip


def test_values_more_than_a_factor_of_two_apart_are_flagged() -> None:
    # £10,000 a year for three years is about £30,000: £300,000 total is ten times that.
    assert "factor of two" in (values_disagree(_contract(10_000_00, 300_000_00)) or "")
    assert values_disagree(_contract(10_000_00, 30_000_00)) is None
    assert values_disagree(_contract(10_000_00, 55_000_00)) is None  # under 2x
    # A total that covers the extensions (to the latest end date) is not flagged.
    extended = _contract(10_000_00, 70_000_00).with_changes(max_end_date=date(2031, 3, 31))
    assert values_disagree(extended) is None


def test_the_contract_screen_flags_disagreeing_values() -> None:
    flags = contract_flags(_contract(10_000_00, 300_000_00), Rules(), date(2026, 11, 25))
    assert FlagCode.VALUES_DISAGREE in [f.code for f in flags]


def test_an_import_imports_the_values_and_lists_the_disagreement(
    db: Database, write_csv: Callable[..., Path]
) -> None:
    rows = [HEADER,
            ["EST-1", "Cleaning", "01/04/2024", "31/03/2027", "£10,000", "£300,000"],
            ["EST-2", "Lifts", "01/04/2024", "31/03/2027", "£10,000", "£30,000"]]  # fmt: skip
    report = import_file(db, write_csv(rows), ImportOptions("Estates"), "tester")
    assert report.imported == 2
    assert [ref for ref, _ in report.value_gaps] == ["EST-1"]
    assert report.as_json()["value_gaps"][0]["ref"] == "EST-1"
    assert find_contract(db, "EST-1", "Estates").total_value == 300_000_00
