"""The goals of issue 12 that need a whole programme at national scale: peak memory of every
command, the dashboard's data and `list --json` streaming, each printed with its ratio and
whether it is met (bench/goals.py).

The programme is `planner demo --no-open` itself (register, team, schedule baselined eight
weeks ago and re-planned today), built in a temporary folder; a quarter-size demo beside it
shows whether `list --json` memory stays flat. The demo's database size against a bare
`.import` of its register is printed for information only: it has been planned twice,
baselined and had progress and payments recorded, so it is not the goal's "after import and
one schedule", which bench/import_bench.py measures. At 200,000 contracts the build takes
several minutes; --db and --quarter-db reuse demos built before (`planner demo --no-open
--contracts N --db FILE`), which the run only reads (the schedule re-plans the same day,
which changes nothing; the import and the backup write into the temporary folder).

Every command runs as its own process and is measured by the kernel (peak resident memory,
CPU seconds, wall seconds). The dashboard's data is read_overview, timed in a process of its
own three times (the median is the figure), before the other commands run.

How long: at 200,000 contracts the commands take about 10 minutes on the shared 2-core
machine (measured: 585 s with --db and --quarter-db); building the two demos first adds
30-45 minutes there.

Usage: .venv/bin/python bench/scale_bench.py [--contracts 200000] [--db FILE --quarter-db FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from goals import print_goal, size_on_disk  # bench/goals.py: the script's folder is on the path

from planner.demo.build import add_demo_departments, live_spec, write_demo_register
from planner.demo.generator import DemoSpec
from planner.store import open_db
from planner.store.contracts import ContractFilter, count_contracts, list_departments
from planner.tui.readers import read_overview

TODAY = date(2026, 11, 25)
PLANNER = str(Path(sys.executable).with_name("planner"))
DASHBOARD_RUNS = 3


@dataclass(frozen=True, slots=True)
class Usage:
    """What one process cost, as the kernel counted it."""

    peak_mb: float
    cpu_s: float
    wall_s: float


def measure(command: list[str]) -> Usage:
    """Run `command` (stdout thrown away) and return its peak memory, CPU and wall time."""
    started = time.perf_counter()
    with open(os.devnull, "w") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if status != 0:
        error = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"{' '.join(command)} failed: {error}")
    # ru_maxrss is in kilobytes on Linux.
    return Usage(usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, wall)


def planner(*args: str) -> Usage:
    """Run `planner ARGS` for the bench's fixed today."""
    return measure([PLANNER, "--today", TODAY.isoformat(), *args])  # the group passes it on


def bare_import(folder: Path, source: Path) -> int:
    """Bytes of a bare sqlite3 .import of the register CSV."""
    sqlite3 = shutil.which("sqlite3")
    if sqlite3 is None:
        raise SystemExit("the sqlite3 command-line tool is needed (apt-get install sqlite3)")
    bare = folder / "bare.db"
    subprocess.run([sqlite3, str(bare), f".import --csv {source} contracts"], check=True)
    return size_on_disk(bare)


def dashboard_child(path: Path) -> None:
    """In a process of its own: time read_overview once, print wall and CPU seconds.

    An empty database is read first, as the planner has done by the time its dashboard
    refreshes: that loads the code and the bank-holiday tables (about 0.3 s, whatever the
    size), so the figure is of reading the programme (the database's own cache is cold)."""
    empty = open_db(":memory:")
    read_overview(empty, TODAY)
    empty.close()
    db = open_db(path, create=False)
    started, cpu = time.perf_counter(), time.process_time()
    read_overview(db, TODAY)
    print(json.dumps([time.perf_counter() - started, time.process_time() - cpu]))
    db.close()


def dashboard(path: Path) -> tuple[float, float, Usage]:
    """The median wall and CPU seconds of the dashboard's data, and the largest process."""
    walls, cpus, peaks = [], [], []
    for _ in range(DASHBOARD_RUNS):
        out = Path(tempfile.mkstemp(prefix="scale-dashboard-")[1])
        try:
            started = time.perf_counter()
            with out.open("w") as sink:
                command = [sys.executable, __file__, "--dashboard-child", str(path)]
                process = subprocess.Popen(command, stdout=sink)
                _, status, usage = os.wait4(process.pid, 0)
            whole = time.perf_counter() - started
            if status != 0:
                raise SystemExit("the dashboard read failed")
            wall, cpu = json.loads(out.read_text())
        finally:
            out.unlink()
        walls.append(wall)
        cpus.append(cpu)
        peaks.append(Usage(usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, whole))
    biggest = max(peaks, key=lambda u: u.peak_mb)
    return statistics.median(walls), statistics.median(cpus), biggest


def build_demo(path: Path, contracts: int) -> Usage:
    """`planner demo --no-open` of `contracts` at `path`."""
    return planner("demo", "--no-open", "--contracts", str(contracts), "--db", str(path))


