"""`planner --help` lists the commands from planner.cli.SUMMARIES without importing them:
the list must read exactly as click would print it from the commands themselves."""

from __future__ import annotations

import json
import subprocess
import sys

import click
import pytest

from planner.cli import COMMANDS, SUMMARIES, main


def test_every_command_has_a_summary() -> None:
    assert set(SUMMARIES) == set(COMMANDS)


@pytest.mark.parametrize("width", [50, 64, 78, 120])
def test_the_listing_is_what_click_prints_from_the_commands(width: int) -> None:
    ctx = click.Context(main)
    ours, clicks = click.HelpFormatter(width=width), click.HelpFormatter(width=width)
    main.format_commands(ctx, ours)
    click.Group.format_commands(main, ctx, clicks)  # loads every command, as click does
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
