"""Reading any file the planner imports into a Table, by what the file is.

`read_table` looks at a file's first bytes (not its name) to tell XLSX, JSON and CSV apart,
so a register saved with the wrong extension still opens.
"""

from __future__ import annotations

from pathlib import Path

from planner.errors import ValidationError
from planner.io.csvfile import read_csv
from planner.io.headers import REGISTER_HEADINGS, Headings
from planner.io.limits import DEFAULT_LIMITS, ReadLimits, check_file_size
from planner.io.ocds_read import read_ocds
from planner.io.tables import Table
from planner.io.xlsx import read_xlsx


def read_table(
    path: Path,
    sheet: str | None = None,
    headings: Headings = REGISTER_HEADINGS,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> Table:
    """Read a CSV, XLSX or OCDS JSON file into a Table; a clear ValidationError if it cannot.

    The header row of a CSV or XLSX file is the one with most of `headings` in it (a payments
    ledger passes its own, since its headings are not a register's). A file past `limits` is
    refused before it is read whole.
    """
    if path.is_dir():
        raise ValidationError(f"{path} is a folder; give the path of a CSV, XLSX or JSON file")
    try:
        with path.open("rb") as handle:
            start = handle.read(4)
            zipped = start == b"PK\x03\x04"
            if not zipped:
                check_file_size(path, path.stat().st_size, limits)
                data = start + handle.read()
    except FileNotFoundError:
        raise ValidationError(f"there is no file at {path}") from None
    except OSError as exc:
        raise ValidationError(f"cannot read {path}: {exc.strerror or exc}") from None
    if zipped:
        return read_xlsx(path, sheet, headings, limits)  # checked part by part, unexpanded
    if not data.strip():
        raise ValidationError(f"{path} is empty; there is nothing to import")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        # Excel keeps a password-protected .xlsx in the same container as an old .xls, with
        # the workbook in a stream named EncryptedPackage (its name is stored in UTF-16).
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise ValidationError(
                f"{path} is protected with a password; open it in Excel, remove the password "
                "(File > Info > Protect Workbook) or save a copy without one, and import that"
            )
        raise ValidationError(
            f"{path} is an old-style Excel .xls workbook; save it as .xlsx or CSV and import that"
        )
    if sheet is not None:
        raise ValidationError(f"--sheet only applies to XLSX workbooks, and {path} is not one")
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"{", b"[")):
        return read_ocds(path, data)
    return read_csv(path, data, headings, limits)
