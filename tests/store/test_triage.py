"""The register read a window at a time: every order is indexed, windows agree with a full
sort, positions and 'next untriaged' are right, and triage edits are one all-or-nothing change."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from planner.demo.build import build_demo
from planner.demo.generator import DemoSpec
from planner.errors import ConflictError, NotFoundError, ValidationError
from planner.store import Database, verify_chain
from planner.store.contracts import get_contract, update_contract
from planner.store.history import redo_last, undo_last
from planner.store.triage import (
    NONE,
    SORT_EXPRESSIONS,
    UNTRIAGED,
    Target,
    TriageQuery,
    count_rows,
    decide_contracts,
    fetch_rows,
    next_untriaged,
    open_window,
    position_of,
    set_triage_field,
)
from tests.conftest import FROZEN_TODAY, copy_of, migrated_db


@pytest.fixture(scope="module")
def demo_db() -> Iterator[Database]:
    """A scheduled 150-contract demo programme, built once for this module."""
    database = migrated_db()
    build_demo(database, DemoSpec(contracts=150), FROZEN_TODAY)
    yield database
    database.close()


@pytest.fixture
def register(demo_db: Database) -> Iterator[Database]:
    """This test's own in-memory copy of the demo programme."""
    database = copy_of(demo_db)
    yield database
    database.close()


_RISK = {"high": 1, "medium": 2, "low": 3}
_RAG = {"red": 1, "amber": 2, "green": 3}
_STATUS = {"active": 1, "in review": 2, "decided": 3, "completed": 4, "expired": 5}


def _python_key(sort: str, row: Any) -> Any:
    value = {
        "risk": _RISK.get(row.risk) if row.risk else None,
        "rag": _RAG.get(row.rag) if row.rag else None,
        "status": _STATUS.get(row.status) if row.status else None,
    }.get(sort, getattr(row, sort))
    if isinstance(value, str):
        value = value.lower()
    return value


def _expected_order(rows: list[Any], sort: str, descending: bool) -> list[int]:
    known = [r for r in rows if _python_key(sort, r) is not None]
    unknown = [r for r in rows if _python_key(sort, r) is None]
    known.sort(key=lambda r: (_python_key(sort, r), r.id))
    unknown.sort(key=lambda r: r.id)
    ids = [r.id for r in known + unknown]
    return ids[::-1] if descending else ids


# The orders whose sort index earns its place (schema/0017_compact_audit.sql): the triage
# table's default, and the reference and end date. The others sort 50,000 rows for a window
# within the keystroke budget (docs/performance.md), and no import has to rebuild them.
INDEXED_SORTS = ("end_date", "notice_date", "ref")


@pytest.mark.parametrize("sort", sorted(SORT_EXPRESSIONS))
def test_the_indexed_sorts_walk_their_own_index_and_the_rest_sort(
    register: Database, sort: str
) -> None:
    query = TriageQuery(sort=sort)
    clause, params = query.where()
    plan = register.conn.execute(
        f"EXPLAIN QUERY PLAN SELECT * FROM contracts WHERE {clause} "
        f"ORDER BY {query.order_by()} LIMIT 10",
        params,
    ).fetchall()
    details = " ".join(str(step[3]) for step in plan)
    if sort in INDEXED_SORTS:
        assert f"USING INDEX ui_sort_{sort}" in details, details
        assert "TEMP B-TREE" not in details
    else:
        assert "TEMP B-TREE" in details, details


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("sort", sorted(SORT_EXPRESSIONS))
def test_windows_read_in_turn_give_the_whole_register_in_sorted_order(
    register: Database, sort: str, descending: bool
) -> None:
    query = TriageQuery(sort=sort, descending=descending)
    every = fetch_rows(register, query, 0, 10_000)
    windows = [
        r.id for offset in range(0, 150, 17) for r in fetch_rows(register, query, offset, 17)
    ]
    assert windows == [r.id for r in every]
    assert windows == _expected_order(every, sort, descending)
    # unknown values come last going up, and first going down
    keys = [_python_key(sort, r) for r in every]
    if None in keys:
        assert keys[0 if descending else -1] is None


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("sort", ["notice_date", "officer", "value", "rag", "title"])
def test_position_of_matches_the_row_index_in_the_sorted_window(
    register: Database, sort: str, descending: bool
) -> None:
    query = TriageQuery(sort=sort, descending=descending, department="ICT")
    ids = [r.id for r in fetch_rows(register, query, 0, 10_000)]
    for index in range(0, len(ids), 3):
        assert position_of(register, query, ids[index]) == index
    outside = register.conn.execute("SELECT id FROM contracts WHERE department != 'ICT'").fetchone()
    assert position_of(register, query, outside[0]) is None


def test_a_small_filter_reads_the_same_rows_by_scanning_as_by_the_index(register: Database) -> None:
    query = TriageQuery(text="clean")
    total = count_rows(register, query)
    assert 0 < total < 150
    assert fetch_rows(register, query, 0, 50, total=total) == fetch_rows(register, query, 0, 50)


def test_filters_combine_and_none_means_not_set(register: Database) -> None:
    query = TriageQuery(department="Estates", officer=NONE, status=UNTRIAGED)
    window = open_window(register, query, size=500)
    assert window.total == len(window.rows) > 0
    assert all(r.department == "Estates" and r.officer is None for r in window.rows)
    assert all(r.decision is None and r.status == "active" for r in window.rows)


