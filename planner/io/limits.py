"""How big a file the importer reads, and the checks that refuse a hostile one early.

An .xlsx file is a zip of XML: 5 MB on disk can expand to gigabytes, one cell can hold a
gigabyte, a row can have millions of cells, and the shared-strings table is read whole
before the first row. openpyxl would spend minutes and gigabytes on such a file, so the
zip's own directory (the size of each part once expanded) and the parts' text are checked
before openpyxl reads anything, and rows, columns and cells are counted while it reads.
The limits are generous for real registers (Excel's own cell limit is 32,767 characters),
are settings (`import_max_mb` and the rest: `planner rules set setting`), and each refusal
names the limit it met and its setting.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from planner.errors import ValidationError

MB = 1024 * 1024
# Excel's own sheet limits: a valid workbook never has more.
EXCEL_ROWS, EXCEL_COLUMNS = 1_048_576, 16_384
_CHUNK = 1 * MB
# Bytes of XML one cell of the longest allowed text can take: UTF-8 (up to 4 bytes a
# character) with every character written as an entity such as &#x1F600; is the worst
# case; anything longer between two tags is a cell over the limit.
_XML_BYTES_PER_CHAR = 10


@dataclass(frozen=True, slots=True)
class ReadLimits:
    """The largest file the importer reads; each refusal says which limit it met."""

    max_uncompressed_mb: int = 200  # an .xlsx expanded, or a CSV or JSON file as it is
    max_rows: int = 1_000_000
    max_columns: int = 200
    max_cell_chars: int = 32_767  # Excel's own limit for one cell
    max_shared_strings: int = 5_000_000  # distinct texts in an .xlsx

    @property
    def max_bytes(self) -> int:
        """The size limit in bytes."""
        return self.max_uncompressed_mb * MB


DEFAULT_LIMITS = ReadLimits()
# Each limit's setting (`planner rules set setting KEY VALUE`), named in every refusal.
SETTINGS: dict[str, str] = {
    "import_max_mb": "max_uncompressed_mb",
    "import_max_rows": "max_rows",
    "import_max_columns": "max_columns",
    "import_max_cell_chars": "max_cell_chars",
    "import_max_shared_strings": "max_shared_strings",
}


def read_limits(settings: Mapping[str, str]) -> ReadLimits:
    """The limits as the settings hold them; one not held keeps its default."""
    values = {
        field: int(settings[key])
        for key, field in SETTINGS.items()
        if str(settings.get(key, "")).strip().isdecimal()
    }
    return ReadLimits(**values)


def _limit(amount: str, setting: str) -> str:
    return f"the import limit is {amount} (setting {setting})"


def check_file_size(path: Path, size: int, limits: ReadLimits) -> None:
    """Refuse a CSV or JSON file larger than the size limit before reading it."""
    if size > limits.max_bytes:
        raise ValidationError(
            f"{path} is {size / MB:,.0f} MB; "
            f"{_limit(f'{limits.max_uncompressed_mb:,} MB', 'import_max_mb')}"
            "; split the register into smaller files"
        )


def check_xlsx_parts(path: Path, limits: ReadLimits) -> None:
    """Refuse a workbook whose parts expand past the limits, before openpyxl opens it.

    The sizes come from the zip's directory; Python's zip reader never expands a part past
    the size the directory declares (a part that lies fails its checksum), so they bound
    what openpyxl can read.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            total = sum(part.file_size for part in parts)
            if total > limits.max_bytes:
                raise ValidationError(
                    f"{path} expands to {total / MB:,.0f} MB; "
                    f"{_limit(f'{limits.max_uncompressed_mb:,} MB uncompressed', 'import_max_mb')}"
                    "; a workbook that large is damaged or hostile: save the register alone as "
                    "a new workbook"
                )
            for part in parts:
                name = part.filename.lower()
                if name.endswith("sharedstrings.xml"):
                    _check_shared_strings(path, archive, part, limits)
                elif name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    _check_sheet(path, archive, part, limits)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise ValidationError(
            f"{path} is not a readable Excel workbook ({type(exc).__name__}: {exc}); "
            "open it in Excel and save it again as .xlsx or CSV"
        ) from None


