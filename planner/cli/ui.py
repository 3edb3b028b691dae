"""Commands that open the full-screen planner: tui, demo (build demo data, then open) and
serve (the same UI in a browser). Textual is imported only once a command runs."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import click

from planner.cli.common import (
    APP_NAME,
    db_option,
    resolve_db,
    resolve_today,
    say,
    today_option,
    who,
)
from planner.domain.dates import format_date
from planner.domain.words import plural
from planner.errors import PlannerError
from planner.tui.screens.registry import SCREENS


def keymap_path() -> Path:
    """$PLANNER_KEYMAP if set, else keymap.toml in the user's config folder."""
    configured = os.environ.get("PLANNER_KEYMAP")
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "keymap.toml"


def default_demo_path() -> Path:
    """demo.db in the user's data folder (never the real planner.db)."""
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "demo.db"


screen_option = click.option(
    "--screen",
    type=click.Choice([spec.mode for spec in SCREENS]),
    default="dashboard",
    show_default=True,
    help="The screen to open on.",
)


def open_ui(db_path: Path, today: date, screen: str) -> None:
    """Run the planner UI in this terminal until the user quits."""
    from planner.tui.app import create_app

    app = create_app(db_path, today, who=who(), start=screen, keymap_path=keymap_path())
    app.run()


@click.command()
@screen_option
@today_option
@db_option
def tui(screen: str, today: date | None, db_path: Path | None) -> None:
    """Open the full-screen planner (this is what `planner` alone does)."""
    path = resolve_db(db_path)
    if not path.exists():
        raise PlannerError(
            f"there is no planner database at {path}; run 'planner demo' to try the planner "
            "on demo data, or 'planner init' then 'planner import FILE', or pass --db"
        )
    open_ui(path, resolve_today(today), screen)


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
    help="Demo database to build (replaced if an earlier demo made it). "
    "Default: demo.db in your data folder; $PLANNER_DB is not used, so your own "
    "database is never the target by accident.",
)
def demo(
    seed: int, contracts: int, no_open: bool, screen: str, today: date | None,
    db_path: Path | None,
) -> None:  # fmt: skip
    """Build a clearly synthetic demo programme (replacing an earlier demo file) and open it."""
    from planner.demo.build import build_demo_file
    from planner.demo.generator import DemoSpec

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


def _check_port_free(host: str, port: int) -> None:
    """Refuse a port something already listens on, before the server says it is serving."""
    import errno
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As the server binds: a port left in TIME_WAIT by a stopped server is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno not in (errno.EADDRINUSE, errno.EACCES):
                raise
            reason = "already in use" if exc.errno == errno.EADDRINUSE else "not allowed"
            raise PlannerError(
                f"port {port} on {host} is {reason}; choose another with --port"
            ) from None


@click.command()
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535),
              help="Port on 127.0.0.1 to serve on.")  # fmt: skip
@today_option
@db_option
def serve(port: int, today: date | None, db_path: Path | None) -> None:
    """Serve the planner UI in a web browser, on this machine only (127.0.0.1)."""
    path = resolve_db(db_path)
    if not path.exists():
        raise PlannerError(f"there is no planner database at {path}; pass --db")
    from planner.tui.serve import build_server

    server = build_server(path, today, port)
    _check_port_free(server.host, port)
    say(f"Serving the planner at http://{server.host}:{port} (ctrl+c to stop).")
    server.serve()


__all__ = ["demo", "serve", "tui"]
