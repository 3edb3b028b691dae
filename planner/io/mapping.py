"""Which heading feeds which register column, said to the user before anything is written.

`column_map` maps a table's headings (saved mapping, then `--map`, then the synonym list,
then meaning); `describe` turns that into the lines an import reports (`mapping` and
`unmapped` in `planner import --json`); `preview_mapping` does both for a file without
writing anything, for an import screen to show and change.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planner.io.cells import cell_text, is_blank
from planner.io.headers import (
    IGNORE,
    ColumnMap,
    column_letter,
    header_key,
    map_columns,
    map_option,
    parse_map_options,
    unmapped_headings,
)
from planner.io.reading import read_table
from planner.io.tables import Table
from planner.store.contracts import resolve_department
from planner.store.db import Database
from planner.store.import_mapping import (
    SavedMapping,
    find_mapping,
    get_mapping,
    mapping_for_department,
    save_mapping,
)

SAMPLES = 3  # distinct example values shown per heading

# How sure the planner is of each kind of match, for a screen to colour or sort by.
CONFIDENCE = {"exact": 1.0, "map": 1.0, "saved": 0.95, "synonym": 0.9, "meaning": 0.7,
              "notes": 0.0}  # fmt: skip

# What a unit in a heading does to its column's values, in words.
_UNIT_WORDS = {
    "days": "numbers are days", "weeks": "numbers are weeks", "months": "numbers are months",
    "years": "numbers are years", "thousands": "numbers are £ thousands",
    "millions": "numbers are £ millions", "ex_vat": "values exclude VAT",
    "inc_vat": "values include VAT",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class MappedHeading:
    """One heading of the file: where its values go and how that was decided."""

    heading: str
    column: str | None  # a register column, 'ignore', or None (kept in notes)
    how: str  # exact | synonym | meaning | map | saved | notes
    sample: tuple[str, ...]
    unit: str | None = None

    @property
    def confidence(self) -> float:
        """1.0 for a heading named exactly or by --map, down to 0 for one left in notes."""
        return CONFIDENCE.get(self.how, 0.0)

    def as_dict(self) -> dict[str, Any]:
        """The JSON form: {"heading", "column", "how", "sample"} (and "unit" when given)."""
        out: dict[str, Any] = {
            "heading": self.heading,
            "column": "notes" if self.how == "notes" else self.column,
            "how": self.how,
            "sample": list(self.sample),
        }
        if self.unit:
            out["unit"] = self.unit
        return out

    def describe(self) -> str:
        """One line for a person: 'Annual Cost -> annual_value (meaning; values exclude VAT)'."""
        shown = f"  e.g. {', '.join(self.sample)}" if self.sample else ""
        if self.how == "notes":
            return f"{self.heading} -> notes (matches no column){shown}"
        said = [self.how, *(_UNIT_WORDS[u] for u in (self.unit or "").split("+") if u)]
        return f"{self.heading} -> {self.column} ({'; '.join(said)}){shown}"


@dataclass(frozen=True, slots=True)
class UnmappedHeading:
    """A heading that feeds no column: its values go to notes until the user says where."""

    heading: str
    suggestion: str
    map: str  # the --map option that would apply the suggestion

    def as_dict(self) -> dict[str, Any]:
        """The JSON form: {"heading", "suggestion", "map"}."""
        return {"heading": self.heading, "suggestion": self.suggestion, "map": self.map}

    def describe(self) -> str:
        """One line for a person, with the --map that would apply the suggestion."""
        if not self.map:
            return (f"{self.heading} has values but no heading; kept in notes (give it a "
                    "heading to place it)")  # fmt: skip
        if self.suggestion == IGNORE:
            return f"{self.heading}: no column is near; kept in notes ({self.map} leaves it out)"
        return f"{self.heading}: kept in notes; nearest column {self.suggestion}: {self.map}"


@dataclass(frozen=True, slots=True)
class MappingPreview:
    """What an import of a file would do with its headings, computed without writing."""

    file: str
    source: str
    rows: int
    department: str | None
    saved: SavedMapping | None  # the saved mapping applied (or offered for the department)
    columns: ColumnMap
    mapping: tuple[MappedHeading, ...]
    unmapped: tuple[UnmappedHeading, ...]


def column_map(
    table: Table, mappings: Sequence[str] = (), saved: SavedMapping | None = None
) -> ColumnMap:
    """Map a table's headings: `--map` options first, then a saved mapping, then the
    synonym list, then each heading's meaning."""
    remembered = {header_key(h): c for h, c in saved.maps.items()} if saved else None
    return map_columns(table.headers, parse_map_options(mappings), remembered)


_TEXT_TYPES = frozenset({str, type(None)})


_HEAD = 256  # cells looked at one by one before the rest of a column is deduplicated


