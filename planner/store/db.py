"""Opening the database: WAL, foreign keys, migrations from schema/, backups."""

from __future__ import annotations

import functools
import os
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlite_utils import Database

from planner.domain.dates import from_iso
from planner.domain.rules import whole_life_of
from planner.errors import PlannerError
from planner.store.schema_versions import (
    EARLIER_SET,
    MIGRATION_SET,
    migrations,
    pending_migrations,
    schema_state,
)

__all__ = ["Database", "backup", "migrations", "open_db", "pending_migrations", "transaction"]

BUSY_TIMEOUT_MS = 5_000

# sqlite3 looks for an adapter for every parameter that is not an int, float or str, and
# finding none for None costs it failed lookups on every NULL: a bulk write of 50,000
# contracts binds 700,000 of them (0.14 s of 0.38 s). An adapter that hands None back (a
# dict's get, in C) finds it at once; sqlite3 then binds NULL exactly as before.
_NOTHING: dict[object, None] = {}
sqlite3.register_adapter(type(None), _NOTHING.get)


def _connect(path: str | Path, check_same_thread: bool) -> Database:
    conn = sqlite3.connect(
        str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=check_same_thread
    )
    db = Database(conn, execute_plugins=False)
    if str(path) != ":memory:":
        db.conn.execute("PRAGMA journal_mode=WAL")
    db.conn.execute("PRAGMA foreign_keys=ON")
    db.conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    # NORMAL is crash-safe in WAL mode (a killed process loses nothing committed).
    db.conn.execute("PRAGMA synchronous=NORMAL")
    # SQL that sums values calls the one whole-life rule, so annual and whole-life values
    # are never added together (docs/rules.md, "Data rules").
    db.conn.create_function("whole_life", 5, whole_life_sql, deterministic=True)
    return db


def whole_life_sql(
    total: int | None, annual: int | None, start: str | None, end: str | None,
    max_end: str | None,
) -> int | None:  # fmt: skip
    """`whole_life(total_value, annual_value, start_date, end_date, max_end_date)` in SQL:
    planner.domain.rules.whole_life_value on a row's columns."""
    if total is not None or annual is None:
        return total  # the dates are not read: most rows have a total
    return whole_life_of(total, annual, from_iso(start), from_iso(end), from_iso(max_end))


def open_db(
    path: str | Path,
    *,
    create: bool = True,
    migrate: bool = True,
    check_same_thread: bool = True,
) -> Database:
    """Open (and by default create and migrate) the planner database at `path`.

    An existing database is backed up beside itself before any migration touches it.
    """
    memory = str(path) == ":memory:"
    if not memory:
        _check_file(Path(path), create=create)
    try:
        db = _connect(path, check_same_thread)
        if migrate:
            _migrate(db, None if memory else Path(path))
    except sqlite3.DatabaseError as exc:
        if "readonly" in str(exc):
            # WAL mode writes beside the database even to read it.
            raise PlannerError(
                f"{path} is read-only for you: the planner needs to write to it and to its "
                "folder (ask for write access, or work on a copy)"
            ) from None
        raise PlannerError(f"cannot open the database at {path}: {exc}") from None
    return db


def _check_file(file: Path, *, create: bool) -> None:
    """Refuse a path that is not, and cannot become, a planner database; make the folder
    of a new one."""
    if file.is_dir():
        raise PlannerError(f"{file} is a folder; give the path of a database file")
    if not file.exists():
        if not create:
            raise PlannerError(
                f"there is no planner database at {file}; run 'planner init' "
                "or 'planner demo' first, or pass --db"
            )
        _make_folder(file.parent)
    elif not _looks_like_sqlite(file):
        raise PlannerError(f"{file} is not a planner database (not an SQLite file)")
    elif others := _other_applications_tables(file):
        # Migrating would add the planner's tables to another program's database.
        raise PlannerError(
            f"{file} is another program's SQLite database (tables: {', '.join(others)}), "
            "not a planner database; give the path of a planner database or a new file"
        )


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # no permission, or part of the path is a file
        why = (
            "part of that path is a file"
            if isinstance(exc, FileExistsError | NotADirectoryError)
            else exc.strerror or str(exc)
        )
        raise PlannerError(f"cannot create the folder {folder}: {why}") from None


