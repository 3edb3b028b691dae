"""The published contracts plan as CSV: procurements expected to start in the next 18
months, with nothing commercially sensitive (no supplier, no reference, no exact value)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from typing import Any, TextIO

from planner.domain.publishing import withheld_words
from planner.io.cells import guard_formula

# (CSV heading, plan row key)
COLUMNS = (
    ("title", "title"),
    ("department", "department"),
    ("estimated_value_band", "value_band"),
    ("route", "route"),
    ("expected_tender_quarter", "tender_quarter"),
    ("expected_award_quarter", "award_quarter"),
)


def _cell(value: object) -> str:
    return "" if value is None else guard_formula(" ".join(str(value).split()))


def write_plan(rows: Iterable[Mapping[str, Any]], out: TextIO, withheld: int = 0) -> int:
    """Write the plan rows (planner.store.reporting.published_plan) as CSV; returns how many.

    A route not yet decided is marked '(to be confirmed)', as in the Markdown plan; a cell
    that a spreadsheet would run as a formula gets a leading apostrophe. With restricted
    procurements left out, a last row says how many in its title (PA 2023 s.94(3)).
    """
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([heading for heading, _ in COLUMNS])
    count = 0
    for row in rows:
        values = dict(row)
        if not values.get("route_confirmed", True):
            values["route"] = f"{values['route']} (to be confirmed)"
        writer.writerow([_cell(values[key]) for _, key in COLUMNS])
        count += 1
    if withheld:
        writer.writerow([withheld_words(withheld)] + [""] * (len(COLUMNS) - 1))
    return count
