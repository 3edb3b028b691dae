"""`planner demo`: open the demo, building a clearly synthetic programme first if there is
none yet; `--rebuild` builds it afresh (asking first if someone has changed it by hand)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from planner.cli.common import default_demo_path, from_group, resolve_today, say, today_option
from planner.cli.ui import open_ui, screen_option
from planner.demo.build import ExistingDemo, build_demo_file, existing_demo
from planner.demo.generator import DemoSpec
from planner.domain.dates import format_date
from planner.domain.words import plural
from planner.store.provenance import DEMO_BUILDER


@click.command()
@click.option("--seed", default=2026, show_default=True, help="Seed of the demo generator.")
@click.option("--contracts", default=450, show_default=True, type=click.IntRange(1, 200_000),
              help="How many contracts to generate.")  # fmt: skip
@click.option("--no-open", is_flag=True, help="Build the database, then stop.")
@click.option("--rebuild", is_flag=True,
              help="Build the demo afresh even if there is one (asks first if it was changed "
              "by hand).")  # fmt: skip
@click.option("--yes", is_flag=True, help="With --rebuild: do not ask, rebuild anyway.")
@screen_option
@today_option
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    callback=from_group,
    help="Demo database to open or build (replaced only with --rebuild, and only if a demo "
    "made it). "
    "Default: demo.db in your data folder; $PLANNER_DB is not used, so your own "
    "database is never the target by accident.",
)
def demo(
    seed: int, contracts: int, no_open: bool, rebuild: bool, yes: bool, screen: str,
    today: date | None, db_path: Path | None,
) -> None:  # fmt: skip
    """Open the demo programme, first building it (clearly synthetic) if there is none yet.

    The demo you have changed is kept: run it again and it opens as you left it. --rebuild
    builds it afresh, and asks first if anyone changed it by hand.

    Example: planner demo --rebuild --contracts 1500"""
    path = db_path if db_path is not None else default_demo_path()
    day = resolve_today(today)
    existing = existing_demo(path)
    if existing is not None and not rebuild:
        say(
            f"The demo is in {path} (kept as you left it); 'planner demo --rebuild' builds it "
            "afresh."
        )
        if not no_open:
            open_ui(path, day, screen)
        return
    if existing is not None and existing.changed_by and not yes:
        _confirm_rebuild(existing)
    made = build_demo_file(path, DemoSpec(seed=seed, contracts=contracts), day, DEMO_BUILDER)
    say(
        f"Built the demo programme in {path}: "
        f"{plural(made.contracts.imported, 'synthetic contract')}, "
        f"{plural(made.officers, 'officer')}, {plural(made.reviews, 'review')} planned as of "
        f"{format_date(day)}, {plural(made.overdue, 'milestone')} overdue."
    )
    if not no_open:
        open_ui(path, day, screen)


def _confirm_rebuild(existing: ExistingDemo) -> None:
    """Ask before throwing away changes made by hand in the demo (the audit trail names who)."""
    people = ", ".join(
        f"{plural(count, 'change')} by {name}" for name, count in existing.changed_by.items()
    )
    click.confirm(
        f"The demo in {existing.path} was changed by hand since it was built ({people}). "
        "Rebuild it and lose them?",
        abort=True,
        err=True,
    )


__all__ = ["default_demo_path", "demo"]