def _migrate(db: Database, file: Path | None) -> None:
    """Apply pending migrations; an existing database `file` is backed up first."""
    pending, earlier = schema_state(db, file)
    if not (earlier or pending):
        return
    copy = backup(db, _backup_path(file)) if file is not None and _has_tables(db) else None
    try:
        # One transaction: a migration that fails leaves the file as it was, still recorded
        # under the earlier set's name, so the earlier version that made it still opens it.
        with db.atomic():
            if earlier:
                db.conn.execute(
                    "UPDATE _sqlite_migrations SET migration_set = ? WHERE migration_set = ?",
                    (MIGRATION_SET, EARLIER_SET),
                )
            migrations().apply(db)
    except sqlite3.DatabaseError as exc:
        if "readonly" in str(exc) or "locked" in str(exc):
            raise
        db.conn.close()
        kept = f"; a copy from before is at {copy}" if copy is not None else ""
        hint = (
            ". A value in it is not one the planner writes (edited by hand?): correct it with "
            "the version that made the file, or ask for help"
            if isinstance(exc, sqlite3.IntegrityError)
            else ""
        )
        raise PlannerError(
            f"cannot upgrade {file or 'the database'} to this version of the planner ({exc}): "
            f"nothing in it was changed{kept}{hint}"
        ) from None


def is_database_file(file: Path) -> bool:
    """True for an existing, non-empty SQLite file (a planner database, a backup of one):
    something an export must never be written over."""
    return file.is_file() and file.stat().st_size > 0 and _looks_like_sqlite(file)


def _looks_like_sqlite(file: Path) -> bool:
    if file.stat().st_size == 0:
        return True  # an empty file is a blank database to SQLite
    # Asked of SQLite, never read with open(): closing any other descriptor of the file
    # drops every POSIX lock this process's connections hold on it, and another process
    # (a CLI import while the planner is open) may then checkpoint and reset the WAL under
    # them ("database disk image is malformed"). SQLite keeps such descriptors open itself.
    try:
        conn = sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True)
        try:
            conn.execute("PRAGMA schema_version").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return getattr(exc, "sqlite_errorcode", None) != sqlite3.SQLITE_NOTADB
    return True


_PLANNER_MIGRATIONS = (
    "SELECT 1 FROM _sqlite_migrations "
    f"WHERE migration_set IN ('{MIGRATION_SET}', '{EARLIER_SET}') LIMIT 1"
)


def _other_applications_tables(file: Path) -> list[str]:
    """The first few tables of a database with tables but no planner migrations; [] when it
    is blank or the planner's own. Read without writing anything (not even WAL mode)."""
    try:
        conn = sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return []  # opening it properly will say what is wrong
    try:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        if not tables:
            return []
        if "_sqlite_migrations" in tables:
            ours = conn.execute(_PLANNER_MIGRATIONS).fetchone()
            if ours:
                return []
        return tables[:5]
    except sqlite3.Error:
        return []
    finally:
        conn.close()


def _has_tables(db: Database) -> bool:
    return bool(
        db.conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' LIMIT 1").fetchone()
    )


