"""SQL the store needs in more than one place, written once: a list of codes, the
open-contract clause, the next free id, and a table's indexes dropped for a bulk insert
and rebuilt after it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from planner.domain.codes import CLOSED_STATUSES
from planner.store.db import Database


def quoted(codes: Iterable[str]) -> str:
    """Codes as an SQL list of string literals, for `IN (...)` (they are our own codes, never
    user text; a StrEnum's repr is not its text, so each is written with its value)."""
    return ", ".join(f"'{code}'" for code in codes)


_CLOSED_LIST = quoted(sorted(CLOSED_STATUSES))


def open_status(column: str = "status") -> str:
    """The condition that a contract is open: `column` (its status) is not a closed one."""
    return f"{column} NOT IN ({_CLOSED_LIST})"


OPEN_STATUS = open_status()
"""`status NOT IN (...)`: the contract is still open (not completed, expired, terminated)."""


def last_id(db: Database, table: str) -> int:
    """The highest id in `table`, 0 when it is empty: new rows take the ids after it."""
    return int(db.conn.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0])


def drop_indexes(db: Database, table: str) -> list[str]:
    """Drop `table`'s secondary indexes (not those behind its keys or UNIQUE constraints)
    and return the statements that make them again, to run once the rows are in.

    Building an index over a finished table sorts it once; inserting 675,000 milestones
    into one (the planned date, in no useful order) was a third of their insert. It all
    happens inside the caller's transaction, so a failure or a kill restores the indexes
    with everything else, and other connections never see the table without them.
    """
    found = db.conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
        "AND sql IS NOT NULL",
        (table,),
    ).fetchall()
    for name, _ in found:
        db.conn.execute(f'DROP INDEX "{name}"')
    return [sql for _, sql in found]


@contextmanager
def indexes_rebuilt(db: Database, table: str, *, bulk: bool) -> Iterator[None]:
    """For a bulk insert (`bulk`), `table`'s indexes are dropped for the body and built
    again after it; otherwise they are kept up to date row by row."""
    rebuild = drop_indexes(db, table) if bulk else []
    yield
    for sql in rebuild:
        db.conn.execute(sql)
