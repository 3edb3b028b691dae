"""The register read one window at a time, in any order, and the triage edits on it.

The planner UI never holds the whole register: it asks for how many contracts match, then
for the few rows it shows. Every sort key here has an index in schema/0004_ui_indexes.sql
built on the very same expression, so a window costs an index walk, not a sort.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from planner.domain.checklist import completeness
from planner.domain.codes import CLOSED_STATUSES, Rag, Risk, Status
from planner.domain.contract import Contract
from planner.domain.dates import from_iso
from planner.domain.decisions import decision_changes
from planner.domain.notice import serve_by_for
from planner.domain.vocab import DECISIONS
from planner.errors import ValidationError
from planner.store.checklist import completeness_for
from planner.store.contracts import get_contract, update_contracts
from planner.store.db import Database, writes
from planner.store.decision_routes import decision_fields
from planner.store.rules import deemed_service_days
from planner.store.sql import OPEN_STATUS


def _ranked(column: str, codes: Iterable[str]) -> str:
    """A CASE ranking `column`'s codes 1, 2, 3... in the order given."""
    whens = " ".join(f"WHEN '{code}' THEN {n}" for n, code in enumerate(codes, start=1))
    return f"(CASE {column} {whens} END)"


# column -> the SQL expression it sorts by (mirrored by an index in 0004_ui_indexes.sql).
SORT_EXPRESSIONS: dict[str, str] = {
    "ref": "ref COLLATE NOCASE",
    "department": "department",
    "title": "title COLLATE NOCASE",
    "supplier": "supplier COLLATE NOCASE",
    "end_date": "end_date",
    "notice_date": "notice_date",
    "value": "coalesce(total_value, annual_value)",
    "status": _ranked("status", Status),
    "decision": "decision",
    "route": "route",
    "officer": "officer COLLATE NOCASE",
    "risk": _ranked("risk", (Risk.HIGH, Risk.MEDIUM, Risk.LOW)),
    "priority": "priority",
    "rag": _ranked("rag", Rag),
}
# The part whose NULL-ness puts unknown values last: the bare column (a COLLATE or CASE
# here would no longer match the index), or the expression itself where it has no column.
NULL_EXPRESSIONS: dict[str, str] = {
    name: ("coalesce(total_value, annual_value)" if name == "value" else name)
    for name in SORT_EXPRESSIONS
}
UNTRIAGED = "untriaged"  # a status filter: open contracts with no decision yet
_UNTRIAGED = f"decision IS NULL AND {OPEN_STATUS}"
NONE = "none"  # a filter value meaning 'not set' (no RAG yet, no route, no officer)
# A filter that matches fewer rows than this is read by scanning and sorting the matches,
# which beats walking a whole index and skipping almost every row (measured at 50,000).
SMALL_RESULT = 2_000


class ContractRow(NamedTuple):
    """One line of the triage table: what it shows, plus the id and version to edit it."""

    id: int
    version: int
    ref: str
    department: str
    title: str | None
    supplier: str | None
    end_date: str | None
    notice_date: str | None
    value: int | None
    status: str | None
    decision: str | None
    route: str | None
    officer: str | None
    risk: str | None
    priority: int | None
    rag: str | None
    serve_by: str | None = None  # the working day to serve notice by (ISO), from notice_date
    checklist: str | None = None  # required checklist items answered ('4/9'); None if closed
    proposed: str | None = None  # the officer the last schedule proposed, when none is decided


# The scheduler's officer (reviews.officer) is a proposal while the contract has none decided.
_PROPOSED = (
    "(SELECT r.officer FROM reviews r WHERE r.contract_id = contracts.id "
    "AND contracts.officer IS NULL)"
)
_ROW_SQL = (
    "id, version, ref, department, title, supplier, end_date, notice_date, "
    "coalesce(total_value, annual_value), status, decision, route, officer, risk, priority, rag, "
    f"{_PROPOSED}"
)


