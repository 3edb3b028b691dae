"""What-if: changes tried in a scratch copy of the database, compared with the real plan,
then committed to the real database as one change, or thrown away.

The scratch copy is made with SQLite's online backup into memory, so nothing touches the
real database until commit. Commit replays the recorded changes in one audited change and
refuses if anyone else changed the register, the team or the rules meanwhile.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from planner.domain.codes import ChangeKind, FlagCode
from planner.domain.plan import WeekLoad
from planner.errors import ConflictError
from planner.store.audit import one_change
from planner.store.db import Database, transaction
from planner.store.plan_reader import officer_load

LOAD_WEEKS = 12  # weeks of team load the comparison shows


def scratch_copy(db: Database) -> Database:
    """The whole database copied into memory (SQLite's online backup): a scratch copy that
    one thread at a time may use."""
    memory = sqlite3.connect(":memory:", check_same_thread=False)
    db.conn.backup(memory)
    memory.execute("PRAGMA foreign_keys=ON")
    return Database(memory, execute_plugins=False)


def last_edit(db: Database) -> int:
    """The last change anyone made other than a re-plan (a plan is derived, not an edit)."""
    row = db.conn.execute(
        "SELECT coalesce(max(id), 0) FROM changes WHERE kind != ?", (ChangeKind.SCHEDULE,)
    ).fetchone()
    return int(row[0])


@dataclass(frozen=True, slots=True)
class RagMove:
    """A contract whose RAG the what-if changes."""

    ref: str
    before: str | None
    after: str | None


@dataclass(frozen=True, slots=True)
class WeekLoadChange:
    """The team's planned hours and hours available in one week, in the real plan and in
    the what-if."""

    week: date
    real_hours: float
    whatif_hours: float
    real_capacity: float
    whatif_capacity: float

    @property
    def moved(self) -> bool:
        """The what-if changes the week's work or the hours the team has for it."""
        return (self.real_hours, self.real_capacity) != (self.whatif_hours, self.whatif_capacity)


@dataclass(frozen=True, slots=True)
class OfficerLoadChange:
    """One officer's planned hours and hours available over the weeks compared (None: not
    in the team on that side)."""

    officer: str
    real_hours: float | None
    whatif_hours: float | None
    real_capacity: float | None
    whatif_capacity: float | None


@dataclass(slots=True)
class Comparison:
    """The what-if against the real plan."""

    rag_moves: list[RagMove] = field(default_factory=list)
    newly_late: list[str] = field(default_factory=list)  # refs of reviews that become late
    no_longer_late: list[str] = field(default_factory=list)
    load: list[WeekLoadChange] = field(default_factory=list)
    officers: list[OfficerLoadChange] = field(default_factory=list)  # those whose load moves
    # Refs of reviews the what-if leaves with an officer not in the team: their work is in
    # nobody's load (docs/rules.md, "RAG": capacity not checked).
    outside_team: list[str] = field(default_factory=list)


_OUTSIDE_TEAM = (
    "SELECT c.ref FROM reviews r JOIN contracts c ON c.id = r.contract_id "
    "WHERE r.officer IS NOT NULL AND r.officer NOT IN (SELECT name FROM officers) ORDER BY c.ref"
)
_REVIEWS = (
    "SELECT c.id, c.ref, c.rag, r.flags FROM contracts c "
    "LEFT JOIN reviews r ON r.contract_id = c.id ORDER BY c.ref"
)


def _late(flags: str | None) -> bool:
    return bool(flags) and FlagCode.LATE in json.loads(flags or "[]")


def _by_week(loads: list[WeekLoad]) -> dict[date, tuple[float, float]]:
    weeks: dict[date, tuple[float, float]] = {}
    for w in loads:
        demand, capacity = weeks.get(w.week, (0.0, 0.0))
        weeks[w.week] = (demand + w.demand_hours, capacity + w.capacity_hours)
    return weeks


def _by_officer(loads: list[WeekLoad]) -> dict[str, tuple[float, float]]:
    officers: dict[str, tuple[float, float]] = {}
    for w in loads:
        demand, capacity = officers.get(w.officer, (0.0, 0.0))
        officers[w.officer] = (demand + w.demand_hours, capacity + w.capacity_hours)
    return officers


def _compare_load(found: Comparison, real: list[WeekLoad], whatif: list[WeekLoad]) -> None:
    real_weeks, new_weeks = _by_week(real), _by_week(whatif)
    for week in sorted(real_weeks.keys() | new_weeks.keys()):
        real_hours, real_capacity = real_weeks.get(week, (0.0, 0.0))
        whatif_hours, whatif_capacity = new_weeks.get(week, (0.0, 0.0))
        found.load.append(
            WeekLoadChange(week, round(real_hours, 1), round(whatif_hours, 1),
                           round(real_capacity, 1), round(whatif_capacity, 1))
        )  # fmt: skip
    real_officers, new_officers = _by_officer(real), _by_officer(whatif)
    for name in sorted(real_officers.keys() | new_officers.keys(), key=str.lower):
        before, after = _rounded(real_officers.get(name)), _rounded(new_officers.get(name))
        if before != after:
            found.officers.append(OfficerLoadChange(name, before[0], after[0], before[1], after[1]))


def _rounded(load: tuple[float, float] | None) -> tuple[float | None, float | None]:
    return (None, None) if load is None else (round(load[0], 1), round(load[1], 1))


def compare(real: Database, whatif: Database, today: date) -> Comparison:
    """RAG moves, reviews that become late (or stop being late), and the team's load per
    week and per officer over the coming weeks, the what-if against the real plan."""
    found = Comparison()
    before = {row[0]: row for row in real.conn.execute(_REVIEWS)}
    for cid, ref, rag, flags in whatif.conn.execute(_REVIEWS):
        old = before.get(cid)
        old_rag, old_late = (None, False) if old is None else (old[2], _late(old[3]))
        if rag != old_rag:
            found.rag_moves.append(RagMove(ref, old_rag, rag))
        if _late(flags) and not old_late:
            found.newly_late.append(ref)
        elif old_late and not _late(flags):
            found.no_longer_late.append(ref)
    already = {ref for (ref,) in real.conn.execute(_OUTSIDE_TEAM)}
    found.outside_team = [r for (r,) in whatif.conn.execute(_OUTSIDE_TEAM) if r not in already]
    # The capacity grid's own reading of each side (hours available from the team and its
    # leave, planned hours from the stored plan), summed by week and by officer.
    _compare_load(found, officer_load(real, today, LOAD_WEEKS),
                  officer_load(whatif, today, LOAD_WEEKS))  # fmt: skip
    return found


def commit_whatif(
    db: Database,
    steps: Sequence[Callable[[Database], object]],
    started_after: int,
    who: str,
) -> int:
    """Make the what-if's changes to the real database, in order, as one audited change
    (one transaction, one undo); returns how many were made. Refused, with nothing changed,
    if anyone else has changed the database since the what-if began (`started_after`: the
    last edit then)."""
    with transaction(db):
        since = db.conn.execute(
            "SELECT summary, who FROM changes WHERE id > ? AND kind != ? ORDER BY id",
            (started_after, ChangeKind.SCHEDULE),
        ).fetchall()
        if since:
            summary, by = since[-1]
            raise ConflictError(
                f"the database changed since this what-if began ({len(since)} change(s), the "
                f"last '{summary}' by {by}); nothing was committed: discard the what-if and "
                "try the changes again on the current plan"
            )
        with one_change(db, who, f"What-if committed: {len(steps)} change(s)"):
            for step in steps:
                step(db)
    return len(steps)
