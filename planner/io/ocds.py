"""OCDS 1.1: reading release and record packages into register rows, and writing the
register as a release package.

How OCDS maps onto the register (both ways):

| register column | OCDS |
|---|---|
| ref | `contracts[].id` (an award's `id` when a process has awards but no contracts) |
| title | `contracts[].title`, else the award's or the tender's title |
| department | `tender.procuringEntity.name` (`--department` replaces it on import) |
| supplier | the award's `suppliers[]` names |
| supplier_company_no | the supplier party's `identifier.id` when the scheme is `GB-COH` |
| sme | the supplier party's `details.scale`: `sme` or `micro` is yes, `large` is no |
| category, cpv | first item's `description` and its `classification.id` when the scheme is `CPV` |
| route | `tender.procurementMethodDetails` when it names a route the planner knows |
| framework | the title of a `relatedProcesses[]` entry whose relationship is `framework` |
| start_date, end_date, max_end_date | `contracts[].period.startDate`, `endDate`, `maxExtentDate` |
| total_value | `contracts[].value.amount` when the currency is GBP |
| status | `contracts[].statusDetails` if it is a planner status, else `status` |
| notes | the OCID, the contract's description and anything that did not fit above |

A release package with several releases for one OCID is compiled first (later releases
win, field by field; arrays of objects with ids merge by id), as a record's
`compiledRelease` already is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from planner.domain.codes import RouteCode, Status
from planner.domain.contract import Contract
from planner.domain.vocab import DECISIONS, ROUTES, STATUSES, canonical
from planner.errors import PlannerError, ValidationError
from planner.io.tables import Table

OCDS_VERSION = "1.1"
DEFAULT_PREFIX = "ocds-planner"
HEADINGS = [
    "ref", "title", "department", "supplier", "supplier_company_no", "sme", "category", "cpv",
    "route", "framework", "start_date", "end_date", "max_end_date", "total_value", "status",
    "notes",
]  # fmt: skip
# An OCDS contract status (left) as a planner status, and back.
_OCDS_STATUS: dict[str, Status] = {
    "pending": Status.ACTIVE,
    "active": Status.ACTIVE,
    "cancelled": Status.TERMINATED,
    "terminated": Status.EXPIRED,
}
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


# ---------------------------------------------------------------- reading


def read_ocds(path: Path, data: bytes) -> Table:
    """Read an OCDS release package, record package, release or list of releases."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ValidationError(f"{path} is not UTF-8 JSON") from None
    except json.JSONDecodeError as exc:
        raise ValidationError(
            f"{path} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except RecursionError:
        raise ValidationError(
            f"{path} is nested too deeply to be an OCDS release or record package"
        ) from None
    releases, kind = _releases(document, path)
    table = Table(f"OCDS {kind}", "ocds", list(HEADINGS), 1)
    number = 0
    for release in releases:
        rows = _rows_of(release)
        if not rows:
            table.skipped += 1  # a planning or tender release: no contract to register yet
        for row in rows:
            number += 1
            table.rows.append((number, [row.get(h) for h in HEADINGS]))
    return table


def _releases(document: Any, path: Path) -> tuple[list[dict[str, Any]], str]:
    if isinstance(document, dict) and isinstance(document.get("records"), list):
        return _compiled_records(document["records"]), "record package"
    if isinstance(document, dict) and isinstance(document.get("releases"), list):
        return _compile(r for r in document["releases"] if _is_release(r)), "release package"
    if isinstance(document, dict) and "ocid" in document:
        return [document], "release"
    if isinstance(document, list) and all(_is_release(r) for r in document):
        return _compile(document), "list of releases"
    raise ValidationError(
        f"{path} is JSON but not an OCDS release package or record package "
        "(it has no 'releases' or 'records' list)"
    )


def _compiled_records(records: list[Any]) -> list[dict[str, Any]]:
    """Each record's compiledRelease, or its releases compiled here."""
    compiled = []
    for record in records:
        if not isinstance(record, dict):
            continue
        if isinstance(record.get("compiledRelease"), dict):
            compiled.append(record["compiledRelease"])
        elif isinstance(record.get("releases"), list):
            compiled.extend(_compile(r for r in record["releases"] if _is_release(r)))
    return compiled


def _is_release(value: Any) -> bool:
    return isinstance(value, dict) and "ocid" in value


def _compile(releases: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    by_ocid: dict[str, list[dict[str, Any]]] = {}
    for release in releases:
        by_ocid.setdefault(str(release["ocid"]), []).append(release)
    compiled = []
    for group in by_ocid.values():
        merged: dict[str, Any] = {}
        for release in sorted(group, key=lambda r: str(r.get("date") or "")):
            merged = _merge(merged, release)
        compiled.append(merged)
    return compiled


def _merge(old: Any, new: Any) -> Any:
    if isinstance(old, dict) and isinstance(new, dict):
        merged = dict(old)
        for key, value in new.items():
            merged[key] = _merge(old.get(key), value) if key in old else value
        return merged
    if (
        isinstance(old, list)
        and isinstance(new, list)
        and all(isinstance(x, dict) and "id" in x for x in [*old, *new])
    ):
        by_id = {str(x["id"]): x for x in old}
        for item in new:
            key = str(item["id"])
            by_id[key] = _merge(by_id[key], item) if key in by_id else item
        return list(by_id.values())
    return new


def _rows_of(release: dict[str, Any]) -> list[dict[str, Any]]:
    parties = {str(p.get("id")): p for p in _list(release.get("parties")) if isinstance(p, dict)}
    tender = _dict(release.get("tender"))
    awards = {str(a.get("id")): a for a in _list(release.get("awards")) if isinstance(a, dict)}
    contracts = [c for c in _list(release.get("contracts")) if isinstance(c, dict)]
    if contracts:
        items = [(c, _dict(awards.get(str(c.get("awardID"))))) for c in contracts]
    else:
        items = [({}, a) for a in awards.values()]
    return [_row(release, tender, parties, contract, award) for contract, award in items]


def _row(
    release: dict[str, Any],
    tender: dict[str, Any],
    parties: dict[str, dict[str, Any]],
    contract: dict[str, Any],
    award: dict[str, Any],
) -> dict[str, Any]:
    notes = [f"OCID: {release.get('ocid')}"]
    entity = _dict(tender.get("procuringEntity"))
    row: dict[str, Any] = {
        "ref": _text(contract.get("id") if contract else award.get("id")),
        "title": _text(contract.get("title") or award.get("title") or tender.get("title")),
        "department": _text(
            entity.get("name") or _dict(parties.get(str(entity.get("id")))).get("name")
        ),
        **_supplier_columns(award, parties),
        **_category_columns(tender, contract, award),
    }
    method = _text(tender.get("procurementMethodDetails"))
    row["route"] = _known("route", method)
    if method and row["route"] is None:
        notes.append(f"Procurement method: {method}")
    framework = _framework(release)
    if framework is not None:
        row["framework"] = framework
    period = _dict(contract.get("period")) or _dict(award.get("contractPeriod"))
    row["start_date"] = _text(period.get("startDate"))
    row["end_date"] = _text(period.get("endDate"))
    row["max_end_date"] = _text(period.get("maxExtentDate"))
    row["total_value"], value_note = _value(contract, award)
    if value_note:
        notes.append(value_note)
    status = _known("status", _text(contract.get("statusDetails")))
    row["status"] = status or _OCDS_STATUS.get(str(contract.get("status") or "").lower())
    if contract.get("description"):
        notes.append(str(contract["description"]))
    row["notes"] = "\n".join(notes)
    return row


def _value(contract: dict[str, Any], award: dict[str, Any]) -> tuple[Any, str | None]:
    """(the total value if in pounds, else None; a note of a value in another currency)."""
    value = _dict(contract.get("value")) or _dict(award.get("value"))
    amount, currency = value.get("amount"), str(value.get("currency") or "GBP").upper()
    if amount is None:
        return None, None
    if currency == "GBP":
        return amount, None
    return None, f"Value: {amount} {currency}"


def _supplier_columns(award: dict[str, Any], parties: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """supplier, supplier_company_no and sme, from the award's suppliers (none if it has none)."""
    suppliers = [_dict(s) for s in _list(award.get("suppliers"))]
    if not suppliers:
        return {}
    party = _dict(parties.get(str(suppliers[0].get("id"))))
    names = (_text(s.get("name") or _dict(parties.get(str(s.get("id")))).get("name"))
             for s in suppliers)  # fmt: skip
    scale = str(_dict(party.get("details")).get("scale") or "").lower()
    return {
        "supplier": "; ".join(filter(None, names)),
        "supplier_company_no": _company_number(party),
        "sme": {"sme": "yes", "micro": "yes", "large": "no"}.get(scale),
    }


def _category_columns(
    tender: dict[str, Any], contract: dict[str, Any], award: dict[str, Any]
) -> dict[str, Any]:
    """cpv and category from the first item classified by CPV, else the tender's category."""
    items = _list(contract.get("items")) or _list(award.get("items")) or _list(tender.get("items"))
    for item in (_dict(i) for i in items):
        classification = _dict(item.get("classification"))
        if str(classification.get("scheme", "")).upper() == "CPV":
            return {
                "cpv": _text(classification.get("id")),
                "category": _text(item.get("description") or classification.get("description")),
            }
    return {"category": _text(tender.get("mainProcurementCategory"))}


def _framework(release: dict[str, Any]) -> str | None:
    """The title (or identifier) of the framework the release was called off, if any."""
    for process in (_dict(p) for p in _list(release.get("relatedProcesses"))):
        if "framework" in [str(r).lower() for r in _list(process.get("relationship"))]:
            return _text(process.get("title") or process.get("identifier"))
    return None


def _known(vocabulary: str, text: str | None) -> str | None:
    if text is None:
        return None
    try:
        return canonical(vocabulary, text)
    except ValidationError:
        return None


def _company_number(party: dict[str, Any]) -> str | None:
    identifiers = [
        _dict(party.get("identifier")),
        *map(_dict, _list(party.get("additionalIdentifiers"))),
    ]
    for identifier in identifiers:
        if str(identifier.get("scheme", "")).upper() == "GB-COH":
            return _text(identifier.get("id"))
    return None


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    text = str(value).strip()
    return text or None


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
    if contract.sme is not None:
        supplier["details"] = {"scale": "sme" if contract.sme else "large"}
    return supplier


def _tender(contract: Contract, ocid: str, department_id: str) -> dict[str, Any]:
    tender: dict[str, Any] = {
        "id": f"{ocid}-tender",
        "procuringEntity": {"id": department_id, "name": contract.department},
    }
    if contract.title:
        tender["title"] = contract.title
    if contract.route:
        tender["procurementMethodDetails"] = ROUTES[contract.route]
        if contract.route in _METHOD:
            tender["procurementMethod"] = _METHOD[contract.route]
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
    """The register as an OCDS 1.1 release package: one release per contract, each naming
    `buyer` (the publisher when not given) as its buyer. `seal`, the audit seal of the
    database it was read from, is kept in the package's additional field `auditSeal` (OCDS
    allows fields beyond the schema; an import of the package ignores it)."""
    stamp = published.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    name = buyer or publisher
    party = {"id": f"buyer-{_slug(name)}", "name": name}
    releases = [_release(c, prefix, party, stamp) for c in contracts]
    if not releases:
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
    return package
