"""An import tells a caller how many rows it has written, and a caller that stops it part
way leaves the database as it was: the import is one transaction (docs/guide/import.md)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from planner.io.import_source import read_for_import
from planner.io.importer import ImportOptions, import_table
from planner.store import Database, verify_chain
from tests.io.conftest import GOOD_ROW, HEADER

ESTATES = ImportOptions(department="Estates")


class Stop(Exception):
    """What a screen raises when the user cancels."""


def _rows(count: int) -> list[list[str]]:
    return [[f"EST-{n:04d}", *GOOD_ROW[1:]] for n in range(count)]


def _count(db: Database, table: str) -> int:
    return int(db.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_progress_is_told_the_rows_written_as_they_go(
    db: Database, write_csv: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("planner.io.import_source.PROGRESS_EVERY", 2)
    path = write_csv([HEADER, *_rows(5)])
    table, department = read_for_import(db, path, ESTATES)
    heard: list[tuple[int, int]] = []
    report = import_table(db, table, path, ESTATES, "tester", department,
                          lambda done, total: heard.append((done, total)))  # fmt: skip
    assert report.imported == 5 and report.written
    assert heard == [(0, 5), (2, 5), (4, 5), (5, 5)]


def test_stopping_an_import_part_way_writes_nothing_not_even_the_audit_trail(
    db: Database, write_csv: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("planner.io.import_source.PROGRESS_EVERY", 2)
    path = write_csv([HEADER, *_rows(5)])
    table, department = read_for_import(db, path, ESTATES)
    before = (_count(db, "contracts"), _count(db, "changes"), _count(db, "audit"))

    def stop_after_two(done: int, total: int) -> None:
        if done >= 2:
            raise Stop

    with pytest.raises(Stop):
        import_table(db, table, path, ESTATES, "tester", department, stop_after_two)
    assert (_count(db, "contracts"), _count(db, "changes"), _count(db, "audit")) == before
    assert not db.conn.in_transaction
    assert verify_chain(db).ok
    report = import_table(db, table, path, ESTATES, "tester", department)  # and again, whole
    assert report.imported == 5
