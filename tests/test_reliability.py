"""Reliability with real processes: a killed import leaves no trace; concurrent edits conflict."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from planner.demo.build import add_demo_departments, write_demo_register
from planner.demo.generator import DemoSpec
from tests.conftest import migrated_db

PLANNER = str(Path(sys.executable).with_name("planner"))


def _content_hash(path: Path) -> str:
    """A hash of every table's schema and rows, read the way SQLite recovers the file."""
    conn = sqlite3.connect(path)
    try:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()
    finally:
        conn.close()


def _write_register_csv(path: Path, contracts: int, seed: int) -> None:
    write_demo_register(path, DemoSpec(seed=seed, contracts=contracts))


def _prepared_db(tmp_path: Path) -> Path:
    path = tmp_path / "planner.db"
    db = migrated_db(path)
    add_demo_departments(db)
    db.close()
    return path


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([PLANNER, *args], capture_output=True, text=True, timeout=300)


@pytest.mark.slow
def test_a_large_import_killed_mid_write_leaves_the_database_as_it_was(tmp_path: Path) -> None:
    db_path = _prepared_db(tmp_path)
    small, large = tmp_path / "small.csv", tmp_path / "large.csv"
    _write_register_csv(small, 200, seed=1)
    _write_register_csv(large, 10_000, seed=2)  # large enough to spill into the WAL mid-write
    assert _run("import", str(small), "--db", str(db_path)).returncode == 0
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # an empty WAL: growth means writing
    conn.close()
    wal = db_path.with_name(db_path.name + "-wal")
    before = _content_hash(db_path)

    process = subprocess.Popen(
        [PLANNER, "import", str(large), "--db", str(db_path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    written_at_kill = 0
    deadline = time.monotonic() + 240
    while process.poll() is None and time.monotonic() < deadline:
        size = wal.stat().st_size if wal.exists() else 0
        if size > 64 * 1024:  # the import transaction is spilling pages into the WAL
            os.kill(process.pid, signal.SIGKILL)
            written_at_kill = size
            break
        time.sleep(0.001)
    process.wait(timeout=60)

    assert process.returncode == -signal.SIGKILL, "the import finished before it could be killed"
    assert written_at_kill > 0
    assert _content_hash(db_path) == before
    check = _run("audit", "verify", "--db", str(db_path))
    assert check.returncode == 0, check.stderr
    after = _run("import", str(small), "--json", "--db", str(db_path))
    assert '"unchanged": 200' in after.stdout


CONTENDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from planner.errors import ConflictError
    from planner.store import open_db
    from planner.store.contracts import find_contract, update_contract

    db_path, name, ready, go = sys.argv[1:5]
    db = open_db(db_path, create=False)
    contract = find_contract(db, "EST-00001", "Estates")
    Path(ready).write_text(str(contract.version))
    while not Path(go).exists():
        time.sleep(0.01)
    try:
        update_contract(db, contract.id, {"officer": name},
                        expected_version=contract.version, who=name)
    except ConflictError as exc:
        print(f"ConflictError: {exc}")
        sys.exit(3)
    print("saved")
    """
)


@pytest.mark.slow
def test_two_processes_editing_one_contract_the_second_gets_a_conflict(tmp_path: Path) -> None:
    db_path = _prepared_db(tmp_path)
    source = tmp_path / "register.csv"
    _write_register_csv(source, 50, seed=5)
    assert _run("import", str(source), "--db", str(db_path)).returncode == 0
    script = tmp_path / "contender.py"
    script.write_text(CONTENDER)
    processes = {}
    for name in ("alice", "bob"):
        processes[name] = subprocess.Popen(
            [sys.executable, str(script), str(db_path), name, str(tmp_path / f"{name}.ready"),
             str(tmp_path / f"{name}.go")],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
    deadline = time.monotonic() + 60
    while not all((tmp_path / f"{n}.ready").exists() for n in processes):
        assert time.monotonic() < deadline, "the contenders never read the contract"
        time.sleep(0.01)
    assert (tmp_path / "alice.ready").read_text() == (tmp_path / "bob.ready").read_text() == "1"

    (tmp_path / "alice.go").touch()
    alice_out, _ = processes["alice"].communicate(timeout=60)
    (tmp_path / "bob.go").touch()
    bob_out, bob_err = processes["bob"].communicate(timeout=60)

    assert alice_out.strip() == "saved"
    assert processes["bob"].returncode == 3, bob_err
    assert "EST-00001 (Estates) was changed by alice" in bob_out
    conn = sqlite3.connect(db_path)
    officer, version = conn.execute(
        "SELECT officer, version FROM contracts WHERE ref = 'EST-00001' AND department = 'Estates'"
    ).fetchone()
    conn.close()
    assert (officer, version) == ("alice", 2)


def test_an_import_that_fills_the_disk_says_so_in_words_and_changes_nothing(
    tmp_path: Path,
) -> None:
    """Issue 13: a full disk was reported as "unexpected problem (OperationalError: cannot
    rollback - no transaction is active)". SQLite's max_page_count makes the database file
    as full as a full disk would, with the same error (SQLITE_FULL)."""
    from planner.errors import PlannerError
    from planner.io.importer import ImportOptions, import_file
    from planner.store import open_db

    db_path = _prepared_db(tmp_path)
    register = tmp_path / "register.csv"
    _write_register_csv(register, 2_000, seed=3)
    before = _content_hash(db_path)
    db = open_db(db_path, create=False)
    pages = db.conn.execute("PRAGMA page_count").fetchone()[0]
    db.conn.execute(f"PRAGMA max_page_count = {pages + 20}")
    with pytest.raises(PlannerError) as refused:
        import_file(db, register, ImportOptions(), "tester")
    db.close()
    assert str(refused.value).startswith(f"the disk holding {db_path} is full, so nothing")
    assert _content_hash(db_path) == before
