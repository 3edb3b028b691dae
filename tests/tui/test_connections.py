"""The UI's connections: writes run one at a time in the order they were queued."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from planner.tui.connections import Connections, WriteCancelled
from tests.conftest import migrated_db


def test_writes_run_in_ticket_order_even_when_their_threads_start_backwards(
    tmp_path: Path,
) -> None:
    path = tmp_path / "order.db"
    migrated_db(path).close()
    connections = Connections(path)
    tickets = [connections.ticket() for _ in range(5)]
    ran: list[int] = []
    all_started = threading.Event()

    def write(ticket: int) -> None:
        with connections.writer(ticket, lambda: False) as db:
            db.conn.execute("SELECT 1")
            ran.append(ticket)
            # Hold the write until every thread has started, so all of them contend for it.
            all_started.wait(5)

    threads = [threading.Thread(target=write, args=(t,)) for t in reversed(tickets)]
    for thread in threads:
        thread.start()
    all_started.set()
    for thread in threads:
        thread.join(5)
    assert ran == tickets
    connections.close()


def test_a_cancelled_write_gives_up_its_turn_without_blocking_the_next(tmp_path: Path) -> None:
    path = tmp_path / "cancel.db"
    migrated_db(path).close()
    connections = Connections(path)
    first, second, third = (connections.ticket() for _ in range(3))
    outcome: list[str] = []

    def abandoned() -> None:
        try:
            with connections.writer(second, lambda: True):
                outcome.append("second ran")
        except WriteCancelled:
            outcome.append("second cancelled")

    with connections.writer(first, lambda: False):
        waiting = threading.Thread(target=abandoned)
        waiting.start()
        waiting.join(5)
    with connections.writer(third, lambda: False) as db:
        assert db.conn.execute("SELECT 1").fetchone() == (1,)
    assert outcome == ["second cancelled"]
    connections.close()


def test_closing_while_a_worker_reads_leaves_its_connection_open_until_it_is_done(
    tmp_path: Path,
) -> None:
    # Closing a connection another thread is using can crash the process (the app quitting
    # while a worker still reads); the worker's connection is closed when it hands it back.
    path = tmp_path / "reading.db"
    migrated_db(path).close()
    connections = Connections(path)
    with connections.reader():
        pass  # a reader used once and idle again, which the worker then borrows
    borrowed, release, read = threading.Event(), threading.Event(), []
    held: list[object] = []

    def work() -> None:
        with connections.reader() as db:
            held.append(db)
            borrowed.set()
            release.wait(5)
            read.append(db.conn.execute("SELECT count(*) FROM departments").fetchone()[0])

    worker = threading.Thread(target=work)
    worker.start()
    borrowed.wait(5)
    connections.close()
    release.set()
    worker.join(5)
    assert read and read[0] > 0
    (db,) = held
    try:
        db.conn.execute("SELECT 1")  # type: ignore[attr-defined]
    except Exception as exc:  # sqlite3.ProgrammingError: Cannot operate on a closed database
        assert "closed" in str(exc)
    else:
        raise AssertionError("the worker's connection was left open")


def test_the_re_plan_connection_never_holds_up_a_write_nor_overwrites_it(
    tmp_path: Path,
) -> None:
    """The re-plan reads a snapshot on its own connection, outside the write queue: a write
    queued meanwhile commits at once, and the re-plan's own write is then refused (SQLite
    will not let a snapshot older than the last commit write), not stored over it."""
    path = tmp_path / "planning.db"
    migrated_db(path).close()
    connections = Connections(path)
    with connections.planning() as planning:
        assert planning is not None
        planning.conn.execute("BEGIN")
        planning.conn.execute("SELECT count(*) FROM settings").fetchone()  # the snapshot
        with connections.planning(wait=False) as busy:
            assert busy is None  # one re-plan at a time
        with connections.writer(connections.ticket(), lambda: False) as db, db.conn:
            db.conn.execute("INSERT INTO settings VALUES ('seen', 'yes', 'a user write')")
        try:
            planning.conn.execute("UPDATE settings SET value = 'no' WHERE key = 'seen'")
        except sqlite3.OperationalError as exc:
            refused = str(exc)
        else:
            refused = ""
        assert "locked" in refused or "busy" in refused
    with connections.reader() as db:
        row = db.conn.execute("SELECT value FROM settings WHERE key = 'seen'").fetchone()
    assert row == ("yes",)
    connections.close()