def _chunks(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> Iterator[bytes]:
    with archive.open(part) as stream:
        while chunk := stream.read(_CHUNK):
            yield chunk


class _TextRuns:
    """The longest stretch of a part between two tags (a cell's text), across chunks."""

    def __init__(self, path: Path, part: str, limits: ReadLimits):
        self.where = f"{path} ({part})"
        self.limits = limits
        self.limit = limits.max_cell_chars * _XML_BYTES_PER_CHAR
        self.run = 0  # length of the stretch still open at the end of the last chunk

    def feed(self, chunk: bytes) -> None:
        """Check one chunk. A stretch of `limit` bytes or more holds a whole aligned block
        of half that, so only a few blocks a chunk are searched (in C), never each tag."""
        first = chunk.find(b"<")
        if first < 0:
            self.run += len(chunk)
            self._check(self.run)
            return
        self._check(self.run + first)
        block = max(1, self.limit // 2)
        for start in range(first, len(chunk), block):
            if chunk.find(b"<", start, start + block) >= 0:
                continue
            right = chunk.find(b"<", start + block)
            if right < 0:
                break  # the stretch runs on to the end of the chunk: counted below
            self._check(right - chunk.rfind(b"<", 0, start) - 1)
        self.run = len(chunk) - chunk.rfind(b"<") - 1
        self._check(self.run)

    def _check(self, length: int) -> None:
        if length > self.limit:
            raise ValidationError(
                f"{self.where} has a cell longer than {self.limits.max_cell_chars:,} "
                "characters; the file is damaged or hostile "
                f"({_limit(f'{self.limits.max_cell_chars:,} characters', 'import_max_cell_chars')}"
                ", Excel's own limit for one cell)"
            )


def _check_shared_strings(
    path: Path, archive: zipfile.ZipFile, part: zipfile.ZipInfo, limits: ReadLimits
) -> None:
    """openpyxl reads every shared string before the first row: count them first."""
    runs = _TextRuns(path, part.filename, limits)
    count = 0
    for chunk in _chunks(archive, part):
        runs.feed(chunk)
        count += chunk.count(b"<si>") + chunk.count(b"<si ") + chunk.count(b":si>")
        if count > limits.max_shared_strings:
            raise ValidationError(
                f"{path} has more than {limits.max_shared_strings:,} distinct texts "
                f"(shared strings); "
                f"{_limit(f'{limits.max_shared_strings:,}', 'import_max_shared_strings')}"
            )


def _check_sheet(
    path: Path, archive: zipfile.ZipFile, part: zipfile.ZipInfo, limits: ReadLimits
) -> None:
    """No row of a sheet may have more cells than Excel allows, and no cell more text:
    openpyxl holds a whole row before it gives it back."""
    runs = _TextRuns(path, part.filename, limits)
    cells = 0  # in the row still open at the end of the last chunk
    started = 0  # rows begun
    for chunk in _chunks(archive, part):
        runs.feed(chunk)
        started += chunk.count(b"<row") + chunk.count(b":row ")
        if started > max(EXCEL_ROWS, limits.max_rows):
            raise ValidationError(
                f"{path} has more than {max(EXCEL_ROWS, limits.max_rows):,} rows in one sheet; "
                f"{_limit(f'{limits.max_rows:,} rows', 'import_max_rows')}"
            )
        rows = chunk.split(b"row>")  # </row> and </x:row> both end a row
        for i, piece in enumerate(rows):
            cells += piece.count(b"<c ") + piece.count(b"<c>") + piece.count(b":c ")
            if cells > EXCEL_COLUMNS:
                raise ValidationError(
                    f"{path} has a row with more than {EXCEL_COLUMNS:,} cells, more than "
                    "Excel allows; the file is damaged or hostile "
                    f"({_limit(f'{limits.max_columns:,} columns', 'import_max_columns')})"
                )
            if i < len(rows) - 1:
                cells = 0


class SheetCounter:
    """Counts rows, columns and text while a sheet or CSV file is read, and refuses the
    file at the first row past a limit (naming the row and the limit)."""

    def __init__(self, where: str, limits: ReadLimits):
        self.where = where
        self.limits = limits
        self.number = 0  # rows read, blank ones too
        self.filled = 0  # rows with something in them
        self.text = 0  # characters of text read

    def blank(self) -> None:
        """One empty row: counted, so a sheet that jumps to row 100,000,000 stops at
        Excel's last row instead of yielding a hundred million empty rows."""
        self.number += 1
        if self.number > EXCEL_ROWS and self.number > self.limits.max_rows:
            self._refuse(f"more than {EXCEL_ROWS:,} rows, more than Excel allows")

    def check(self, cells: list[object]) -> list[object]:
        """One row, cut to the column limit where the cells past it are empty."""
        self.blank()
        if len(cells) > self.limits.max_columns:
            self._columns(cells)
        lengths = [len(cell) for cell in cells if cell.__class__ is str]
        if lengths:
            self._text(cells, lengths)
        if not all(_blank(cell) for cell in cells):
            self.filled += 1
            if self.filled > self.limits.max_rows:
                self._refuse(
                    f"more than {self.limits.max_rows:,} rows; "
                    f"{_limit(f'{self.limits.max_rows:,} rows', 'import_max_rows')}"
                    "; split the register into smaller files"
                )
        return cells

    def _columns(self, cells: list[object]) -> None:
        limit = self.limits.max_columns
        beyond = next((i for i in range(limit, len(cells)) if not _blank(cells[i])), None)
        if beyond is not None:
            self._refuse(
                f"a value in column {beyond + 1:,} on row {self.number:,}; "
                f"{_limit(f'{limit:,} columns', 'import_max_columns')}"
            )
        del cells[limit:]  # formatting past the last column, no values

    def _text(self, cells: list[object], lengths: list[int]) -> None:
        limits = self.limits
        longest = max(lengths)
        if longest > limits.max_cell_chars:
            column = next(i for i, c in enumerate(cells) if isinstance(c, str)
                          and len(c) == longest)  # fmt: skip
            self._refuse(
                f"{longest:,} characters in column {column + 1:,} on row {self.number:,}; "
                f"{_limit(f'{limits.max_cell_chars:,} characters a cell', 'import_max_cell_chars')}"
                " (Excel's own limit)"
            )
        self.text += sum(lengths)
        if self.text > limits.max_bytes:
            self._refuse(
                f"more than {limits.max_uncompressed_mb:,} MB of text; "
                f"{_limit(f'{limits.max_uncompressed_mb:,} MB', 'import_max_mb')}"
            )

    def check_all(self, rows: list[list[object]]) -> None:
        """All the rows of a CSV file at once (its size is already within the limit): in C
        when every row is within the limits, else row by row to name the first that is not.
        """
        limits = self.limits
        if len(rows) <= limits.max_rows and (
            not rows
            or (
                max(map(len, rows)) <= limits.max_columns
                and _longest_cell_at_most(rows, limits.max_cell_chars)
            )
        ):
            return
        for row in rows:
            self.check(row)

    def _refuse(self, what: str) -> None:
        raise ValidationError(f"{self.where} has {what}")


def _longest_cell_at_most(rows: list[list[object]], chars: int) -> bool:
    """True if no cell of these CSV rows (all text) is longer than `chars`: a cell is never
    longer than its row's cells joined, and joining 50,000 rows is a third of the work of
    measuring their 2 million cells, which is done only when a row is that long."""
    text_rows: list[list[str]] = rows  # type: ignore[assignment]  # a CSV reader's rows
    return (
        max(map(len, map("".join, text_rows))) <= chars
        or max(map(len, chain.from_iterable(text_rows)), default=0) <= chars
    )


def _blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())
