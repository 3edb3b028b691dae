"""How fast the planner UI feels on 1,500 and 50,000 contracts, beside a naive baseline.

The contract sets are the demo a user sees (`planner demo --no-open --contracts N`: the
register, its team and a schedule) and are cached in bench/data/. For each size this
measures, as medians of repeated runs:

- first paint: from building the app to the first line of contracts painted (headless,
  in this process), for the planner's windowed table and for the same app shape with a
  plain DataTable filled with every row at once (the naive baseline);
- cursor move: a key press (down) until the line under the new cursor is painted;
- filter keystroke: each letter of "clean" typed in the search box, until the table paints
  the narrowed result (the baseline clears and refills its DataTable with the matches);
- decision to commit: the 'e' key until the write is committed and the UI told so;
- launch to first frame: the whole `planner tui` process in a pseudo-terminal, from
  starting it to the first frame that shows contracts (imports, database, first paint).

Beside first paint its CPU time is printed (every thread of this process, from building the
app to that paint): on a machine shared with other work it moves far less than the wall time.

Goals at 50,000 contracts: first paint at most 0.2 s, launch to first frame under 0.8 s,
filter keystroke under 100 ms, decision to commit under 50 ms, cursor move within a frame.

Usage: python bench/tui_bench.py [--sizes 1500 50000] [--runs 5] [--naive-runs 1]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import pty
import select
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Coroutine
from datetime import date
from pathlib import Path
from typing import Any

from goals import print_goal  # bench/goals.py: the script's folder is on the path
from textual.app import App, ComposeResult
from textual.strip import Strip
from textual.widgets import DataTable, Footer, Input, Static

from planner.store import open_db
from planner.store.triage import TriageQuery, count_rows, fetch_rows
from planner.tui.app import PlannerApp, create_app
from planner.tui.messages import ChangeSaved
from planner.tui.widgets import ContractTable

# PLANNER_BENCH_DATA puts the databases elsewhere (a scratch folder outside the repository).
DATA = Path(os.environ.get("PLANNER_BENCH_DATA") or Path(__file__).resolve().parent / "data")
TODAY = date(2026, 11, 25)
SIZE = (120, 40)
PLANNER = str(Path(sys.executable).with_name("planner"))
FRAME_MS = 1000 / 60


def dataset(contracts: int) -> Path:
    """The register of `contracts` generated contracts, built once and kept in bench/data."""
    DATA.mkdir(exist_ok=True)
    path = DATA / f"tui-{contracts}.db"
    if not path.exists():
        partial = path.with_suffix(".partial")
        for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
            leftover.unlink(missing_ok=True)
        demo = [PLANNER, "demo", "--no-open", "--contracts", str(contracts), "--db", str(partial)]
        subprocess.run([*demo, "--today", TODAY.isoformat()], check=True)
        db = open_db(partial, create=False)
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
        partial.rename(path)
    return path


def working_copy(contracts: int) -> Path:
    """A fresh copy for one run (decisions write to it)."""
    source = dataset(contracts)
    copy = DATA / f"tui-{contracts}-run.db"
    for leftover in (copy, Path(f"{copy}-wal"), Path(f"{copy}-shm")):
        leftover.unlink(missing_ok=True)
    shutil.copy(source, copy)
    return copy


# ---------------------------------------------------------------- painting, observed


class Paints:
    """Times at which a table painted a line of data (patched into render_line)."""

    def __init__(self) -> None:
        self.first: float | None = None
        self.first_cpu: float | None = None  # time.process_time() at the first paint
        self.cursor: dict[int, float] = {}  # cursor index -> when its line was painted
        self.generation: dict[int, float] = {}  # result generation -> first data paint

    def clear(self) -> None:
        self.first = self.first_cpu = None
        self.cursor.clear()
        self.generation.clear()


def watch_contract_table(paints: Paints) -> Callable[[], None]:
    """Record ContractTable paints; returns a function that undoes the patch."""
    original = ContractTable.render_line

    def render_line(self: ContractTable, y: int) -> Strip:
        strip = original(self, y)
        index = int(self.scroll_y) + y - 1
        if y > 0 and index in self.rows:
            now = time.perf_counter()
            if paints.first is None:
                paints.first, paints.first_cpu = now, time.process_time()
            paints.generation.setdefault(self.generation, now)
            if index == self.cursor:
                paints.cursor.setdefault(index, now)
        return strip

    ContractTable.render_line = render_line  # type: ignore[method-assign]
    return lambda: setattr(ContractTable, "render_line", original)


async def wait_for(check: Callable[[], float | None], pilot: Any, limit: float = 120) -> float:
    """Let the app run until `check` returns a time; return that time."""
    deadline = time.perf_counter() + limit
    while time.perf_counter() < deadline:
        found = check()
        if found is not None:
            return found
        await pilot.pause(0.001)
    raise TimeoutError("the table did not paint")


# ---------------------------------------------------------------- the planner


async def planner_run(contracts: int) -> dict[str, float]:
    """One run of every in-process measure on the planner's own table."""
    path = working_copy(contracts)
    paints = Paints()
    undo = watch_contract_table(paints)
    saved: list[float] = []

    def hook(message: Any) -> None:
        if isinstance(message, ChangeSaved):
            saved.append(time.perf_counter())

    try:
        start, start_cpu = time.perf_counter(), time.process_time()
        app: PlannerApp = create_app(path, TODAY, who="bench", start="triage", watch_seconds=None)
        async with app.run_test(size=SIZE, message_hook=hook) as pilot:
            first = await wait_for(lambda: paints.first, pilot)
            table = app.screen.query_one(ContractTable)
            await pilot.pause(0.2)
            # cursor move
            moves = []
            for _ in range(5):
                target = table.cursor + 1
                pressed = time.perf_counter()
                await pilot.press("down")
                painted = await wait_for(lambda t=target: paints.cursor.get(t), pilot)
                moves.append(painted - pressed)
            # filter keystroke: 'c', then 'l' ... each narrows the result
            await pilot.press("slash")
            filters = []
            for letter in "clean":
                generation = table.generation
                pressed = time.perf_counter()
                await pilot.press(letter)
                painted = await wait_for(
                    lambda g=generation: next(
                        (t for gen, t in paints.generation.items() if gen > g), None
                    ),
                    pilot,
                )
                filters.append(painted - pressed)
            expected = count_rows_of(path, TriageQuery(text="clean"))
            assert table.total == expected, (table.total, expected)
            await pilot.press("escape")  # back to the table, filters kept
            await pilot.press("escape")  # and cleared
            await pilot.pause(0.3)
            # decision to commit
            decisions = []
            for _ in range(3):
                before = len(saved)
                pressed = time.perf_counter()
                await pilot.press("e")
                committed = await wait_for(
                    lambda b=before: saved[b] if len(saved) > b else None, pilot
                )
                decisions.append(committed - pressed)
                await pilot.pause(0.2)
        return {
            "first paint": first - start,
            "first paint, CPU": (paints.first_cpu or 0) - start_cpu,
            "cursor move": statistics.median(moves),
            "filter keystroke": statistics.median(filters),
            "filter, slowest key": max(filters),
            "decision to commit": statistics.median(decisions),
        }
    finally:
        undo()


