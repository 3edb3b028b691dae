"""`planner list --json` writes each contract as it is read (flat memory at any size),
and the text is exactly the one JSON document it always was (docs/cli.md, planner list)."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from planner.cli.register import _list_row
from planner.domain.contract import REGISTER_COLUMNS, Contract
from planner.io.register_xlsx import SHEET, write_register_xlsx
from planner.store import open_db
from planner.store.contracts import iter_contracts
from planner.store.rules import load_rules
from tests.conftest import run


def test_list_json_streams_the_same_document_as_one_dump(programme_file: Path) -> None:
    """The streamed text is byte for byte what dumping the whole list at once gave."""
    db = open_db(programme_file, create=False)
    deemed = load_rules(db).deemed_service_days
    whole = [_list_row(c, deemed) for c in iter_contracts(db)]
    db.close()
    expected = json.dumps(whole, indent=2, default=str, ensure_ascii=False) + "\n"
    streamed = run("list", "--json").stdout
    assert len(whole) >= 10
    assert streamed == expected


def test_list_json_of_nothing_is_an_empty_array(programme_file: Path) -> None:
    """A filter that matches nothing still prints valid JSON: []."""
    result = run("list", "--search", "no such contract anywhere", "--json")
    assert result.stdout == "[]\n"
    assert json.loads(result.stdout) == []


def test_list_json_of_one_contract(programme_file: Path) -> None:
    """One row: an array holding one object, indented as before."""
    whole = json.loads(run("list", "--json").stdout)
    ref = whole[0]["ref"]
    one = run("list", "--search", ref, "--json").stdout
    assert [row for row in json.loads(one) if row["ref"] == ref] == [whole[0]]


def test_a_workbook_longer_than_the_sizing_sample_keeps_every_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The xlsx writer holds only the rows that size the columns; every row is still
    written, in order, and the filter covers them all."""
    monkeypatch.setattr("planner.io.register_xlsx._SAMPLE", 2)
    contracts = (
        Contract(ref=f"EST-{i:03}", department="Estates", title="x" * (i + 1)) for i in range(5)
    )
    path = tmp_path / "register.xlsx"
    assert write_register_xlsx(contracts, path) == 5
    sheet = openpyxl.load_workbook(path)[SHEET]
    refs = [sheet.cell(row, 1).value for row in range(2, 7)]
    assert refs == [f"EST-{i:03}" for i in range(5)]
    last = get_column_letter(len(REGISTER_COLUMNS))
    assert sheet.auto_filter.ref == f"A1:{last}6"
    title = get_column_letter(REGISTER_COLUMNS.index("title") + 1)
    assert sheet.column_dimensions[title].width == 8  # sized from the first two rows only
