"""OCDS 1.1: writing the register as a release package (reading one is in
planner/io/ocds_read.py; which notices are contracts, in planner/io/ocds_status.py).

How OCDS maps onto the register (both ways):

- ref: `contracts[].id` (an award's `id` when a process has awards but no contracts).
- title: `contracts[].title`, else the award's or the tender's title.
- department: `tender.procuringEntity.name`, else `buyer.name` (`--department` replaces it
  on import).
- supplier: the award's `suppliers[]` names.
- supplier_company_no: the supplier party's `identifier.id` when the scheme is `GB-COH`.
- sme: the supplier party's `details.scale` (`sme`, `micro`, `small`, `medium` are yes,
  `large` is no), else its older `sme` flag. vcse: its `details.vcse` (or `vcse`) flag.
- category, cpv: an item's `description` and `classification.id` when the scheme is `CPV`:
  the contract's or award's items, else `tender.classification` (where Contracts Finder
  puts it), else the tender's items.
- route: `tender.procurementMethodDetails` when it names a route the planner knows
  (`Call-off from a framework agreement` is a framework direct award).
- framework: the title of a `relatedProcesses[]` entry whose relationship is `framework`;
  the tender's title when `tender.techniques.hasFrameworkAgreement` says the notice set one
  up.
- start_date, end_date, max_end_date: `contracts[].period` (else the award's
  `contractPeriod`) `startDate`, `endDate`, `maxExtentDate`, each its local calendar date.
- total_value: `contracts[].value.amount` (else the award's) in GBP; 0 is unknown.
- values_include_vat: the value's `valueAddedTaxIncluded`; when absent, imported as
  excluding VAT (Contracts Finder's values do).
- status: `contracts[].statusDetails` if it is a planner status, else the contract's or the
  award's status (planner/io/ocds_status.py).
- notes: the OCID, the contract's description and anything that did not fit above.

A release package with several releases for one OCID is compiled first (later releases
win, field by field; arrays of objects with ids merge by id), as a record's
`compiledRelease` already is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from typing import Any

from planner.domain.codes import RouteCode, Status
from planner.domain.contract import Contract
from planner.domain.publishing import withheld
from planner.domain.vocab import DECISIONS, ROUTES, STATUSES
from planner.errors import PlannerError

OCDS_VERSION = "1.1"
DEFAULT_PREFIX = "ocds-planner"
# A planner status as an OCDS contract status (statusDetails keeps the planner's word).
_STATUS_TO_OCDS: dict[str, str] = {
    Status.ACTIVE: "active",
    Status.IN_REVIEW: "active",
    Status.DECIDED: "active",
    Status.COMPLETED: "active",
    Status.EXPIRED: "terminated",
    Status.TERMINATED: "terminated",
}
# A planner route as an OCDS procurementMethod.
_METHOD: dict[str, str] = {
    RouteCode.OPEN: "open",
    RouteCode.COMPETITIVE_FLEXIBLE: "selective",
    RouteCode.QUOTES: "limited",
    RouteCode.FRAMEWORK_DIRECT_AWARD: "limited",
    RouteCode.FRAMEWORK_FURTHER_COMPETITION: "selective",
    RouteCode.DIRECT_AWARD: "direct",
    RouteCode.EXTENSION: "direct",
}


# ---------------------------------------------------------------- writing


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _datetime(day: date | None) -> str | None:
    if day is None:
        return None
    return datetime.combine(day, time(0), UTC).isoformat().replace("+00:00", "Z")


def _release(
    contract: Contract, prefix: str, buyer: dict[str, str], published: str
) -> dict[str, Any]:
    ocid = f"{prefix}-{_slug(contract.department)}-{_slug(contract.ref)}"
    department_id = f"dept-{_slug(contract.department)}"
    parties: list[dict[str, Any]] = [
        {"id": buyer["id"], "name": buyer["name"], "roles": ["buyer"]},
        {"id": department_id, "name": contract.department, "roles": ["procuringEntity"]},
    ]
    award: dict[str, Any] = {"id": f"{contract.ref}-award", "status": "active"}
    supplier = _supplier_party(contract)
    if supplier is not None:
        parties.append(supplier)
        award["suppliers"] = [{"id": supplier["id"], "name": supplier["name"]}]
    release: dict[str, Any] = {
        "ocid": ocid,
        "id": f"{ocid}-v{contract.version}",
        "date": published,
        "tag": ["contract"],
        "initiationType": "tender",
        "language": "en",
        "parties": parties,
        "buyer": {"id": buyer["id"], "name": buyer["name"]},
        "tender": _tender(contract, ocid, department_id),
        "awards": [award],
        "contracts": [_contract_entry(contract, award["id"])],
    }
    if contract.framework:
        release["relatedProcesses"] = [
            {"id": "1", "relationship": ["framework"], "title": contract.framework}
        ]
    return release


def _supplier_party(contract: Contract) -> dict[str, Any] | None:
    """The supplier as an OCDS party, or None when the register names no supplier."""
    if not contract.supplier:
        return None
    supplier: dict[str, Any] = {
        "id": f"supplier-{contract.supplier_company_no or _slug(contract.supplier)}",
        "name": contract.supplier,
        "roles": ["supplier"],
    }
    if contract.supplier_company_no:
        supplier["identifier"] = {"scheme": "GB-COH", "id": contract.supplier_company_no}
    details: dict[str, Any] = {}
    if contract.sme is not None:
        details["scale"] = "sme" if contract.sme else "large"
    if contract.vcse is not None:
        details["vcse"] = contract.vcse
    if details:
        supplier["details"] = details
    return supplier


def _tender(contract: Contract, ocid: str, department_id: str) -> dict[str, Any]:
    tender: dict[str, Any] = {
        "id": f"{ocid}-tender",
        "procuringEntity": {"id": department_id, "name": contract.department},
    }
    if contract.title:
        tender["title"] = contract.title
    # The tender is how this contract was let: its previous route, not the route decided for
    # its next review (docs/rules.md, "Reading a register's route").
    let_by = contract.previous_route
    if let_by:
        tender["procurementMethodDetails"] = ROUTES[let_by]
        if let_by in _METHOD:
            tender["procurementMethod"] = _METHOD[let_by]
    if contract.category or contract.cpv:
        item: dict[str, Any] = {"id": "1"}
        if contract.category:
            item["description"] = contract.category
        if contract.cpv:
            item["classification"] = {"scheme": "CPV", "id": contract.cpv}
        tender["items"] = [item]
    return tender


def _contract_entry(contract: Contract, award_id: str) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": contract.ref, "awardID": award_id}
    if contract.title:
        entry["title"] = contract.title
    if contract.status:
        entry["status"] = _STATUS_TO_OCDS.get(contract.status, "active")
        entry["statusDetails"] = STATUSES.get(contract.status, contract.status)
    period = {
        key: _datetime(day)
        for key, day in (("startDate", contract.start_date), ("endDate", contract.end_date),
                         ("maxExtentDate", contract.max_end_date))
        if day is not None
    }  # fmt: skip
    if period:
        entry["period"] = period
    if contract.total_value is not None:
        entry["value"] = {"amount": contract.total_value / 100, "currency": "GBP"}
        if contract.values_include_vat is not None:
            # The valueAddedTax extension's flag, so the VAT basis survives a round trip.
            entry["value"]["valueAddedTaxIncluded"] = contract.values_include_vat
    if contract.decision:
        entry["description"] = f"Review decision: {DECISIONS[contract.decision]}"
    return entry


def release_package(
    contracts: Iterable[Contract],
    *,
    publisher: str,
    published: datetime,
    prefix: str = DEFAULT_PREFIX,
    uri: str | None = None,
    buyer: str | None = None,
    seal: str | None = None,
) -> dict[str, Any]:
    """The register as an OCDS 1.1 release package: one release per contract that is not
    restricted (how many were withheld in `withheldContracts`), each naming
    `buyer` (the publisher when not given) as its buyer. `seal`, the audit seal of the
    database it was read from, is kept in the package's additional field `auditSeal` (OCDS
    allows fields beyond the schema; an import of the package ignores it)."""
    stamp = published.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    name = buyer or publisher
    party = {"id": f"buyer-{_slug(name)}", "name": name}
    releases = []
    held_back = 0
    for contract in contracts:
        if withheld(contract.restricted):
            held_back += 1  # never published; only the count is (docs/rules.md)
            continue
        releases.append(_release(contract, prefix, party, stamp))
    if not releases:
        if held_back:
            raise PlannerError(
                f"every contract here ({held_back:,}) is restricted; there is nothing to publish"
            )
        raise PlannerError("the register is empty; an OCDS release package needs a contract")
    package: dict[str, Any] = {
        "uri": uri or f"urn:{prefix}:release-package:{stamp}",
        "version": OCDS_VERSION,
        "publishedDate": stamp,
        "publisher": {"name": publisher},
        "releases": releases,
    }
    if seal is not None:
        package["auditSeal"] = seal
    # How many restricted contracts were left out (PA 2023 s.94(3): the fact, not which).
    package["withheldContracts"] = held_back
    return package
