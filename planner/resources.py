"""Where the shipped SQL migrations, brief templates and reference data live, in a checkout
or a wheel."""

from __future__ import annotations

from pathlib import Path

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
