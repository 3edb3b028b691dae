"""The header synonym list: which spreadsheet headings mean which register column.

Headings are compared case- and punctuation-insensitively ("Supplier / Contractor",
"supplier contractor" and "SUPPLIER-CONTRACTOR" are the same heading). Every register
column's own name is also accepted ("end_date", "End Date"). `--map "Heading=column"`
overrides this list for one import. A heading not in the list is read by its meaning
(planner.io.meaning); one that still matches nothing is kept, its values going into the
contract's notes as "Heading: value" lines, and reported with a suggested `--map`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from planner.domain.contract import DERIVED_COLUMNS, REGISTER_COLUMNS
from planner.errors import ValidationError
from planner.io.meaning import (
    MONEY_UNITS,
    PERIOD_UNITS,
    VAT_UNITS,
    by_meaning,
    nearest_column,
    split_unit,
)

# Earlier spellings win when a file has two headings for one column ("Title" beats
# "Description"); the loser is kept in notes, so nothing is dropped.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "ref": ("Ref", "Reference", "Contract Ref", "Contract Reference", "Contract No",
            "Contract Number", "Contract ID", "Ref No", "Reference Number", "Our Ref", "ID"),
    "title": ("Title", "Contract Title", "Contract Name", "Name of Contract", "Contract",
              "Description", "Contract Description", "Subject Matter"),
    "department": ("Department", "Dept", "Directorate", "Business Area", "Service Area",
                   "Owning Department", "Portfolio"),
    "supplier": ("Supplier", "Vendor", "Supplier / Contractor", "Contractor", "Supplier Name",
                 "Provider", "Company", "Awarded To", "Incumbent"),
    "supplier_company_no": ("Supplier Company No", "Company Number", "Company No",
                            "Companies House Number", "Company Reg No",
                            "Company Registration Number", "Registration Number", "CRN"),
    "sme": ("SME", "Is SME", "SME Status", "Supplier SME", "SME?"),
    "vcse": ("VCSE", "Is VCSE", "Voluntary Sector", "Charity"),
    "locality": ("Locality", "Local Supplier", "Supplier Location", "Location", "Region"),
    "category": ("Category", "Spend Category", "Procurement Category", "Contract Type", "Type"),
    "cpv": ("CPV", "CPV Code", "CPV Codes"),
    # A register's route is how the contract was let last time (docs/rules.md, "Reading
    # a register's route"): history, read as previous_route. Only the export's own `route`
    # heading, or one that says so, is the route decided for the next review.
    "route": ("Decided Route", "Next Route", "Planned Route", "Review Route", "New Route"),
    "previous_route": ("Route", "Procurement Route", "Route to Market", "Procedure",
                       "Procurement Procedure", "Method", "Previous Route", "Last Route",
                       "Procurement Method", "Award Procedure"),
    "framework": ("Framework", "Framework Name", "Framework Agreement", "Framework Ref"),
    "collaborative": ("Collaborative", "Collaboration", "Joint Procurement", "Shared"),
    "lead_body": ("Lead Body", "Lead Authority", "Lead Organisation", "Lead Force"),
    "regime": ("Regime", "Legal Regime", "Regulations", "Procurement Regulations"),
    "start_date": ("Start Date", "Start", "Contract Start", "Contract Start Date",
                   "Commencement", "Commencement Date", "Effective Date", "Date From", "From"),
    "end_date": ("End Date", "End", "Contract End", "Contract End Date", "Expiry",
                 "Expiry Date", "Expires", "End of Contract", "Date To", "To"),
    "max_end_date": ("Max End Date", "Maximum End Date", "End Date Including Extensions",
                     "End Date with Extensions", "Final End Date", "Extension End Date",
                     "Latest End Date", "Max Extent Date"),
    "notice_period": ("Notice Period", "Notice", "Period of Notice", "Termination Notice"),
    "notice_date": ("Notice Date", "Notice Deadline", "Last Notice Date",
                    "Date to Give Notice"),
    "annual_value": ("Annual Value", "Value per Annum", "Annual Spend", "Yearly Value",
                     "PA Value", "Estimated Annual Value", "Annual Contract Value"),
    "total_value": ("Total Value", "Contract Value", "Value", "Total Contract Value",
                    "Whole Life Value", "Whole-Life Value", "Lifetime Value", "Estimated Value",
                    "Total"),
    "values_include_vat": ("Values Include VAT", "Value Includes VAT", "Including VAT",
                           "Inc VAT", "Incl VAT", "VAT Included", "Value Inc VAT"),
    "owner": ("Owner", "Contract Owner", "Contract Manager", "Manager", "Budget Holder",
              "Department Contact"),
    "managed_by_procurement": ("Managed by Procurement", "Procurement Managed",
                               "Managed Centrally", "Central Procurement"),
    "status": ("Status", "Contract Status"),
    "decision": ("Decision", "Review Decision", "Recommendation", "Outcome"),
    "officer": ("Officer", "Procurement Officer", "Lead Officer", "Assigned Officer", "Buyer"),
    "risk": ("Risk", "Risk Rating", "Risk Level"),
    "priority": ("Priority",),
    "rag": ("RAG", "RAG Status"),
    "next_milestone": ("Next Milestone",),
    "next_milestone_date": ("Next Milestone Date", "Milestone Date"),
    "notes": ("Notes", "Comments", "Comment", "Remarks"),
    "extension_options": ("Extension Options", "Options to Extend", "Option to Extend",
                          "Extension Option", "Extensions", "Extension Periods",
                          "Extension Period", "Options"),
    "options_exercised": ("Options Exercised", "Extensions Exercised", "Extensions Used",
                          "Extensions Taken", "Options Used", "Options Taken"),
    "restricted": ("Restricted", "Restricted Contract", "Do Not Publish",
                   "Not for Publication", "Exempt from Publication", "Withhold from Publication"),
    "restricted_reason": ("Restriction Reason", "Restricted Reason", "Reason Restricted",
                          "Reason for Restriction", "Publication Exemption", "Exemption"),
}  # fmt: skip
IGNORE = "ignore"  # `--map "Heading=ignore"` leaves a column out on purpose


def header_key(text: object) -> str:
    """A heading reduced to lower-case letters and digits: how headings are compared."""
    return re.sub(r"[^a-z0-9]", "", str(text or "").lower())


def _lookup() -> dict[str, tuple[str, int]]:
    table: dict[str, tuple[str, int]] = {}
    for column, spellings in SYNONYMS.items():
        # 'Route' is previous_route's; the export's exact `route` is matched before this.
        own = () if column == "route" else (column,)
        for rank, spelling in enumerate((*own, *spellings)):
            table.setdefault(header_key(spelling), (column, rank))
    return table


_LOOKUP = _lookup()


def recognise(heading: object) -> str | None:
    """The register column a heading means, or None."""
    found = _LOOKUP.get(header_key(heading))
    return found[0] if found else None


@dataclass(frozen=True, slots=True)
class Headings:
    """The headings that mark a file's header row, and what to suggest when none is there."""

    keys: frozenset[str]  # header_key() of every spelling
    examples: str  # a few spellings, for the error message
    advice: str  # where to read more, or what to pass instead

    def count(self, cells: Iterable[object]) -> int:
        """How many cells of a row are these headings (to find the header row)."""
        return sum(1 for cell in cells if header_key(cell) in self.keys)


