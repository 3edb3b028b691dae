"""The planner's schema versions: its migrations (one per numbered file in schema/), the
name they are recorded under, and the refusal of a database a newer version has changed
(docs/architecture.md, "Schema versions")."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from planner.errors import PlannerError
from planner.resources import schema_dir


def _migration_for(sql_path: Path) -> Callable[[Database], None]:
    def apply(db: Database) -> None:
        # Runs inside the transaction Migrations.apply opens, so a failing script
        # leaves no half-made schema behind.
        db.executescript(sql_path.read_text(encoding="utf-8"))

    apply.__name__ = sql_path.stem
    return apply


def schema_files() -> list[Path]:
    """The numbered migration files in schema/, in order."""
    return sorted(schema_dir().glob("[0-9][0-9][0-9][0-9]_*.sql"))


# The name this version records its migrations under in `_sqlite_migrations`. Versions up
# to 1 Dec 2026 recorded them as "planner" and do not refuse a database a newer version has
# changed, but they do refuse, as another program's, a database with no "planner" rows:
# renaming the set on first opening makes every one of them refuse a database this version
# may have stored values in that they would misread (docs/architecture.md, "Schema versions").
MIGRATION_SET = "contract-review-planner"
EARLIER_SET = "planner"


def migrations() -> Migrations:
    """The planner's migration set: one per numbered file in schema/, in order."""
    found = Migrations(MIGRATION_SET)
    for sql_path in schema_files():
        found(name=sql_path.stem)(_migration_for(sql_path))
    return found


def pending_migrations(db: Database) -> list[str]:
    """Names of migrations not yet applied."""
    applied, _ = _recorded(db)
    return [name for name in _known() if name not in applied]


class SchemaState(NamedTuple):
    """What opening a database must do to its schema."""

    pending: list[str]  # this version's migrations not yet applied, in order
    earlier: bool  # its migrations still recorded as versions up to 1 Dec 2026 did


def schema_state(db: Database, file: Path | None) -> SchemaState:
    """The migrations a database needs, from one read of its record; a database a newer
    planner has changed is refused (it may store what this version would misread, or
    rewrite with its own idea of the schema: docs/architecture.md, "Schema versions")."""
    applied, earlier = _recorded(db)
    known = _known()
    unknown = sorted(applied.difference(known))
    if unknown:
        where = file if file is not None else "this database"
        db.conn.close()
        raise PlannerError(
            f"{where} was changed by a newer version of the planner (its schema has "
            f"{', '.join(unknown)}, which this version does not know): open it with that "
            "version or a later one, or ask whoever upgraded it"
        )
    return SchemaState([name for name in known if name not in applied], earlier)


def _known() -> list[str]:
    return [sql_path.stem for sql_path in schema_files()]


def _recorded(db: Database) -> tuple[set[str], bool]:
    """The names of the migrations applied, recorded by this version or an earlier one, and
    whether any is still recorded as an earlier version did."""
    if not db["_sqlite_migrations"].exists():
        return set(), False
    applied: set[str] = set()
    earlier = False
    for migration_set, name in db.conn.execute(
        "SELECT migration_set, name FROM _sqlite_migrations WHERE migration_set IN (?, ?)",
        (MIGRATION_SET, EARLIER_SET),
    ):
        applied.add(name)
        earlier = earlier or migration_set == EARLIER_SET
    return applied, earlier
