"""`planner --help` lists the commands from planner.cli.SUMMARIES without importing them:
the list must read exactly as click would print it from the commands themselves."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator

import click
import pytest
from click.testing import CliRunner

from planner.cli import COMMANDS, SUMMARIES, WholeHelpGroup, main


def test_every_command_has_a_summary() -> None:
    assert set(SUMMARIES) == set(COMMANDS)


@pytest.mark.parametrize("width", [50, 64, 78, 120])
def test_the_listing_is_what_click_prints_from_the_commands(width: int) -> None:
    ctx = click.Context(main)
    ours, clicks = click.HelpFormatter(width=width), click.HelpFormatter(width=width)
    main.format_commands(ctx, ours)
    WholeHelpGroup.format_commands(main, ctx, clicks)  # loads every command
    assert ours.getvalue() == clicks.getvalue()


def test_help_imports_no_command_module() -> None:
    code = (
        "import sys\nfrom planner.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "import json\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('planner.cli.'))), "
        "file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "Commands:" in done.stdout
    assert json.loads(done.stderr.strip().splitlines()[-1]) == []


def _every_command(command: click.Command, path: list[str]) -> Iterator[list[str]]:
    yield path
    if isinstance(command, click.Group):
        ctx = click.Context(command)
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            assert sub is not None
            yield from _every_command(sub, [*path, name])


def test_every_help_is_whole_at_80_columns() -> None:
    """Issue 15: `planner officer --help` listed 'Add an officer, e.g. planner officer add "A.'
    and most command lists ended in '...': at 80 columns no summary is cut, no example ends
    mid-quote or breaks inside a hyphenated word ('tender-' / 'period')."""
    cut = []
    for path in _every_command(main, []):
        result = CliRunner().invoke(main, [*path, "--help"], terminal_width=80)
        assert result.exit_code == 0, path
        text = result.output.split("Options:")[0] + result.output.partition("Commands:")[2]
        if text.count('"') % 2 or text.count("`") % 2:
            cut.append(f"{' '.join(path)}: unbalanced quote")
        listing = result.output.partition("Commands:")[2].splitlines()
        cut += [f"{' '.join(path)}: {line.strip()}" for line in listing
                if line.endswith("...") or line.endswith("-")]  # fmt: skip
        assert all(len(line) <= 80 for line in result.output.splitlines()), path
    assert cut == []
