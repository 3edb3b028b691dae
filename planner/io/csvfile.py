"""Reading CSV registers: UTF-8 (with or without BOM), UTF-16 and Windows-1252 text, with
the delimiter found by trying each likely one against the header synonym list.

A UTF-8 file with a few bytes that are not UTF-8 (one cell pasted from an old system) is
read as UTF-8, not wholly as Windows-1252 (which would garble every £ and é in it); the
rows holding those bytes are refused, each named, rather than guessed at: a guessed
character in a reference or a supplier's name would be stored as if it were right.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from planner.errors import ValidationError
from planner.io.headers import REGISTER_HEADINGS, Headings
from planner.io.limits import DEFAULT_LIMITS, ReadLimits, SheetCounter
from planner.io.tables import HEADER_SEARCH_ROWS, CellProblem, Table, table_from_rows

DELIMITERS = (",", ";", "\t", "|")
_SAMPLE_CHARS = 64_000


# A byte that is not UTF-8, kept by the "surrogateescape" decoder as U+DC80..U+DCFF: no
# validly decoded text can hold one, so each marks a bad byte exactly.
_BAD_BYTE = re.compile("[\udc80-\udcff]")
_GOOD_UTF8 = re.compile("[^\x00-\x7f\udc80-\udcff]")


def decode(path: Path, data: bytes) -> tuple[str, str]:
    """The file's text and the encoding it was in (in words). Bytes that are not UTF-8 in
    a file that is otherwise UTF-8 are kept as U+DC80..U+DCFF for `read_csv` to report."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="surrogateescape"), "UTF-8 with BOM"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:8192]:
        raise ValidationError(
            f"{path} looks like a binary file, not a CSV, XLSX or OCDS JSON register"
        )
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="surrogateescape")
    # UTF-8 if its characters beyond ASCII are mostly good UTF-8: a Windows-1252 file's £
    # and é are single bytes that are never valid UTF-8 on their own.
    if len(_GOOD_UTF8.findall(text)) >= len(_BAD_BYTE.findall(text)):
        return text, "UTF-8"
    try:
        # Excel's "CSV" on Windows: the pound sign is byte 0xA3.
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        raise ValidationError(
            f"{path} is not text in UTF-8 or Windows-1252; save it from Excel as "
            "'CSV UTF-8' and import that"
        ) from None


def sniff_delimiter(text: str, headings: Headings = REGISTER_HEADINGS) -> str:
    """The delimiter under which the most known headings appear in the first rows."""
    sample = text[:_SAMPLE_CHARS]
    best, best_score = ",", -1
    for delimiter in DELIMITERS:
        if delimiter not in sample:
            continue
        rows = []
        reader = csv.reader(io.StringIO(sample), delimiter=delimiter)
        try:
            for row in reader:
                rows.append(row)
                if len(rows) >= HEADER_SEARCH_ROWS:
                    break
        except csv.Error:
            continue
        score = max((headings.count(row) for row in rows), default=0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_csv(
    path: Path,
    data: bytes,
    headings: Headings = REGISTER_HEADINGS,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> Table:
    """Read a CSV register, finding the header below any title or blank rows."""
    text, encoding = decode(path, data)
    delimiter = sniff_delimiter(text, headings)
    rows: list[list[object]] = []
    counter = SheetCounter(str(path), limits)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows.extend(reader)  # type: ignore[arg-type]  # on an error, keeps the rows before it
    except csv.Error as exc:
        raise ValidationError(
            f"{path} cannot be read as CSV at row {len(rows) + 1}: {exc}"
        ) from None
    counter.check_all(rows)
    named = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}[delimiter]
    source = f"CSV ({encoding}, {named}-separated)"
    table = table_from_rows(rows, str(path), source, "csv", headings=headings)
    table.text_only = True  # the csv module reads every cell as a str; padding is None
    if not text.isascii() and _BAD_BYTE.search(text):  # isascii: one flag, no scan
        _refuse_bad_bytes(table)
    return table


def _shown(cell: str) -> str:
    """A cell with each bad byte written as its value (\\xe9), as the problem list shows it."""
    return _BAD_BYTE.sub(lambda m: f"\\x{ord(m.group()) - 0xDC00:02x}", cell)


def _refuse_bad_bytes(table: Table) -> None:
    """Mark each row holding bytes that are not UTF-8 as refused, naming the cell."""
    for number, cells in table.rows:
        bad = [
            i for i, cell in enumerate(cells) if isinstance(cell, str) and _BAD_BYTE.search(cell)
        ]
        for i in bad:
            heading = table.headers[i] if i < table.width else f"column {i + 1}"
            table.problems.append(
                CellProblem(
                    number, heading, _shown(str(cells[i])),
                    "has bytes that are not UTF-8 in a file that is UTF-8 elsewhere; retype "
                    "the character, or save the file from Excel as 'CSV UTF-8'",
                )
            )  # fmt: skip
        for i in bad:
            cells[i] = _BAD_BYTE.sub("\ufffd", str(cells[i]))  # never stored: the row is refused
