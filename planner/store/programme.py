"""The planned reviews as the planner UI draws them: one light row per review for the
timeline, and one review's verdict for the contract screen (the scheduler writes both)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from planner.domain.codes import StageCode
from planner.domain.dates import from_iso
from planner.store.db import Database
from planner.store.milestone_rows import TABLE, DayDates, stage_ids_sql
from planner.store.reasons_codec import reasons_of


@dataclass(frozen=True, slots=True)
class TimelineRow:
    """One planned review: when work starts, when the new contract must start, notice, and
    when the new contract is planned to start (later than it must, for a late review)."""

    contract_id: int
    ref: str
    title: str | None
    department: str
    officer: str | None
    rag: str | None
    route: str | None
    start: date | None
    new_contract_start: date | None
    notice_date: date | None
    planned_new_start: date | None = None


def timeline(db: Database) -> list[TimelineRow]:
    """Every planned review, by department, then start, then reference."""
    # The new start's planned day number, read from the stored rows by their key
    # (planner/store/milestone_rows.py).
    days = DayDates()
    rows = db.conn.execute(
        "SELECT r.contract_id, c.ref, c.title, c.department, r.officer, r.rag, r.route, "
        f"r.start, r.new_contract_start, c.notice_date, (SELECT m.planned FROM {TABLE} m "
        f"WHERE m.contract_id = r.contract_id AND m.stage IN {stage_ids_sql(StageCode.NEW_START)}) "
        "FROM reviews r "
        "JOIN contracts c ON c.id = r.contract_id "
        "ORDER BY c.department, r.start IS NULL, r.start, c.ref"
    )
    return [
        TimelineRow(
            cid,
            ref,
            title,
            dept,
            officer,
            rag,
            route,
            from_iso(start),
            from_iso(new),
            from_iso(notice),
            days[planned],
        )
        for cid, ref, title, dept, officer, rag, route, start, new, notice, planned in rows
    ]


@dataclass(frozen=True, slots=True)
class ReviewSummary:
    """The last schedule run's verdict on one review."""

    route: str | None
    route_provisional: bool
    officer: str | None
    start: date | None
    new_contract_start: date | None
    slack_days: int | None
    rag: str | None
    reasons: tuple[str, ...]
    commences: date | None = None  # the day the procurement commences (threshold row)


def review_for(db: Database, contract_id: int) -> ReviewSummary | None:
    """The planned review of one contract, if the scheduler has planned it."""
    row = db.conn.execute(
        "SELECT route, route_provisional, officer, start, new_contract_start, slack_days, rag, "
        "reasons, commences FROM reviews WHERE contract_id = ?",
        (contract_id,),
    ).fetchone()
    if row is None:
        return None
    route, provisional, officer, start, new, slack, rag, reasons, commences = row
    return ReviewSummary(
        route, bool(provisional), officer, from_iso(start), from_iso(new), slack, rag,
        reasons_of(reasons), from_iso(commences),
    )  # fmt: skip