def biggest_department(path: Path) -> str:
    """The department with the most contracts: the heaviest department brief."""
    db = open_db(path, create=False)
    counts = {d: count_contracts(db, ContractFilter(department=d)) for d in list_departments(db)}
    db.close()
    return max(counts, key=lambda d: counts[d])


def fresh_database(path: Path) -> None:
    """A migrated database with the demo's departments, to import the register into."""
    db = open_db(path)
    add_demo_departments(db)
    db.close()


def command_usages(demo: Path, folder: Path, source: Path) -> dict[str, Usage]:
    """Every command of the goal, run once against the demo (the import into a new file)."""
    on = ["--db", str(demo)]
    department = biggest_department(demo)
    commands: dict[str, list[str]] = {
        "list": ["list"],
        "list --json": ["list", "--json"],
        "export register (csv)": ["export", "register", "-o", str(folder / "out.csv")],
        "export register (xlsx)": ["export", "register", "-o", str(folder / "out.xlsx")],
        "export ics": ["export", "ics", "-o", str(folder / "out.ics")],
        "export plan": ["export", "plan", "-o", str(folder / "plan.csv")],
        "brief programme": ["brief", "programme"],
        "brief department": ["brief", "department", "-d", department],
        "brief kpi": ["brief", "kpi"],
        "brief plan": ["brief", "plan"],
        "kpi list": ["kpi", "list"],
        "audit verify": ["audit", "verify"],
        "backup": ["backup", str(folder / "backup.db")],
        "schedule": ["schedule"],
    }
    usages: dict[str, Usage] = {}
    for label, command in commands.items():
        usages[label] = planner(*command, *on)
        print(f"  {label:<28} {_line(usages[label])}", flush=True)
    imported = folder / "imported.db"
    fresh_database(imported)
    usages["import"] = planner("import", str(source), "--db", str(imported))
    print(f"  {'import (a new database)':<28} {_line(usages['import'])}", flush=True)
    return usages


def _line(usage: Usage) -> str:
    return f"{usage.peak_mb:7.0f} MB peak {usage.cpu_s:7.1f} s CPU {usage.wall_s:7.1f} s wall"


def main() -> None:
    """Build (or reuse) the demos, measure, print the goals."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contracts", type=int, default=200_000)
    parser.add_argument("--db", type=Path, help="a demo of --contracts built before (reused)")
    parser.add_argument("--quarter-db", type=Path, help="a demo of a quarter of the size")
    parser.add_argument("--dashboard-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.dashboard_child is not None:
        dashboard_child(args.dashboard_child)
        return
    n = args.contracts
    run_started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="scale-bench-") as name:
        folder = Path(name)
        demo, quarter = args.db or folder / "demo.db", args.quarter_db or folder / "quarter.db"
        usages: dict[str, Usage] = {}
        if args.db is None:
            usages["demo (import and schedule)"] = build_demo(demo, n)
            print(f"built the {n:,}-contract demo: {_line(usages['demo (import and schedule)'])}")
        if args.quarter_db is None:
            build_demo(quarter, max(1, n // 4))
        source = folder / "register.csv"
        write_demo_register(source, live_spec(DemoSpec(contracts=n), TODAY))
        ratio = size_on_disk(demo) / bare_import(folder, source)
        # The dashboard first: right after the schedule (2.7 GB at 200,000) has pushed the
        # database out of the operating system's cache, its reads wait on the disk.
        wall, cpu, biggest = dashboard(demo)
        usages["dashboard data"] = biggest
        print(f"{n:,} contracts; every command once (peak memory, CPU, wall):")
        print(f"  {'dashboard data':<28} {_line(biggest)}")
        usages.update(command_usages(demo, folder, source))
        quarter_list = planner("list", "--json", "--db", str(quarter))
        print(f"  {'list --json (a quarter)':<28} {_line(quarter_list)}")
        print(
            f"dashboard data: {wall:.2f} s wall, {cpu:.2f} s CPU (median of {DASHBOARD_RUNS}); "
            f"database {size_on_disk(demo) / 1e6:.0f} MB"
        )
        worst = max(usages, key=lambda label: usages[label].peak_mb)
        print(f"largest peak: {worst}")
        print(
            f"the demo's database (for information: two plans, a baseline, progress, payments): "
            f"{size_on_disk(demo) / 1e6:.0f} MB, {ratio:.1f}x the bare .import of its register"
        )
        print_goal("peak memory", usages[worst].peak_mb)
        print_goal("dashboard data", wall)
        print_goal("list --json streams", usages["list --json"].peak_mb / quarter_list.peak_mb)
    print(f"the bench took {time.perf_counter() - run_started:.0f} s")


if __name__ == "__main__":
    main()
