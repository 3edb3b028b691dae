"""The docs stay true: every command has help and an example in docs/cli.md, which is
generated from that help; every key binding is in docs/guide/keys.md; links lead somewhere."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from cogapp import Cog
from textual.dom import DOMNode
from textual.keys import format_key

import planner
import planner.tui
from planner.cli import main
from planner.tui.app import all_binding_ids
from planner.tui.bindings import own_bindings

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
README = (ROOT / "README.md").read_text(encoding="utf-8")
CLI_MD = DOCS / "cli.md"


def _paths(group: click.Group, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None, name
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from _paths(command, (*prefix, name))


COMMAND_PATHS = list(_paths(main))


@pytest.mark.parametrize("path", COMMAND_PATHS, ids=" ".join)
def test_every_command_has_help(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(main, [*path, "--help"], prog_name="planner")
    assert result.exit_code == 0, result.output
    assert "Usage: planner " + " ".join(path) in result.output
    summary = result.output.split("\n\n")[1].strip()
    assert len(summary) > 10, f"planner {' '.join(path)} has no help text"


@pytest.mark.parametrize("path", COMMAND_PATHS, ids=" ".join)
def test_every_command_has_an_example_in_the_cli_reference(path: tuple[str, ...]) -> None:
    # An example is a line of its own that starts with the command (help text is indented
    # and usage lines start with 'Usage:', so neither counts).
    pattern = r"^planner " + r"\s+".join(re.escape(part) for part in path) + r"(\s|$)"
    text = CLI_MD.read_text(encoding="utf-8")
    assert re.search(pattern, text, flags=re.MULTILINE), (
        f"docs/cli.md shows no example of `planner {' '.join(path)}`"
    )


def test_the_cli_reference_is_generated_from_the_current_help() -> None:
    # What `cog --check docs/cli.md` does: run the page's generator and compare.
    status = Cog().main(["cog", "--check", "--check-fail-msg", "run: cog -r docs/cli.md",
                         str(CLI_MD)])  # fmt: skip
    assert status == 0, "docs/cli.md is out of date with --help: run cog -r docs/cli.md"


def test_the_readme_quick_start_is_the_two_make_commands() -> None:
    quick_start = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^make \w+", quick_start, flags=re.MULTILINE)
    assert commands == ["make demo", "make test"]


def test_the_readme_keeps_the_performance_table() -> None:
    performance = README.split("\n## Performance\n", 1)[1].split("\n## ", 1)[0]
    assert "| what |" in performance and "goal at 50,000" in performance


_LINK = re.compile(r"\]\((?!https?://|mailto:)([^)#\s]*)(?:#([^)\s]*))?\)")
# Code blocks and HTML comments (docs/cli.md's generator lives in one) hold no links.
_FENCED = re.compile(r"^```.*?^```|<!--.*?-->", flags=re.MULTILINE | re.DOTALL)
_PAGES = [p for p in (ROOT / "README.md", ROOT / "CONTRIBUTING.md") if p.exists()] + sorted(
    DOCS.rglob("*.md")
)


def _anchors(page: Path) -> set[str]:
    """GitHub's anchors for the headings of a page: lower case, punctuation dropped."""
    text = _FENCED.sub("", page.read_text(encoding="utf-8"))
    headings = re.findall(r"^#+ (.*)$", text, flags=re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-") for h in headings}


@pytest.mark.parametrize("page", _PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_points_at_a_file_and_heading(page: Path) -> None:
    text = _FENCED.sub("", page.read_text(encoding="utf-8"))
    broken = []
    for target, anchor in _LINK.findall(text):
        destination = (page.parent / target).resolve() if target else page
        if not destination.exists():
            broken.append(target)
        elif anchor and destination.suffix == ".md" and anchor not in _anchors(destination):
            broken.append(f"{target}#{anchor}")
    assert broken == [], f"{page.relative_to(ROOT)} has links that lead nowhere"


def _planner_bindings() -> list[tuple[str, str, str]]:
    """(binding id, key, class) for every key of every binding a planner.tui class declares."""
    found = []
    for info in pkgutil.walk_packages(planner.tui.__path__, "planner.tui."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__ or not issubclass(cls, DOMNode):
                continue
            for binding in own_bindings(cls):
                if binding.id:
                    found.extend((binding.id, key.strip(), cls.__name__)
                                 for key in binding.key.split(","))  # fmt: skip
    return found


def test_every_key_binding_is_in_the_keys_page_with_its_keys() -> None:
    rows = [
        line for line in (DOCS / "guide" / "keys.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("|")
    ]  # fmt: skip
    bindings = _planner_bindings()
    assert {binding_id for binding_id, _, _ in bindings} >= all_binding_ids()
    missing = []
    for binding_id, key, cls in bindings:
        spellings = {f"`{key}`", f"`{format_key(key)}`"}
        if not any(f"`{binding_id}`" in row and any(s in row for s in spellings) for row in rows):
            missing.append(f"{binding_id} ({cls}): {key}")
    assert missing == [], "docs/guide/keys.md lacks these bindings or keys"


def test_the_version_is_the_installed_packages_and_the_cli_says_it() -> None:
    result = CliRunner().invoke(main, ["--version"], prog_name="planner")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"planner, version {planner.__version__}"
