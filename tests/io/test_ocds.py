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
from tests.conftest import run
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
        cpv="90910000", previous_route="framework-direct-award", framework="CCS RM6154",
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
    assert (saved.previous_route, saved.route) == (original.previous_route, None)
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
    assert (report.source, report.rows, len(report.skipped), report.rejected) == (
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


# ---------------------------------------------------------------- Contracts Finder


def _cf(
    n: int,
    *,
    tender: dict[str, Any],
    awards: list[Any] | None = None,
    parties: list[Any] | None = None,
    **parts: Any,
) -> dict[str, Any]:
    """One compiled release as Contracts Finder publishes it in 2025: BST offsets on every
    date, the CPV code in tender.classification, the buyer at release level."""
    ocid = f"ocds-b5fd17-{n:04d}"
    release: dict[str, Any] = {
        "ocid": ocid, "id": f"{ocid}-2025-05-01T10:15:00+01:00",
        "date": "2025-05-01T10:15:00+01:00", "tag": ["compiled"], "language": "en",
        "initiationType": "tender",
        "buyer": {"id": "GB-CFS-1", "name": "Lancashire Constabulary"},
        "parties": [{"id": "GB-CFS-1", "name": "Lancashire Constabulary", "roles": ["buyer"]},
                    *(parties or [])],
        "tender": {"id": f"T-{n}", "mainProcurementCategory": "services", **tender},
        **parts,
    }  # fmt: skip
    if awards is not None:
        release["awards"] = awards
    return release


def _supplier(party_id: str, name: str, **extra: Any) -> dict[str, Any]:
    return {"id": party_id, "name": name, "roles": ["supplier"], **extra}


def _award(
    n: int, supplier: str, *, status: str = "active", amount: float = 120_000, **extra: Any
) -> dict[str, Any]:
    return {"id": f"ocds-b5fd17-{n:04d}-award-1", "status": status,
            "value": {"amount": amount, "currency": "GBP"},
            "suppliers": [{"id": supplier}],
            "contractPeriod": {"startDate": "2025-04-01T00:00:00+01:00",
                               "endDate": "2027-03-31T23:59:59+01:00"}, **extra}  # fmt: skip


CPV_SECURITY = {"scheme": "CPV", "id": "79710000", "description": "Security services"}


def _contracts_finder_package() -> dict[str, Any]:
    """Nine notices: five awarded contracts and four that never became one."""
    releases = [
        # 1. An award with no contracts[]: the award's contractPeriod, an SME by details.scale,
        #    an entity-escaped name, the CPV code only in tender.classification.
        _cf(1, tender={"title": "Custody security", "status": "complete",
                       "classification": CPV_SECURITY,
                       "procurementMethodDetails": "Open procedure"},
            parties=[_supplier("S1", "Smith &amp; Jones Security Ltd",
                               details={"scale": "sme"},
                               identifier={"scheme": "GB-COH", "id": "01234567"})],
            awards=[_award(1, "S1")]),
        # 2. A call-off from a named framework, in Contracts Finder's own status words, with
        #    the older party-level sme flag and a VCSE supplier.
        _cf(2, tender={"title": "Network services", "status": "awarded",
                       "classification": {"scheme": "CPV", "id": "72000000-5"},
                       "procurementMethodDetails": "Call-off from a framework agreement"},
            parties=[_supplier("S2", "Lune Networks &amp;amp; Data CIC", sme=True,
                               details={"vcse": True})],
            awards=[_award(2, "S2", status="awarded", amount=48_500.5)],
            relatedProcesses=[{"id": "1", "relationship": ["framework"],
                               "title": "CCS RM6116 Network Services 3"}]),
        # 3. A £0 award whose title is a placeholder: both unknown, not data.
        _cf(3, tender={"title": "Interpreting services", "status": "complete",
                       "classification": CPV_SECURITY},
            parties=[_supplier("S3", "Pennine Language Ltd", details={"scale": "large"})],
            awards=[_award(3, "S3", amount=0,
                           title="See description of related tender.")]),
        # 4. The notice set up a framework agreement (techniques).
        _cf(4, tender={"title": "Vehicle parts framework", "status": "complete",
                       "techniques": {"hasFrameworkAgreement": True}},
            parties=[_supplier("S4", "Ribble Motors Ltd")],
            awards=[_award(4, "S4", amount=2_000_000)]),
        # 5. A contract that has run its course ("closed"), with contracts[] and its own period.
        _cf(5, tender={"title": "Archive storage", "status": "complete"},
            parties=[_supplier("S5", "Fylde Stores Ltd")],
            awards=[_award(5, "S5")],
            contracts=[{"id": "CF-5", "awardID": "ocds-b5fd17-0005-award-1", "status": "closed",
                        "period": {"startDate": "2022-04-01T00:00:00+01:00",
                                   "endDate": "2025-03-31T23:59:59+01:00"},
                        "value": {"amount": 90_000, "currency": "GBP"}}]),
        # 6-9. Not contracts: open, closed unawarded, withdrawn, a cancelled award.
        _cf(6, tender={"title": "Drone repairs", "status": "open"}),
        _cf(7, tender={"title": "Kennels", "status": "closed"}),
        _cf(8, tender={"title": "Canteen", "status": "withdrawn"},
            parties=[_supplier("S8", "Wyre Catering")], awards=[_award(8, "S8")]),
        _cf(9, tender={"title": "Cleaning", "status": "complete"},
            parties=[_supplier("S9", "Pendle Clean")],
            awards=[_award(9, "S9", status="cancelled")]),
    ]  # fmt: skip
    return {"uri": "https://www.contractsfinder.service.gov.uk/Published/Notices/OCDS",
            "publishedDate": "2025-05-01T10:15:00+01:00", "version": "1.1",
            "publisher": {"name": "Crown Commercial Service"}, "releases": releases}  # fmt: skip


def test_a_contracts_finder_package_imports_every_awarded_contract_with_its_fields(
    db: Database, tmp_path: Path
) -> None:
    """PA 2023 s.50 / PCR 2015 reg.108: an awarded contract's notice gives its supplier, value
    and dates. Offset dates keep their local calendar day; CPV from tender.classification;
    SME from details.scale or the older sme flag; 0 and placeholders are unknown; values
    published on Contracts Finder exclude VAT."""
    path = tmp_path / "contracts-finder.json"
    path.write_text(json.dumps(_contracts_finder_package()), encoding="utf-8")
    report = import_file(db, path, ImportOptions(department="HQ Crime"), "tester")
    assert report.rejected == []
    assert (report.imported, len(report.skipped)) == (5, 4)

    first = find_contract(db, "ocds-b5fd17-0001-award-1", "HQ Crime")
    assert (first.start_date, first.end_date) == (date(2025, 4, 1), date(2027, 3, 31))
    assert (first.title, first.supplier, first.supplier_company_no, first.sme) == (
        "Custody security", "Smith & Jones Security Ltd", "01234567", True,
    )  # fmt: skip
    # How it was let is history, kept as the previous route, never a decision.
    assert (first.cpv, first.category, first.previous_route, first.route) == (
        "79710000", "Security services", "open", None,
    )  # fmt: skip
    assert (first.total_value, first.values_include_vat, first.status) == (
        12_000_000, False, "active",
    )  # fmt: skip

    call_off = find_contract(db, "ocds-b5fd17-0002-award-1", "HQ Crime")
    assert (call_off.previous_route, call_off.framework) == (
        "framework-direct-award", "CCS RM6116 Network Services 3",
    )  # fmt: skip
    assert call_off.supplier == "Lune Networks & Data CIC"  # escaped twice by its publisher
    assert (call_off.sme, call_off.vcse, call_off.total_value, call_off.cpv) == (
        True, True, 4_850_050, "72000000-5",
    )  # fmt: skip

    zero = find_contract(db, "ocds-b5fd17-0003-award-1", "HQ Crime")
    assert (zero.title, zero.total_value, zero.sme) == ("Interpreting services", None, False)

    framework = find_contract(db, "ocds-b5fd17-0004-award-1", "HQ Crime")
    assert framework.framework == "Vehicle parts framework"

    ended = find_contract(db, "CF-5", "HQ Crime")
    assert (ended.status, ended.end_date, ended.total_value) == (
        "expired", date(2025, 3, 31), 9_000_000,
    )  # fmt: skip


def test_contracts_finder_status_words_that_are_not_contracts_are_skipped_with_reasons(
    db: Database, tmp_path: Path
) -> None:
    """PA 2023 s.50: only an awarded contract has a contract details notice; an open,
    closed-but-unawarded, withdrawn or cancelled notice is not a contract."""
    path = tmp_path / "contracts-finder.json"
    path.write_text(json.dumps(_contracts_finder_package()), encoding="utf-8")
    report = import_file(db, path, ImportOptions(department="HQ Crime", dry_run=True), "t")
    reasons = {s.row: s.reason for s in report.skipped}
    assert list(reasons) == [6, 7, 8, 9]
    assert "still open" in reasons[6] and "tender status 'open'" in reasons[6]
    assert "no award has been published" in reasons[7]
    assert "withdrawn" in reasons[8] and "not a contract" in reasons[8]
    assert "award status 'cancelled'" in reasons[9]
    assert report.as_json()["skipped"][0] == {"row": 6, "reason": reasons[6]}


def test_a_contract_cancelled_before_signing_is_skipped_and_terminated_is_expired(
    db: Database, tmp_path: Path
) -> None:
    """OCDS contractStatus codelist: 'cancelled' is cancelled before it was signed (never a
    contract); 'terminated' has come to a close."""
    contracts = [{"id": "C-1", "awardID": "a1", "status": "cancelled"},
                 {"id": "C-2", "awardID": "a1", "status": "terminated"}]  # fmt: skip
    cancelled = _release(
        "ocds-x-1", "2025-01-01T00:00:00Z", awards=[{"id": "a1"}], contracts=contracts
    )
    path = tmp_path / "releases.json"
    path.write_text(json.dumps({"releases": [cancelled]}))
    report = import_file(db, path, ImportOptions(department="ICT"), "tester")
    assert [s.reason for s in report.skipped] == [
        "OCID ocds-x-1: the contract was cancelled before it was signed "
        "(contract status 'cancelled'); not a contract"
    ]
    assert find_contract(db, "C-2", "ICT").status == "expired"


def test_values_ex_vat_unless_the_release_or_the_option_says_otherwise(
    db: Database, tmp_path: Path
) -> None:
    """Thresholds include VAT (PA 2023 Sch.1 para 3); Contracts Finder values exclude it."""
    release = _release("ocds-x-1", "2025-01-01T00:00:00Z", awards=[{"id": "a1"}],
                       contracts=[{"id": "C-1", "awardID": "a1",
                                   "value": {"amount": 10, "currency": "GBP",
                                             "valueAddedTaxIncluded": True}},
                                  {"id": "C-2", "awardID": "a1",
                                   "value": {"amount": 10, "currency": "GBP"}}])  # fmt: skip
    path = tmp_path / "releases.json"
    path.write_text(json.dumps({"releases": [release]}))
    import_file(db, path, ImportOptions(department="ICT"), "tester")
    assert find_contract(db, "C-1", "ICT").values_include_vat is True
    assert find_contract(db, "C-2", "ICT").values_include_vat is False
    import_file(db, path, ImportOptions(department="ICT", values_include_vat=True), "tester")
    assert find_contract(db, "C-2", "ICT").values_include_vat is True


def test_many_skipped_notices_are_summarised_on_screen_and_listed_in_json(
    db_file: str, tmp_path: Path
) -> None:
    releases = [_cf(n, tender={"title": f"Tender {n}", "status": "open"}) for n in range(25)]
    path = tmp_path / "open-tenders.json"
    path.write_text(json.dumps({"releases": releases}), encoding="utf-8")
    shown = run("import", str(path), "-d", "HQ Crime", "--dry-run", "--db", db_file)
    assert "Skipped 25 records that are not a contract:" in shown.stderr
    assert shown.stderr.count("tender status 'open'") == 20
    assert "and 5 more (--json lists them all)." in shown.stderr
    listed = run("import", str(path), "-d", "HQ Crime", "--json", "--db", db_file)
    assert len(json.loads(listed.stdout)["skipped"]) == 25
