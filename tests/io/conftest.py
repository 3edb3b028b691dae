"""Helpers for the import and export tests: writing register files the way people make them,
and checking OCDS documents against the published schema."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

OCDS_SCHEMAS = Path(__file__).parent.parent / "data" / "ocds"


def csv_text(rows: Sequence[Sequence[object]], delimiter: str = ",") -> str:
    """Rows as CSV text with CRLF line ends (as Excel writes), quoting cells that need it."""
    lines = []
    for row in rows:
        cells = []
        for cell in row:
            text = "" if cell is None else str(cell)
            if any(ch in text for ch in (delimiter, '"', "\n", "\r")):
                text = '"' + text.replace('"', '""') + '"'
            cells.append(text)
        lines.append(delimiter.join(cells))
    return "\r\n".join(lines) + "\r\n"


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    """Write rows to a CSV file in the given encoding; returns its path."""

    def write(
        rows: Sequence[Sequence[object]],
        name: str = "register.csv",
        encoding: str = "utf-8",
        delimiter: str = ",",
    ) -> Path:
        path = tmp_path / name
        path.write_bytes(csv_text(rows, delimiter).encode(encoding))
        return path

    return write


HEADER = ["Contract Ref", "Title", "Supplier", "Start Date", "Expiry", "Notice Period",
          "Annual Value", "Total Value"]  # fmt: skip
GOOD_ROW = ["EST-001", "Cleaning", "Pennine Facilities Ltd", "01/04/2024", "31/03/2027",
            "3 months", "£12,000", "£36k"]  # fmt: skip


def _ocds_validator() -> Draft4Validator:
    schemas = OCDS_SCHEMAS
    package = json.loads((schemas / "release-package-schema.json").read_text(encoding="utf-8"))
    release = json.loads((schemas / "release-schema.json").read_text(encoding="utf-8"))
    registry: Registry[Any] = Registry().with_resource(
        release["id"], Resource.from_contents(release, default_specification=DRAFT4)
    )
    return Draft4Validator(package, registry=registry)


def ocds_errors(document: dict[str, Any]) -> list[str]:
    """Where and why an OCDS release package breaks the published 1.1 schema (none: valid)."""
    return [
        f"{list(e.absolute_path)}: {e.message}" for e in _ocds_validator().iter_errors(document)
    ]
