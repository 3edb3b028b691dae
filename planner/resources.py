"""Where the shipped SQL migrations, brief templates and reference data live, in a checkout
or a wheel."""

from __future__ import annotations

import csv
import functools
from pathlib import Path

from planner.domain.kpis import PostcodeAreas
from planner.errors import PlannerError, ValidationError

_PACKAGE = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    # A wheel carries them inside the package (hatchling force-include); a checkout or an
    # editable install keeps them at the repository root (docs/architecture.md).
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"the planner's {name}/ folder is missing from this installation")


def schema_dir() -> Path:
    """The folder of numbered SQL migrations."""
    return _find("schema")


def templates_dir() -> Path:
    """The folder of default brief templates."""
    return _find("templates")


def reference_dir() -> Path:
    """The folder of reference data shipped with its sources (code lists, postcode areas)."""
    return _find("reference")


POSTCODE_AREAS_FILE = "postcode_areas.csv"


@functools.cache
def postcode_areas() -> PostcodeAreas:
    """The postcode-area table of reference/postcode_areas.csv, read once per process."""
    path = reference_dir() / POSTCODE_AREAS_FILE
    lines = [
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")  # the source lines
    ]
    rows = list(csv.reader(lines))
    if not rows or [cell.strip() for cell in rows[0]] != ["postcode", "region"]:
        raise PlannerError(f"{path} must start (after its # source lines) with: postcode,region")
    try:
        # A row with no region cell ("OL14") reads as an empty region: neither.
        padded = ([*row, "", ""] for row in rows[1:])
        return PostcodeAreas.from_rows((cells[0], cells[1]) for cells in padded)
    except ValidationError as exc:
        raise PlannerError(f"{path}: {exc}") from None
