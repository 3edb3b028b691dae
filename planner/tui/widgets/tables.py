"""DataTable columns with fixed widths.

A DataTable sizes auto-width columns when it is next idle, but caches the cells it has
already drawn under a key that does not include the width: a table filled and painted in
the same moment (rows arriving from a worker) can keep drawing its first, narrow columns.
The planner's tables have known shapes, so they give every column its width up front.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.widgets import DataTable


def add_fixed_columns(table: DataTable[Any], columns: Sequence[tuple[str, int]]) -> None:
    """Add (label, width) columns, keyed by their labels."""
    for label, width in columns:
        table.add_column(label, width=width, key=label)
