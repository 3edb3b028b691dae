"""`planner demo` builds at force scale and beyond, not only at its default size."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from planner.cli import main
from planner.store import open_db
from planner.store.contracts import count_contracts


@pytest.mark.slow
def test_the_demo_builds_at_force_scale(tmp_path: Path) -> None:
    """docs/guide/scheduling.md, "What the scheduler does": a stage done more than a year
    before its contract started is refused as a slip, so the demo's progress keeps to that
    rule at any size (1,500 contracts once failed on a stage planned more than a year before
    ICT-00003 started)."""
    path = tmp_path / "force.db"
    result = CliRunner().invoke(
        main, ["demo", "--db", str(path), "--contracts", "1500", "--no-open"]
    )
    assert result.exit_code == 0, result.output
    # One officer to 150 contracts, so the plan at scale is one a team could carry.
    assert "1,500 synthetic contracts, 10 officers" in result.output
    db = open_db(path, create=False)
    try:
        assert count_contracts(db) == 1500
    finally:
        db.close()
