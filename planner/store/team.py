"""The procurement team: officers, their weekly hours and skills, and their leave."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from planner.domain.codes import Action, Entity
from planner.domain.dates import format_date
from planner.domain.levelling import Officer
from planner.domain.plan import Team
from planner.errors import ConflictError, NotFoundError, ValidationError
from planner.store.audit import change
from planner.store.db import Database, writes
from planner.store.history import register_entity

register_entity(Entity.OFFICER, "officers", "name")
register_entity(Entity.LEAVE, "leave", "id")

MAX_WEEKLY_HOURS = 80.0


def split_skills(text: str | None) -> tuple[str, ...]:
    """Skills written comma-separated ("ICT, Estates"), as the team stores and types them."""
    return tuple(s.strip() for s in (text or "").split(",") if s.strip())


# ---------------------------------------------------------------- readers


def list_officers(db: Database) -> list[Officer]:
    """Every officer, by name."""
    return [
        Officer(name, float(hours), split_skills(skills))
        for name, hours, skills in db.conn.execute(
            "SELECT name, weekly_hours, skills FROM officers ORDER BY name COLLATE NOCASE"
        )
    ]


def get_officer(db: Database, name: str) -> Officer:
    """The officer with this name (any case); NotFoundError naming who there is."""
    row = db.conn.execute(
        "SELECT name, weekly_hours, skills FROM officers WHERE name = ? COLLATE NOCASE",
        (name.strip(),),
    ).fetchone()
    if row is None:
        known = ", ".join(o.name for o in list_officers(db)) or "none yet"
        raise NotFoundError(
            f"'{name}' is not in the team (officers: {known}); "
            f'add them with: planner officer add "{name.strip()}" --hours 37'
        )
    return Officer(row[0], float(row[1]), split_skills(row[2]))


def list_leave(db: Database, officer: str | None = None) -> list[tuple[int, str, date, date]]:
    """Leave as (id, officer, first day, last day), in date order."""
    sql = "SELECT id, officer, starts, ends FROM leave"
    params: tuple[str, ...] = ()
    if officer:
        sql += " WHERE officer = ? COLLATE NOCASE"
        params = (officer,)
    return [
        (i, name, date.fromisoformat(s), date.fromisoformat(e))
        for i, name, s, e in db.conn.execute(sql + " ORDER BY starts, officer", params)
    ]


def load_team(db: Database) -> Team:
    """The officers and their leave, as the scheduler takes them."""
    leave: dict[str, list[tuple[date, date]]] = {}
    for _, name, starts, ends in list_leave(db):
        leave.setdefault(name, []).append((starts, ends))
    return Team(tuple(list_officers(db)), leave)


# ---------------------------------------------------------------- writers


def _check_hours(hours: float) -> float:
    if not 0 <= hours <= MAX_WEEKLY_HOURS:
        raise ValidationError(
            f"{hours:g} hours a week is not possible; give 0 to {MAX_WEEKLY_HOURS:g}"
        )
    return float(hours)


@writes
def add_officer(
    db: Database, name: str, hours: float, who: str, skills: Iterable[str] = ()
) -> Officer:
    """Add an officer with their weekly hours and skills (departments or categories)."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError("an officer needs a name")
    hours = _check_hours(hours)
    skill_list = tuple(s.strip() for s in skills if s.strip())
    if db.conn.execute("SELECT 1 FROM officers WHERE name = ? COLLATE NOCASE", (name,)).fetchone():
        raise ValidationError(
            f"{name} is already in the team; change their hours with: planner officer set "
            f'"{name}" --hours N'
        )
    row = {"name": name, "weekly_hours": hours, "skills": ",".join(skill_list)}
    with change(db, who, f"Added officer {name}") as log:
        db.conn.execute(
            "INSERT INTO officers (name, weekly_hours, skills) VALUES (?, ?, ?)",
            tuple(row.values()),
        )
        log.log(Action.INSERT, Entity.OFFICER, name, "*", None, row)
    return Officer(name, hours, skill_list)


@writes
def update_officer(
    db: Database,
    name: str,
    who: str,
    *,
    hours: float | None = None,
    skills: Iterable[str] | None = None,
) -> Officer:
    """Change an officer's weekly hours or skills."""
    current = get_officer(db, name)
    changes: dict[str, object] = {}
    if hours is not None and _check_hours(hours) != current.weekly_hours:
        changes["weekly_hours"] = float(hours)
    if skills is not None:
        text = ",".join(s.strip() for s in skills if s.strip())
        if text != ",".join(current.skills):
            changes["skills"] = text
    if changes:
        with change(db, who, f"Changed officer {current.name}") as log:
            old = {"weekly_hours": current.weekly_hours, "skills": ",".join(current.skills)}
            for column, value in changes.items():
                db.conn.execute(
                    f"UPDATE officers SET {column} = ? WHERE name = ?", (value, current.name)
                )
                log.log(Action.UPDATE, Entity.OFFICER, current.name, column, old[column], value)
    return get_officer(db, current.name)


