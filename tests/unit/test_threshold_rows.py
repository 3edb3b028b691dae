"""Which threshold row is in force on a day (docs/rules.md, "Thresholds")."""

from __future__ import annotations

from datetime import date

from planner.domain.rules import Rules, Threshold


def test_a_new_row_supersedes_an_open_ended_earlier_one() -> None:
    """PA 2023 Sch. 1 and PPN 023: thresholds are revised every two years, and the one in
    force on the day the procurement commences applies. A row added from 1 Jan 2028 (as
    `planner rules set threshold 2028-01-01 ...` adds it) governs from that day even
    though the 2026 row was left without an end date."""
    rows = (
        Threshold(date(2026, 1, 1), None, 207_720_00, 5_193_000_00, 663_540_00),
        Threshold(date(2028, 1, 1), None, 150_000_00, 5_000_000_00, 600_000_00),
    )
    rules = Rules(thresholds=rows)
    assert rules.threshold_on(date(2027, 12, 31)) == rows[0]
    assert rules.threshold_on(date(2028, 1, 1)) == rows[1]
    assert rules.threshold_on(date(2025, 12, 31)) is None
