"""An 'extend' decision takes up the next extension option, and is refused with why when
none is left or it would pass the latest end date (docs/rules.md, "Extension options")."""

from __future__ import annotations

from datetime import date

import pytest

from planner.domain.contract import Contract
from planner.errors import ValidationError
from planner.io.ics import event_from_item
from planner.store import Database, verify_chain
from planner.store.calendar_items import calendar_items
from planner.store.contracts import get_contract, insert_contract
from planner.store.decisions import record_decision
from planner.store.option_deadlines import option_decisions
from planner.store.overview import notice_deadlines
from planner.store.triage import Target, decide_contracts


def _add(db: Database, ref: str, **fields: object) -> Contract:
    base: dict[str, object] = {
        "ref": ref, "department": "ICT", "end_date": date(2027, 3, 31),
        "max_end_date": date(2029, 3, 31), "notice_period": "P3M",
        "extension_options": "P12M+P12M", "options_exercised": 0,
    }  # fmt: skip
    base.update(fields)
    return insert_contract(db, Contract(**base), "tester")  # type: ignore[arg-type]


def test_extend_marks_the_next_option_exercised(db: Database) -> None:
    saved = _add(db, "ICT-1")
    after = record_decision(
        db, saved.id, expected_version=saved.version, who="t", decision="extend"
    )
    assert (after.decision, after.options_exercised) == ("extend", 1)
    assert after.end_date == date(2027, 3, 31)  # moved when the variation is signed
    assert verify_chain(db).ok


def test_extend_with_no_option_left_is_refused_and_nothing_is_written(db: Database) -> None:
    """PA 2023 s.74 and Sch 8 para 1: only a modification the contract provides for."""
    saved = _add(db, "ICT-1", options_exercised=2)
    with pytest.raises(ValidationError, match="ICT-1: cannot extend: all 2 extension options"):
        record_decision(db, saved.id, expected_version=saved.version, who="t", decision="extend")
    assert get_contract(db, saved.id).decision is None


def test_a_bulk_extend_is_refused_whole_when_one_would_pass_its_latest_end(
    db: Database,
) -> None:
    good = _add(db, "ICT-1")
    short = _add(db, "ICT-2", max_end_date=date(2027, 9, 30))
    targets = [Target(good.id, good.version), Target(short.id, short.version)]
    with pytest.raises(ValidationError, match=r"ICT-2: cannot extend: option 1 .* past the latest"):
        decide_contracts(db, targets, "extend", who="t")
    assert get_contract(db, good.id).decision is None


def test_other_decisions_leave_the_options_alone(db: Database) -> None:
    saved = _add(db, "ICT-1", options_exercised=2)
    after = record_decision(
        db, saved.id, expected_version=saved.version, who="t", decision="re-tender"
    )
    assert after.options_exercised == 2


def test_the_next_option_to_decide_is_a_hard_date_in_the_calendar_and_dashboard(
    db: Database,
) -> None:
    """Deciding on an option is a deadline of its own: 90 days before the end it extends,
    or the notice deadline if earlier (docs/rules.md, "Extension options")."""
    _add(db, "ICT-1", end_date=date(2027, 2, 28), max_end_date=date(2029, 2, 28),
         notice_period="P1M")  # fmt: skip
    items = calendar_items(db, date(2026, 11, 1), date(2027, 12, 31))
    option = [i for i in items if i["stage"].startswith("option-decision")]
    assert [(i["day"], i["stage_name"], i["hard"]) for i in option] == [
        ("2026-11-30", "Decide extension option 1 (12 months)", 1)
    ]
    event = event_from_item(option[0])
    assert event.category == "Extension option"
    assert "28 Feb 2028" in event.description
    _, due = notice_deadlines(db, date(2026, 11, 25), 30)
    assert [(d.ref, d.notice_date, d.what) for d in due] == [
        ("ICT-1", date(2026, 11, 30), "Decide extension option 1 (12 months)")
    ]


def test_once_extend_is_decided_the_option_no_longer_waits_for_a_decision(db: Database) -> None:
    saved = _add(db, "ICT-1", end_date=date(2027, 2, 28))
    record_decision(db, saved.id, expected_version=saved.version, who="t", decision="extend")
    assert option_decisions(db, date(2026, 1, 1), date(2030, 1, 1)) == []
