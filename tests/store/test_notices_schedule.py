"""The notices a review plans, through a schedule run on the database: by the old
contract's regime and the new procurement's value (docs/rules.md, "Regimes and notices")."""

from __future__ import annotations

import json
from datetime import date, timedelta

from planner.domain.calendar import england_and_wales
from planner.domain.codes import FlagCode, Regime, StageCode
from planner.domain.contract import Contract
from planner.store import Database
from planner.store.contracts import insert_contract
from planner.store.history import undo_last
from planner.store.reasons_codec import reasons_of
from planner.store.reporting import fetch, programme_parameters
from planner.store.route_rules import remove_route_stage
from planner.store.schedule_rules import load_scheduling_rules
from planner.store.schedule_run import run_schedule

TODAY = date(2026, 11, 25)


def _add(db: Database, ref: str, **fields: object) -> int:
    base: dict[str, object] = {
        "ref": ref, "department": "Estates", "owner": "J. Patel", "end_date": date(2027, 9, 30),
        "total_value": 500_000_00, "regime": Regime.PA2023,
    }  # fmt: skip
    base.update(fields)
    saved = insert_contract(db, Contract(**base), "tester")  # type: ignore[arg-type]
    return saved.id


def _stages(db: Database, contract_id: int) -> list[str]:
    return [
        str(row[0])
        for row in db.conn.execute(
            "SELECT stage FROM milestones WHERE contract_id = ? AND planned IS NOT NULL "
            "ORDER BY coalesce(starts, planned), id",
            (contract_id,),
        )
    ]


def _planned(db: Database, contract_id: int) -> dict[str, str]:
    return dict(
        db.conn.execute(
            "SELECT stage, planned FROM milestones WHERE contract_id = ? AND planned IS NOT NULL",
            (contract_id,),
        ).fetchall()
    )


def test_a_12300_pound_quotes_contract_plans_no_award_notice(db: Database) -> None:
    """PA 2023 s.50 and s.86: a below-threshold award has no contract award notice, and under
    £30,000 no below-threshold tender notice (issue 10's £12,300 quotes contract)."""
    small = _add(db, "EST-Q", total_value=12_300_00, route="quotes")
    notifiable = _add(db, "EST-N", total_value=50_000_00, route="quotes")
    run_schedule(db, TODAY, "tester")
    assert StageCode.AWARD_NOTICE not in _planned(db, small)
    assert StageCode.BT_TENDER_NOTICE not in _planned(db, small)
    assert StageCode.BT_TENDER_NOTICE in _planned(db, notifiable)


def test_a_pcr_2015_contract_plans_no_termination_notice(db: Database) -> None:
    """PA 2023 s.80: the termination notice is for contracts under the Act only; an unknown
    regime is worked out from the start date, and the verdict says so."""
    pcr = _add(db, "EST-P", regime=Regime.PCR2015, route="open")
    pa = _add(db, "EST-A", regime=Regime.PA2023, route="open")
    worked = _add(db, "EST-W", regime=None, start_date=date(2024, 4, 1), route="open")
    unknown = _add(db, "EST-U", regime=None, start_date=None, route="open")
    run_schedule(db, TODAY, "tester")
    assert StageCode.TERMINATION_NOTICE not in _planned(db, pcr)
    assert StageCode.TERMINATION_NOTICE in _planned(db, pa)
    assert StageCode.TERMINATION_NOTICE not in _planned(db, worked)
    assert StageCode.TERMINATION_NOTICE in _planned(db, unknown)
    reasons, flags = db.conn.execute(
        "SELECT reasons, flags FROM reviews WHERE contract_id = ?", (worked,)
    ).fetchone()
    assert any("Regime worked out from the start date" in r for r in reasons_of(reasons))
    flags = db.conn.execute("SELECT flags FROM reviews WHERE contract_id = ?", (unknown,))
    assert FlagCode.REGIME_UNKNOWN in json.loads(flags.fetchone()[0])


def test_direct_award_and_extension_plan_their_notices(db: Database) -> None:
    """PA 2023 s.44 (transparency notice before a direct award) and s.75 (change notice
    before a modification changing the term by more than 10%)."""
    direct = _add(db, "EST-D", route="direct-award")
    extension = _add(db, "EST-E", route="extension", start_date=date(2025, 10, 1),
                     max_end_date=date(2028, 9, 30))  # fmt: skip
    run_schedule(db, TODAY, "tester")
    assert StageCode.TRANSPARENCY_NOTICE in _planned(db, direct)
    assert StageCode.CHANGE_NOTICE in _planned(db, extension)


