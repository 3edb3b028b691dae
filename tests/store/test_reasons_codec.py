"""A review's reasons are stored packed (planner/store/reasons_codec.py), and every reader
sees the same sentences as before: the plan, a contract's verdict, the programme brief and
the audit trail. A database planned before the packing (reasons as JSON text) reads the
same without a migration, and re-planning it unchanged writes nothing."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import date

import pytest

from planner.domain.codes import Entity
from planner.store import Database, verify_chain
from planner.store.audit import change
from planner.store.audit_pack import change_rows
from planner.store.audit_verify import verify_audit
from planner.store.history import _load_registrations, _revert_row
from planner.store.plan_reader import load_plan
from planner.store.programme import review_for
from planner.store.reasons_codec import (
    _DICTIONARY_1,
    ReasonsText,
    pack,
    reasons_of,
    reasons_text,
    unpack,
)
from planner.store.reporting import fetch, programme_parameters
from planner.store.schedule_run import run_schedule

TODAY = date(2026, 11, 25)


def _as_before_the_packing(db: Database) -> None:
    """Store every review's reasons as JSON text, as the planner did before it packed them."""
    stored = db.conn.execute("SELECT contract_id, reasons FROM reviews").fetchall()
    texts = [(unpack(reasons), cid) for cid, reasons in stored]
    with db.conn:
        # Before the packing nothing refused a text value (schema/0020).
        db.conn.execute("DROP TRIGGER reviews_reasons_packed_insert")
        db.conn.execute("DROP TRIGGER reviews_reasons_packed_update")
        db.conn.executemany("UPDATE reviews SET reasons = ? WHERE contract_id = ?", texts)


def _what_readers_see(db: Database) -> tuple[object, ...]:
    ids = [cid for (cid,) in db.conn.execute("SELECT contract_id FROM reviews ORDER BY 1")]
    return (
        [r.to_json() for r in load_plan(db)],
        [review_for(db, cid) for cid in ids],
        fetch(db, "at_risk", programme_parameters(db, TODAY)),
    )


def _counts(db: Database) -> tuple[int, int]:
    return (
        db.conn.execute("SELECT count(*) FROM audit").fetchone()[0],
        db.conn.execute("SELECT count(*) FROM changes").fetchone()[0],
    )


@pytest.mark.parametrize(
    "reasons",
    [
        [],
        ["Notice deadline 14 Oct 2026 has passed with no notice recorded"],
        ["£1,200 “quoted” — café Zoë", "a sentence the dictionary never saw: ß∂ƒ ✓"],
        [f"A long reason {n}: " + "x" * 300 for n in range(40)],  # far beyond the window
    ],
)
def test_reasons_round_trip_exactly(reasons: list[str]) -> None:
    stored = reasons_text(reasons)
    assert json.loads(stored) == reasons
    assert unpack(pack(stored)) == stored
    assert reasons_of(pack(stored)) == tuple(reasons)


def test_reasons_stored_as_text_before_the_packing_read_as_they_are() -> None:
    assert reasons_of('["Route Open procedure is provisional"]') == (
        "Route Open procedure is provisional",
    )
    assert reasons_of(None) == ()


def test_a_stored_value_in_an_unknown_form_is_refused_not_misread() -> None:
    with pytest.raises(ValueError, match="unknown form"):
        unpack(b"\x02" + pack("[]")[1:])
    with pytest.raises(ValueError, match="cut short"):
        unpack(pack(reasons_text(["a sentence long enough to be cut"]))[:-3])


def test_dictionary_1_is_never_edited() -> None:
    """Values packed with it must stay readable: a new dictionary takes a new version."""
    assert len(_DICTIONARY_1) == 6420
    assert hashlib.sha256(_DICTIONARY_1).hexdigest()[:16] == "673fb1e54cb6a5ea"


def test_reasons_are_stored_packed_and_read_back_as_planned(programme: Database) -> None:
    result = run_schedule(programme, TODAY, "tester")
    kinds = {k for (k,) in programme.conn.execute("SELECT DISTINCT typeof(reasons) FROM reviews")}
    assert kinds == {"blob"}
    assert [r.to_json() for r in load_plan(programme)] == [r.to_json() for r in result.reviews]
    packed, text = programme.conn.execute(
        "SELECT sum(length(reasons)), sum(length(CAST(reasons AS TEXT))) FROM reviews"
    ).fetchone()
    as_text = sum(len(reasons_text(r.reasons).encode()) for r in result.reviews)
    assert packed * 3 < as_text, (packed, as_text, text)


