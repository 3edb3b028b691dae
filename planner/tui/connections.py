"""SQLite connections for the UI's worker threads: pooled readers and one ordered writer.

sqlite3 blocks, so the UI thread never touches a connection. Each worker borrows a reader
for the length of one job (a connection is only ever used by one thread at a time); writes
queue up in the order the user made them and run one at a time on a single connection.
The live re-plan, which takes seconds on a large register, has a connection of its own
outside that queue (`planning`), so a user's write never waits behind it.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from planner.store.connection_state import roll_back_open
from planner.store.db import Database, open_db


class WriteCancelled(Exception):
    """A queued write was abandoned (the app is closing) before its turn came."""


class Connections:
    """Borrowable read connections and the single write connection of one database file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._idle: list[Database] = []
        self._all: list[Database] = []
        self._writer: Database | None = None
        self._planning: Database | None = None
        self._planning_lock = threading.Lock()
        self._users_writing = 0  # user writes under way (see user_write)
        self._turns = threading.Condition()
        self._queue: deque[int] = deque()
        self._next_ticket = 0
        self._closed = False

    def _open(self) -> Database:
        # Migrations ran once when the app was created; workers only connect.
        db = open_db(self.path, create=False, migrate=False, check_same_thread=False)
        with self._lock:
            self._all.append(db)
        return db

    @contextmanager
    def reader(self) -> Iterator[Database]:
        """A connection for this thread alone until the block ends."""
        with self._lock:
            db = self._idle.pop() if self._idle else None
        if db is None:
            db = self._open()
        try:
            yield db
        finally:
            roll_back_open(db)  # a job that failed half-way leaves nothing open
            with self._lock:
                if self._closed:  # the app closed while this worker read: close it now
                    self._all.remove(db)
                    db.close()
                else:
                    self._idle.append(db)

    def ticket(self) -> int:
        """Take a place in the write queue (called on the UI thread, in the user's order)."""
        with self._turns:
            ticket = self._next_ticket
            self._next_ticket += 1
            self._queue.append(ticket)
            return ticket

    @contextmanager
    def writer(self, ticket: int, cancelled: Callable[[], bool]) -> Iterator[Database]:
        """The write connection, once every earlier ticket has had its turn."""
        with self._turns:
            while self._queue[0] != ticket:
                if cancelled() or self._closed:
                    self._queue.remove(ticket)
                    self._turns.notify_all()
                    raise WriteCancelled
                self._turns.wait(0.05)
        try:
            yield self._write_connection()
        finally:
            with self._turns:
                self._queue.popleft()
                self._turns.notify_all()

    def _write_connection(self) -> Database:
        if self._writer is None:
            self._writer = self._open()
        return self._writer

    @contextmanager
    def planning(self, *, wait: bool = True) -> Iterator[Database | None]:
        """The re-plan's own connection, outside the write queue, for one thread at a time
        (None at once if `wait` is False and it is in use). What runs on it must read one
        snapshot and write only if nobody committed since (planner.store.schedule_run.replan,
        which SQLite refuses at its first write otherwise), so a user's write queued
        meanwhile goes first and is never overwritten by a plan made from older data."""
        if not self._planning_lock.acquire(blocking=wait):
            yield None
            return
        try:
            if self._closed:
                raise WriteCancelled
            if self._planning is None:
                self._planning = self._open()
                # Every 1,000 steps of its SQL: a statement that starts or goes on while a
                # user writes is stopped too, not only the one running when the write came.
                self._planning.conn.set_progress_handler(self._stop_planning, 1_000)
            yield self._planning
        finally:
            db = self._planning
            if db is not None:
                roll_back_open(db)
                with self._lock:
                    if self._closed:  # the app closed while this ran: close it now
                        if db in self._all:
                            self._all.remove(db)
                        db.close()
                        self._planning = None
            self._planning_lock.release()

    @contextmanager
    def user_write(self) -> Iterator[None]:
        """Around a user's write, once its turn has come: a re-plan under way is stopped at
        its next step of SQL. A re-plan storing its plan holds SQLite's write lock (for
        seconds on a large register), and the write must not wait for it; stopped, it
        rolls back, stores nothing and runs again (its snapshot is older than the write,
        so it would have been refused anyway)."""
        with self._lock:
            self._users_writing += 1
            if self._planning is not None and self._planning_lock.locked():
                self._planning.conn.interrupt()  # the statement running now
        try:
            yield
        finally:
            with self._lock:
                self._users_writing -= 1

    def _stop_planning(self) -> int:
        # The re-plan connection's progress handler: non-zero stops its statement.
        return self._users_writing

    def close(self, wait: float = 5.0) -> None:
        """Close every connection once the write in progress, if any, has finished (called
        when the app exits; queued writes not yet started are abandoned)."""
        with self._lock:
            self._closed = True
        with self._turns:
            written = self._turns.wait_for(lambda: not self._queue, timeout=wait)
        # A re-plan still running keeps its connection until it ends (closing a connection
        # another thread is using can crash the process): `planning` closes it then.
        planning_free = self._planning_lock.acquire(blocking=False)
        with self._lock:
            # A reader still borrowed is closed by its worker when it hands it back: closing
            # a connection another thread is using can crash the process.
            free = {id(db) for db in self._idle}
            if self._writer is not None and written:
                free.add(id(self._writer))  # a write still running keeps its connection
            if self._planning is not None and planning_free:
                free.add(id(self._planning))
            in_use = {id(db) for db in self._all} - free
            for db in [db for db in self._all if id(db) not in in_use]:
                db.close()
                self._all.remove(db)
            self._idle.clear()
            if planning_free:
                self._planning = None
        self._writer = None
        if planning_free:
            self._planning_lock.release()


class ScratchConnections(Connections):
    """A what-if's scratch copy (in memory) in place of the database file: one connection,
    used by one thread at a time, for every read and write while the what-if lasts."""

    def __init__(self, scratch: Database) -> None:
        super().__init__(Path(":memory:"))
        self.scratch = scratch
        self._use = threading.RLock()

    @contextmanager
    def reader(self) -> Iterator[Database]:
        """The scratch copy, for this thread alone until the block ends."""
        with self._use:
            try:
                yield self.scratch
            finally:
                roll_back_open(self.scratch)

    @contextmanager
    def writer(self, ticket: int, cancelled: Callable[[], bool]) -> Iterator[Database]:
        """The scratch copy, once every earlier ticket has had its turn."""
        with super().writer(ticket, cancelled) as db, self._use:
            yield db

    def _write_connection(self) -> Database:
        return self.scratch

    def close(self, wait: float = 5.0) -> None:
        """Throw the scratch copy away once the write in progress, if any, has finished."""
        with self._turns:
            self._turns.wait_for(lambda: not self._queue, timeout=wait)
        with self._use:
            self.scratch.close()
