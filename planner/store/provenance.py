"""Where a database came from: `planner demo` replaces only a database it made itself."""

from __future__ import annotations

import sqlite3

from planner.store.db import Database

# The summary planner.demo writes for the change that fills a demo database.
DEMO_SUMMARY_PREFIX = "Demo programme"
# Who the audit trail names for every change the demo builder makes: any other name in the
# trail of a demo is someone's work in it.
DEMO_BUILDER = "demo"


def made_by_demo(db: Database) -> bool:
    """True if the database holds nothing, or its first recorded change built the demo."""
    try:
        row = db.conn.execute("SELECT summary FROM changes ORDER BY id LIMIT 1").fetchone()
    except sqlite3.OperationalError:  # no changes table: not a planner database
        return False
    return row is None or str(row[0]).startswith(DEMO_SUMMARY_PREFIX)


def hand_changes(db: Database) -> dict[str, int]:
    """How many changes each person other than the demo builder has made (none: untouched)."""
    rows = db.conn.execute(
        "SELECT who, count(*) FROM changes WHERE who != ? GROUP BY who ORDER BY who",
        (DEMO_BUILDER,),
    )
    return {str(name): int(count) for name, count in rows}


def has_changes(db: Database) -> bool:
    """True if anything was ever recorded in the database."""
    return db.conn.execute("SELECT 1 FROM changes LIMIT 1").fetchone() is not None
