"""Reading XLSX registers with openpyxl in read-only mode: the first sheet with a
recognisable header (or the one named), real date cells, numbers, hidden columns too."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from planner.errors import ValidationError
from planner.io.cells import plain_cell
from planner.io.headers import REGISTER_HEADINGS, Headings
from planner.io.limits import DEFAULT_LIMITS, ReadLimits, SheetCounter, check_xlsx_parts
from planner.io.tables import HEADER_SEARCH_ROWS, Table, table_from_rows

_EMPTY: list[object] = []  # one shared list for every empty row (never changed)


def _open(path: Path) -> Any:
    # Imported here, not at the top: openpyxl costs ~200 ms of CPU (python -X importtime),
    # which every CSV or JSON import would otherwise pay through planner.io.reading.
    import openpyxl

    try:
        # data_only: a formula cell gives the value Excel last calculated, not its formula.
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise ValidationError(
            f"{path} is not a readable Excel workbook ({type(exc).__name__}: {exc}); "
            "open it in Excel and save it again as .xlsx or CSV"
        ) from None
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise ValidationError(
            f"{path} is not a readable Excel workbook ({type(exc).__name__}); "
            "open it in Excel and save it again as .xlsx or CSV"
        ) from None


def _rows(
    sheet: Any, where: str, limits: ReadLimits, limit: int | None = None
) -> list[list[object]]:
    rows: list[list[object]] = []
    counter = SheetCounter(where, limits)
    for row in sheet.iter_rows(max_row=limit, values_only=True):
        if row:
            rows.append(counter.check([plain_cell(cell) for cell in row]))
        else:  # a blank row, or one of the rows a gap in the sheet's numbering stands for
            counter.blank()
            rows.append(_EMPTY)
    return rows


def read_xlsx(
    path: Path,
    sheet_name: str | None = None,
    headings: Headings = REGISTER_HEADINGS,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> Table:
    """Read the register sheet of an XLSX workbook into a Table (within `limits`)."""
    check_xlsx_parts(path, limits)  # before openpyxl reads anything
    workbook = _open(path)
    try:
        names = list(workbook.sheetnames)
        if sheet_name is not None:
            match = [n for n in names if n.strip().lower() == sheet_name.strip().lower()]
            if not match:
                raise ValidationError(
                    f"{path} has no sheet called '{sheet_name}' (its sheets: {', '.join(names)})"
                )
            chosen = match[0]
        else:
            chosen = _first_register_sheet(workbook, names, path, headings, limits)
        sheet = workbook[chosen]
        # The stored dimensions can be wrong (some tools write A1:A1); read every row.
        sheet.reset_dimensions()
        try:
            rows = _rows(sheet, f"sheet '{chosen}' of {path}", limits)
        except ValidationError:
            raise
        except Exception as exc:
            raise ValidationError(
                f"sheet '{chosen}' of {path} cannot be read ({type(exc).__name__}: {exc})"
            ) from None
        return table_from_rows(
            rows, f"sheet '{chosen}' of {path}", f"XLSX sheet '{chosen}'", "xlsx",
            headings=headings,
        )  # fmt: skip
    finally:
        workbook.close()


def _first_register_sheet(
    workbook: Any, names: list[str], path: Path, headings: Headings, limits: ReadLimits
) -> str:
    for name in names:
        sheet = workbook[name]
        if not hasattr(sheet, "iter_rows"):
            continue  # a chart sheet
        sheet.reset_dimensions()
        try:
            top = _rows(sheet, f"sheet '{name}' of {path}", limits, HEADER_SEARCH_ROWS)
        except ValidationError:
            raise
        except Exception:
            continue
        if any(headings.count(row) for row in top):
            return name
    raise ValidationError(
        f"no sheet of {path} has recognisable column headings in its first "
        f"{HEADER_SEARCH_ROWS} rows (sheets: {', '.join(names)}; expected headings such as "
        f"{headings.examples}); name the sheet with --sheet, or {headings.advice}"
    )
