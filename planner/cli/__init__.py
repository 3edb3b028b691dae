"""The `planner` command: a thin click layer over domain, store, io, briefs and tui.

Subcommands load lazily so that `planner --help` and the UI start fast.
"""

from __future__ import annotations

import importlib
import os
import sys
import textwrap
from pathlib import Path
from typing import Any

import click

from planner.domain.safe_text import visible
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
    "demo": ("planner.cli.demo", "demo"),
    "serve": ("planner.cli.ui", "serve"),
    "import": ("planner.cli.imports", "import_"),
    "mapping": ("planner.cli.mappings", "mapping"),
    "export": ("planner.cli.exports", "export"),
    "benefit": ("planner.cli.briefs", "benefit"),
    "claim": ("planner.cli.briefs", "claim"),
    "brief": ("planner.cli.briefs", "brief"),
    "import-spend": ("planner.cli.spend", "import_spend"),
    "spend": ("planner.cli.spend", "spend"),
    "officer": ("planner.cli.team", "officer"),
    "leave": ("planner.cli.team", "leave"),
    "rules": ("planner.cli.rules", "rules"),
    "decide": ("planner.cli.schedule", "decide"),
    "schedule": ("planner.cli.schedule", "schedule"),
    "baseline": ("planner.cli.schedule", "baseline"),
    "milestone": ("planner.cli.schedule", "milestone"),
    "dates": ("planner.cli.dates", "dates"),
    "user": ("planner.cli.users", "user"),
    "checklist": ("planner.cli.checklist", "checklist"),
    "options": ("planner.cli.options", "options"),
    "restrict": ("planner.cli.options", "restrict"),
    "kpi": ("planner.cli.kpi", "kpi"),
}

# name -> the first paragraph of the command's help, for the list `planner --help` prints.
# Listing them from here, not from the commands, keeps `planner --help` from importing every
# command module (measured with `python -X importtime`: ~250 ms of CPU on top of ~80), so the
# command modules import what they use at the top. tests/cli/test_help_listing.py checks that
# each summary still matches its command's help.
SUMMARIES: dict[str, str] = {
    "init": "Create the database, or migrate it to the current schema (backing it up first).",
    "list": "Show the register, filtered.",
    "backup": "Take an online backup of the database to TARGET (safe while the planner is open).",
    "audit": "Check the tamper-evident audit trail.",
    "department": "List or add departments, their other spellings, and whether their values "
    "include VAT.",
    "undo": "Undo the most recent change (from the audit trail).",
    "redo": "Redo the most recently undone change.",
    "tui": "Open the full-screen planner (this is what `planner` alone does).",
    "demo": "Open the demo programme, first building it (clearly synthetic) if there is none yet.",
    "serve": "Serve the planner UI in a web browser, behind a login (see `planner user`).",
    "import": "Import a register from CSV, XLSX or OCDS JSON (all-or-nothing unless "
    "--skip-invalid).",
    "mapping": "List and show the heading mappings saved from imports (planner import "
    "--mapping NAME).",
    "export": "Write the register out: register CSV, OCDS JSON (and more).",
    "benefit": "Record and list benefits: savings, cost avoidance, service value, social value.",
    "claim": "Record and list claims made by suppliers under contracts.",
    "brief": "Render a Markdown brief: programme (default), department, kpi or plan.",
    "import-spend": "Import a payments ledger (date, supplier, amount, department; CSV or "
    "XLSX), match its suppliers to the register and report spend covered by contracts and "
    "local spend.",
    "spend": "Review supplier matches and see spend figures for a year.",
    "officer": "Keep the procurement team: officers, weekly hours, skills.",
    "leave": "Book officers' leave (it reduces their weekly capacity).",
    "rules": "Show or change the rules held as data: routes, stages, thresholds, settings.",
    "decide": "Record a decision on a contract: planner decide EST-00012 --route open "
    "--priority 1.",
    "schedule": "Plan every open review, level the work across the team, and report what "
    "needs action.",
    "baseline": "Make the current plan the baseline that slippage is measured against.",
    "milestone": "Record milestones as done, or list one contract's milestones.",
    "dates": "Work out legal dates and thresholds: standstill, notice, working days, "
    "termination notice, details notice, threshold.",
    "checklist": "Answer each review's checklist (social value, living wage, equality, DPIA, "
    "TUPE, risks) and keep the default set of questions.",
    "user": "Keep the accounts that log in to `planner serve`: add, passwd, list, disable.",
    "options": "Show or set a contract's extension options and when each must be decided.",
    "restrict": "Mark a contract restricted: left out of the published plan, OCDS and "
    "published briefs.",
    "kpi": "Set the strategy's KPI baselines and yearly targets, and list each KPI against them.",
}


