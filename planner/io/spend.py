"""Importing a payments ledger (the monthly "expenditure over £500" shape: date, supplier,
amount, department) and matching its suppliers to the register's.

The file is read by the register importer's own reader (CSV in any of its encodings or
XLSX, header found below title rows); only the ledger's headings are its own. Supplier
names are compared after normalising case, punctuation, Ltd/Limited and &/and; a name that
is close but not the same goes on the review list (`planner spend review`) instead of being
guessed.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from planner.domain.dates import parse_date
from planner.domain.kpis import (
    LANCASHIRE,
    NORTH_WEST,
    region_of_locality,
)
from planner.domain.money import parse_money, pounds
from planner.errors import ValidationError
from planner.io.cells import cell_text, is_blank
from planner.io.headers import Headings, header_key
from planner.io.importer import Problem
from planner.io.limits import read_limits
from planner.io.reading import read_table
from planner.io.tables import Table
from planner.resources import postcode_areas
from planner.store.db import Database
from planner.store.rules import load_settings
from planner.store.spend import (
    RegisterSupplier,
    SpendImport,
    SpendLine,
    SupplierMatch,
    load_matches,
    register_suppliers,
    save_spend,
)

# Ledger headings, compared as the register importer compares them (case and punctuation
# ignored). Earlier spellings win when a file has two headings for one field.
LEDGER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "paid_on": ("Date", "Payment Date", "Date Paid", "Paid Date", "Paid", "Transaction Date",
                "Pay Date", "Posting Date", "Invoice Date"),
    "supplier": ("Supplier Name", "Supplier", "Vendor Name", "Vendor", "Payee Name", "Payee",
                 "Beneficiary", "Merchant Name", "Merchant", "Creditor", "Supplier / Contractor"),
    "amount": ("Amount", "Amount (£)", "Amount £", "Net Amount", "Amount Paid",
               "Payment Amount", "Value", "Net Value", "Line Amount", "Total", "Gross Amount",
               "Net", "Gross"),
    "department": ("Department", "Dept", "Expense Area", "Service Area", "Directorate",
                   "Business Area", "Service", "Cost Centre Name", "Cost Centre"),
    "postcode": ("Postcode", "Post Code", "Supplier Postcode", "Supplier Post Code"),
    "locality": ("Locality", "Local Supplier", "Supplier Location", "Location", "Region"),
    "reference": ("Transaction Number", "Transaction No", "Transaction ID", "Transaction Ref",
                  "Payment Reference", "Reference", "Document Number", "Invoice Number",
                  "Invoice No"),
}  # fmt: skip
REQUIRED = ("paid_on", "supplier", "amount")


def _lookup() -> dict[str, tuple[str, int]]:
    """Heading key -> (ledger field, rank of the spelling): lower ranks win."""
    table: dict[str, tuple[str, int]] = {}
    for name, spellings in LEDGER_SYNONYMS.items():
        for rank, spelling in enumerate((name, *spellings)):
            table.setdefault(header_key(spelling), (name, rank))
    return table


_LOOKUP = _lookup()
# How the reader finds a ledger's header row: by these headings, not a register's.
LEDGER_HEADINGS = Headings(
    frozenset(_LOOKUP),
    "Payment Date, Supplier Name, Amount",
    "see 'Benefits, supplier claims and spend' in the README",
)


def ledger_columns(headers: Sequence[str]) -> dict[str, int]:
    """Ledger field -> column position, for the headings a file has."""
    best: dict[str, tuple[int, int]] = {}
    for position, heading in enumerate(headers):
        found = _LOOKUP.get(header_key(heading))
        if found and (found[0] not in best or found[1] < best[found[0]][0]):
            best[found[0]] = (found[1], position)
    missing = [name for name in REQUIRED if name not in best]
    if missing:
        shown = ", ".join(f"'{h}'" for h in headers if h) or "none"
        wanted = "; ".join(
            f"{name.replace('_', ' ')} (e.g. {', '.join(LEDGER_SYNONYMS[name][:3])})"
            for name in missing
        )
        raise ValidationError(f"the ledger has no column for {wanted}; its headings are: {shown}")
    return {name: position for name, (_, position) in best.items()}


# ---------------------------------------------------------------- supplier names

_LEGAL_FORMS = frozenset({"ltd", "limited", "plc", "llp", "lp", "inc", "incorporated", "cic"})
_PUNCTUATION = re.compile(r"[^\w\s]|_")


def normalise_supplier(name: str) -> str:
    """A supplier name reduced for matching: 'The Smith & Sons (UK) Limited.' and 'smith and
    sons uk ltd' are both 'smith and sons uk'."""
    text = name.casefold().replace("&", " and ").replace("+", " and ")
    text = text.replace("'", "").replace("’", "")  # O'Brien -> obrien, not o brien
    words = _PUNCTUATION.sub(" ", text).split()
    if words and words[0] == "the" and len(words) > 1:
        words = words[1:]
    while len(words) > 1 and words[-1] in _LEGAL_FORMS:
        words.pop()
    return " ".join(words)


