"""The review checklist: a default set of questions a manager edits (versioned, so an answer
keeps the question it answered), answered per review, audited and undoable, and required
before the business case is approved."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import sqlite_utils

from planner.domain.codes import Answer, ChecklistCode, StageCode
from planner.domain.contract import Contract
from planner.errors import ValidationError
from planner.store import Database, open_db, verify_chain
from planner.store.checklist import (
    add_item,
    answer_item,
    clear_answer,
    completeness_for,
    current_items,
    edit_item,
    review_checklist,
)
from planner.store.contracts import insert_contract
from planner.store.db import migrations, pending_migrations
from planner.store.decisions import mark_milestone_done
from planner.store.history import undo_last
from planner.store.plan_reader import milestones_for
from planner.store.triage import TriageQuery, fetch_rows

TODAY = date(2026, 11, 25)


def _contract(db: Database, ref: str = "EST-1") -> int:
    saved = insert_contract(
        db,
        Contract(ref=ref, department="Estates", start_date=date(2024, 4, 1),
                 end_date=date(2027, 9, 30)),
        "tester",
    )  # fmt: skip
    assert saved.id is not None
    return saved.id


def _answer_all(db: Database, contract_id: int) -> None:
    for item in current_items(db):
        answer_item(db, contract_id, item.code, Answer.NA, "tester")


def test_the_default_set_asks_what_the_strategy_asks_of_every_review(db: Database) -> None:
    """Social Value Act 2012 / PPN 06/20, PSED (Equality Act 2010 s.149), UK GDPR Art. 35,
    TUPE 2006: the questions each review answers."""
    assert [item.code for item in current_items(db)] == list(ChecklistCode)
    assert all(item.required and item.version == 1 for item in current_items(db))


def test_an_answer_is_kept_with_its_note_and_link_and_counted(db: Database) -> None:
    contract_id = _contract(db)
    line = answer_item(db, contract_id, "eia", Answer.YES, "tester",
                       link="https://intranet/eia/1")  # fmt: skip
    assert line.answer is not None and line.answer.link == "https://intranet/eia/1"
    assert completeness_for(db, [contract_id]) == {contract_id: (1, 9)}
    assert review_checklist(db, contract_id).answer_to("eia") == Answer.YES
    assert verify_chain(db).ok


def test_social_value_yes_needs_the_measure_proposed(db: Database) -> None:
    """PPN 06/20: a social value commitment names what it will deliver."""
    contract_id = _contract(db)
    with pytest.raises(ValidationError, match=r"needs a note \(the measure proposed"):
        answer_item(db, contract_id, ChecklistCode.SOCIAL_VALUE, Answer.YES, "tester")
    answer_item(db, contract_id, "Social value", Answer.YES, "tester", note="Two apprentices")
    assert review_checklist(db, contract_id).answer_to("social-value") == Answer.YES


def test_a_second_answer_replaces_the_first_and_undo_brings_it_back(db: Database) -> None:
    contract_id = _contract(db)
    answer_item(db, contract_id, "living-wage", Answer.NO, "tester", note="Agency staff")
    answer_item(db, contract_id, "living-wage", Answer.YES, "tester")
    line = review_checklist(db, contract_id).lines[1]
    assert line.answer is not None and (line.answer.answer, line.answer.note) == (
        "yes",
        "Agency staff",
    )
    assert undo_last(db, "tester") is not None
    assert review_checklist(db, contract_id).answer_to("living-wage") == Answer.NO
    assert undo_last(db, "tester") is not None
    assert review_checklist(db, contract_id).answer_to("living-wage") is None


def test_an_answer_taken_back_is_unanswered_again(db: Database) -> None:
    contract_id = _contract(db)
    answer_item(db, contract_id, "tupe", Answer.NA, "tester")
    assert clear_answer(db, contract_id, "tupe", "tester")
    assert not clear_answer(db, contract_id, "tupe", "tester")
    assert completeness_for(db, [contract_id])[contract_id] == (0, 9)


def test_editing_an_item_makes_a_new_version_and_old_answers_keep_their_question(
    db: Database,
) -> None:
    contract_id = _contract(db)
    answer_item(db, contract_id, "tupe", Answer.NO, "tester")
    edited = edit_item(db, "tupe", "manager", question="TUPE: do staff transfer?")
    assert edited.version == 2
    line = next(x for x in review_checklist(db, contract_id).lines if x.item.code == "tupe")
    assert line.item.question == "TUPE: do staff transfer?"
    assert line.question == "TUPE applies (staff transfer to or from the supplier)"
    assert line.answer is not None and line.answer.item_version == 1
    assert edit_item(db, "tupe", "manager", question="TUPE: do staff transfer?") == edited


def test_a_manager_adds_and_retires_items_of_the_default_set(db: Database) -> None:
    contract_id = _contract(db)
    add_item(db, "cyber", "Cyber security", "Cyber Essentials Plus required", "manager")
    assert completeness_for(db, [contract_id])[contract_id] == (0, 10)
    edit_item(db, "cyber", "manager", retired=True)
    edit_item(db, "risks", "manager", required=False)
    assert completeness_for(db, [contract_id])[contract_id] == (0, 8)
    with pytest.raises(ValidationError, match="already a checklist item"):
        add_item(db, "cyber", "Cyber", "Again?", "manager")


def test_the_business_case_is_not_approved_with_required_items_unanswered(db: Database) -> None:
    """Social Value Act 2012 s.1 and PSED (Equality Act 2010 s.149): considered before the
    procurement is approved, so approval waits for the checklist (the refusal says what)."""
    contract_id = _contract(db)
    answer_item(db, contract_id, "living-wage", Answer.YES, "tester")
    audited = db.conn.execute("SELECT count(*) FROM audit").fetchone()[0]
    with pytest.raises(ValidationError, match=r"unanswered: Social value, Equality impact"):
        mark_milestone_done(db, contract_id, StageCode.APPROVAL, TODAY, "tester", today=TODAY)
    assert db.conn.execute("SELECT count(*) FROM audit").fetchone()[0] == audited
    _answer_all(db, contract_id)
    mark_milestone_done(db, contract_id, StageCode.APPROVAL, TODAY, "tester", today=TODAY)
    assert [m.actual for m in milestones_for(db, contract_id)] == [TODAY]


def test_other_stages_do_not_wait_for_the_checklist(db: Database) -> None:
    contract_id = _contract(db)
    mark_milestone_done(db, contract_id, "needs-analysis", TODAY, "tester", today=TODAY)


def test_triage_rows_say_how_complete_each_open_review_checklist_is(db: Database) -> None:
    open_one = _contract(db)
    closed = insert_contract(
        db, Contract(ref="EST-2", department="Estates", status="expired"), "tester"
    )
    answer_item(db, open_one, "tupe", Answer.NA, "tester")
    rows = {row.ref: row.checklist for row in fetch_rows(db, TriageQuery(sort="ref"), 0, 10)}
    assert rows == {"EST-1": "1/9", "EST-2": None}
    assert closed.id is not None


def test_the_migration_keeps_a_database_and_its_recorded_approvals(tmp_path: Path) -> None:
    """A database from before the checklist keeps its contracts and the approvals it had
    recorded; every review starts with the default set unanswered."""
    path = tmp_path / "planner.db"
    before = sqlite_utils.Database(path)
    ours = next(m.name for m in migrations().pending(before) if m.name.endswith("_checklist"))
    migrations().apply(before, stop_before=ours)  # whatever number it is given at merge
    before.execute(
        "INSERT INTO contracts (ref, department, end_date, status, version, created_at, "
        "updated_at) VALUES ('EST-9', 'Estates', '2027-09-30', 'active', 1, 'x', 'x')"
    )
    before.execute(  # written as the schema before the checklist stored milestones
        "INSERT INTO milestones (contract_id, stage, actual) VALUES (1, 'approval', '2026-10-01')"
    )
    before.conn.commit()
    before.close()
    db = open_db(path)
    assert pending_migrations(db) == []
    assert db.conn.execute("SELECT ref FROM contracts").fetchall() == [("EST-9",)]
    assert [m.actual for m in milestones_for(db, 1)] == [date(2026, 10, 1)]
    assert completeness_for(db, [1]) == {1: (0, 9)}
    # Moving a date recorded before the checklist existed is still allowed.
    mark_milestone_done(db, 1, StageCode.APPROVAL, date(2026, 10, 2), "tester", today=TODAY)
    db.close()
