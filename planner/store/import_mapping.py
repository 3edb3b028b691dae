"""What an import remembers: other spellings of department names, and heading mappings
saved by name (usually a department's) to be offered the next time."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from planner.domain.codes import Action, Entity
from planner.errors import NotFoundError, ValidationError
from planner.store.audit import change
from planner.store.contracts import resolve_department
from planner.store.db import Database, writes
from planner.store.history import register_entity

register_entity(Entity.DEPARTMENT_ALIAS, "department_aliases", "key")
register_entity(Entity.IMPORT_MAPPING, "import_mappings", "name")


def department_key(name: str) -> str:
    """A department's name as compared: letters and digits only, '&' read as 'and'."""
    return re.sub(r"[^a-z0-9]", "", name.lower().replace("&", "and"))


def department_aliases(db: Database) -> dict[str, str]:
    """Every alias as {department_key(alias): department}."""
    return {
        str(key): str(department)
        for key, department in db.conn.execute("SELECT key, department FROM department_aliases")
    }


def list_department_aliases(db: Database) -> list[tuple[str, str]]:
    """(alias as written, department) pairs, by department then alias."""
    return [
        (str(alias), str(department))
        for alias, department in db.conn.execute(
            "SELECT alias, department FROM department_aliases ORDER BY department, alias"
        )
    ]


@writes
def add_department_alias(db: Database, alias: str, department: str, who: str) -> str:
    """Read `alias` in a register as `department`, as one audited change; returns the
    department's stored name. An alias already meaning another department is refused."""
    alias = " ".join(alias.split())
    key = department_key(alias)
    if not key:
        raise ValidationError("an alias needs at least one letter or digit")
    target = resolve_department(db, department)
    if key in {department_key(name) for (name,) in db.conn.execute("SELECT name FROM departments")}:
        raise ValidationError(f"'{alias}' is already a department's own name")
    row = db.conn.execute(
        "SELECT alias, department FROM department_aliases WHERE key = ?", (key,)
    ).fetchone()
    if row is not None:
        if row[1] == target:
            return target
        raise ValidationError(
            f"'{alias}' already means {row[1]} (as '{row[0]}'); remove that alias first "
            "or choose another spelling"
        )
    values = {"key": key, "alias": alias, "department": target}
    with change(db, who, f"Department alias {alias} = {target}") as log:
        db.conn.execute(
            "INSERT INTO department_aliases (key, alias, department) VALUES (?, ?, ?)",
            (key, alias, target),
        )
        log.log(Action.INSERT, Entity.DEPARTMENT_ALIAS, key, "*", None, values)
    return target


@dataclass(frozen=True, slots=True)
class SavedMapping:
    """A heading mapping remembered by name: {heading: column} and whose register it is."""

    name: str
    department: str | None
    maps: dict[str, str]
    saved_at: str

    def options(self) -> list[str]:
        """The mapping as `--map` option values ("Heading=column")."""
        return [f"{heading}={column}" for heading, column in self.maps.items()]


def _mapping(row: tuple[object, ...]) -> SavedMapping:
    maps = json.loads(str(row[2]))
    return SavedMapping(str(row[0]), None if row[1] is None else str(row[1]), maps, str(row[3]))


def list_mappings(db: Database) -> list[SavedMapping]:
    """Every saved mapping, by name."""
    return [
        _mapping(row)
        for row in db.conn.execute(
            "SELECT name, department, maps, saved_at FROM import_mappings ORDER BY name"
        )
    ]


def find_mapping(db: Database, name: str) -> SavedMapping | None:
    """The mapping saved under `name` (any case), or None."""
    row = db.conn.execute(
        "SELECT name, department, maps, saved_at FROM import_mappings "
        "WHERE name = ? COLLATE NOCASE",
        (name.strip(),),
    ).fetchone()
    return None if row is None else _mapping(row)


def get_mapping(db: Database, name: str) -> SavedMapping:
    """The mapping saved under `name`; a clear error naming the saved ones if there is none."""
    found = find_mapping(db, name)
    if found is None:
        known = ", ".join(m.name for m in list_mappings(db)) or "none yet"
        raise NotFoundError(
            f"there is no saved mapping '{name}' (saved: {known}); a mapping is saved when "
            "an import with --map is written (planner mapping list shows them)"
        )
    return found


def mapping_for_department(db: Database, department: str) -> SavedMapping | None:
    """The mapping saved under a department's name, or else the newest saved for it."""
    return find_mapping(db, department) or next(
        (
            _mapping(row)
            for row in db.conn.execute(
                "SELECT name, department, maps, saved_at FROM import_mappings "
                "WHERE department = ? ORDER BY saved_at DESC LIMIT 1",
                (department,),
            )
        ),
        None,
    )


@writes
def save_mapping(
    db: Database, name: str, department: str | None, maps: dict[str, str], who: str
) -> bool:
    """Remember `maps` ({heading: column}) under `name`, as one audited change; False if
    the same mapping was already saved there."""
    name = name.strip()
    if not name:
        raise ValidationError("a saved mapping needs a name")
    text = json.dumps(maps, ensure_ascii=False, sort_keys=True)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    row = db.conn.execute(
        "SELECT name, maps, department FROM import_mappings WHERE name = ? COLLATE NOCASE",
        (name,),
    ).fetchone()
    with change(db, who, f"Saved import mapping {name}") as log:
        if row is None:
            values = {"name": name, "department": department, "maps": text, "saved_at": now}
            db.conn.execute(
                "INSERT INTO import_mappings (name, department, maps, saved_at) "
                "VALUES (:name, :department, :maps, :saved_at)",
                values,
            )
            log.log(Action.INSERT, Entity.IMPORT_MAPPING, name, "*", None, values)
            return True
        if row[1] == text:
            return False
        db.conn.execute(
            "UPDATE import_mappings SET maps = ?, saved_at = ? WHERE name = ?", (text, now, row[0])
        )
        log.log(Action.UPDATE, Entity.IMPORT_MAPPING, row[0], "maps", row[1], text)
    return True