def _samples(cells: Sequence[object], text_only: bool = False) -> tuple[str, ...]:
    """The first SAMPLES distinct values of a column, as shown, in row order (`text_only`:
    every cell is a str or None, as the table says)."""
    found = _first_texts(cells[:_HEAD])
    if len(found) < SAMPLES and len(cells) > _HEAD:
        # A column of yes/no, a few dates or blanks: each distinct text once, in the order
        # it first appears, deduplicated in C. Not spreadsheet cells: True and 1 are equal
        # there but shown differently.
        text_only = text_only or set(map(type, cells)) <= _TEXT_TYPES
        if text_only and not any(cells):
            return found  # blank throughout ('' and None are the only false text cells)
        found = _first_texts(list(dict.fromkeys(cells)) if text_only else cells)
    return found


def _first_texts(cells: Iterable[object]) -> tuple[str, ...]:
    found: list[str] = []
    for cell in cells:
        if cell is None or cell == "" or is_blank(cell):
            continue
        text = " ".join(cell_text(cell).split())[:40]
        if text not in found:
            found.append(text)
            if len(found) == SAMPLES:
                break
    return tuple(found)


def _column(table: Table, by_column: list[tuple[object, ...]], position: int) -> Sequence[object]:
    if position < len(by_column):
        return by_column[position]
    return [cells[position] if position < len(cells) else None for _, cells in table.rows]


def describe(
    table: Table, columns: ColumnMap, by_column: list[tuple[object, ...]] | None = None
) -> tuple[list[MappedHeading], list[UnmappedHeading]]:
    """Every heading with where it goes, and the ones that go nowhere with a suggestion
    (`by_column`: the table's `columns()`, when the caller has them already)."""
    if by_column is None:
        by_column = table.columns()
    mapping = [
        MappedHeading(heading, column, how or "notes",
                      _samples(_column(table, by_column, i), table.text_only), columns.unit(i))
        for i, (heading, column, how) in enumerate(
            zip(columns.headers, columns.fields, columns.hows or [""] * len(columns.headers),
                strict=True)
        )
        if heading
    ]  # fmt: skip
    unmapped = [
        UnmappedHeading(heading, suggestion, map_option(heading, suggestion))
        for heading, suggestion in unmapped_headings(columns)
    ]
    return mapping, unmapped + _headingless(table, columns)


def _headingless(table: Table, columns: ColumnMap) -> list[UnmappedHeading]:
    """Columns with values but no heading (blank, or beyond the last heading): kept in notes
    as 'Column F: value' and reported, since no --map can name them."""
    width = max((len(cells) for _, cells in table.rows), default=0)
    positions = [*columns.headingless, *range(len(columns.headers), width)]
    return [
        UnmappedHeading(f"Column {column_letter(i)}", IGNORE, "")
        for i in positions
        if _samples(_column(table, [], i))
    ]


def saved_mapping(
    db: Database, name: str | None, department: str | None
) -> tuple[SavedMapping | None, bool]:
    """The saved mapping to apply (named by --mapping), else the one offered for the
    department; the flag says whether it is applied (True) or only offered (False)."""
    if name:
        return get_mapping(db, name), True
    if department:
        return mapping_for_department(db, department), False
    return None, False


def preview_mapping(
    db: Database,
    path: Path,
    *,
    department: str | None = None,
    sheet: str | None = None,
    mappings: Sequence[str] = (),
    mapping_name: str | None = None,
    use_offered: bool = True,
) -> MappingPreview:
    """Read a file and say how its headings would be mapped; writes nothing.

    For an import screen: the department's saved mapping is applied when `use_offered`
    (a screen shows it and lets each row be changed, by passing `mappings` again).
    """
    found = resolve_department(db, department) if department else None
    table = read_table(path, sheet)
    saved, applied = saved_mapping(db, mapping_name, found)
    columns = column_map(table, mappings, saved if applied or use_offered else None)
    mapping, unmapped = describe(table, columns)
    return MappingPreview(
        str(path), table.source, len(table.rows), found, saved, columns,
        tuple(mapping), tuple(unmapped),
    )  # fmt: skip


def remember_mapping(
    db: Database,
    mappings: Sequence[str],
    mapping_name: str | None,
    columns: ColumnMap,
    department: str | None,
    who: str,
) -> str | None:
    """Save this import's --map choices under --mapping NAME, else the department's name,
    so the next import of that register is offered them; the name saved under, or None."""
    if not mappings:
        return None
    chosen = {header_key(h) for h in (o.partition("=")[0] for o in mappings)}
    maps = {
        heading: column or IGNORE
        for heading, column, how in zip(columns.headers, columns.fields, columns.hows,
                                        strict=True)
        if how == "map" and header_key(heading) in chosen
    }  # fmt: skip
    name = mapping_name or department
    if not maps or name is None:
        return None
    earlier = find_mapping(db, name)
    # Added to what was saved: a heading this file lacks keeps its remembered column.
    save_mapping(db, name, department, {**(earlier.maps if earlier else {}), **maps}, who)
    return name
