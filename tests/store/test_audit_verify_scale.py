"""`planner audit verify` holds a national programme's replay in a few hundred MB (issue 12:
200,000 contracts, 2.6 million milestones) and still names every difference it named when
each replayed row was an object of its own, word for word and in the same order."""

from __future__ import annotations

from datetime import date

from planner.domain.seal import Seal
from planner.store import Database
from planner.store.audit import row_hash
from planner.store.audit_verify import current_seal, verify_audit
from planner.store.milestone_rows import day_number
from planner.store.replay import Milestones
from tests.conftest import AUDIT_TIME

_HASHED = "change_id, at, who, action, entity, entity_id, field, old, new"


def _forge(db: Database, action: str, entity: str, entity_id: str, field: str, new: str) -> None:
    """An audit row added by hand, its hash recomputed so that the chain checks out."""
    head = current_seal(db).head
    values = (2, AUDIT_TIME, "tester", action, entity, entity_id, field, "null", new)
    db.conn.execute(
        f"INSERT INTO audit ({_HASHED}, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (*values, head, row_hash(head, values)),
    )


def _milestone(db: Database, ref: str, stage: str) -> tuple[int, int]:
    """The ids of a contract's milestone and of the contract."""
    row = db.conn.execute(
        "SELECT m.id, c.id FROM milestones m JOIN contracts c ON c.id = m.contract_id "
        "WHERE c.ref = ? AND m.stage = ?",
        (ref, stage),
    ).fetchone()
    return int(row[0]), int(row[1])


def test_every_kind_of_difference_is_named_as_before_and_in_the_same_order(
    programme: Database,
) -> None:
    db = programme
    gone, _ = _milestone(db, "EST-001", "options")
    edited, _ = _milestone(db, "ICT-002", "needs-analysis")
    _, ict1 = _milestone(db, "ICT-001", "needs-analysis")
    # Edited by hand, as with the sqlite3 shell (foreign keys off: stage ids no stage has
    # can be stored, and the view shows them as themselves).
    db.conn.commit()
    db.conn.execute("PRAGMA foreign_keys = OFF")
    db.conn.execute("DELETE FROM milestone_rows WHERE id = ?", (gone,))
    planned = day_number(date(2027, 2, 3))
    db.conn.execute("UPDATE milestone_rows SET planned = ? WHERE id = ?", (planned, edited))
    for made_up, stage in ((-5, 98), (10**9, 99)):
        db.conn.execute(
            "INSERT INTO milestone_rows (id, contract_id, stage, planned) VALUES (?, ?, ?, ?)",
            (made_up, ict1, stage, day_number(date(2027, 3, 1))),
        )
    db.conn.execute("UPDATE contracts SET supplier = 'Acme' WHERE ref = 'ICT-001'")
    # A plan forged far beyond the table's ids, and one whose contract was never added.
    _forge(db, "insert", "milestones", str(ict1), "*",
           '[[2000000000,"award",null,"2027-04-01",null,null]]')  # fmt: skip
    _forge(db, "insert", "milestones", "999", "*", '[[-9,"award",null,null,null,null]]')
    db.conn.commit()
    # Word for word what verify said before its replay was held in columns (main at
    # 212d5c6 gives this same tuple).
    assert verify_audit(db).problems == (
        "contract ICT-001 (ICT): supplier is 'Acme' in the register but '# Kestrel Systems\n"
        "> Ltd `rm -rf` *now*' in the audit trail",
        "milestone 98 of ICT-001 (ICT) is in the database, but no audit row added it",
        "milestone needs-analysis of ICT-002 (ICT): planned is '2027-02-03' in the database "
        "but '2027-02-23' in the audit trail",
        "milestone 99 of ICT-001 (ICT) is in the database, but no audit row added it",
        "milestone award of contract id 999 is in the audit trail, but not in the database",
        "milestone options of EST-001 (Estates) is in the audit trail, but not in the database",
        "milestone award of ICT-001 (ICT) is in the audit trail, but not in the database",
    )


def test_a_forged_plan_row_of_another_shape_is_reported_not_a_traceback(
    programme: Database,
) -> None:
    """It used to stop verify with "zip() argument 2 is shorter than argument 1"."""
    _forge(programme, "insert", "milestones", "3", "*", '[[77,"award"]]')
    programme.conn.commit()
    forged = int(programme.conn.execute("SELECT max(id) FROM audit").fetchone()[0])
    assert verify_audit(programme).problems == (
        f"audit row {forged} (insert milestones 3, field *) is not one the planner writes: it "
        "was made by hand",
    )


def test_milestones_held_in_columns_read_back_as_rows_whatever_their_ids() -> None:
    held = Milestones()
    for mid in (3, 1, -4, 5_000_000_000, 2):
        contract = 30 if mid == 3 else 10
        held.put(mid, [contract, "signed", None, "2027-01-01", None, "A. Khan", None, None])
    held.pop(1)
    held.set(2, 7, "2027-02-01")
    held.drop_contract(30)
    assert 1 not in held and 3 not in held and 9 not in held
    assert held.ids() == [-4, 2, 5_000_000_000]
    assert held.get(2) == [10, "signed", None, "2027-01-01", None, "A. Khan", None, "2027-02-01"]
    assert held.get(5_000_000_000) == [10, "signed", None, "2027-01-01", None, "A. Khan", None,
                                       None]  # fmt: skip
    assert held.get(1) is None


def test_a_contract_dropped_takes_only_the_milestones_it_had_then() -> None:
    """Deleting a contract deletes its milestones unaudited; a redo that adds it back with
    its plan keeps the new plan (the rows are removed in one walk, however many contracts
    an undo drops in a row)."""
    held = Milestones()
    held.put(1, [5, "signed", None, None, None, None, None, None])
    held.put(2, [6, "signed", None, None, None, None, None, None])
    for contract in range(5, 20_000):
        held.drop_contract(contract)
    held.put(3, [5, "award", None, None, None, None, None, None])
    assert held.ids() == [3]
    held.drop_contract(5)
    assert 3 not in held


def test_an_untouched_programme_still_verifies(programme: Database) -> None:
    report = verify_audit(programme)
    assert report.ok, report.problems
    assert isinstance(report.seal, Seal)