REGISTER_HEADINGS = Headings(
    frozenset(_LOOKUP),
    "Reference, Title, Supplier, End Date",
    "see 'Importing and exporting' in the README, or name columns with --map",
)


def parse_map_options(options: Sequence[str]) -> dict[str, str]:
    """`--map "Heading=column"` options -> {heading key: column}; a clear error if malformed."""
    overrides: dict[str, str] = {}
    for option in options:
        heading, sep, column = option.partition("=")
        column_key = column.strip().lower().replace(" ", "_")
        if not sep or not heading.strip():
            raise ValidationError(f"--map '{option}' should look like --map \"Heading=column\"")
        if column_key not in REGISTER_COLUMNS and column_key != IGNORE:
            raise ValidationError(
                f"--map '{option}': '{column.strip()}' is not a register column "
                f"(use one of {', '.join(REGISTER_COLUMNS)}, or 'ignore')"
            )
        if column_key in DERIVED_COLUMNS:
            # Its values would be dropped without a word: the planner works these out itself.
            raise ValidationError(
                f"--map '{option}': {column_key} is worked out by the planner, not imported; "
                f"map that heading to another column, or to 'ignore'"
            )
        overrides[header_key(heading)] = column_key
    return overrides


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """How a file's columns map onto the register: a column name (or None) per position,
    how each was matched (exact, synonym, meaning, map, saved, notes) and the unit its
    heading names (days, months, thousands, ex_vat...), if any."""

    headers: tuple[str, ...]
    fields: tuple[str | None, ...]
    hows: tuple[str, ...] = ()
    units: tuple[str | None, ...] = ()

    def position(self, column: str) -> int | None:
        """Index of the file column feeding `column`, if any."""
        try:
            return self.fields.index(column)
        except ValueError:
            return None

    def heading(self, column: str) -> str:
        """The file's heading for a register column (or the column's name if unmapped)."""
        index = self.position(column)
        return column if index is None else self.headers[index]

    def unit(self, position: int) -> str | None:
        """The unit the heading at `position` gives its values, if any."""
        return self.units[position] if position < len(self.units) else None

    @property
    def headingless(self) -> tuple[int, ...]:
        """Positions of columns with no heading (their values are kept in notes too)."""
        return tuple(
            i for i, f in enumerate(self.fields) if f is None and not str(self.headers[i]).strip()
        )

    @property
    def unmatched(self) -> tuple[int, ...]:
        """Positions of columns kept in notes."""
        return tuple(
            i for i, f in enumerate(self.fields) if f is None and str(self.headers[i]).strip()
        )