def count_rows_of(path: Path, query: TriageQuery) -> int:
    """How many rows the query matches, asked of the database directly."""
    db = open_db(path, create=False, migrate=False)
    try:
        return count_rows(db, query)
    finally:
        db.close()


# ---------------------------------------------------------------- the naive baseline


class NaiveApp(App[None]):
    """The same shape (title line, search box, table, footer) with a plain DataTable that is
    given every row of the register at once, and refilled on every search keystroke."""

    CSS = "DataTable { height: 1fr; } Input { height: 1; border: none; }"

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        yield Static("1 Dashboard  2 Triage  3 Programme  4 Milestones")
        yield Input(placeholder="/ search", id="search", compact=True)
        yield DataTable(id="contracts", cursor_type="row")
        yield Footer()

    def rows(self, text: str) -> list[tuple[Any, ...]]:
        db = open_db(self.path, create=False, migrate=False)
        try:
            found = fetch_rows(db, TriageQuery(text=text), 0, 10_000_000)
        finally:
            db.close()
        return [(r.ref, r.department, r.title, r.notice_date, r.value, r.decision) for r in found]

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Ref", "Dept", "Title", "Notice by", "Value", "Decision")
        table.add_rows(self.rows(""))
        table.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        table = self.query_one(DataTable)
        table.clear()
        table.add_rows(self.rows(event.value))


def watch_data_table(paints: Paints) -> Callable[[], None]:
    """Record DataTable paints of data lines (y > 0: below the header)."""
    original = DataTable.render_line

    def render_line(self: DataTable[Any], y: int) -> Strip:
        strip = original(self, y)
        if y > 0 and self.row_count:
            now = time.perf_counter()
            if paints.first is None:
                paints.first, paints.first_cpu = now, time.process_time()
            paints.generation.setdefault(self.row_count, now)
            paints.cursor.setdefault(self.cursor_row, now)
        return strip

    DataTable.render_line = render_line  # type: ignore[method-assign]
    return lambda: setattr(DataTable, "render_line", original)