def test_free_text_matches_ref_title_or_supplier_and_treats_percent_literally(
    register: Database,
) -> None:
    rows = open_window(register, TriageQuery(text="est-0000"), size=50).rows
    assert rows and all("EST-0000" in r.ref for r in rows)
    assert open_window(register, TriageQuery(text="%"), size=50).total == 0
    suppliers = open_window(register, TriageQuery(text="PENNINE"), size=500).rows
    assert suppliers and all("Pennine" in (r.supplier or "") for r in suppliers)


def test_next_untriaged_skips_decided_contracts_in_the_current_order(register: Database) -> None:
    query = TriageQuery(sort="ref")
    rows = fetch_rows(register, query, 0, 10_000)
    decided = next(i for i, r in enumerate(rows) if r.decision and i > 0)
    previous = rows[decided - 1]
    expected = next(
        i for i, r in enumerate(rows) if i > decided - 1 and r.decision is None and i != decided
    )
    assert next_untriaged(register, query, previous.id) == expected
    assert next_untriaged(register, query, None) == next(
        i for i, r in enumerate(rows) if r.decision is None
    )


def _targets(db: Database, count: int) -> list[Target]:
    rows = fetch_rows(db, TriageQuery(status=UNTRIAGED, sort="ref"), 0, count)
    return [Target(r.id, r.version) for r in rows]


def test_a_bulk_decision_is_one_change_that_one_undo_reverses(register: Database) -> None:
    targets = _targets(register, 3)
    decide_contracts(register, targets, "extend", who="tester")
    for t in targets:
        saved = get_contract(register, t.id)
        assert (saved.decision, saved.status, saved.version) == ("extend", "decided", t.version + 1)
        assert saved.route == "extension"  # the route the decision implies, as decide does
    summary = register.conn.execute("SELECT summary FROM changes ORDER BY id DESC").fetchone()[0]
    assert summary == "Decision extend on 3 contracts"
    assert undo_last(register, "tester") is not None
    assert all(get_contract(register, t.id).decision is None for t in targets)
    assert redo_last(register, "tester") is not None
    assert all(get_contract(register, t.id).decision == "extend" for t in targets)
    assert verify_chain(register).ok


def test_a_stale_version_refuses_the_whole_bulk_edit(register: Database) -> None:
    targets = _targets(register, 3)
    update_contract(
        register, targets[2].id, {"officer": "Z. Other"}, expected_version=targets[2].version,
        who="someone else",
    )  # fmt: skip
    with pytest.raises(ConflictError, match="someone else"):
        decide_contracts(register, targets, "re-tender", who="tester")
    assert all(get_contract(register, t.id).decision is None for t in targets)


def test_priority_risk_and_officer_are_set_on_every_target(register: Database) -> None:
    targets = _targets(register, 2)
    set_triage_field(register, targets, "priority", 1, who="tester")
    fresh = [Target(t.id, get_contract(register, t.id).version) for t in targets]
    set_triage_field(register, fresh, "officer", "A. Khan", who="tester")
    for t in targets:
        saved = get_contract(register, t.id)
        assert (saved.priority, saved.officer) == (1, "A. Khan")
    with pytest.raises(ValidationError):
        set_triage_field(register, fresh, "end_date", None, who="tester")
    with pytest.raises(NotFoundError):
        set_triage_field(register, fresh, "officer", "Not On The Team", who="tester")
    with pytest.raises(ValidationError, match="no contract"):
        decide_contracts(register, [], "extend", who="tester")


def test_open_window_keeps_the_cursor_on_the_same_contract_when_it_still_matches(
    register: Database,
) -> None:
    query = TriageQuery(sort="ref")
    rows = fetch_rows(register, query, 0, 200)
    chosen = rows[40]
    window = open_window(register, query, size=10, keep=chosen.id, cursor=3, before=4)
    assert (window.cursor, window.offset) == (40, 36)
    assert window.rows[window.cursor - window.offset].id == chosen.id
    assert (window.total, window.register) == (150, 150)
    narrowed = TriageQuery(sort="ref", department="HR")
    elsewhere = open_window(register, narrowed, size=10, keep=chosen.id, cursor=999)
    assert elsewhere.cursor == elsewhere.total - 1  # gone from the result: clamped position
    assert elsewhere.register == 150 > elsewhere.total


def test_the_table_gives_the_day_to_serve_notice_by_not_a_weekend_deadline() -> None:
    """docs/rules.md, "Notice deadline": a deadline on Saturday 30 Jan 2027 (30 Apr 2027
    less three months) is served by Friday 29 Jan, the same day every brief gives."""
    from datetime import date

    from planner.domain.contract import Contract
    from planner.store.contracts import insert_contract
    from planner.store.route_rules import set_setting

    db = migrated_db()
    insert_contract(db, Contract(ref="EST-1", department="Estates", end_date=date(2027, 4, 30),
                                 notice_period="P3M"), "tester")  # fmt: skip
    (row,) = fetch_rows(db, TriageQuery(), 0, 10)
    assert (row.notice_date, row.serve_by) == ("2027-01-30", "2027-01-29")
    set_setting(db, "deemed_service_days", "2", "tester")  # the contract deems 2 days
    (row,) = fetch_rows(db, TriageQuery(), 0, 10)
    assert row.serve_by == "2027-01-27"