@dataclass(frozen=True, slots=True)
class TriageQuery:
    """Which contracts the table shows and in what order; every filter is optional."""

    department: str | None = None
    status: str | None = None  # a status code, or UNTRIAGED
    rag: str | None = None  # red | amber | green | NONE
    route: str | None = None  # a route code, or NONE
    officer: str | None = None  # an officer's name, or NONE
    text: str = ""
    sort: str = "notice_date"
    descending: bool = False

    def __post_init__(self) -> None:
        if self.sort not in SORT_EXPRESSIONS:
            raise ValidationError(f"cannot sort by '{self.sort}'")

    def where(self) -> tuple[str, list[Any]]:
        """The SQL condition (without WHERE) and its parameters."""
        clauses: list[str] = []
        params: list[Any] = []
        if self.department:
            clauses.append("department = ?")
            params.append(self.department)
        if self.status == UNTRIAGED:
            clauses.append(_UNTRIAGED)
        elif self.status:
            clauses.append("status = ?")
            params.append(self.status)
        if self.officer == NONE:  # none decided: a proposal still waits to be accepted
            clauses.append("officer IS NULL")
        elif self.officer:  # decided, or proposed while none is decided
            clauses.append(
                "(officer = ? OR (officer IS NULL AND id IN "
                "(SELECT contract_id FROM reviews WHERE officer = ?)))"
            )
            params.extend([self.officer, self.officer])
        for column, value in (("rag", self.rag), ("route", self.route)):
            if value == NONE:
                clauses.append(f"{column} IS NULL")
            elif value:
                clauses.append(f"{column} = ?")
                params.append(value)
        text = self.text.strip()
        if text:
            # LIKE is case-insensitive for ASCII; escape the user's % and _ so they are literal.
            like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            clauses.append(
                "(ref LIKE ? ESCAPE '\\' OR title LIKE ? ESCAPE '\\' "
                "OR supplier LIKE ? ESCAPE '\\')"
            )
            params.extend([like, like, like])
        return (" AND ".join(clauses) or "1"), params

    def order_by(self, *, use_index: bool = True) -> str:
        """The ORDER BY terms: known values first, then unknown, then by id."""
        expr = SORT_EXPRESSIONS[self.sort]
        null = NULL_EXPRESSIONS[self.sort]
        direction = " DESC" if self.descending else ""
        # '+0' stops SQLite using the sort index, for filters that match only a few rows.
        nulls = f"({null} IS NULL)" if use_index else f"({null} IS NULL)+0"
        return f"{nulls}{direction}, {expr}{direction}, id{direction}"


@dataclass(frozen=True, slots=True)
class Window:
    """A run of rows of the filtered, sorted register and how many rows match in all."""

    total: int
    offset: int
    rows: list[ContractRow]
    cursor: int = 0  # where the highlighted row is (see open_window)
    register: int = 0  # how many contracts there are before filtering


def count_rows(db: Database, query: TriageQuery) -> int:
    """How many contracts match the query's filters."""
    clause, params = query.where()
    return int(
        db.conn.execute(f"SELECT count(*) FROM contracts WHERE {clause}", params).fetchone()[0]
    )


def fetch_rows(
    db: Database, query: TriageQuery, offset: int, limit: int, *, total: int | None = None
) -> list[ContractRow]:
    """`limit` rows starting at `offset` in the query's order.

    Give `total` (from count_rows) when known: a small result is read by a scan and sort,
    a large one by walking the sort index.
    """
    clause, params = query.where()
    use_index = total is None or total >= SMALL_RESULT or clause == "1"
    sql = (
        f"SELECT {_ROW_SQL} FROM contracts WHERE {clause} "
        f"ORDER BY {query.order_by(use_index=use_index)} LIMIT ? OFFSET ?"
    )
    deemed = deemed_service_days(db)
    rows = [
        ContractRow._make((*row[:-1], _serve_by(row[_NOTICE_AT], deemed), None, row[-1]))
        for row in db.conn.execute(sql, [*params, limit, max(0, offset)])
    ]
    done = completeness_for(db, (r.id for r in rows if r.status not in CLOSED_STATUSES))
    return [r._replace(checklist=completeness(*done[r.id])) if r.id in done else r for r in rows]


_NOTICE_AT = ContractRow._fields.index("notice_date")


@lru_cache(maxsize=4096)
def _serve_by(deadline: str | None, deemed: int) -> str | None:
    # The one notice computation (docs/rules.md, "Notice deadline"): the table's "Notice by"
    # shows the day to serve notice by, as every brief and the calendar export do.
    dates = serve_by_for(from_iso(deadline), deemed) if deadline else None
    return None if dates is None else dates.serve_by.isoformat()


