"""The audit trail cannot be quietly rewritten: each way of tampering with the file that
issue 13 lists is caught by `verify_audit`, by the replay of the trail, by an earlier seal,
or (for a rewrite that keeps the register as it is) by the seal alone, as
docs/guide/register.md ("What verify detects") says."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from planner.domain.seal import EMPTY, Seal, parse_seal
from planner.errors import ValidationError
from planner.store import Database, backup, open_db
from planner.store.audit import GENESIS, row_hash
from planner.store.audit_verify import current_seal, verify_audit
from planner.store.contracts import find_contract, insert_contract, update_contract
from planner.store.decisions import mark_milestone_done
from planner.store.history import redo_last, undo_last
from planner.store.milestone_rows import day_number
from planner.store.schedule_run import run_schedule
from planner.store.triage import read_snapshot
from tests.briefs.conftest import CONTRACTS
from tests.conftest import AUDIT_TIME

_HASHED = "change_id, at, who, action, entity, entity_id, field, old, new"


def _rehash_from(db: Database, first_id: int) -> None:
    """What a forger with write access does after editing row `first_id`: recompute that
    row's hash and every later one, so the chain checks out again."""
    before = db.conn.execute(
        "SELECT hash FROM audit WHERE id < ? ORDER BY id DESC LIMIT 1", (first_id,)
    ).fetchone()
    prev = before[0] if before else GENESIS
    rows = db.conn.execute(
        f"SELECT id, {_HASHED} FROM audit WHERE id >= ? ORDER BY id", (first_id,)
    ).fetchall()
    for audit_id, *values in rows:
        digest = row_hash(prev, tuple(values))
        db.conn.execute(
            "UPDATE audit SET prev_hash = ?, hash = ? WHERE id = ?", (prev, digest, audit_id)
        )
        prev = digest
    db.conn.commit()


def _problems(db: Database, seal: Seal | None = None) -> str:
    return "\n".join(verify_audit(db, seal).problems)


