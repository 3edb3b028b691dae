"""The floor under the import goal: the steps no register import can skip, each timed alone,
against sqlite3's own `.import` of the same CSV in the same run.

Issue 12 asks for `planner import` within 3x of `.import` with every value checked and the
audit trail written. Before a single value is checked, an import in Python must:

- start Python and load `csv` and `sqlite3` (a child process, nothing else loaded);
- read the CSV with the `csv` module (every row, into lists);
- insert the rows into the planner's `contracts` table as the import stores them, its
  secondary indexes dropped first and built once after the rows (the importer's own way,
  planner/store/sql.py `drop_indexes`), and commit.

The stored rows are those a real `planner import` of the same file wrote (read back from
its database, not timed), so the insert is the same work with no checking in front of it.
Each step is CPU seconds (user + system), the median of a few runs; their sum against
`.import` is the least ratio any import with this design could reach. docs/performance.md,
"The import and schedule goals against their floors", reads it.

Usage: python bench/import_floor.py [--contracts 50000] [--runs 3]
"""

from __future__ import annotations

import argparse
import csv
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from import_bench import PLANNER, fresh_db, median_seconds, write_csv  # bench/ is on the path

from planner.store import open_db
from planner.store.sql import drop_indexes


def _read_csv(source: Path) -> None:
    with source.open(newline="", encoding="utf-8") as file:
        rows = list(csv.reader(file))
    assert len(rows) > 1


def _stored_contracts(folder: Path, source: Path) -> tuple[list[str], list[tuple[object, ...]]]:
    """The columns and rows a real `planner import` of `source` stores (not timed)."""
    imported = fresh_db(folder / "imported.db")
    subprocess.run([PLANNER, "import", str(source), "--db", str(imported)], check=True,
                   capture_output=True)  # fmt: skip
    conn = sqlite3.connect(imported)
    columns = [row[1] for row in conn.execute("PRAGMA table_info(contracts)")]
    rows = conn.execute("SELECT * FROM contracts ORDER BY id").fetchall()
    conn.close()
    return columns, rows


def floor(folder: Path, contracts: int, runs: int, sqlite3_cli: str) -> dict[str, float]:
    """CPU seconds of `.import` and of each step no import can skip."""
    source = folder / f"register-{contracts}.csv"
    write_csv(source, contracts)
    bare = folder / "bare.db"
    columns, stored = _stored_contracts(folder, source)
    target = folder / "insert.db"
    insert = (
        f"INSERT INTO contracts ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    )

    def clear_bare() -> None:
        bare.unlink(missing_ok=True)

    def insert_rows() -> None:
        db = open_db(target)
        db.conn.execute("BEGIN IMMEDIATE")
        rebuild = drop_indexes(db, "contracts")
        db.conn.executemany(insert, stored)
        for statement in rebuild:
            db.conn.execute(statement)
        db.conn.execute("COMMIT")
        db.close()

    return {
        "sqlite3 .import": median_seconds(runs, clear_bare, lambda: subprocess.run(
            [sqlite3_cli, str(bare), f".import --csv {source} contracts"], check=True))[1],
        "start Python, load csv and sqlite3": median_seconds(runs, lambda: None, lambda: (
            subprocess.run([sys.executable, "-c", "import csv, sqlite3"], check=True)))[1],
        "read the CSV (csv module)": median_seconds(runs, lambda: None, lambda: (
            _read_csv(source)))[1],
        "insert as stored, build indexes, commit": median_seconds(
            runs, lambda: fresh_db(target), insert_rows)[1],
    }  # fmt: skip


def main() -> None:
    """Time each step and print them with their sum against `.import`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contracts", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sqlite3_cli = shutil.which("sqlite3")
    if sqlite3_cli is None:
        raise SystemExit("the sqlite3 command-line tool is needed (apt-get install sqlite3)")
    with tempfile.TemporaryDirectory(prefix="import-floor-") as name:
        found = floor(Path(name), args.contracts, args.runs, sqlite3_cli)
    base = found.pop("sqlite3 .import")
    print(f"{args.contracts:,} contracts, CPU seconds (medians of {args.runs} runs)")
    print(f"  {'sqlite3 .import (the baseline)':<45} {base:6.3f}   1.0x")
    for step, cpu in found.items():
        print(f"  {step:<45} {cpu:6.3f} {cpu / base:5.1f}x")
    total = sum(found.values())
    print(f"  {'the steps no import can skip, together':<45} {total:6.3f} {total / base:5.1f}x")
    print(f"FLOOR import: {total / base:.1f}x .import before a value is checked or audited "
          "(goal <= 3x with every value checked and audited)")  # fmt: skip


if __name__ == "__main__":
    main()
