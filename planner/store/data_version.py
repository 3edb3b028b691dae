"""Noticing that another connection (another planner, a script) committed to the file."""

from __future__ import annotations

from planner.store.db import Database


def data_version(db: Database) -> int:
    """SQLite's data_version of this connection: it moves only when *another* connection
    commits, so comparing two readings tells outside changes from this connection's own."""
    return int(db.conn.execute("PRAGMA data_version").fetchone()[0])
