"""The house rules of issue 9, held by the suite: small modules, simple functions.

See CONTRIBUTING.md ("House rules") for the commands that report the same figures.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from radon.complexity import cc_visit
from radon.visitors import Function

PLANNER = Path(__file__).resolve().parent.parent / "planner"
MODULES = sorted(PLANNER.rglob("*.py"))
MAX_LINES = 500
MAX_COMPLEXITY = 15


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PLANNER)))
def test_no_module_is_over_500_lines(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{path.name} has {lines} lines; split it by job"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PLANNER)))
def test_no_function_is_over_complexity_15(path: Path) -> None:
    # cc_visit lists every function and method as a Function block (a class's own figure
    # only averages its methods, so classes are not checked themselves).
    too_complex = [
        f"{block.fullname} ({block.complexity})"
        for block in cc_visit(path.read_text(encoding="utf-8"))
        if isinstance(block, Function) and block.complexity > MAX_COMPLEXITY
    ]
    assert not too_complex, "split these: " + ", ".join(too_complex)
