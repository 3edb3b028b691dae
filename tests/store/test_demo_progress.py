"""The demo's progress reads like real reviews: stages are done in order (none before the
one ahead of it), a review that missed a stage has done nothing after it, and some reviews
are behind but most are not."""

from __future__ import annotations

from pathlib import Path

from planner.demo.build import build_demo_file
from planner.demo.generator import DemoSpec
from planner.store import open_db
from tests.conftest import FROZEN_TODAY


def test_no_review_in_the_demo_has_done_a_stage_after_one_it_missed(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    made = build_demo_file(path, DemoSpec(contracts=450), FROZEN_TODAY)
    db = open_db(path, create=False)
    rows = db.conn.execute(
        "SELECT contract_id, stage, actual FROM milestones "
        "WHERE baseline < ? ORDER BY contract_id, baseline, id",
        (FROZEN_TODAY.isoformat(),),
    ).fetchall()
    db.close()
    missed: dict[int, str] = {}
    latest: dict[int, str] = {}
    for contract_id, stage, actual in rows:
        if stage == "notice":
            # A date the contract fixes, not a step of the work (docs/rules.md, "Notice
            # deadline"): it may have passed before the review began.
            continue
        if actual is None:
            missed.setdefault(contract_id, stage)
            continue
        assert contract_id not in missed, (
            f"contract {contract_id}: {stage} done after {missed[contract_id]} was missed"
        )
        assert actual >= latest.get(contract_id, actual), f"{stage} done before the one ahead"
        latest[contract_id] = actual
    under_way = {contract_id for contract_id, _, _ in rows}
    assert 0 < len(missed) < len(under_way) / 2
    assert made.overdue > 0 and made.milestones_done > made.overdue