def test_terminate_plans_approval_before_the_notice_deadline(db: Database) -> None:
    """Force standing orders: notice to end the contract is served once it is approved."""
    ended = _add(db, "EST-T", route="terminate", notice_period="P3M",
                 end_date=date(2027, 12, 31))  # fmt: skip
    run_schedule(db, TODAY, "tester")
    planned = _planned(db, ended)
    assert planned[StageCode.APPROVAL] <= planned[StageCode.NOTICE]
    stages = _stages(db, ended)
    assert stages.index(StageCode.APPROVAL) < stages.index(StageCode.NOTICE)


def test_the_compliance_list_counts_police_publication_over_10000_pounds(
    db: Database,
) -> None:
    """Elected Local Policing Bodies (Specified Information) Order 2011: police bodies
    publish every contract over £10,000, so the programme brief's compliance list counts the
    details stage of a £12,300 contract (not only from £30,000)."""
    small = _add(db, "EST-Q", total_value=12_300_00, route="quotes", end_date=date(2027, 2, 26))
    run_schedule(db, TODAY, "tester")
    assert StageCode.DETAILS_NOTICE in _planned(db, small)
    params = programme_parameters(db, TODAY)
    params["period_end"] = "2028-01-01"
    listed = fetch(db, "notices", params)
    assert ("EST-Q", StageCode.DETAILS_NOTICE) in {(r["ref"], r["stage"]) for r in listed}


def test_re_running_with_notices_by_regime_and_value_changes_nothing(db: Database) -> None:
    """A re-run on an unchanged database writes nothing, with per-contract route variants."""
    _add(db, "EST-Q", total_value=12_300_00, route="quotes")
    _add(db, "EST-P", regime=Regime.PCR2015, route="open")
    _add(db, "EST-U", regime=None, route="terminate", notice_period="P3M")
    _add(db, "EST-E", route="extension", max_end_date=date(2028, 9, 30))
    run_schedule(db, TODAY, "tester")
    assert run_schedule(db, TODAY, "tester").written.total == 0


def test_the_yearly_kpi_reports_follow_the_regime_worked_out_and_say_so(db: Database) -> None:
    """PA 2023 s.52 and s.71 apply to contracts under the Act: with no regime recorded, one
    started before 24 Feb 2025 is under PCR 2015 (no KPI report), one started after is
    under the Act, and the brief says the regime was worked out."""
    big: dict[str, object] = {"total_value": 6_000_000_00, "end_date": date(2028, 11, 30)}
    _add(db, "EST-OLD", regime=None, start_date=date(2024, 12, 1), **big)
    _add(db, "EST-NEW", regime=None, start_date=date(2025, 12, 1), **big)
    _add(db, "EST-REC", regime=Regime.PA2023, start_date=date(2024, 12, 1), **big)
    params = programme_parameters(db, TODAY)
    listed = {r["ref"]: r["regime_worked_out"] for r in fetch(db, "kpi_reports", params)}
    assert listed == {"EST-NEW": 1, "EST-REC": 0}


def test_undoing_the_removal_of_a_stage_puts_it_back_in_the_routes_own_place(
    db: Database,
) -> None:
    """Force standing orders: terminate's approval comes before the notice; taking the stage
    out and undoing that keeps it there."""
    remove_route_stage(db, "terminate", "approval", "tester")
    undo_last(db, "tester")
    codes = [rs.stage.code for rs in load_scheduling_rules(db).routes["terminate"].stages]
    assert codes.index(StageCode.APPROVAL) < codes.index(StageCode.NOTICE)


def test_the_threshold_is_the_one_in_force_when_the_quotes_are_asked_for(db: Database) -> None:
    """PA 2023 thresholds (PPN 023): £210,000 is below the 2025 goods threshold (£214,904)
    and above the 2026 one (£207,720). A quotes review starting in Dec 2025 whose quotes
    are asked for in Jan 2026 is on the 2026 threshold: quotes cannot be used (Red)."""
    new_start = england_and_wales(2025, 2026).add_working_days(date(2026, 1, 5), 31)
    quotes = _add(db, "EST-Q", total_value=210_000_00, route="quotes",
                  end_date=new_start - timedelta(days=1))  # fmt: skip
    run_schedule(db, date(2025, 11, 3), "tester")
    start, flags = db.conn.execute(
        "SELECT start, flags FROM reviews WHERE contract_id = ?", (quotes,)
    ).fetchone()
    assert start < "2026-01-01"
    assert FlagCode.ROUTE_UNSUITABLE in json.loads(flags)