async def naive_run(contracts: int) -> dict[str, float]:
    """First paint, a cursor move and a filter keystroke with the naive table."""
    path = dataset(contracts)
    paints = Paints()
    undo = watch_data_table(paints)
    try:
        start, start_cpu = time.perf_counter(), time.process_time()
        app = NaiveApp(path)
        async with app.run_test(size=SIZE) as pilot:
            first = await wait_for(lambda: paints.first, pilot, limit=600)
            table = app.query_one(DataTable)
            await pilot.pause(0.2)
            target = table.cursor_row + 1
            pressed = time.perf_counter()
            await pilot.press("down")
            moved = await wait_for(lambda: paints.cursor.get(target), pilot) - pressed
            app.query_one(Input).focus()
            filters = []
            for typed in ("c", "cl", "cle", "clea", "clean"):  # as the planner run types it
                wanted = count_rows_of(path, TriageQuery(text=typed))
                paints.generation.clear()
                pressed = time.perf_counter()
                await pilot.press(typed[-1])
                painted = await wait_for(lambda w=wanted: paints.generation.get(w), pilot, 600)
                filters.append(painted - pressed)
        return {
            "first paint": first - start,
            "first paint, CPU": (paints.first_cpu or 0) - start_cpu,
            "cursor move": moved,
            "filter keystroke": statistics.median(filters),
            "filter, slowest key": max(filters),
        }
    finally:
        undo()


# ---------------------------------------------------------------- the whole process


def launch_to_first_frame(contracts: int) -> float:
    """Start `planner tui` in a pseudo-terminal; seconds until contracts are on screen."""
    path = dataset(contracts)
    first_ref = first_row_ref(path)
    pid, fd = pty.fork()
    if pid == 0:  # the child: become the planner
        os.environ.update(TERM="xterm-256color", COLUMNS=str(SIZE[0]), LINES=str(SIZE[1]))
        os.execv(
            PLANNER,
            [PLANNER, "tui", "--db", str(path), "--today", TODAY.isoformat(), "--screen",
             "triage"],
        )  # fmt: skip
    start = time.perf_counter()
    import fcntl
    import struct
    import termios

    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
    seen = b""
    try:
        while True:
            ready, _, _ = select.select([fd], [], [], 30)
            if not ready:
                raise TimeoutError("no first frame in 30 s")
            chunk = os.read(fd, 65536)
            seen += chunk
            if first_ref.encode() in seen:
                return time.perf_counter() - start
    finally:
        os.kill(pid, 15)
        os.waitpid(pid, 0)
        os.close(fd)


def first_row_ref(path: Path) -> str:
    """The reference the triage table shows first (notice deadline order)."""
    db = open_db(path, create=False, migrate=False)
    try:
        return fetch_rows(db, TriageQuery(), 0, 1)[0].ref
    finally:
        db.close()


# ---------------------------------------------------------------- report


def fresh(
    run: Callable[[int], Coroutine[Any, Any, dict[str, float]]], contracts: int
) -> dict[str, float]:
    """One run, then the previous app collected before the next is timed.

    The runs share this process, as a user's planners never do: each app leaves a graph of
    cycles (its widgets, its connections, at 50,000 contracts a live plan of 1.7 million
    objects) that only Python's cyclic collector frees. Left to itself the collector walked
    it during the next run's first paint (2.3 s and 7 s collections, measured with
    gc.callbacks), so the bench timed the previous run's garbage, not the planner."""
    result = asyncio.run(run(contracts))
    gc.collect()
    return result


def median_of(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def show(label: str, planner: dict[str, float], naive: dict[str, float] | None,
         launch: float) -> None:  # fmt: skip
    print(f"\n{label}")
    print(f"  {'measure':<22}{'planner':>12}{'naive DataTable':>18}{'ratio':>9}")
    for key, value in planner.items():
        base = naive.get(key) if naive else None
        ratio = f"{base / value:8.1f}x" if base else ""
        base_text = f"{base * 1000:14.0f} ms" if base is not None else f"{'-':>17}"
        print(f"  {key:<22}{value * 1000:9.1f} ms{base_text}{ratio}")
    print(f"  {'launch to first frame':<22}{launch * 1000:9.0f} ms")
    print(f"  (one frame at 60 Hz is {FRAME_MS:.1f} ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1500, 50_000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--naive-runs", type=int, default=3, help="naive runs below 10,000 (one above: slow)"
    )
    args = parser.parse_args()
    print(f"planner UI benchmark, {args.runs} runs (medians), terminal {SIZE[0]}x{SIZE[1]}")
    for size in args.sizes:
        dataset(size)
        runs = [fresh(planner_run, size) for _ in range(args.runs)]
        planner = median_of(runs)
        naive_runs = args.naive_runs if size <= 10_000 else 1
        naive = median_of([fresh(naive_run, size) for _ in range(naive_runs)])
        launch = statistics.median(launch_to_first_frame(size) for _ in range(args.runs))
        show(f"{size:,} contracts", planner, naive, launch)
        # Each run's, the first cold: a median can hide a first paint that varies run to run.
        each = ", ".join(f"{r['first paint'] * 1000:.0f}" for r in runs)
        print(f"  first paint, each run: {each} ms")
        if size == 50_000:
            print_goal("first paint", planner["first paint"] * 1000)


if __name__ == "__main__":
    main()
