"""The rejected rows of an import, written as they were with a reason column, so the user
can fix them and import that file again."""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol

from planner.errors import PlannerError
from planner.io.cells import cell_text, guard_formula
from planner.io.tables import Table


class _Problem(Protocol):
    @property
    def row(self) -> int: ...
    @property
    def column(self) -> str: ...
    @property
    def error(self) -> str: ...


class Rejects(Protocol):
    """What write_rejected needs of a check: the problems and the bad rows as they were."""

    @property
    def problems(self) -> Sequence[_Problem]: ...
    @property
    def bad_rows(self) -> Mapping[int, list[object]]: ...


def rejected_path(path: Path) -> Path:
    """Where the rejected rows of `path` are written: `<name>.rejected.csv` beside it."""
    return path.with_name(f"{path.stem}.rejected.csv")


def write_rejected(path: Path, table: Table, checked: Rejects, target: Path | None = None) -> Path:
    """Write the rejected rows, as they were, with a reason column, to `target` (else
    beside the input)."""
    target = target or rejected_path(path)
    if target.resolve() == path.resolve():
        raise PlannerError(
            f"--rejected {target} is the file being imported; name another file for the "
            "rejected rows; nothing was imported"
        )
    reasons: dict[int, list[str]] = {}
    for problem in checked.problems:
        reasons.setdefault(problem.row, []).append(
            f"{problem.column}: {problem.error}" if problem.column else problem.error
        )
    try:
        # utf-8-sig so Excel opens it with the pound signs and names intact.
        with target.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["row", *table.headers, "reason"])
            for number, cells in checked.bad_rows.items():
                shown = [guard_formula(cell_text(c)) for c in cells[: table.width]]
                writer.writerow([number, *shown, guard_formula("; ".join(reasons[number]))])
    except OSError as exc:
        raise PlannerError(
            f"cannot write the rejected rows to {target} ({exc.strerror or exc}); "
            "nothing was imported"
        ) from None
    return target
