"""The app is given its today: nothing in planner/tui reads the real date."""

from __future__ import annotations

import ast
from pathlib import Path

import planner.tui

CLOCK_READS = {"today", "now", "utcnow", "localtime", "time"}
CLOCKS = {"date", "datetime", "pendulum", "time"}


def _clock_reads(source: Path) -> list[str]:
    """Calls like date.today() or datetime.now() in one module, as 'file:line call'."""
    found = []
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in CLOCK_READS
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id in CLOCKS
        ):
            found.append(f"{source.name}:{node.lineno} {node.func.value.id}.{node.func.attr}()")
    return found


# The team server's login times are wall-clock times, not the planning "today" (which each
# browser session's planner is given like any other): a lock-out or an idle session ends by
# the clock on the wall.
WALL_CLOCK_MODULES = {"serve.py"}


def test_no_module_of_the_ui_reads_the_real_clock() -> None:
    root = Path(planner.tui.__file__).parent
    modules = sorted(p for p in root.rglob("*.py") if p.name not in WALL_CLOCK_MODULES)
    assert len(modules) > 10
    assert [read for module in modules for read in _clock_reads(module)] == []


def test_the_check_finds_a_clock_read(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("from datetime import date\nday = date.today()\n", encoding="utf-8")
    assert _clock_reads(module) == ["m.py:2 date.today()"]
