"""OCDS 1.1: reading release and record packages (Contracts Finder's among them) into
register rows. The mapping both ways is in planner/io/ocds.py's docstring.

What a published notice holds that is not data: a value of 0, a placeholder such as "See
description of related tender.", HTML entities in names (`&amp;`). A date-time with an
offset (`2025-04-01T00:00:00+01:00`) keeps its local calendar date (1 April, not 31 March in
UTC). A release whose tender was never awarded, or whose award or contract was withdrawn or
cancelled, is not a contract: it is skipped with its reason (docs/rules.md, "Published
notices").
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from planner.domain.codes import RouteCode, Status
from planner.domain.vocab import canonical
from planner.errors import ValidationError
from planner.io.ocds_status import contract_status, release_skip_reason
from planner.io.tables import Skip, Table

HEADINGS = [
    "ref", "title", "department", "supplier", "supplier_company_no", "sme", "vcse", "category",
    "cpv", "route", "framework", "start_date", "end_date", "max_end_date", "total_value",
    "values_include_vat", "status", "notes",
]  # fmt: skip
# Words a publisher puts where it has nothing to say: not a title, a name or a description.
_PLACEHOLDER = re.compile(
    r"^(?:(?:please\s+)?(?:see|refer to)\s+(?:the\s+)?(?:description|notice|tender|details"
    r"|attached|above|below|related|documents?|lot)\b.*"
    r"|n/?a|none|not applicable|not specified|not provided|tbc|tbd|\.+|-+|0)$",
    re.IGNORECASE,
)
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[Tt ].*)?$")
# Contracts Finder's `procurementMethodDetails` words for a route the planner knows
# (anything else is kept in the notes). A call-off is read as a framework direct award
# (docs/rules.md, "Reading a register's route").
_METHOD_ROUTES: dict[str, RouteCode] = {
    "callofffromaframeworkagreement": RouteCode.FRAMEWORK_DIRECT_AWARD,
    "frameworkcalloff": RouteCode.FRAMEWORK_DIRECT_AWARD,
    "openprocedure": RouteCode.OPEN,
    "singletenderactionbelowthreshold": RouteCode.DIRECT_AWARD,
    "othercontractextension": RouteCode.EXTENSION,
}
_SME_SCALES = {"sme": True, "micro": True, "small": True, "medium": True, "large": False}


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
    number = 0  # each contract, award or skipped release is one numbered row, in file order
    for release in releases:
        for row in _rows_of(release):
            number += 1
            if isinstance(row, str):
                table.skips.append(Skip(number, f"OCID {release.get('ocid')}: {row}"))
            else:
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


def _rows_of(release: dict[str, Any]) -> list[dict[str, Any] | str]:
    """A row for each contract (or award, where there are no contracts), or a skip reason."""
    tender = _dict(release.get("tender"))
    awards = {str(a.get("id")): a for a in _list(release.get("awards")) if isinstance(a, dict)}
    contracts = [c for c in _list(release.get("contracts")) if isinstance(c, dict)]
    reason = release_skip_reason(tender, bool(awards or contracts))
    if reason is not None:
        return [reason]
    if contracts:
        items = [(c, _dict(awards.get(str(c.get("awardID"))))) for c in contracts]
    else:
        items = [({}, a) for a in awards.values()]
    parties = {str(p.get("id")): p for p in _list(release.get("parties")) if isinstance(p, dict)}
    out: list[dict[str, Any] | str] = []
    for contract, award in items:
        status = contract_status(contract, award, _text(contract.get("statusDetails")))
        if isinstance(status, Status):
            out.append(_row(release, tender, parties, contract, award, status))
        else:
            out.append(status)  # the reason it is not a contract
    return out


def _row(
    release: dict[str, Any],
    tender: dict[str, Any],
    parties: dict[str, dict[str, Any]],
    contract: dict[str, Any],
    award: dict[str, Any],
    status: Status,
) -> dict[str, Any]:
    notes = [f"OCID: {release.get('ocid')}"]
    entity = _dict(tender.get("procuringEntity")) or _dict(release.get("buyer"))
    row: dict[str, Any] = {
        "ref": _id(contract.get("id") if contract else award.get("id")),
        "title": _text(contract.get("title"))
        or _text(award.get("title"))
        or _text(tender.get("title")),
        "department": _text(entity.get("name"))
        or _text(_dict(parties.get(str(entity.get("id")))).get("name")),
        "status": status,
        **_supplier_columns(award, parties),
        **_category_columns(tender, contract, award),
        **_route_columns(release, tender, notes),
        **_period_columns(contract, award),
    }
    row["total_value"], row["values_include_vat"], value_note = _value(contract, award)
    if value_note:
        notes.append(value_note)
    description = _text(contract.get("description"))
    if description:
        notes.append(description)
    row["notes"] = "\n".join(notes)
    return row


def _period_columns(contract: dict[str, Any], award: dict[str, Any]) -> dict[str, Any]:
    """start, end and latest end: the contract's period, else the award's contractPeriod."""
    period = _dict(contract.get("period")) or _dict(award.get("contractPeriod"))
    return {
        "start_date": _day(period.get("startDate")),
        "end_date": _day(period.get("endDate")),
        "max_end_date": _day(period.get("maxExtentDate")),
    }


def _day(value: Any) -> date | str | None:
    """The local calendar date of an OCDS date-time ('2025-04-01T00:00:00+01:00' is 1 April:
    the offset says where the clock was, not another day). Text that is not ISO is passed
    on for the date parser to judge."""
    text = _text(value)
    if text is None:
        return None
    match = _ISO_DAY.match(text)
    if match is None:
        return text
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return text  # 2025-02-30: the date parser says why


def _value(contract: dict[str, Any], award: dict[str, Any]) -> tuple[Any, bool | None, str | None]:
    """(the value in pounds or None; whether it includes VAT, if the release says; a note).

    A value of 0 is how a notice says "not given": it is unknown, not a free contract.
    """
    for value in (_dict(contract.get("value")), _dict(award.get("value"))):
        amount = value.get("amount")
        if amount is None or amount == 0 or _text(amount) is None:  # 0 and "n/a": unknown
            continue
        currency = str(value.get("currency") or "GBP").upper()
        includes = value.get("valueAddedTaxIncluded")
        includes_vat = includes if isinstance(includes, bool) else None
        if currency == "GBP":
            return amount, includes_vat, None
        return None, None, f"Value: {amount} {currency}"
    return None, None, None


def _supplier_columns(award: dict[str, Any], parties: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """supplier, supplier_company_no, sme and vcse, from the award's suppliers."""
    suppliers = [_dict(s) for s in _list(award.get("suppliers"))]
    if not suppliers:
        return {}
    party = _dict(parties.get(str(suppliers[0].get("id"))))
    names = (_text(s.get("name")) or _text(_dict(parties.get(str(s.get("id")))).get("name"))
             for s in suppliers)  # fmt: skip
    details = _dict(party.get("details"))
    scale = str(details.get("scale") or "").strip().lower()
    return {
        "supplier": "; ".join(filter(None, names)) or None,
        "supplier_company_no": _company_number(party),
        # details.scale (OCDS 1.1), else the older Contracts Finder `sme` flag.
        "sme": _SME_SCALES.get(scale, _flag(details.get("sme", party.get("sme")))),
        "vcse": _flag(details.get("vcse", party.get("vcse"))),
    }