@writes
def add_leave(db: Database, officer: str, starts: date, ends: date, who: str) -> int:
    """Book leave for an officer, first and last day inclusive; returns its id."""
    person = get_officer(db, officer)
    if ends < starts:
        raise ValidationError(
            f"leave cannot end ({format_date(ends)}) before it starts ({format_date(starts)})"
        )
    if (ends - starts).days > 366:
        raise ValidationError("leave longer than a year: record a change of hours instead")
    _refuse_overlap(db, person.name, starts, ends)
    with change(
        db, who, f"Leave for {person.name} {format_date(starts)} to {format_date(ends)}"
    ) as log:
        values = {"officer": person.name, "starts": starts.isoformat(), "ends": ends.isoformat()}
        leave_id = log.insert(Entity.LEAVE, "leave", values)
    return leave_id


def _refuse_overlap(db: Database, officer: str, starts: date, ends: date) -> None:
    # Overlapping bookings would count the shared days once (docs/rules.md, "Capacity"), so
    # removing one later would not give back the days it seemed to hold: refused instead.
    row = db.conn.execute(
        "SELECT starts, ends FROM leave WHERE officer = ? AND starts <= ? AND ends >= ? "
        "ORDER BY starts LIMIT 1",
        (officer, ends.isoformat(), starts.isoformat()),
    ).fetchone()
    if row is not None:
        first, last = date.fromisoformat(row[0]), date.fromisoformat(row[1])
        raise ValidationError(
            f"{officer} already has leave from {format_date(first)} to {format_date(last)}, "
            "which overlaps: remove that booking first, or book only the days it leaves out"
        )


@writes
def remove_leave(db: Database, officer: str, starts: date, ends: date, who: str) -> None:
    """Remove an officer's leave booked from `starts` to `ends`."""
    person = get_officer(db, officer)
    row = db.conn.execute(
        "SELECT id FROM leave WHERE officer = ? AND starts = ? AND ends = ? ORDER BY id LIMIT 1",
        (person.name, starts.isoformat(), ends.isoformat()),
    ).fetchone()
    if row is None:
        raise ConflictError(
            f"{person.name} has no leave from {format_date(starts)} to {format_date(ends)} "
            "(it may have been removed or changed meanwhile); nothing was removed"
        )
    old = {"id": row[0], "officer": person.name, "starts": starts.isoformat(),
           "ends": ends.isoformat()}  # fmt: skip
    with change(
        db, who, f"Removed leave for {person.name} {format_date(starts)} to {format_date(ends)}"
    ) as log:
        db.conn.execute("DELETE FROM leave WHERE id = ?", (row[0],))
        log.log(Action.DELETE, Entity.LEAVE, row[0], "*", old, None)


@writes
def remove_officer(db: Database, name: str, who: str) -> int:
    """Take an officer off the team, with their leave; returns how many contracts still
    name them as their officer (the plan notes those as "an officer not in the team")."""
    person = get_officer(db, name)
    leave = db.conn.execute(
        "SELECT id, officer, starts, ends FROM leave WHERE officer = ? ORDER BY id",
        (person.name,),
    ).fetchall()
    with change(db, who, f"Removed officer {person.name}") as log:
        # Each booking is logged before the officer, so undo (newest first) puts the
        # officer back before their leave, which refers to them.
        for leave_id, officer, starts, ends in leave:
            db.conn.execute("DELETE FROM leave WHERE id = ?", (leave_id,))
            old = {"id": leave_id, "officer": officer, "starts": starts, "ends": ends}
            log.log(Action.DELETE, Entity.LEAVE, leave_id, "*", old, None)
        db.conn.execute("DELETE FROM officers WHERE name = ?", (person.name,))
        row = {"name": person.name, "weekly_hours": person.weekly_hours,
               "skills": ",".join(person.skills)}  # fmt: skip
        log.log(Action.DELETE, Entity.OFFICER, person.name, "*", row, None)
    (named,) = db.conn.execute(
        "SELECT count(*) FROM contracts WHERE officer = ? COLLATE NOCASE", (person.name,)
    ).fetchone()
    return int(named)