WHOLE = 10_000  # a summary this long is never shortened: write_commands wraps it instead


class WholeHelpGroup(click.Group):
    """A group whose command list gives each command's first sentence whole, wrapped to the
    terminal, where click cut it to one line ending in '...' (at 80 columns most were)."""

    group_class = type  # its own groups (`rules set`) list their commands whole too

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list, each summary whole."""
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(WHOLE)))
        write_commands(formatter, rows)


def write_commands(formatter: click.HelpFormatter, rows: list[tuple[str, str]]) -> None:
    """A Commands section as click's write_dl writes it, but never breaking a line inside a
    hyphenated word: 'tender-period' in an example must be typed whole."""
    if not rows:
        return
    with formatter.section("Commands"):
        indent = formatter.current_indent
        first = min(max(len(name) for name, _ in rows), 30) + 2
        width = max(formatter.width - first - 2, 10)
        for name, text in rows:
            lines = textwrap.wrap(text, width, break_on_hyphens=False) or [""]
            if len(name) <= first - 2:
                formatter.write(f"{'':>{indent}}{name:<{first}}{lines[0]}\n")
            else:
                formatter.write(f"{'':>{indent}}{name}\n{'':>{indent + first}}{lines[0]}\n")
            for line in lines[1:]:
                formatter.write(f"{'':>{indent + first}}{line}\n")


class PlannerGroup(WholeHelpGroup):
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

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list of `planner --help`, as WholeHelpGroup gives it from each
        command's own help, without loading the commands."""
        rows = [
            (name, click.Command(name, help=SUMMARIES[name]).get_short_help_str(WHOLE))
            for name in self.list_commands(ctx)
        ]
        write_commands(formatter, rows)

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
    click.echo(f"Error: {visible(message)}", err=True)  # a value never drives the terminal
    sys.exit(1)


@click.group(cls=PlannerGroup, invoke_without_command=True)
@click.version_option(package_name="contract-review-planner", prog_name="planner")
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="PLANNER_DB",
    default=None,
    help="Database file for the UI and for the command that follows. Default: $PLANNER_DB, "
    "else planner.db in your data folder.",
)
@click.option(
    "--today",
    envvar="PLANNER_TODAY",
    default=None,
    help="Treat this date as today, here and in the command that follows (default: "
    "$PLANNER_TODAY, else the real date).",
)
@click.pass_context
def main(ctx: click.Context, db_path: Path | None, today: str | None) -> None:
    """Plan and track a contract review programme. With no command, opens the planner UI.

    Example: planner --db force.db"""
    if ctx.invoked_subcommand is None:
        tui = PlannerGroup.get_command(main, ctx, "tui")
        if tui is None:
            click.echo(ctx.get_help())
            return
        # Options typed on the group are passed as the command's own; the command reads
        # the date (the group does not import the date parser: `planner --help` stays fast).
        args = [
            *(["--db", str(db_path)] if db_path else []),
            *(["--today", today] if today else []),
        ]
        tui.main(args, prog_name="planner", standalone_mode=False)
