"""The UI's connections: writes run one at a time in the order they were queued."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from planner.store import open_db
from planner.tui.connections import Connections, WriteCancelled


def test_writes_run_in_ticket_order_even_when_their_threads_start_backwards(
    tmp_path: Path,
) -> None:
    path = tmp_path / "order.db"
    open_db(path).close()
    connections = Connections(path)
    tickets = [connections.ticket() for _ in range(5)]
    ran: list[int] = []

    def write(ticket: int) -> None:
        with connections.writer(ticket, lambda: False) as db:
            db.conn.execute("SELECT 1")
            ran.append(ticket)
            time.sleep(0.01)

    threads = [threading.Thread(target=write, args=(t,)) for t in reversed(tickets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(5)
    assert ran == tickets
    connections.close()


def test_a_cancelled_write_gives_up_its_turn_without_blocking_the_next(tmp_path: Path) -> None:
    path = tmp_path / "cancel.db"
    open_db(path).close()
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
