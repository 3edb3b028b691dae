"""The `planner` command: a thin click layer over domain, store, io, briefs and tui.

Subcommands load lazily so that `planner --help` and the UI start fast.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import click

from planner.errors import PlannerError

# name -> (module, attribute); each module holds the commands of one area.
COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("planner.cli.register", "init"),
    "list": ("planner.cli.register", "list_"),
    "backup": ("planner.cli.register", "backup"),
    "audit": ("planner.cli.register", "audit"),
    "department": ("planner.cli.register", "department"),
    "undo": ("planner.cli.register", "undo"),
    "redo": ("planner.cli.register", "redo"),
    "tui": ("planner.cli.ui", "tui"),
    "demo": ("planner.cli.ui", "demo"),
    "serve": ("planner.cli.ui", "serve"),
    "import": ("planner.cli.io_commands", "import_"),
    "export": ("planner.cli.io_commands", "export"),
    "benefit": ("planner.cli.briefs", "benefit"),
    "claim": ("planner.cli.briefs", "claim"),
    "brief": ("planner.cli.briefs", "brief"),
    "import-spend": ("planner.cli.briefs", "import_spend"),
    "spend": ("planner.cli.briefs", "spend"),
    "officer": ("planner.cli.schedule", "officer"),
    "leave": ("planner.cli.schedule", "leave"),
    "rules": ("planner.cli.schedule", "rules"),
    "decide": ("planner.cli.schedule", "decide"),
    "schedule": ("planner.cli.schedule", "schedule"),
    "baseline": ("planner.cli.schedule", "baseline"),
    "milestone": ("planner.cli.schedule", "milestone"),
}


class PlannerGroup(click.Group):
    """A group whose commands load on first use and whose errors never show a traceback."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module = importlib.import_module(target[0])
        command: click.Command = getattr(module, target[1])
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PlannerError as exc:
            _fail(str(exc))
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("Interrupted; nothing more was written.", err=True)
            sys.exit(130)
        except BrokenPipeError:  # `planner list | head`
            sys.stderr.close()
            sys.exit(0)
        except Exception as exc:  # the last line of defence: never a traceback
            if os.environ.get("PLANNER_DEBUG"):
                raise
            _fail(
                f"unexpected problem ({type(exc).__name__}: {exc}). Any change in progress was "
                "rolled back. Run again with PLANNER_DEBUG=1 to see the details."
            )


def _fail(message: str) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


@click.group(cls=PlannerGroup, invoke_without_command=True)
@click.version_option(package_name="contract-review-planner", prog_name="planner")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Plan and track a contract review programme. With no command, opens the planner UI."""
    if ctx.invoked_subcommand is None:
        tui = PlannerGroup.get_command(main, ctx, "tui")
        if tui is None:
            click.echo(ctx.get_help())
            return
        ctx.invoke(tui)
