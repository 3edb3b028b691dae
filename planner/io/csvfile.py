"""Reading CSV registers: UTF-8 (with or without BOM), UTF-16 and Windows-1252 text, with
the delimiter found by trying each likely one against the header synonym list."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from planner.errors import ValidationError
from planner.io.headers import REGISTER_HEADINGS, Headings
from planner.io.tables import HEADER_SEARCH_ROWS, Table, table_from_rows

DELIMITERS = (",", ";", "\t", "|")
_SAMPLE_CHARS = 64_000


def decode(path: Path, data: bytes) -> tuple[str, str]:
    """The file's text and the encoding it was in (in words)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "UTF-8 with BOM"
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
        pass
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


def read_csv(path: Path, data: bytes, headings: Headings = REGISTER_HEADINGS) -> Table:
    """Read a CSV register, finding the header below any title or blank rows."""
    text, encoding = decode(path, data)
    delimiter = sniff_delimiter(text, headings)
    rows: list[list[object]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            rows.append(row)  # type: ignore[arg-type]
    except csv.Error as exc:
        raise ValidationError(
            f"{path} cannot be read as CSV at row {len(rows) + 1}: {exc}"
        ) from None
    named = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}[delimiter]
    source = f"CSV ({encoding}, {named}-separated)"
    return table_from_rows(rows, str(path), source, "csv", headings=headings)
