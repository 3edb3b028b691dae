"""`planner demo`: build a clearly synthetic programme (replacing an earlier demo), then
open it in the planner UI."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from planner.cli.common import default_demo_path, from_group, resolve_today, say, today_option, who
from planner.cli.ui import open_ui, screen_option
from planner.demo.build import build_demo_file
from planner.demo.generator import DemoSpec
from planner.domain.dates import format_date
from planner.domain.words import plural


@click.command()
@click.option("--seed", default=2026, show_default=True, help="Seed of the demo generator.")
@click.option("--contracts", default=450, show_default=True, type=click.IntRange(1, 200_000),
              help="How many contracts to generate.")  # fmt: skip
@click.option("--no-open", is_flag=True, help="Build the database, then stop.")
@screen_option
@today_option
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    callback=from_group,
    help="Demo database to build (replaced if an earlier demo made it). "
    "Default: demo.db in your data folder; $PLANNER_DB is not used, so your own "
    "database is never the target by accident.",
)
def demo(
    seed: int, contracts: int, no_open: bool, screen: str, today: date | None,
    db_path: Path | None,
) -> None:  # fmt: skip
    """Build a clearly synthetic demo programme (replacing an earlier demo file) and open it."""
    path = db_path if db_path is not None else default_demo_path()
    day = resolve_today(today)
    made = build_demo_file(path, DemoSpec(seed=seed, contracts=contracts), day, who())
    say(
        f"Built the demo programme in {path}: "
        f"{plural(made.contracts.imported, 'synthetic contract')}, "
        f"{plural(made.officers, 'officer')}, {plural(made.reviews, 'review')} planned as of "
        f"{format_date(day)}, {plural(made.overdue, 'milestone')} overdue."
    )
    if not no_open:
        open_ui(path, day, screen)


__all__ = ["default_demo_path", "demo"]
