"""The list of recorded changes, newest first, as `planner audit log` shows it."""

from __future__ import annotations

from typing import NamedTuple

from planner.store.db import Database


class ChangeLine(NamedTuple):
    """One recorded change: its id, when (ISO text), who, its kind and its summary."""

    id: int
    at: str
    who: str
    kind: str
    summary: str


def recent_changes(db: Database, limit: int) -> list[ChangeLine]:
    """The `limit` most recent changes, newest first."""
    return [
        ChangeLine(*row)
        for row in db.conn.execute(
            "SELECT id, at, who, kind, summary FROM changes ORDER BY id DESC LIMIT ?", (limit,)
        )
    ]
