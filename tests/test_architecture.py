"""The layers of docs/architecture.md, checked: a headless core, imports that only point
down, and SQL only in the store. `lint-imports` (make test) checks the same layers from
the contracts in pyproject.toml; these tests say it again in the suite, with the file and
line of anything out of place."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "planner"
# Top to bottom, as in pyproject.toml: a layer may import itself and any row below it, never
# a row above or a sibling in its own row (siblings are independent of each other).
LAYERS: list[tuple[str, ...]] = [
    ("cli",),
    ("tui", "demo"),
    ("briefs", "io"),
    ("store",),
    ("resources",),
    ("domain",),
    ("errors",),
]
ALLOWED: dict[str, set[str]] = {
    layer: {layer}.union(*(set(row) for row in LAYERS[depth + 1 :]))
    for depth, row in enumerate(LAYERS)
    for layer in row
}

HEADLESS = """
import json, sys
import planner.domain, planner.store, planner.io, planner.briefs, planner.cli, planner.demo
import planner.io.importer, planner.io.ocds, planner.io.register_csv, planner.io.xlsx
import planner.io.ocds_read, planner.io.register_xlsx, planner.io.limits
import planner.demo.build
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


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def _imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.extend([(node.lineno, node.module)])
    return found


def _python_files(layer: str) -> list[Path]:
    folder = PACKAGE / layer
    if folder.is_dir():
        return sorted(folder.rglob("*.py"))
    module = PACKAGE / f"{layer}.py"
    return [module] if module.is_file() else []


def _where(path: Path, line: int) -> str:
    return f"{path.relative_to(PACKAGE.parent)}:{line}"


def test_every_part_of_the_package_has_a_layer() -> None:
    parts = {
        p.stem if p.is_file() else p.name
        for p in PACKAGE.iterdir()
        if (p.is_dir() and (p / "__init__.py").exists())
        or (p.suffix == ".py" and p.name != "__init__.py")
    }
    assert parts == set(ALLOWED)


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_each_layer_imports_only_the_layers_below_it(layer: str) -> None:
    assert _python_files(layer), f"no modules found for the {layer} layer"
    wrong = []
    for path in _python_files(layer):
        for line, module in _imports(path):
            parts = module.split(".")
            if parts[0] == "planner" and len(parts) > 1 and parts[1] not in ALLOWED[layer]:
                wrong.append(f"{_where(path, line)} imports {module}")
    assert wrong == []


def test_nothing_outside_the_tui_imports_textual() -> None:
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "tui" in path.relative_to(PACKAGE).parts:
            continue
        for line, module in _imports(path):
            if module.split(".")[0] in ("textual", "textual_serve"):
                wrong.append(f"{_where(path, line)} imports {module}")
    assert wrong == []


# ---------------------------------------------------------------- SQL stays in the store

# Cursor and connection methods that run SQL.
_EXECUTES = {"execute", "executemany", "executescript"}
# sqlite-utils Table methods that read or write rows: db["table"].insert(...) and the like.
_TABLE_METHODS = {
    "insert", "insert_all", "upsert", "upsert_all", "update", "delete", "delete_where",
    "create", "drop", "transform", "add_column", "rows", "rows_where", "lookup",
}  # fmt: skip
# Names a database handle goes by: Textual widgets have a `query` method too, so db.query
# is recognised by its receiver.
_DATABASE_NAMES = {"db", "database", "conn", "connection"}


def _receiver_name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _runs_sql(node: ast.AST) -> str | None:
    """What a node does with SQL, or None."""
    if (
        isinstance(node, ast.ImportFrom)
        and node.module == "sqlite3"
        and any(alias.name == "connect" for alias in node.names)
    ):
        return "imports sqlite3.connect"
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
        return None
    method, receiver = node.func.attr, node.func.value
    if method in _EXECUTES:
        return f".{method}()"
    if method == "query" and _receiver_name(receiver) in _DATABASE_NAMES:
        return "db.query()"
    if method in _TABLE_METHODS and isinstance(receiver, ast.Subscript):
        return f"db[...].{method}()"
    if method == "connect" and _receiver_name(receiver) == "sqlite3":
        return "sqlite3.connect()"
    return None


# (file, what it runs) still allowed. A reader or writer a command, screen or brief needs is
# a store function; an entry here is a debt, and the test fails when an entry is no longer
# needed, so the list only shrinks.
STILL_ALLOWED: set[tuple[str, str]] = set()  # nothing outside the store runs SQL


def test_no_module_outside_the_store_runs_sql() -> None:
    wrong, allowed_seen = [], set()
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.relative_to(PACKAGE).parts[0] == "store":
            continue
        name = str(path.relative_to(PACKAGE.parent))
        for node in ast.walk(_tree(path)):
            found = _runs_sql(node)
            if found and (name, found) in STILL_ALLOWED:
                allowed_seen.add((name, found))
            elif found:
                wrong.append(f"{_where(path, getattr(node, 'lineno', 0))} {found}")
    assert wrong == []
    assert STILL_ALLOWED - allowed_seen == set(), "no longer needed: remove from STILL_ALLOWED"


@pytest.mark.parametrize(
    "source",
    [
        "db.conn.execute('SELECT 1')",
        "cursor.executemany('INSERT', rows)",
        "conn.executescript('DROP TABLE x')",
        "db.query('SELECT 1')",
        "self.db.query('SELECT 1')",
        "db['contracts'].insert({'ref': 'A'})",
        "db['contracts'].upsert_all(rows, pk='id')",
        "sqlite3.connect('x.db')",
        "from sqlite3 import connect",
    ],
)
def test_the_sql_scan_sees_each_way_of_running_sql(source: str) -> None:
    assert any(_runs_sql(node) for node in ast.walk(ast.parse(source)))


def test_the_sql_scan_leaves_textual_queries_alone() -> None:
    tree = ast.parse("self.query(Select)\nscreen.query('*')\nwidgets[0].refresh()")
    assert not any(_runs_sql(node) for node in ast.walk(tree))


# Store functions that call change() without @writes, and why that is safe.
READS_INSIDE_THEIR_CHANGE = {
    # Reads the stored contracts inside its change; a dry run rolls back by raising inside
    # it, which an outer transaction from @writes would swallow and commit.
    "upsert_contracts",
    # Reads each stored row it compares inside its change, and nothing before it.
    "save_plan",
    # Hash the password (a tenth of a second, by design) before taking the write lock, so a
    # burst of logins or password changes does not hold up everyone else's saves; what they
    # check is read inside their change (add_user) or only names the row (set_password).
    "add_user",
    "set_password",
    # Opens the one change (and transaction) a what-if's commit joins; it reads nothing, and
    # commit_whatif reads what it checks inside its own transaction around it.
    "one_change",
}


def _decorator_names(func: ast.FunctionDef) -> set[str]:
    return {d.id for d in func.decorator_list if isinstance(d, ast.Name)}


def _calls_change(func: ast.FunctionDef) -> bool:
    return any(
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "change"
        for node in ast.walk(func)
    )


def test_every_public_store_write_reads_and_writes_in_one_transaction() -> None:
    """Issue 13: a read outside the write transaction let two users' writes cross. A public
    store function that makes a change is decorated @writes (planner.store.db.writes)."""
    missing = [
        f"{path.name}:{node.name}"
        for path in _python_files("store")
        for node in _tree(path).body
        if isinstance(node, ast.FunctionDef)
        and not node.name.startswith("_")
        and _calls_change(node)
        and "writes" not in _decorator_names(node)
        and node.name not in READS_INSIDE_THEIR_CHANGE
    ]
    assert missing == []
