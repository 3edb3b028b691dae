"""The copy of the contract and the day the procurement commences, through a schedule run
on the database (docs/rules.md, "Contract details notice and the copy of the contract",
"Thresholds")."""

from __future__ import annotations

from datetime import date

from planner.domain.codes import FlagCode, Regime, StageCode
from planner.domain.contract import Contract
from planner.store import Database
from planner.store.contracts import insert_contract
from planner.store.plan_reader import load_plan
from planner.store.reporting import fetch, programme_parameters
from planner.store.route_rules import set_threshold
from planner.store.schedule_run import run_schedule
from planner.tui.readers import read_contract

TODAY = date(2026, 11, 25)


def _add(db: Database, ref: str, **fields: object) -> int:
    base: dict[str, object] = {
        "ref": ref, "department": "ICT", "owner": "J. Patel", "end_date": date(2027, 3, 31),
        "total_value": 6_000_000_00, "values_include_vat": True, "regime": Regime.PA2023,
        "route": "open",
    }  # fmt: skip
    base.update(fields)
    return insert_contract(db, Contract(**base), "tester").id  # type: ignore[arg-type]


def test_the_copy_is_planned_stored_and_listed_among_the_compliance_notices(
    db: Database,
) -> None:
    """PA 2023 s.53(3): a copy of a public contract over £5m within 90 days of signing. It
    is planned, stored with its latest day, listed in the programme brief's compliance
    notices, and a re-run on the unchanged database writes nothing."""
    big = _add(db, "ICT-BIG")
    small = _add(db, "ICT-SMALL", total_value=4_000_000_00)
    run_schedule(db, TODAY, "tester")
    stages = {
        cid: {row[0] for row in db.conn.execute(
            "SELECT stage FROM milestones WHERE contract_id = ?", (cid,))}
        for cid in (big, small)
    }  # fmt: skip
    assert StageCode.CONTRACT_COPY in stages[big]
    assert StageCode.CONTRACT_COPY not in stages[small]
    params = programme_parameters(db, TODAY)
    params["period_end"] = "2028-01-01"
    listed = fetch(db, "notices", params)
    assert ("ICT-BIG", StageCode.CONTRACT_COPY) in {(r["ref"], r["stage"]) for r in listed}
    assert run_schedule(db, TODAY, "tester").written.total == 0


def test_the_contract_screen_takes_the_threshold_on_the_day_the_procurement_commences(
    db: Database,
) -> None:
    """PA 2023 Sch. 1: the threshold in force is the one on the day the procurement
    commences, not today. A lower row from 1 Jan 2028 puts £180,000 (with VAT) at or above
    the goods threshold for a procurement that commences in 2028, though it is below
    today's £207,720: the contract screen's flag says so, with the day the schedule used."""
    set_threshold(db, date(2028, 1, 1), "tester", goods_services=150_000_00,
                  works=5_000_000_00, light_touch=600_000_00)  # fmt: skip
    cid = _add(db, "ICT-2029", total_value=180_000_00, end_date=date(2029, 9, 30))
    run_schedule(db, TODAY, "tester")
    (review,) = [r for r in load_plan(db) if r.contract_id == cid]
    assert review.commences is not None and review.commences >= date(2028, 1, 1)
    flags = {f.code: f.message for f in read_contract(db, cid, TODAY).flags}
    assert "threshold of £150,000" in flags[FlagCode.ABOVE_THRESHOLD]
    assert f"commencing {review.commences.day} " in flags[FlagCode.ABOVE_THRESHOLD]
