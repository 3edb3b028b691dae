"""The goals of issue 12 that need a whole programme at national scale: peak memory of each
command, the dashboard's data, `list --json` streaming, and the database's size after a
schedule, each printed with its ratio and whether it is met (bench/goals.py).

The programme is `planner demo --no-open` itself (register, team, schedule baselined eight
weeks ago and re-planned today), built in a temporary folder; a quarter-size demo beside it
shows whether `list --json` memory stays flat. The demo's database has been planned twice,
baselined and had progress recorded, so its size against a bare `.import` overstates "after
one schedule". At 200,000 contracts the build takes several minutes.

Usage: .venv/bin/python bench/scale_bench.py [--contracts 200000]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from goals import print_goal  # bench/goals.py: the script's folder is on the path

from planner.demo.build import live_spec, write_demo_register
from planner.demo.generator import DemoSpec
from planner.store import open_db
from planner.tui.readers import read_overview

TODAY = date(2026, 11, 25)
PLANNER = str(Path(sys.executable).with_name("planner"))


def peak_mb(*args: str) -> float:
    """Run `planner ARGS` (output thrown away) and return its peak resident memory in MB."""
    command = [PLANNER, "--today", TODAY.isoformat(), *args]  # the group passes it on
    with open(os.devnull, "w") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise SystemExit(
            f"{' '.join(command)} failed: {process.stderr.read() if process.stderr else ''}"
        )
    return usage.ru_maxrss / 1024  # kilobytes on Linux


def size_on_disk(path: Path) -> int:
    """A database's bytes, its write-ahead log included."""
    wal = Path(f"{path}-wal")
    return path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)


def bare_import(folder: Path, contracts: int) -> int:
    """Bytes of a bare sqlite3 .import of the same contracts as a register CSV."""
    sqlite3 = shutil.which("sqlite3")
    if sqlite3 is None:
        raise SystemExit("the sqlite3 command-line tool is needed (apt-get install sqlite3)")
    source = folder / "register.csv"
    write_demo_register(source, live_spec(DemoSpec(contracts=contracts), TODAY))
    bare = folder / "bare.db"
    subprocess.run([sqlite3, str(bare), f".import --csv {source} contracts"], check=True)
    return size_on_disk(bare)


def main() -> None:
    """Build the demos, measure, print the goals."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contracts", type=int, default=200_000)
    args = parser.parse_args()
    n = args.contracts
    with tempfile.TemporaryDirectory(prefix="scale-bench-") as name:
        folder = Path(name)
        demo, quarter = folder / "demo.db", folder / "quarter.db"
        started = time.perf_counter()
        peaks = {"demo (import and schedule)": peak_mb("demo", "--no-open", "--contracts",
                                                       str(n), "--db", str(demo))}  # fmt: skip
        print(f"built the {n:,}-contract demo in {time.perf_counter() - started:.0f} s")
        peak_mb("demo", "--no-open", "--contracts", str(max(1, n // 4)), "--db", str(quarter))
        ratio = size_on_disk(demo) / bare_import(folder, n)
        for label, command in {
            "schedule": ["schedule"],
            "list --json": ["list", "--json"],
            "brief": ["brief"],
            "export register": ["export", "register", "-o", str(folder / "out.csv")],
        }.items():
            peaks[label] = peak_mb(*command, "--db", str(demo))
        for label, mb in peaks.items():
            print(f"  peak memory, {label:<28} {mb:8.0f} MB")
        quarter_list = peak_mb("list", "--json", "--db", str(quarter))
        db = open_db(demo, create=False)
        started = time.perf_counter()
        read_overview(db, TODAY)
        dashboard = time.perf_counter() - started
        db.close()
        print(f"  dashboard data {dashboard:.2f} s; database {size_on_disk(demo) / 1e6:.0f} MB")
        print_goal("database after schedule", ratio)
        print_goal("peak memory", max(peaks.values()))
        print_goal("dashboard data", dashboard)
        print_goal("list --json streams", peaks["list --json"] / quarter_list)


if __name__ == "__main__":
    main()
