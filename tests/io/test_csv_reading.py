"""Reading CSV registers as Excel and people save them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from planner.errors import ValidationError
from planner.io.reading import read_table
from tests.io.conftest import GOOD_ROW, HEADER


@pytest.mark.parametrize(
    ("encoding", "named"),
    [("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8 with BOM"), ("cp1252", "Windows-1252"),
     ("utf-16", "UTF-16")],
)  # fmt: skip
def test_each_encoding_reads_the_pound_sign_and_the_first_heading(
    write_csv: Callable[..., Path], encoding: str, named: str
) -> None:
    path = write_csv([HEADER, GOOD_ROW], encoding=encoding)
    table = read_table(path)
    assert table.headers[0] == "Contract Ref"  # no BOM glued to the first heading
    assert table.rows == [(2, GOOD_ROW)]
    assert named in table.source


def test_windows_1252_pound_is_byte_a3(write_csv: Callable[..., Path]) -> None:
    path = write_csv([HEADER, GOOD_ROW], encoding="cp1252")
    assert b"\xa312,000" in path.read_bytes()
    assert read_table(path).rows[0][1][6] == "£12,000"


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_the_delimiter_is_sniffed(write_csv: Callable[..., Path], delimiter: str) -> None:
    # Commas inside the values must not fool the sniffer.
    path = write_csv([HEADER, GOOD_ROW], delimiter=delimiter)
    table = read_table(path)
    assert table.headers == HEADER
    assert table.rows[0][1] == GOOD_ROW


def test_title_and_blank_rows_above_the_header_are_skipped_and_rows_keep_their_numbers(
    write_csv: Callable[..., Path],
) -> None:
    path = write_csv(
        [["Estates contract register"], ["Printed 3 Nov 2026", "", ""], [], HEADER, GOOD_ROW,
         [], ["EST-002", "Lifts"], ["", "", ""], [], []]
    )  # fmt: skip
    table = read_table(path)
    assert table.header_row == 4
    assert [number for number, _ in table.rows] == [5, 7]
    assert table.rows[1][1][:2] == ["EST-002", "Lifts"]
    assert len(table.rows[1][1]) == len(HEADER)  # short rows are padded


def test_a_cell_spanning_lines_counts_as_one_spreadsheet_row(
    write_csv: Callable[..., Path],
) -> None:
    path = write_csv([HEADER, ["EST-001", "Cleaning\nand windows"], ["EST-002", "Lifts"]])
    assert [number for number, _ in read_table(path).rows] == [2, 3]


def test_a_file_with_no_recognisable_heading_is_a_clear_error(
    write_csv: Callable[..., Path],
) -> None:
    path = write_csv([["colour", "shape"], ["red", "round"]])
    with pytest.raises(ValidationError, match="no recognisable column headings"):
        read_table(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "is empty"), (b"  \r\n\r\n", "is empty"), (b"\x00\x01\x02binary\x00" * 20, "binary"),
     (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "old-style Excel"),
     (b"{not json", "not valid JSON"), (b'{"colour": "red"}', "not an OCDS"),
     (b"PK\x03\x04 not really a zip", "not a readable Excel workbook")],
)  # fmt: skip
def test_files_that_are_not_registers_are_refused_in_one_sentence(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "upload.csv"
    path.write_bytes(content)
    with pytest.raises(ValidationError, match=message):
        read_table(path)


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="is a folder"):
        read_table(tmp_path)


def test_a_csv_tables_cells_are_all_text_so_its_columns_are_deduplicated_without_a_type_scan(
    write_csv: Callable[..., Path],
) -> None:
    # The checks and the mapping report trust `text_only` (a workbook's 1 and True are equal
    # dictionary keys but different cells): every cell of a CSV table must be a str or None.
    short = GOOD_ROW[:3]  # padded with None to the width of the header
    table = read_table(write_csv([HEADER, GOOD_ROW, short, ["EST-9", "1", "TRUE", "1.0"]]))
    assert table.text_only
    assert {type(cell) for _, cells in table.rows for cell in cells} == {str, type(None)}
    assert table.without_rows({2}).text_only and table.without("Title").text_only