def _flag(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    text = str(value or "").strip().lower()
    return {"true": True, "yes": True, "false": False, "no": False}.get(text)


def _category_columns(
    tender: dict[str, Any], contract: dict[str, Any], award: dict[str, Any]
) -> dict[str, Any]:
    """cpv and category: the contract's or award's items first, then the tender's own
    classification (where Contracts Finder puts it), then the tender's items."""
    items = [*_list(contract.get("items")), *_list(award.get("items"))]
    classifications = [_dict(_dict(i).get("classification")) for i in items]
    descriptions = [_text(_dict(i).get("description")) for i in items]
    classifications.append(_dict(tender.get("classification")))
    descriptions.append(None)
    for item in (_dict(i) for i in _list(tender.get("items"))):
        classifications.append(_dict(item.get("classification")))
        descriptions.append(_text(item.get("description")))
    for classification, description in zip(classifications, descriptions, strict=True):
        if str(classification.get("scheme", "")).upper() == "CPV" and _text(
            classification.get("id")
        ):
            return {
                "cpv": _text(classification.get("id")),
                "category": description or _text(classification.get("description")),
            }
    return {"category": _text(tender.get("mainProcurementCategory"))}


def _route_columns(
    release: dict[str, Any], tender: dict[str, Any], notes: list[str]
) -> dict[str, Any]:
    """route and framework from procurementMethodDetails, techniques and relatedProcesses;
    what does not map is noted."""
    method = _text(tender.get("procurementMethodDetails"))
    route = _route(method)
    if method and route is None:
        notes.append(f"Procurement method: {method}")
    framework = _framework(release)
    techniques = _dict(tender.get("techniques"))
    if techniques.get("hasFrameworkAgreement") is True and route is None:
        # The notice set up a framework agreement: it is the framework, under its title.
        notes.append("Framework agreement (techniques.hasFrameworkAgreement)")
        framework = framework or _text(tender.get("title"))
    if route is RouteCode.FRAMEWORK_DIRECT_AWARD and framework is None:
        notes.append("Call-off from a framework the notice does not name")
    return {"route": route, "framework": framework}


def _route(method: str | None) -> str | None:
    if method is None:
        return None
    key = re.sub(r"[^a-z0-9]", "", method.lower())
    if key in _METHOD_ROUTES:
        return _METHOD_ROUTES[key]
    try:
        return canonical("route", method)
    except ValidationError:
        return None


def _framework(release: dict[str, Any]) -> str | None:
    """The title (or identifier) of the framework the release was called off, if any."""
    for process in (_dict(p) for p in _list(release.get("relatedProcesses"))):
        if "framework" in [str(r).lower() for r in _list(process.get("relationship"))]:
            return _text(process.get("title")) or _text(process.get("identifier"))
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
    """A published text with its HTML entities decoded; None for nothing or a placeholder."""
    text = _id(value)
    if text is None or _PLACEHOLDER.match(text):
        return None
    return text


def _id(value: Any) -> str | None:
    """An identifier or text as published, entities decoded; None for nothing."""
    if value is None or isinstance(value, dict | list | bool):
        return None
    text = str(value)
    for _ in range(3):  # some publishers escape twice: "Smith &amp;amp; Jones"
        if "&" not in text:
            break
        text = html.unescape(text)
    return text.strip() or None