# How a heading was matched, best first (an earlier `how` beats a later one for a column).
_HOW_RANK = {"map": -2, "saved": -1}
_MEANING_RANK = 1_000  # below every synonym


def _read_heading(name: str, key: str) -> tuple[str | None, str, int, str | None]:  # a _Reading
    """(column, how, rank, unit) for one heading, by its spelling and then its meaning."""
    if name in REGISTER_COLUMNS:
        return name, "exact", 0, _unit_for(name, split_unit(name).units)
    parts = split_unit(name)
    for candidate in (key, header_key(parts.words)):
        if candidate in _LOOKUP:
            column, rank = _LOOKUP[candidate]
            how = "exact" if candidate == header_key(column) else "synonym"
            return column, how, rank, _unit_for(column, parts.units)
    meant = by_meaning(parts.words)
    if meant is None:
        return None, "notes", 0, None
    return meant, "meaning", _MEANING_RANK, _unit_for(meant, parts.units)


def _unit_for(column: str, units: tuple[str, ...]) -> str | None:
    """The unit that applies to this column's values (a period unit to a notice period, a
    money unit or a VAT basis to a value), else None."""
    if column == "notice_period":
        wanted: frozenset[str] | set[str] = PERIOD_UNITS
    elif column in ("annual_value", "total_value"):
        wanted = {*MONEY_UNITS, *VAT_UNITS}
    else:
        return None
    found = [u for u in units if u in wanted]
    return "+".join(found) if found else None


def map_columns(
    headers: Sequence[object],
    overrides: dict[str, str] | None = None,
    saved: dict[str, str] | None = None,
) -> ColumnMap:
    """Map a header row onto register columns; `overrides` come from parse_map_options,
    `saved` from a saved mapping (used only for the headings this file has)."""
    overrides = dict(overrides or {})
    names = tuple("" if h is None else str(h).strip() for h in headers)
    keys = [header_key(name) for name in names]
    _refuse_unknown_overrides(names, keys, overrides)
    _refuse_repeated_headings(names, keys)
    chosen = {k: (c, "saved") for k, c in (saved or {}).items() if k in keys}
    chosen.update((k, (c, "map")) for k, c in overrides.items())
    readings = [_reading(name, key, chosen) for name, key in zip(names, keys, strict=True)]
    return _column_map(names, readings, _winners(readings))


