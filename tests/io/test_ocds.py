"""OCDS 1.1: the export validates against the published schema; packages import."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from planner.demo.generator import DemoSpec, generate_contracts
from planner.domain.contract import Contract
from planner.errors import PlannerError
from planner.io.importer import ImportOptions, import_file
from planner.io.ocds import release_package
from planner.store import Database
from planner.store.contracts import find_contract
from tests.io.conftest import ocds_errors

PUBLISHED = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)


def test_the_release_package_validates_against_the_published_1_1_schema() -> None:
    contracts = list(generate_contracts(DemoSpec(seed=3, contracts=200)))
    package = release_package(contracts, publisher="Example Police", published=PUBLISHED)
    assert ocds_errors(package) == []
    assert package["version"] == "1.1" and len(package["releases"]) == 200


def test_the_validator_really_checks_releases() -> None:
    package = release_package(
        [Contract(ref="A", department="Estates")], publisher="P", published=PUBLISHED
    )
    del package["releases"][0]["initiationType"]
    package["releases"][0]["contracts"][0]["value"] = {"amount": "lots", "currency": "GBP"}
    errors = ocds_errors(package)
    assert any("initiationType" in e for e in errors)
    assert any("'lots' is not of type" in e for e in errors)


def test_an_empty_register_cannot_be_a_release_package() -> None:
    with pytest.raises(PlannerError, match="empty"):
        release_package([], publisher="P", published=PUBLISHED)


def _full() -> Contract:
    return Contract(
        ref="EST-001", department="Estates", title="Cleaning", supplier="Pennine Facilities Ltd",
        supplier_company_no="01234567", sme=True, category="Facilities services",
        cpv="90910000", route="framework-direct-award", framework="CCS RM6154",
        start_date=date(2024, 4, 1), end_date=date(2027, 3, 31), max_end_date=date(2028, 3, 31),
        total_value=3_600_050, status="in review",
    )  # fmt: skip


def test_an_exported_package_imports_back_with_the_mapped_columns(
    db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "ocds.json"
    package = release_package([_full()], publisher="Example Police", published=PUBLISHED)
    path.write_text(json.dumps(package), encoding="utf-8")
    report = import_file(db, path, ImportOptions(), "tester")
    assert (report.source, report.imported, report.rejected) == ("OCDS release package", 1, [])
    saved = find_contract(db, "EST-001", "Estates")
    original = _full()
    for column in ("title", "supplier", "supplier_company_no", "sme", "category", "cpv",
                   "framework", "start_date", "end_date", "max_end_date", "total_value",
                   "status"):  # fmt: skip
        assert getattr(saved, column) == getattr(original, column), column
    # A notice's procurement method is how the contract was let: history (issue 11).
    assert (saved.previous_route, saved.route) == (original.route, None)
    assert saved.notes == "OCID: ocds-planner-estates-est-001"
    again = import_file(db, path, ImportOptions(), "tester")
    assert (again.imported, again.unchanged) == (0, 1)


def _release(ocid: str, when: str, **parts: Any) -> dict[str, Any]:
    return {"ocid": ocid, "id": f"{ocid}-{when}", "date": when, "tag": ["contract"],
            "initiationType": "tender", **parts}  # fmt: skip


def test_a_record_package_uses_each_compiled_release(db: Database, tmp_path: Path) -> None:
    compiled = _release(
        "ocds-x-1", "2025-01-01T00:00:00Z",
        parties=[{"id": "s1", "name": "Lune Trust", "identifier": {"scheme": "GB-COH",
                                                                  "id": "07654321"},
                  "details": {"scale": "large"}}],
        tender={"id": "t", "procuringEntity": {"name": "Another Force"},
                "procurementMethodDetails": "Mini-competition"},
        awards=[{"id": "a1", "suppliers": [{"id": "s1", "name": "Lune Trust"}]}],
        contracts=[{"id": "C-9", "awardID": "a1", "title": "Interpreting",
                    "period": {"endDate": "2027-06-30T00:00:00Z"},
                    "value": {"amount": 120000, "currency": "GBP"}, "status": "terminated"}],
    )  # fmt: skip
    planning_only = _release("ocds-x-2", "2025-02-01T00:00:00Z", tag=["planning"])
    path = tmp_path / "records.json"
    records = [{"ocid": "ocds-x-1", "compiledRelease": compiled},
               {"ocid": "ocds-x-2", "releases": [planning_only]}]  # fmt: skip
    path.write_text(json.dumps({"records": records}))
    report = import_file(db, path, ImportOptions(department="HQ Crime"), "tester")
    assert (report.source, report.rows, report.skipped, report.rejected) == (
        "OCDS record package", 1, 1, [],
    )  # fmt: skip
    saved = find_contract(db, "C-9", "HQ Crime")
    assert (saved.supplier, saved.supplier_company_no, saved.sme) == (
        "Lune Trust", "07654321", False,
    )  # fmt: skip
    assert (saved.end_date, saved.total_value, saved.status) == (
        date(2027, 6, 30), 12_000_000, "expired",
    )  # fmt: skip
    assert saved.previous_route == "framework-further-competition"


def test_releases_for_one_process_are_compiled_later_ones_winning(
    db: Database, tmp_path: Path
) -> None:
    first = _release("ocds-x-1", "2025-01-01T00:00:00Z",
                     awards=[{"id": "a1"}],
                     contracts=[{"id": "C-1", "awardID": "a1", "title": "Old title",
                                 "value": {"amount": 10, "currency": "EUR"}}])  # fmt: skip
    second = _release("ocds-x-1", "2025-03-01T00:00:00Z",
                      contracts=[{"id": "C-1", "awardID": "a1", "title": "New title"}])  # fmt: skip
    path = tmp_path / "releases.json"
    path.write_text(json.dumps({"releases": [second, first]}))
    report = import_file(db, path, ImportOptions(department="ICT"), "tester")
    assert report.rows == 1
    saved = find_contract(db, "C-1", "ICT")
    assert saved.title == "New title"
    assert saved.total_value is None  # euros are kept in the notes, not taken for pounds
    assert saved.notes == "OCID: ocds-x-1\nValue: 10 EUR"
