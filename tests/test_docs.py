"""The README stays true: every command has help and is shown there with an example."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from planner.cli import COMMANDS, main

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _command_paths() -> list[tuple[str, ...]]:
    ctx = click.Context(main)
    paths: list[tuple[str, ...]] = []
    for name in COMMANDS:
        command = main.get_command(ctx, name)
        assert command is not None, name
        paths.append((name,))
        if isinstance(command, click.Group):
            paths.extend((name, sub) for sub in command.list_commands(ctx))
    return paths


@pytest.mark.parametrize("path", _command_paths(), ids=" ".join)
def test_every_command_has_help(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(main, [*path, "--help"], prog_name="planner")
    assert result.exit_code == 0, result.output
    assert "Usage: planner " + " ".join(path) in result.output
    summary = result.output.split("\n\n")[1].strip()
    assert len(summary) > 10, f"planner {' '.join(path)} has no help text"


@pytest.mark.parametrize("path", _command_paths(), ids=" ".join)
def test_every_command_appears_in_the_readme_with_an_example(path: tuple[str, ...]) -> None:
    pattern = r"planner " + r"\s+".join(re.escape(part) for part in path) + r"(\s|$|`)"
    assert re.search(pattern, README), f"README.md shows no example of `planner {' '.join(path)}`"


def test_the_readme_quick_start_is_the_two_make_commands() -> None:
    quick_start = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^make \w+", quick_start, flags=re.MULTILINE)
    assert commands == ["make demo", "make test"]