def _column_map(
    names: tuple[str, ...], readings: Sequence[_Reading], winners: set[int]
) -> ColumnMap:
    fields: list[str | None] = []
    hows: list[str] = []
    for i, (column, how, _rank, _unit) in enumerate(readings):
        kept = column == IGNORE or i in winners
        fields.append(column if kept else None)
        hows.append(how if kept else ("notes" if names[i] else ""))
    units = tuple(r[3] if i in winners else None for i, r in enumerate(readings))
    return ColumnMap(names, tuple(fields), tuple(hows), units)


_Reading = tuple[str | None, str, int, str | None]  # column, how, rank, unit


def _winners(readings: Sequence[_Reading]) -> set[int]:
    """Positions whose heading feeds its column: the best-ranked heading for each column
    (a --map, then a saved mapping, then the earliest synonym, then meaning)."""
    best: dict[str, tuple[int, int]] = {}  # column -> (rank, position)
    for i, (column, how, rank, _unit) in enumerate(readings):
        if column is None or column == IGNORE:
            continue
        if column not in best or rank < best[column][0]:
            best[column] = (rank, i)
        elif rank == best[column][0] and how in _HOW_RANK:
            raise ValidationError(f"--map sends two headings to {column}; keep one")
    return {i for _, i in best.values()}


def _reading(name: str, key: str, chosen: dict[str, tuple[str, str]]) -> _Reading:
    if key in chosen:
        column, how = chosen[key]
        unit = None if column == IGNORE else _unit_for(column, split_unit(name).units)
        return column, how, _HOW_RANK[how], unit
    if not name:
        return None, "", 0, None
    return _read_heading(name, key)


def unmapped_headings(columns: ColumnMap) -> list[tuple[str, str]]:
    """(heading, nearest column) for every heading that maps to nothing; the suggestion is
    a column no other heading of the file feeds, and never a derived one."""
    free = tuple(
        c for c in REGISTER_COLUMNS if c not in columns.fields and c not in DERIVED_COLUMNS
    )
    spellings = {
        spelling: column
        for column, written in SYNONYMS.items()
        if column in free
        for spelling in (column.replace("_", " "), *written)
    }
    return [
        (columns.headers[i], nearest_column(columns.headers[i], spellings, free or ("notes",)))
        for i in columns.unmatched
    ]


def map_option(heading: str, column: str) -> str:
    """The `--map` option that sends `heading` to `column`, quoted for a shell."""
    text = f"{heading}={column}".replace("\\", "\\\\").replace('"', '\\"')
    return f'--map "{text}"'


def _refuse_unknown_overrides(
    names: Sequence[str], keys: Sequence[str], overrides: dict[str, str]
) -> None:
    unused = set(overrides) - set(keys)
    if unused:
        shown = ", ".join(f"'{n}'" for n in names if n)
        wanted = ", ".join(sorted(unused))
        raise ValidationError(f"--map names a heading the file does not have ({wanted}); "
                              f"its headings are: {shown}")  # fmt: skip


def _refuse_repeated_headings(names: Sequence[str], keys: Sequence[str]) -> None:
    seen: dict[str, int] = {}
    for i, key in enumerate(keys):
        if key and key in seen:
            raise ValidationError(
                f"columns {column_letter(seen[key])} and {column_letter(i)} are both headed "
                f"'{names[seen[key]]}'; rename one of them so each column says what it holds"
            )
        seen[key] = i


def column_letter(index: int) -> str:
    """Spreadsheet letters for a 0-based column index: 0 -> A, 27 -> AB."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