def open_window(
    db: Database,
    query: TriageQuery,
    *,
    size: int,
    keep: int | None = None,
    cursor: int = 0,
    before: int = 0,
) -> Window:
    """The count and the window a table needs to show `query`, read in one snapshot.

    The cursor goes to contract `keep` if it still matches, else to position `cursor`
    (kept inside the result); the window starts `before` rows above the cursor.
    """
    with read_snapshot(db):
        total = count_rows(db, query)
        register = count_rows(db, TriageQuery()) if query.where()[0] != "1" else total
        at = position_of(db, query, keep) if keep is not None else None
        if at is None:
            at = max(0, min(cursor, total - 1))
        offset = max(0, at - before)
        rows = fetch_rows(db, query, offset, size, total=total)
        return Window(total, offset, rows, at, register)


@contextmanager
def read_snapshot(db: Database) -> Iterator[None]:
    """Run several reads in one WAL snapshot (a read transaction), unless one is open."""
    conn = db.conn
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    finally:
        conn.execute("COMMIT")


def _sort_key(db: Database, query: TriageQuery, contract_id: int) -> tuple[Any, ...] | None:
    expr, null = SORT_EXPRESSIONS[query.sort], NULL_EXPRESSIONS[query.sort]
    row = db.conn.execute(
        f"SELECT ({null}) IS NULL, {expr} FROM contracts WHERE id = ?", (contract_id,)
    ).fetchone()
    return None if row is None else (row[0], row[1])


# Rows before or after a row's place in ascending order, as one row-value comparison on the
# sort index's own expressions, so SQLite walks that index rather than every row.


def _before(query: TriageQuery, key: tuple[Any, ...], contract_id: int) -> tuple[str, list[Any]]:
    expr, null = SORT_EXPRESSIONS[query.sort], NULL_EXPRESSIONS[query.sort]
    if key[0]:  # an unknown value: every known one comes first, then lower ids
        return f"((({null}) IS NULL), id) < (1, ?)", [contract_id]
    return f"((({null}) IS NULL), {expr}, id) < (0, ?, ?)", [key[1], contract_id]


def _after(query: TriageQuery, key: tuple[Any, ...], contract_id: int) -> tuple[str, list[Any]]:
    expr, null = SORT_EXPRESSIONS[query.sort], NULL_EXPRESSIONS[query.sort]
    if key[0]:
        return f"((({null}) IS NULL), id) > (1, ?)", [contract_id]
    return f"((({null}) IS NULL), {expr}, id) > (0, ?, ?)", [key[1], contract_id]


def _preceding(query: TriageQuery, key: tuple[Any, ...], contract_id: int) -> tuple[str, list[Any]]:
    return (_after if query.descending else _before)(query, key, contract_id)


def _following(query: TriageQuery, key: tuple[Any, ...], contract_id: int) -> tuple[str, list[Any]]:
    return (_before if query.descending else _after)(query, key, contract_id)


def position_of(db: Database, query: TriageQuery, contract_id: int) -> int | None:
    """Where a contract sits in the query's order (0-based); None if it does not match."""
    key = _sort_key(db, query, contract_id)
    if key is None:
        return None
    clause, params = query.where()
    matches = db.conn.execute(
        f"SELECT 1 FROM contracts WHERE id = ? AND {clause}", [contract_id, *params]
    ).fetchone()
    if matches is None:
        return None
    before, before_params = _preceding(query, key, contract_id)
    return int(
        db.conn.execute(
            f"SELECT count(*) FROM contracts WHERE {clause} AND {before}",
            [*params, *before_params],
        ).fetchone()[0]
    )


def next_untriaged(db: Database, query: TriageQuery, after_id: int | None) -> int | None:
    """Position of the first open, undecided contract after `after_id` in the query's order
    (from the top when `after_id` is None or gone); None when there is none after it."""
    clause, params = query.where()
    following: tuple[str, list[Any]] = ("1", [])
    if after_id is not None:
        key = _sort_key(db, query, after_id)
        if key is not None:
            following = _following(query, key, after_id)
    row = db.conn.execute(
        f"SELECT id FROM contracts WHERE {clause} AND {_UNTRIAGED} AND {following[0]} "
        f"ORDER BY {query.order_by()} LIMIT 1",
        [*params, *following[1]],
    ).fetchone()
    if row is None:
        return None
    return position_of(db, query, int(row[0]))


