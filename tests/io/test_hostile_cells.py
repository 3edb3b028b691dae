"""Whatever is in the cells, importing raises nothing but ValidationError (and usually just
reports the bad rows): hostile text, huge numbers, NaN, control characters, formulas."""

from __future__ import annotations

import csv
import io
import math
import shutil
import tempfile
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.domain.contract import REGISTER_COLUMNS, parse_field
from planner.errors import ValidationError
from planner.io.importer import ImportOptions, import_file, import_table
from planner.io.tables import Table
from tests.conftest import migrated_db

HOSTILE_TEXT = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["=cmd|' /C calc'!A0", "+1", "-£500", "@SUM(A1)", "\t", "\r\n", "TBC",
                     "31/02/2024", "99999999 days", "999999 months", "P99999Y", "£1e999",
                     "1" * 400, "x" * 10_001, "NaN", "inf", "-0", "0x10", "١٢٣", "Ⅻ",
                     "2026-02-30", "31 Febtember 26", "£1,23,4", "yes please"]),
)  # fmt: skip
CELLS = st.one_of(
    HOSTILE_TEXT,
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=date(1, 1, 1)),
    st.datetimes(),
)
COLUMNS = [c for c in REGISTER_COLUMNS if c not in ("ref", "department")]


@given(column=st.sampled_from(REGISTER_COLUMNS), value=CELLS)
@settings(max_examples=600, deadline=None)
def test_every_column_parser_raises_only_validation_errors(column: str, value: object) -> None:
    try:
        parse_field(column, value)
    except ValidationError as exc:
        assert str(exc)


# A valid row that hostile cells are dropped into, so they meet valid neighbours (an end
# date to count a notice period back from) and reach the database when they parse.
BASE_ROW = {"title": "Cleaning", "end_date": "31/03/2027", "notice_period": "3 months",
            "annual_value": "£12,000", "sme": "yes"}  # fmt: skip
HOSTILE_ROW = st.dictionaries(st.sampled_from(COLUMNS), CELLS, min_size=1, max_size=3)


@pytest.mark.slow
@given(rows=st.lists(HOSTILE_ROW, min_size=1, max_size=5),
       refs=st.lists(st.one_of(st.sampled_from(["A", "B", "C"]), CELLS), min_size=5,
                     max_size=5))  # fmt: skip
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_importing_hostile_rows_only_ever_reports_problems(
    rows: list[dict[str, object]], refs: list[object]
) -> None:
    db = migrated_db()
    folder = Path(tempfile.mkdtemp())
    try:
        cells = [[refs[n], *({**BASE_ROW, **row}.get(c) for c in COLUMNS)]
                 for n, row in enumerate(rows)]  # fmt: skip
        table = Table("test", "csv", ["ref", *COLUMNS], 1,
                      [(n + 2, row) for n, row in enumerate(cells)])  # fmt: skip
        options = ImportOptions(department="Estates", skip_invalid=True)
        # The header is valid, so every bad cell must come back as a reported problem.
        report = import_table(db, table, folder / "hostile.csv", options, "t", "Estates")
        assert report.rows == len(rows)
        assert all(p.error for p in report.rejected)
        stored = db.conn.execute("SELECT count(*) FROM contracts").fetchone()[0]
        assert stored == report.imported
    finally:
        db.close()
        shutil.rmtree(folder)


def _csv_bytes(rows: list[list[object]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8", errors="surrogatepass")


@pytest.mark.slow
@given(rows=st.lists(st.lists(HOSTILE_TEXT, min_size=1, max_size=6), min_size=1, max_size=6))
@settings(max_examples=100, deadline=None)
def test_hostile_csv_files_raise_nothing_but_validation_errors(
    tmp_path_factory: object, rows: list[list[object]]
) -> None:
    folder = tmp_path_factory.mktemp("hostile")  # type: ignore[attr-defined]
    path = folder / "hostile.csv"
    path.write_bytes(_csv_bytes([["Ref", "Title", "Expiry", "Value", "Notice"], *rows]))
    db = migrated_db()
    try:
        import_file(db, path, ImportOptions(department="Estates", skip_invalid=True), "t")
    except ValidationError as exc:
        assert str(exc)
    finally:
        db.close()


def test_nan_and_infinite_numbers_are_malformed_not_crashes() -> None:
    for column in ("annual_value", "end_date", "notice_period", "priority"):
        for value in (math.nan, math.inf, -math.inf):
            try:
                parse_field(column, value)
            except ValidationError:
                continue
            raise AssertionError(f"{column} accepted {value}")
    assert parse_field("start_date", datetime(2026, 1, 2, 0, 0)) == date(2026, 1, 2)
