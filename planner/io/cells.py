"""Cell-level rules shared by readers and writers: blank cells and the formula guard."""

from __future__ import annotations

from datetime import date, datetime, time

# A cell that starts with one of these is run as a formula by spreadsheets (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guard_formula(text: str) -> str:
    """Prefix a leading ' so a spreadsheet shows the text instead of running it."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def unguard_formula(text: str) -> str:
    """Undo `guard_formula`, so a register exported and imported again is unchanged."""
    if text.startswith("'") and text[1:2] and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def is_blank(cell: object) -> bool:
    """True for an empty cell: None or only whitespace."""
    return cell is None or (isinstance(cell, str) and not cell.strip())


def is_blank_row(cells: list[object]) -> bool:
    """True when every cell of a row is empty."""
    for cell in cells:  # a loop, not all(): nearly every row stops at its first cell
        if cell is not None and (not isinstance(cell, str) or cell.strip()):
            return False
    return True


def plain_cell(cell: object) -> object:
    """A spreadsheet cell value as the importer wants it: midnight datetimes become dates."""
    if isinstance(cell, datetime) and cell.time() == time(0):
        return cell.date()
    return cell


def cell_text(cell: object) -> str:
    """A cell as text, for notes and rejected-row files: dates ISO, 12.0 as 12."""
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == time(0) else cell.isoformat(" ")
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, bool):
        return "yes" if cell else "no"
    return str(cell)