def officer_names(db: Database) -> list[str]:
    """The team's officers (those a contract can be given to), alphabetically."""
    # Lazy, measured: planner.store.team loads the scheduler's modules (130-240 ms here),
    # which the triage screen reads in a worker after its first paint.
    from planner.store.team import list_officers

    return [officer.name for officer in list_officers(db)]


# ---------------------------------------------------------------- writers


@dataclass(frozen=True, slots=True)
class Target:
    """A contract to edit and the version the user saw."""

    id: int
    version: int


def _apply(
    db: Database,
    targets: Sequence[Target],
    changes_for: Callable[[Contract], Mapping[str, Any]],
    *,
    who: str,
    summary: str,
) -> list[Contract]:
    """Edit several contracts as one audited change (see update_contracts)."""
    return update_contracts(
        db, [(t.id, t.version) for t in targets], changes_for, who=who, summary=summary
    )


def _describe(targets: Sequence[Target], db: Database) -> str:
    if len(targets) == 1:
        return str(get_contract(db, targets[0].id).ref)
    return f"{len(targets)} contracts"


@writes
def decide_contracts(
    db: Database, targets: Sequence[Target], decision: str, *, who: str
) -> list[Contract]:
    """Record a review decision on each target, as planner.store.decisions.record_decision
    does for one: the route the decision implies is set with it, and an active or in-review
    contract becomes 'decided'. All targets are one change, so one undo reverses them."""
    if decision not in DECISIONS:
        raise ValidationError(f"'{decision}' is not a decision")
    fields = decision_fields(db, decision)

    def changes(current: Contract) -> dict[str, Any]:
        return {**fields, **decision_changes(current, decision)}

    summary = f"Decision {DECISIONS[decision].lower()} on {_describe(targets, db)}"
    return _apply(db, targets, changes, who=who, summary=summary)


TRIAGE_FIELDS = ("priority", "risk", "officer")


@writes
def set_triage_field(
    db: Database, targets: Sequence[Target], field: str, value: Any, *, who: str
) -> list[Contract]:
    """Set priority, risk or officer (already parsed) on each target, as one change."""
    if field not in TRIAGE_FIELDS:
        raise ValidationError(f"'{field}' cannot be set from triage")
    if field == "officer" and value is not None:
        from planner.store.team import get_officer  # lazy: see officer_names

        value = get_officer(db, value).name  # only someone on the team
    shown = "none" if value is None else str(value)
    summary = f"Set {field} to {shown} on {_describe(targets, db)}"
    return _apply(db, targets, lambda _c: {field: value}, who=who, summary=summary)


def proposed_officers(db: Database, contract_ids: Sequence[int]) -> dict[int, str]:
    """The officer the last schedule proposed for each of these contracts that has none
    decided (those with no proposal are left out)."""
    marks = ",".join("?" * len(contract_ids))
    rows = db.conn.execute(
        f"SELECT c.id, r.officer FROM contracts c JOIN reviews r ON r.contract_id = c.id "
        f"WHERE c.id IN ({marks}) AND c.officer IS NULL AND r.officer IS NOT NULL",
        list(contract_ids),
    )
    return {int(contract_id): str(officer) for contract_id, officer in rows}


@writes
def accept_proposed_officers(
    db: Database, targets: Sequence[Target], *, who: str
) -> list[Contract]:
    """Make the proposed officer the decided one on each target that has a proposal, as one
    audited change; refused if none of them has one."""
    proposals = proposed_officers(db, [t.id for t in targets])
    chosen = [t for t in targets if t.id in proposals]
    if not chosen:
        raise ValidationError(
            "no officer is proposed here: the schedule proposes one for a review with none "
            "decided (re-plan with p on the Programme screen), or choose one with o"
        )
    if len(chosen) == 1:
        summary = f"Accepted {proposals[chosen[0].id]} as officer on {_describe(chosen, db)}"
    else:
        summary = f"Accepted the proposed officers on {len(chosen)} contracts"
    return _apply(db, chosen, lambda c: {"officer": proposals[c.id]}, who=who, summary=summary)