@dataclass(frozen=True, slots=True)
class _RegisterKey:
    name: str  # the register's spelling shown to people
    region: str | None
    collaborative: int


def _register_keys(suppliers: Iterable[RegisterSupplier]) -> dict[str, _RegisterKey]:
    grouped: dict[str, list[RegisterSupplier]] = defaultdict(list)
    for supplier in suppliers:
        key = normalise_supplier(supplier.name)
        if key:
            grouped[key].append(supplier)
    keys = {}
    rank = {LANCASHIRE: 0, NORTH_WEST: 1, None: 2}
    for key, group in grouped.items():
        regions = Counter(r for s in group for r in s.regions)
        # The region most of its contracts give; ties go to the more local one.
        region = min(regions, key=lambda r: (-regions[r], rank.get(r, 2))) if regions else None
        # Payments cannot be told apart by contract, so a supplier's spend counts as
        # collaborative when most of its contracts are.
        collaborative = sum(s.collaborative for s in group) * 2 > sum(len(s.regions) for s in group)
        keys[key] = _RegisterKey(min(s.name for s in group), region, int(collaborative))
    return keys


_COMMON_WORD_SHARE = 0.05  # words in more than 5% of register names do not pick candidates


def _candidates(keys: Sequence[str]) -> dict[str, set[str]]:
    index: dict[str, set[str]] = defaultdict(set)
    for key in keys:
        for word in set(key.split()):
            index[word].add(key)
    limit = max(20, int(len(keys) * _COMMON_WORD_SHARE))
    return {word: found for word, found in index.items() if len(found) <= limit}


def _closest(key: str, index: Mapping[str, set[str]]) -> tuple[str | None, float]:
    candidates = set().union(*(index.get(word, set()) for word in key.split()))
    best, best_score = None, 0.0
    for candidate in sorted(candidates):
        score = SequenceMatcher(None, key, candidate, autojunk=False).ratio()
        if score > best_score:
            best, best_score = candidate, score
    return best, best_score


def match_suppliers(
    ledger: Mapping[str, str],
    register: Iterable[RegisterSupplier],
    stored: Mapping[str, SupplierMatch],
    *,
    possible: float,
) -> list[SupplierMatch]:
    """Decide how each ledger supplier (normalised key -> spelling) matches the register.

    The same normalised name is a match; a name at least `possible` similar is 'uncertain'
    (on the review list, not counted as covered); a person's earlier confirm or reject is
    kept. Stored matches are re-judged too, since the register may have changed.
    """
    keys = _register_keys(register)
    index = _candidates(list(keys))
    decided: list[SupplierMatch] = []
    for key in sorted(set(ledger) | set(stored)):
        old = stored.get(key)
        spelling = old.supplier if old else ledger[key]
        if old is not None and old.status in ("confirmed", "rejected"):
            target = normalise_supplier(old.contract_supplier or "")
            found = keys.get(target)
            decided.append(
                SupplierMatch(key, spelling, found.name if found else old.contract_supplier,
                              old.status, old.score, found.region if found else old.region,
                              found.collaborative if found else old.collaborative)
            )  # fmt: skip
            continue
        if key in keys:
            exact = keys[key]
            decided.append(
                SupplierMatch(key, spelling, exact.name, "matched", 1.0, exact.region,
                              exact.collaborative)
            )  # fmt: skip
            continue
        near, score = _closest(key, index)
        if near is not None and score >= possible:
            close = keys[near]
            decided.append(
                SupplierMatch(key, spelling, close.name, "uncertain", round(score, 3),
                              close.region, close.collaborative)
            )  # fmt: skip
        else:
            decided.append(SupplierMatch(key, spelling, None, "unmatched", None, None, 0))
    return decided


# ---------------------------------------------------------------- reading a ledger


def signed_pounds(pence: int) -> str:
    """Export form of an amount that may be a credit: '1200.00', '-50.00'."""
    return ("-" if pence < 0 else "") + pounds(abs(pence))


def parse_amount(value: object) -> int:
    """Pence for a ledger amount; credits ('-£500', '£-500', '(500.00)', '500 CR') are
    negative."""
    if isinstance(value, bool):
        raise ValidationError(f"{value!r} is not an amount")
    negative = False
    magnitude: object = value
    if isinstance(value, int | float):
        negative, magnitude = value < 0, abs(value)
    elif isinstance(value, str):
        text = value.strip()
        if text.startswith("(") and text.endswith(")"):
            negative, text = True, text[1:-1].strip()
        if text.lower().endswith("cr"):
            negative, text = True, text[:-2].strip()
        if text.endswith("-"):
            negative, text = True, text[:-1].strip()
        if text.startswith(("-", "−")):
            negative, text = True, text[1:].strip()
        if text.startswith(("£-", "£−")):
            negative, text = True, "£" + text[2:]
        magnitude = text
    pence = parse_money(magnitude)
    if pence is None:
        raise ValidationError("is blank; every payment needs an amount")
    return -pence if negative else pence


