"""The layers of DESIGN.md, checked: a headless core, and imports that only point down."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "planner"
# Which of our packages each layer may import (DESIGN.md, "The house").
ALLOWED: dict[str, set[str]] = {
    "domain": {"errors", "domain"},
    "store": {"errors", "domain", "store", "resources"},
    "io": {"errors", "domain", "store", "io"},
    "briefs": {"errors", "domain", "store", "briefs", "resources"},
}

HEADLESS = """
import json, sys
import planner.domain, planner.store, planner.io, planner.briefs, planner.cli
import planner.io.importer, planner.io.ocds, planner.io.register_csv, planner.io.xlsx
from planner.cli import COMMANDS
import importlib
for module, _ in COMMANDS.values():
    importlib.import_module(module)
print(json.dumps(sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))))
"""


def test_the_core_and_the_cli_import_without_textual() -> None:
    completed = subprocess.run(
        [sys.executable, "-c", HEADLESS], capture_output=True, text=True, timeout=120
    )
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout) == []


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.extend([(node.lineno, node.module)])
    return found


def _python_files(layer: str) -> list[Path]:
    folder = PACKAGE / layer
    return sorted(folder.rglob("*.py")) if folder.is_dir() else []


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_each_layer_imports_only_the_layers_below_it(layer: str) -> None:
    wrong = []
    for path in _python_files(layer):
        for line, module in _imports(path):
            parts = module.split(".")
            if parts[0] == "planner" and len(parts) > 1 and parts[1] not in ALLOWED[layer]:
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {module}")
    assert wrong == []


def test_nothing_outside_the_tui_imports_textual() -> None:
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "tui" in path.relative_to(PACKAGE).parts:
            continue
        for line, module in _imports(path):
            if module == "textual" or module.startswith("textual."):
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {module}")
    assert wrong == []
