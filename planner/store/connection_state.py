"""What the UI asks of a connection itself: whether another connection has committed since it
last looked, and closing a transaction a failed job left open."""

from __future__ import annotations

from planner.store.db import Database


def data_version(db: Database) -> int:
    """SQLite's data_version: it moves only when another connection commits a change."""
    return int(db.conn.execute("PRAGMA data_version").fetchone()[0])


def roll_back_open(db: Database) -> None:
    """Roll back a transaction left open (by a job that failed half-way), if there is one."""
    if db.conn.in_transaction:
        db.conn.rollback()
