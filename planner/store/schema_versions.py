"""The planner's schema versions: its migrations (one per numbered file in schema/), the
name they are recorded under, and the refusal of a database a newer version has changed
(docs/architecture.md, "Schema versions")."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

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
_OUR_SETS = (MIGRATION_SET, EARLIER_SET)


def migrations() -> Migrations:
    """The planner's migration set: one per numbered file in schema/, in order."""
    found = Migrations(MIGRATION_SET)
    for sql_path in schema_files():
        found(name=sql_path.stem)(_migration_for(sql_path))
    return found


def pending_migrations(db: Database) -> list[str]:
    """Names of migrations not yet applied."""
    applied = set(_applied_names(db))
    return [sql_path.stem for sql_path in schema_files() if sql_path.stem not in applied]


def _applied_names(db: Database) -> list[str]:
    """Names of the migrations applied, recorded by this version or an earlier one."""
    if not db["_sqlite_migrations"].exists():
        return []
    return [
        name
        for (name,) in db.conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set IN (?, ?) ORDER BY name",
            _OUR_SETS,
        )
    ]


def recorded_by_earlier_version(db: Database) -> bool:
    """True when the database's migrations are still recorded as an earlier version did."""
    if not db["_sqlite_migrations"].exists():
        return False
    found = db.conn.execute(
        "SELECT 1 FROM _sqlite_migrations WHERE migration_set = ? LIMIT 1", (EARLIER_SET,)
    ).fetchone()
    return found is not None


def refuse_newer(db: Database, file: Path | None) -> None:
    """Refuse a database a newer planner has changed: it may store what this version would
    misread, or rewrite with its own idea of the schema (docs/architecture.md, "Schema
    versions")."""
    applied = _applied_names(db)
    known = {sql_path.stem for sql_path in schema_files()}
    unknown = [name for name in applied if name not in known]
    if unknown:
        where = file if file is not None else "this database"
        db.conn.close()
        raise PlannerError(
            f"{where} was changed by a newer version of the planner (its schema has "
            f"{', '.join(unknown)}, which this version does not know): open it with that "
            "version or a later one, or ask whoever upgraded it"
        )
