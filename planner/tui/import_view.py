"""What the import screen shows of a check: its tables' columns and the words in them."""

from __future__ import annotations

from rich.text import Text

from planner.domain.contract import DERIVED_COLUMNS, REGISTER_COLUMNS
from planner.io.headers import IGNORE
from planner.io.importer import ImportReport
from planner.io.mapping import MappedHeading
from planner.tui.dialogs import Choice
from planner.tui.widgets.tables import Fit

MAPPING_COLUMNS = (
    Fit("Heading", 22, least=12), Fit("Sample values", 30, least=10, grow=True),
    Fit("Column", 18, least=12), Fit("Match", 16, least=9),
)  # fmt: skip
PROBLEM_COLUMNS = (
    Fit("Row", 6), Fit("Heading", 16, least=10), Fit("Value", 16, least=8),
    Fit("Problem", 40, least=16, grow=True),
)  # fmt: skip
PROBLEMS_SHOWN = 1_000  # the rest are in the rejected-rows file an import of the valid rows writes
VAT_CHOICES = [("Values exclude VAT", "ex"), ("Values include VAT", "inc")]
AS_MATCHED = "*"  # the remap dialog's 'as the planner matched it' (drops the user's choice)


def column_choices() -> list[Choice]:
    """Every register column a heading can go to, then 'notes' and 'leave it out'."""
    columns = [c for c in REGISTER_COLUMNS if c not in DERIVED_COLUMNS and c != "notes"]
    return [
        Choice("", AS_MATCHED, "as the planner matched it"),
        Choice("", IGNORE, "leave it out (ignore)"),
        Choice("", "notes", "notes"),
        *(Choice("", c, c.replace("_", " ")) for c in columns),
    ]


def match_text(heading: MappedHeading, suggestion: str | None) -> Text:
    """How sure the match is: the way it was made and a percentage; a heading kept in notes
    says the nearest column."""
    if heading.how == "notes":
        near = f", near {suggestion}" if suggestion and suggestion != IGNORE else ""
        return Text(f"none{near}", "bold yellow")
    style = "green" if heading.confidence >= 0.9 else "yellow"
    return Text(f"{heading.how} {heading.confidence:.0%}", style)


def column_text(heading: MappedHeading) -> str:
    """Where a heading's values go, in words."""
    if heading.how == "notes":
        return "notes"
    if heading.column == IGNORE:
        return "left out"
    return str(heading.column)


def counts_text(report: ImportReport) -> str:
    """What an import did, or would do: new, updated, unchanged, skipped."""
    parts = [f"{report.imported:,} new", f"{report.updated:,} updated",
             f"{report.unchanged:,} unchanged"]  # fmt: skip
    if report.skipped:
        parts.append(f"{len(report.skipped):,} skipped")
    return ", ".join(parts)


def column_text_for(column: str) -> str:
    """A chosen column, in words."""
    if column == AS_MATCHED:
        return "as matched"
    return "left out" if column == IGNORE else column


# The importer's advice names command-line options; on the screen the same is a key away.
_SCREEN_WORDS = (
    ("say whose register it is with --department NAME", "choose its Department (d)"),
    ('name it with --map "Heading=ref"', "press m on its heading and choose ref"),
    ("give --department for the whole file", "choose a Department (d) for the whole file"),
)


def screen_words(text: str) -> str:
    """The importer's message with its command-line advice said as the screen's keys."""
    for said, instead in _SCREEN_WORDS:
        text = text.replace(said, instead)
    return text
