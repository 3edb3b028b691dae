"""A national demo's payments ledger is bigger than one file import accepts (1,000,000
rows, the import_max_rows setting), so the demo imports it in parts: `planner demo
--contracts 200000` builds, and every payment is in the database once."""

from __future__ import annotations

import pytest

from planner.demo.build import build_demo_register
from planner.demo.generator import DemoSpec
from planner.demo.money import build_demo_money
from planner.store import Database
from tests.conftest import FROZEN_TODAY


def test_a_ledger_larger_than_a_part_is_imported_whole_in_parts(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_demo_register(db, DemoSpec(contracts=60))
    monkeypatch.setattr("planner.demo.money.LEDGER_PART", 100)
    money = build_demo_money(db, 2026, FROZEN_TODAY)
    (lines,) = db.conn.execute("SELECT count(*) FROM spend_lines").fetchone()
    (imports,) = db.conn.execute("SELECT count(*) FROM spend_imports").fetchone()
    assert money.payments > 300
    assert lines == money.payments
    assert imports == -(-money.payments // 100)
