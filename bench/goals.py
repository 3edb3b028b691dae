"""The national-scale goals of issue 12, each printed with its measured ratio and whether it
is met, so the README's table can be the output of one run (`make bench`); and what more
than one script measures them with."""

from __future__ import annotations

from pathlib import Path

# name -> (the limit, the unit the ratio is in, what it is measured against)
GOALS: dict[str, tuple[float, str, str]] = {
    "import": (3.0, "x", "sqlite3 .import of the same CSV, full validation (50,000)"),
    "schedule": (2.0, "x", "a bare executemany of the plan's milestone rows (50,000)"),
    "database after import": (3.0, "x", "the bare .import database file (50,000)"),
    "database after schedule": (
        8.0,
        "x",
        "the bare .import file; import, team, one schedule (50,000)",
    ),
    "peak memory": (1024.0, " MB", "every command at 200,000 contracts"),
    "first paint": (200.0, " ms", "median at 50,000 contracts"),
    "dashboard data": (1.0, " s", "read at 200,000 contracts"),
    "list --json streams": (1.25, "x", "peak memory at the size against a quarter of it"),
}


def goal_line(name: str, measured: float | None) -> str:
    """'GOAL import: 20.9x (goal <= 3x against ...): not met' (or 'not measured')."""
    limit, unit, against = GOALS[name]
    if measured is None:
        return f"GOAL {name}: not measured in this run (goal <= {limit:g}{unit}, {against})"
    verdict = "met" if measured <= limit else "not met"
    return f"GOAL {name}: {measured:.1f}{unit} (goal <= {limit:g}{unit}, {against}): {verdict}"


def print_goal(name: str, measured: float | None) -> None:
    """Print one goal line."""
    print(goal_line(name, measured))


def size_on_disk(path: Path) -> int:
    """A database's bytes on disk, its write-ahead log included."""
    wal = Path(f"{path}-wal")
    return path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)