def _backup_path(path: Path) -> Path:
    """A new file beside `path` for its copy before migrating: never an earlier copy, which
    may be the only one from before a migration that failed."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    found = path.with_name(f"{path.name}.before-migration-{stamp}.bak")
    again = 1
    while found.exists():
        again += 1
        found = path.with_name(f"{path.name}.before-migration-{stamp}-{again}.bak")
    return found


def backup(db: Database, target: str | Path, *, force: bool = False) -> Path:
    """Online backup of the whole database to `target` (safe while others are writing).

    It is written beside `target` and renamed into place, so a backup that fails or is
    killed leaves no partial file under that name. An existing `target` is replaced only if
    it is empty or an earlier backup of this same database, unless `force`."""
    target = Path(target)
    _check_backup_target(db, target, force)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    except OSError as exc:
        raise PlannerError(f"cannot back up to {target}: {exc.strerror or exc}") from None
    os.close(fd)
    partial = Path(name)
    try:
        _online_copy(db, partial)
        os.replace(partial, target)  # same folder: one atomic rename
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


def copy_into(db: Database, target: Path) -> None:
    """Copy the whole database into the existing database file `target`, in place, with
    SQLite's online backup: a planner open on `target` keeps working and sees the copy (the
    demo replaces an earlier demo this way; the caller has checked that it may)."""
    _online_copy(db, target)


def database_id(db: Database) -> str:
    """The random id this database was given when it was made (a backup keeps it)."""
    row = db.conn.execute("SELECT id FROM database_identity").fetchone()
    return str(row[0])


def _check_backup_target(db: Database, target: Path, force: bool) -> None:
    if target.is_dir():
        raise PlannerError(f"{target} is a folder; give the path of the backup file to write")
    if not target.parent.exists():
        raise PlannerError(f"the folder {target.parent} does not exist")
    source = db.conn.execute("PRAGMA database_list").fetchone()[2]
    if source and target.exists() and target.resolve() == Path(source).resolve():
        raise PlannerError(f"{target} is the database itself; give the path of another file")
    if target.exists() and not _looks_like_sqlite(target):
        # Only an earlier backup may be replaced; anything else might be someone's work.
        raise PlannerError(f"{target} exists and is not a database; give another file name")
    if target.exists() and _has_journal(target):
        # A -wal beside it belongs to the file being replaced: SQLite would apply it to the
        # backup and find the result malformed. Refused even with --force.
        raise PlannerError(
            f"{target} has a write-ahead log beside it ({target.name}-wal), so a program may "
            "have it open; close it first (if nothing has it open, `planner list --db "
            f"{target}` tidies the log away) and back up again"
        )
    if not force and target.exists() and target.stat().st_size > 0:
        _check_replaceable(db, target)


def _has_journal(file: Path) -> bool:
    wal = file.with_name(f"{file.name}-wal")
    return wal.exists() and wal.stat().st_size > 0


def _check_replaceable(db: Database, target: Path) -> None:
    """Refuse an existing database that is not an earlier backup of this one."""
    if others := _other_applications_tables(target):
        raise PlannerError(
            f"{target} is another program's SQLite database (tables: {', '.join(others)}); "
            "it will not be replaced: give another file name"
        )
    theirs = _identity_of(target)
    if theirs is not None and theirs != database_id(db):
        raise PlannerError(
            f"{target} is another planner database, not an earlier backup of this one; it "
            "will not be replaced. Give another file name, or add --force to replace it"
        )
    if theirs is None and _is_planner_database(target):
        raise PlannerError(
            f"{target} is a planner database made before databases carried an id, so it "
            "cannot be told apart from another team's; give another file name, or add "
            "--force if it is an earlier backup of this database"
        )


def _identity_of(file: Path) -> str | None:
    """The database id of a planner database file; None if it has none (or is not one)."""
    row = _first_row(file, "SELECT id FROM database_identity")
    return None if row is None else str(row[0])


def _is_planner_database(file: Path) -> bool:
    return _first_row(file, _PLANNER_MIGRATIONS) is not None


def _first_row(file: Path, sql: str) -> tuple[Any, ...] | None:
    """The first row `sql` gives on `file`, opened read-only (nothing written, not even WAL
    mode); None when the file cannot be opened or asked."""
    try:
        conn = sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        row: tuple[Any, ...] | None = conn.execute(sql).fetchone()
        return row
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def _online_copy(db: Database, target: Path) -> None:
    try:
        destination = sqlite3.connect(str(target))
    except sqlite3.DatabaseError as exc:
        raise PlannerError(f"cannot back up to {target}: {exc}") from None
    try:
        with destination:
            db.conn.backup(destination)
    except sqlite3.DatabaseError as exc:
        raise PlannerError(f"cannot back up to {target}: {exc}") from None
    finally:
        destination.close()


@contextmanager
def transaction(db: Database) -> Iterator[Database]:
    """One write transaction. BEGIN IMMEDIATE takes the write lock up front, so two
    processes cannot both read-then-write and deadlock; any error rolls everything back."""
    conn = db.conn
    if conn.in_transaction:
        # Nested use joins the outer transaction: it commits or rolls back as one.
        yield db
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if "locked" not in str(exc) and "busy" not in str(exc):
            raise
        raise PlannerError(
            "the database is busy: another program (perhaps the planner open elsewhere) has "
            f"been writing to it for over {BUSY_TIMEOUT_MS / 1000:g} seconds; nothing was "
            "changed, so try again in a moment"
        ) from None
    try:
        yield db
        conn.execute("COMMIT")
    except sqlite3.OperationalError as exc:
        _roll_back(conn)
        if getattr(exc, "sqlite_errorcode", None) == SQLITE_FULL:
            raise PlannerError(
                f"the disk holding {_file_name(db)} is full, so nothing was changed; free "
                "some space (or move the database to a disk with room) and try again"
            ) from exc
        raise
    except BaseException:
        _roll_back(conn)
        raise


SQLITE_FULL = 13  # "database or disk is full" (sqlite3.SQLITE_FULL from Python 3.11.4 on)


def _roll_back(conn: sqlite3.Connection) -> None:
    # SQLite may already have rolled back itself (it does when the disk fills): a second
    # ROLLBACK would fail with "no transaction is active" and hide the reason.
    if conn.in_transaction:
        conn.execute("ROLLBACK")


def _file_name(db: Database) -> str:
    path = db.conn.execute("PRAGMA database_list").fetchone()[2]
    return str(path) if path else "the database"


_P = ParamSpec("_P")
_R = TypeVar("_R")


def writes(
    func: Callable[Concatenate[Database, _P], _R],
) -> Callable[Concatenate[Database, _P], _R]:
    """Run a store function that reads, then writes, in one write transaction.

    BEGIN IMMEDIATE takes the write lock before the function's first read, so what it read
    is still true when it writes: two users marking one milestone done at once are taken
    one after the other, and the audit trail records the value each really replaced. Inside
    another transaction it simply joins it."""

    @functools.wraps(func)
    def in_transaction(db: Database, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        with transaction(db):
            return func(db, *args, **kwargs)

    return in_transaction
