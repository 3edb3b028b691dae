"""What users record against a review: decisions, milestones done, the baseline."""

from __future__ import annotations

from datetime import date

from planner.domain.checklist import approval_blocker
from planner.domain.codes import Action, Entity, StageCode
from planner.domain.contract import Contract
from planner.domain.dates import format_date
from planner.domain.decisions import decision_changes
from planner.domain.plausible import check_recorded_date
from planner.domain.vocab import canonical, parse_priority
from planner.domain.words import plural
from planner.errors import ValidationError
from planner.store.audit import change
from planner.store.checklist import review_checklist
from planner.store.contracts import get_contract, update_contract
from planner.store.db import Database, writes
from planner.store.decision_routes import decision_fields
from planner.store.milestone_rows import TABLE, DayTexts, day_number, stage_id
from planner.store.plan_reader import MilestoneRow, milestones_for
from planner.store.team import get_officer


def _stage(db: Database, stage: str) -> tuple[str, str]:
    wanted = stage.strip().lower()
    for code, name, number in db.conn.execute("SELECT code, name, number FROM stages"):
        if wanted in (code, name.lower(), str(number)):
            return code, name
    codes = ", ".join(r[0] for r in db.conn.execute("SELECT code FROM stages ORDER BY seq"))
    raise ValidationError(f"'{stage}' is not a stage (use one of: {codes})")


@writes
def mark_milestone_done(
    db: Database,
    contract_id: int,
    stage: str,
    actual: date,
    who: str,
    *,
    today: date | None = None,
) -> MilestoneRow:
    """Record the date a stage was completed; the next schedule run re-plans what follows.

    `stage` is a stage code, its number (1-17) or its name. `actual` may not be more than a
    year before the contract started; given `today`, it may not be after today nor (for a
    contract with no start date) more than ten years before it. The business case is not
    approved while a required item of the review checklist is unanswered.
    """
    contract = get_contract(db, contract_id)
    code, name = _stage(db, stage)
    check_recorded_date(
        actual,
        ref=contract.ref,
        start=contract.start_date,
        today=today,
        once="record a stage as done once it is",
    )
    done = actual.isoformat()
    stage_number = stage_id(db, code)
    stored = db.conn.execute(
        f"SELECT id, actual FROM {TABLE} WHERE contract_id = ? AND stage = ?",
        (contract_id, stage_number),
    ).fetchone()
    if code == StageCode.APPROVAL and (stored is None or stored[1] is None):
        # docs/rules.md, "The review checklist": a date already recorded may still be moved.
        blocker = approval_blocker(review_checklist(db, contract_id))
        if blocker is not None:
            raise ValidationError(f"{contract.ref}: {blocker}")
    with change(db, who, f"{contract.ref}: {name} done on {format_date(actual)}") as log:
        # Stored as numbers (planner/store/milestone_rows.py), audited as the view shows it.
        if stored is None:
            cursor = db.conn.execute(
                f"INSERT INTO {TABLE} (contract_id, stage, actual) VALUES (?, ?, ?)",
                (contract_id, stage_number, day_number(actual)),
            )
            new_id = int(cursor.lastrowid or 0)
            values = {"id": new_id, "contract_id": contract_id, "stage": code, "actual": done}
            log.log(Action.INSERT, Entity.MILESTONE, new_id, "*", None, values)
        else:
            milestone_id, recorded = stored
            if recorded != day_number(actual):
                db.conn.execute(
                    f"UPDATE {TABLE} SET actual = ? WHERE id = ?",
                    (day_number(actual), milestone_id),
                )
                log.log(Action.UPDATE, Entity.MILESTONE, milestone_id, "actual",
                        DayTexts()[recorded], done)  # fmt: skip
    return next(m for m in milestones_for(db, contract_id) if m.stage == code)


@writes
def set_baseline(db: Database, who: str) -> int:
    """Make every open milestone's planned date its baseline; returns how many changed."""
    rows = db.conn.execute(
        # In id order: the audit rows (and so the seal) must not depend on which index
        # SQLite happens to read the milestones through.
        f"SELECT id, baseline, planned FROM {TABLE} WHERE actual IS NULL "
        "AND planned IS NOT NULL AND (baseline IS NULL OR baseline != planned) ORDER BY id"
    ).fetchall()
    texts = DayTexts()  # the dates as the audit trail records them
    with change(db, who, f"Baseline set on {plural(len(rows), 'milestone')}") as log:
        for milestone_id, old, new in rows:
            log.log(Action.UPDATE, Entity.MILESTONE, milestone_id, "baseline", texts[old],
                    texts[new])  # fmt: skip
        db.conn.executemany(
            f"UPDATE {TABLE} SET baseline = planned WHERE id = ?",
            [(milestone_id,) for milestone_id, _, _ in rows],
        )
    return len(rows)


@writes
def record_decision(
    db: Database,
    contract_id: int,
    *,
    expected_version: int,
    who: str,
    decision: str | None = None,
    route: str | None = None,
    officer: str | None = None,
    priority: int | str | None = None,
    risk: str | None = None,
) -> Contract:
    """Record a review decision on one contract (and the route it implies, unless a route
    is given), its officer, priority and risk. A stale `expected_version` is refused with
    ConflictError, as for any contract edit."""
    changes = decision_fields(db, decision, route)
    if officer is not None:
        changes["officer"] = get_officer(db, officer).name if officer.strip() else None
    if priority is not None:
        changes["priority"] = parse_priority(priority)
    if risk is not None:
        changes["risk"] = canonical("risk", risk)
    if not changes:
        raise ValidationError(
            "nothing to record: give a decision, route, officer, priority or risk"
        )
    current = get_contract(db, contract_id)
    changes.update(decision_changes(current, changes.get("decision")))
    said = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in changes.items() if k != "status")
    return update_contract(
        db,
        contract_id,
        changes,
        expected_version=expected_version,
        who=who,
        summary=f"Decision on {current.ref}: {said}",
    )