@dataclass(slots=True)
class LedgerRead:
    """A ledger file checked row by row."""

    source: str
    rows: int = 0
    lines: list[SpendLine] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    suppliers: dict[str, str] = field(default_factory=dict)  # key -> first spelling


def _cell(cells: Sequence[object], position: int | None) -> object:
    if position is None or position >= len(cells):
        return None
    return cells[position]


def _optional_text(value: object) -> str | None:
    return None if is_blank(value) else cell_text(value).strip()


def check_ledger(table: Table) -> LedgerRead:
    """Every row of a ledger table checked; the good ones as SpendLines."""
    columns = ledger_columns(table.headers)
    read = LedgerRead(table.source)
    areas = postcode_areas()  # reference/postcode_areas.csv (docs/rules.md)
    seen: Counter[tuple[Any, ...]] = Counter()
    for number, cells in table.rows:
        read.rows += 1
        values: dict[str, Any] = {}
        problems: list[Problem] = []
        for name, parse in (("paid_on", parse_date), ("amount", parse_amount)):
            raw = _cell(cells, columns[name])
            heading = table.headers[columns[name]]
            try:
                values[name] = parse(raw)
                if values[name] is None:
                    raise ValidationError("is blank")
            except ValidationError as exc:
                problems.append(Problem(number, heading, cell_text(raw), str(exc)))
        supplier = _optional_text(_cell(cells, columns["supplier"]))
        key = normalise_supplier(supplier or "")
        if not key:
            problems.append(Problem(number, table.headers[columns["supplier"]],
                                    supplier or "", "every payment needs a supplier"))  # fmt: skip
        if problems:
            read.problems.extend(problems)
            continue
        assert supplier is not None
        department = _optional_text(_cell(cells, columns.get("department")))
        postcode = _optional_text(_cell(cells, columns.get("postcode")))
        locality = _optional_text(_cell(cells, columns.get("locality")))
        reference = _optional_text(_cell(cells, columns.get("reference")))
        paid_on = values["paid_on"].isoformat()
        identity = (paid_on, key, values["amount"], (department or "").casefold(), reference)
        seen[identity] += 1
        # Two identical payments on one day are two payments: the count tells them apart,
        # and the same file imported again gives the same fingerprints.
        fingerprint = hashlib.sha256(repr((*identity, seen[identity])).encode()).hexdigest()
        read.suppliers.setdefault(key, supplier)
        read.lines.append(
            SpendLine(paid_on, supplier, key, values["amount"], department, postcode,
                      areas.region_of(postcode) or region_of_locality(locality),
                      reference, fingerprint)
        )  # fmt: skip
    return read


@dataclass(slots=True)
class SpendReport:
    """What `planner import-spend` found and did."""

    file: str
    source: str
    rows: int
    added: int = 0
    already_there: int = 0
    total: int = 0
    rejected: list[Problem] = field(default_factory=list)
    written: bool = False
    matched: int = 0
    uncertain: int = 0
    unmatched: int = 0
    first: date | None = None
    last: date | None = None

    def as_json(self) -> dict[str, Any]:
        """The keys `planner import-spend --json` prints."""
        return {
            "file": self.file, "rows": self.rows, "added": self.added,
            "already_there": self.already_there,
            "total": signed_pounds(self.total),
            "first_payment": self.first.isoformat() if self.first else None,
            "last_payment": self.last.isoformat() if self.last else None,
            "suppliers": {"matched": self.matched, "uncertain": self.uncertain,
                          "unmatched": self.unmatched},
            "rejected": [p.as_dict() for p in self.rejected], "written": self.written,
        }  # fmt: skip


def import_spend(
    db: Database,
    path: Path,
    *,
    today: date,
    who: str,
    sheet: str | None = None,
    skip_invalid: bool = False,
) -> SpendReport:
    """Read, check and store a payments ledger; all or nothing unless `skip_invalid`."""
    table = read_table(path, sheet, LEDGER_HEADINGS, read_limits(load_settings(db)))
    read = check_ledger(table)
    report = SpendReport(str(path), table.source, read.rows, rejected=read.problems)
    if read.problems and not skip_invalid:
        return report
    possible = float(load_settings(db).get("supplier_match_possible", "0.8"))
    matches = match_suppliers(
        read.suppliers, register_suppliers(db), load_matches(db), possible=possible
    )
    saved: SpendImport = save_spend(db, path.name, read.lines, matches, imported_on=today, who=who)
    statuses = Counter(m.status for m in matches if m.supplier_key in read.suppliers)
    dates = sorted(line.paid_on for line in read.lines)
    report.added, report.already_there, report.total = saved.added, saved.already_there, saved.total
    report.written = True
    report.matched = statuses["matched"] + statuses["confirmed"]
    report.uncertain = statuses["uncertain"]
    report.unmatched = statuses["unmatched"] + statuses["rejected"]
    report.first = date.fromisoformat(dates[0]) if dates else None
    report.last = date.fromisoformat(dates[-1]) if dates else None
    return report