def test_an_untouched_programme_verifies_and_its_seal_is_its_length_and_head(
    programme: Database,
) -> None:
    report = verify_audit(programme)
    assert report.ok, report.problems
    last = programme.conn.execute("SELECT hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    assert report.seal == current_seal(programme) == Seal(report.chain.rows, last[0])
    assert verify_audit(programme, report.seal).ok


def test_deleting_the_last_change_is_caught_by_the_replay_and_by_a_seal(
    programme: Database,
) -> None:
    """The last change (today's schedule run) deleted from the trail: the register still
    holds what it wrote, and the trail is shorter than the seal taken after it."""
    sealed = current_seal(programme)
    last = programme.conn.execute("SELECT max(change_id) FROM audit").fetchone()[0]
    programme.conn.execute("DELETE FROM audit WHERE change_id = ?", (last,))
    programme.conn.execute("DELETE FROM changes WHERE id = ?", (last,))
    programme.conn.commit()
    assert "in the register but" in _problems(programme)
    assert "the audit trail is shorter than the sealed one" in _problems(programme, sealed)


def test_deleting_the_last_change_and_undoing_its_effect_is_caught_by_a_seal(
    db: Database,
) -> None:
    """A forger who also puts the table back leaves a consistent, shorter history: only a
    seal taken after the change shows rows were removed."""
    saved = insert_contract(db, CONTRACTS[0], "tester")
    assert saved.id is not None
    update_contract(db, saved.id, {"officer": "A. Khan"}, expected_version=1, who="tester")
    sealed = current_seal(db)
    last = db.conn.execute("SELECT max(change_id) FROM audit").fetchone()[0]
    db.conn.execute("DELETE FROM audit WHERE change_id = ?", (last,))
    db.conn.execute("UPDATE contracts SET officer = NULL WHERE id = ?", (saved.id,))
    db.conn.commit()
    assert verify_audit(db).ok  # consistent: without a seal this cannot be told apart
    assert "shorter than the sealed one" in _problems(db, sealed)


def test_an_appended_row_with_a_recomputed_hash_that_the_register_does_not_match(
    programme: Database,
) -> None:
    """A forged row blaming someone for a change that never happened: the chain checks
    out, but the register does not hold the value it claims, nor the change log its change."""
    contract = find_contract(programme, "EST-001")
    head = current_seal(programme).head
    programme.conn.execute("PRAGMA foreign_keys = OFF")  # as the sqlite3 shell has it
    values = (9999, "2026-11-21T10:00:00+00:00", "someone", "update", "contract",
              str(contract.id), "supplier", '"Pennine Facilities Ltd"', '"Forged Ltd"')  # fmt: skip
    programme.conn.execute(
        f"INSERT INTO audit ({_HASHED}, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (*values, head, row_hash(head, values)),
    )
    programme.conn.commit()
    problems = _problems(programme)
    assert "the hash chain" not in problems
    assert "contract EST-001 (Estates): supplier is 'Pennine Facilities Ltd' in the register " \
           "but 'Forged Ltd' in the audit trail" in problems  # fmt: skip
    assert "belong to no change in the change log" in problems


def test_rewriting_a_value_in_the_middle_of_the_chain_is_caught_by_the_replay(
    programme: Database,
) -> None:
    """The insert of EST-002 rewritten to a smaller value and every later hash recomputed."""
    contract = find_contract(programme, "EST-002")
    (audit_id,) = programme.conn.execute(
        "SELECT id FROM audit WHERE entity = 'contract' AND entity_id = ? AND action = 'insert'",
        (str(contract.id),),
    ).fetchone()
    sealed = current_seal(programme)
    programme.conn.execute(
        "UPDATE audit SET new = replace(new, '\"annual_value\":3500000', "
        "'\"annual_value\":350000') WHERE id = ?",
        (audit_id,),
    )
    _rehash_from(programme, audit_id)
    problems = _problems(programme)
    assert "the hash chain" not in problems
    assert "contract EST-002 (Estates): annual value is '3500000' in the register but " \
           "'350000' in the audit trail" in problems  # fmt: skip
    assert "no longer has the sealed hash" in _problems(programme, sealed)


def test_rewriting_who_made_a_change_is_caught_only_by_a_seal_taken_after_it(
    programme: Database,
) -> None:
    """Who and when are not in the register, so the replay cannot see them change: the
    seal proves the history it covers, attribution included."""
    sealed = current_seal(programme)
    programme.conn.execute("UPDATE audit SET who = 'someone else' WHERE change_id = 2")
    programme.conn.execute("UPDATE changes SET who = 'someone else' WHERE id = 2")
    (first,) = programme.conn.execute("SELECT min(id) FROM audit WHERE change_id = 2").fetchone()
    _rehash_from(programme, first)
    assert verify_audit(programme).ok
    assert "no longer has the sealed hash" in _problems(programme, sealed)


def test_deleting_the_whole_trail_is_caught_by_the_replay_and_by_a_seal(
    programme: Database,
) -> None:
    sealed = current_seal(programme)
    programme.conn.execute("DELETE FROM audit")
    programme.conn.commit()
    problems = _problems(programme)
    assert "contract EST-001 (Estates) is in the register, but no audit row added it" in problems
    assert "more differences" in problems  # the list is cut short, and says how much is left
    assert "shorter than the sealed one" in _problems(programme, sealed)
    assert current_seal(programme) == EMPTY


def test_an_edit_of_the_contracts_table_outside_the_planner_names_the_contract_and_field(
    programme: Database,
) -> None:
    programme.conn.execute("UPDATE contracts SET total_value = 1 WHERE ref = 'ICT-002'")
    programme.conn.execute("UPDATE contracts SET notice_date = '2027-01-01' WHERE ref = 'EST-001'")
    programme.conn.commit()
    problems = _problems(programme)
    assert "contract ICT-002 (ICT): total value is '1' in the register but '600000000' in " \
           "the audit trail" in problems  # fmt: skip
    assert "contract EST-001 (Estates): notice date is '2027-01-01'" in problems


def test_a_milestone_edited_or_added_outside_the_planner_is_named(programme: Database) -> None:
    contract = find_contract(programme, "EST-001")
    programme.conn.execute(
        "UPDATE milestone_rows SET actual = ? WHERE contract_id = ? AND "
        "stage = (SELECT id FROM stages WHERE code = 'needs-analysis')",
        (day_number(date(2026, 9, 1)), contract.id),
    )
    programme.conn.commit()
    assert "milestone needs-analysis of EST-001 (Estates): actual is '2026-09-01' in the " \
           "database but '2026-10-02' in the audit trail" in _problems(programme)  # fmt: skip


def test_a_later_change_made_through_the_planner_still_extends_an_earlier_seal(
    programme: Database, today: date
) -> None:
    sealed = current_seal(programme)
    contract = find_contract(programme, "ICT-001")
    assert contract.id is not None
    update_contract(programme, contract.id, {"officer": "B. Shaw"},
                    expected_version=contract.version, who="tester")  # fmt: skip
    mark_milestone_done(programme, contract.id, "needs-analysis", date(2026, 11, 2), "tester")
    undo_last(programme, "tester")
    redo_last(programme, "tester")
    run_schedule(programme, today, "tester")
    report = verify_audit(programme, sealed)
    assert report.ok, report.problems
    assert report.extends == sealed and report.seal.rows > sealed.rows


def test_undoing_a_new_contract_with_its_plan_replays_to_the_same_tables(
    db: Database, today: date
) -> None:
    """Undo deletes a contract's milestones with it without auditing each: the replay
    does the same."""
    insert_contract(db, CONTRACTS[1], "tester")
    run_schedule(db, today, "tester")
    insert_contract(db, CONTRACTS[3], "tester")
    undo_last(db, "tester")
    redo_last(db, "tester")
    run_schedule(db, today, "tester")
    undo_last(db, "tester")
    report = verify_audit(db)
    assert report.ok, report.problems


def test_a_seal_is_read_back_from_what_the_planner_prints() -> None:
    seal = Seal(208, "ab" * 32)
    for text in (str(seal), f"  Audit seal: {seal}\n", f"`{seal}`", str(seal).upper()):
        assert parse_seal(text) == seal
    assert parse_seal(str(EMPTY)) == EMPTY


@pytest.mark.parametrize(
    "text", ["", "208", "208-abc", f"-{'a' * 64}", f"208:{'a' * 64}", f"0-{'a' * 64}"]
)
def test_a_malformed_seal_is_refused_saying_what_a_seal_looks_like(text: str) -> None:
    with pytest.raises(ValidationError, match="is not an audit seal"):
        parse_seal(text)


@pytest.mark.parametrize(
    ("field", "new"), [("supplier", "not json"), ("no_such_column", '"x"'), ("rag,next", '"x"')]
)
def test_a_forged_row_that_makes_no_sense_is_reported_not_a_traceback(
    programme: Database, field: str, new: str
) -> None:
    head = current_seal(programme).head
    values = (2, AUDIT_TIME, "tester", "update", "contract", "1", field, "null", new)
    programme.conn.execute(
        f"INSERT INTO audit ({_HASHED}, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (*values, head, row_hash(head, values)),
    )
    programme.conn.commit()
    assert f"(update contract 1, field {field}) is not one the planner writes" in _problems(
        programme
    )


def test_a_backup_taken_in_the_seals_snapshot_has_that_seal_whatever_is_written_meanwhile(
    db_file: str, tmp_path: Path
) -> None:
    """What `planner backup` relies on to print the backup's own seal."""
    reader, writer = open_db(db_file), open_db(db_file)
    insert_contract(writer, CONTRACTS[0], "tester")
    with read_snapshot(reader):
        sealed = current_seal(reader)
        insert_contract(writer, CONTRACTS[1], "someone else")  # after the seal was read
        target = backup(reader, tmp_path / "copy.db")
    copy = open_db(target, create=False)
    assert current_seal(copy) == sealed != current_seal(writer)
    for database in (reader, writer, copy):
        database.close()
