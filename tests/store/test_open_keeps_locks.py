"""Opening the database again in a process that already has it open must not drop the
locks its connections hold: when it did, a CLI import run while the planner was open reset
the WAL under the planner's connections, and every later read or write in the planner
failed with 'database disk image is malformed'."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from planner.domain.contract import Contract
from planner.store import open_db
from planner.store.contracts import upsert_contracts
from tests.conftest import migrated_db

CLI = [sys.executable, "-c", "from planner.cli import main; main()"]


def test_connections_survive_another_process_writing_after_a_second_open(
    tmp_path: Path,
) -> None:
    path = tmp_path / "planner.db"
    setup = migrated_db(path)
    # Big enough that the other process's checkpoint rewrites pages these connections read.
    contracts = [Contract(ref=f"EST-{n}", department="Estates", title="Cleaning " * 20)
                 for n in range(2000)]  # fmt: skip
    upsert_contracts(setup, [(c, frozenset({"ref", "department", "title"})) for c in contracts],
                     who="tester", summary="setup")  # fmt: skip
    setup.close()
    first = open_db(path, create=False, migrate=False, check_same_thread=False)
    assert first.conn.execute("SELECT count(*) FROM contracts").fetchone() == (2000,)
    second = open_db(path, create=False, migrate=False, check_same_thread=False)
    assert second.conn.execute("PRAGMA data_version").fetchone() is not None
    register = tmp_path / "marine.csv"
    register.write_text("Ref,Title,Department\nMAR-1,Boats,Marine Unit\n", encoding="utf-8")
    for args in (["department", "add", "Marine Unit"], ["import", str(register)]):
        done = subprocess.run([*CLI, *args, "--db", str(path)], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    for db in (first, second):
        assert db.conn.execute("SELECT count(*) FROM contracts").fetchone() == (2001,)
        assert db.conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    first.close()
    second.close()
