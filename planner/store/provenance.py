"""Where a database came from: `planner demo` replaces only a database it made itself."""

from __future__ import annotations

import sqlite3

from planner.store.db import Database

# The summary planner.demo writes for the change that fills a demo database.
DEMO_SUMMARY_PREFIX = "Demo programme"


def made_by_demo(db: Database) -> bool:
    """True if the database holds nothing, or its first recorded change built the demo."""
    try:
        row = db.conn.execute("SELECT summary FROM changes ORDER BY id LIMIT 1").fetchone()
    except sqlite3.OperationalError:  # no changes table: not a planner database
        return False
    return row is None or str(row[0]).startswith(DEMO_SUMMARY_PREFIX)