def test_a_database_planned_before_the_packing_reads_the_same_and_replans_to_nothing(
    programme: Database,
) -> None:
    run_schedule(programme, TODAY, "tester")
    seen = _what_readers_see(programme)
    _as_before_the_packing(programme)
    assert {k for (k,) in programme.conn.execute("SELECT typeof(reasons) FROM reviews")} == {"text"}
    assert _what_readers_see(programme) == seen
    counts = _counts(programme)
    assert run_schedule(programme, TODAY, "tester").written.total == 0
    assert _counts(programme) == counts
    assert {k for (k,) in programme.conn.execute("SELECT typeof(reasons) FROM reviews")} == {"text"}


def test_a_review_whose_reasons_change_is_written_packed_and_audited_as_text(
    programme: Database,
) -> None:
    run_schedule(programme, TODAY, "tester")
    _as_before_the_packing(programme)
    cid, planned = programme.conn.execute(
        "SELECT contract_id, reasons FROM reviews ORDER BY contract_id LIMIT 1"
    ).fetchone()
    with programme.conn:
        programme.conn.execute(
            "UPDATE reviews SET reasons = '[\"stale\"]' WHERE contract_id = ?", (cid,)
        )
    again = run_schedule(programme, TODAY, "tester")
    assert again.written.total == 1
    kinds = dict(programme.conn.execute("SELECT contract_id, typeof(reasons) FROM reviews"))
    assert kinds.pop(cid) == "blob" and set(kinds.values()) == {"text"}
    last = programme.conn.execute("SELECT max(id) FROM changes").fetchone()[0]
    assert change_rows(programme, last) == [
        ("update", Entity.REVIEW, str(cid), "reasons", '["stale"]', planned)
    ]
    assert verify_chain(programme).ok and verify_audit(programme).ok


def test_the_audit_trail_holds_the_reasons_as_text(programme: Database) -> None:
    """Undo, redo and a contract's history read the trail: it records what it did before."""
    with programme.conn:
        programme.conn.execute("DELETE FROM reviews")  # so the run inserts every review
    result = run_schedule(programme, TODAY, "tester")
    last = programme.conn.execute("SELECT max(id) FROM changes").fetchone()[0]
    logged = {
        int(cid): new["reasons"]
        for action, entity, cid, field, _, new in change_rows(programme, last)
        if (action, entity, field) == ("insert", Entity.REVIEW, "*")
    }
    assert logged == {r.contract_id: json.dumps(list(r.reasons), ensure_ascii=False)
                      for r in result.reviews}  # fmt: skip
    assert {type(text) for text in logged.values()} == {str}
    assert verify_chain(programme).ok and verify_audit(programme).ok


def test_a_reasons_text_compares_as_its_text() -> None:
    text = reasons_text(["one", "two"])
    assert isinstance(text, ReasonsText)
    assert text == '["one", "two"]' and hash(text) == hash('["one", "two"]')


def test_reasons_written_as_text_by_an_earlier_planner_still_open_are_refused(
    programme: Database,
) -> None:
    """A planner of an earlier version, open on the file while this one upgraded it, reads
    packed reasons as text it cannot decode and would write them all back as text, with
    junk in the audit trail: its write is refused, whole, saying what to do."""
    run_schedule(programme, TODAY, "tester")
    cid = programme.conn.execute("SELECT min(contract_id) FROM reviews").fetchone()[0]
    before = programme.conn.execute("SELECT reasons FROM reviews").fetchall()
    upgraded = "upgraded by a newer version of the planner while this one had it open"
    with pytest.raises(sqlite3.IntegrityError, match=upgraded), programme.conn:
        programme.conn.execute("UPDATE reviews SET reasons = '[]' WHERE contract_id = ?", (cid,))
    with pytest.raises(sqlite3.IntegrityError, match=upgraded), programme.conn:
        programme.conn.execute("DELETE FROM reviews WHERE contract_id = ?", (cid,))
        programme.conn.execute("INSERT INTO reviews (contract_id) VALUES (?)", (cid,))
    assert programme.conn.execute("SELECT reasons FROM reviews").fetchall() == before


def test_undo_compares_a_reviews_reasons_as_audited_and_writes_them_back_packed(
    programme: Database,
) -> None:
    run_schedule(programme, TODAY, "tester")
    cid, stored = programme.conn.execute(
        "SELECT contract_id, reasons FROM reviews ORDER BY contract_id LIMIT 1"
    ).fetchone()
    _load_registrations()
    with change(programme, "tester", "a review's reasons put back") as log:
        _revert_row(programme, log, "update", Entity.REVIEW, str(cid), "reasons",
                    '["before"]', unpack(stored))  # fmt: skip
    kind, now = programme.conn.execute(
        "SELECT typeof(reasons), reasons FROM reviews WHERE contract_id = ?", (cid,)
    ).fetchone()
    assert (kind, unpack(now)) == ("blob", '["before"]')
    last = programme.conn.execute("SELECT max(id) FROM changes").fetchone()[0]
    assert change_rows(programme, last) == [
        ("update", Entity.REVIEW, str(cid), "reasons", unpack(stored), '["before"]')
    ]
