"""Commands that open the full-screen planner: tui, and serve (the same UI in a browser).
Textual is imported only once a command runs."""

from __future__ import annotations

import errno
import os
import socket
from datetime import date
from pathlib import Path

import click
import platformdirs

from planner.cli.common import (
    APP_NAME,
    db_option,
    resolve_db,
    resolve_today,
    say,
    today_option,
    who,
)
from planner.errors import PlannerError
from planner.tui.screens.registry import SCREENS


def keymap_path() -> Path:
    """$PLANNER_KEYMAP if set, else keymap.toml in the user's config folder."""
    configured = os.environ.get("PLANNER_KEYMAP")
    if configured:
        return Path(configured)
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "keymap.toml"


screen_option = click.option(
    "--screen",
    type=click.Choice([spec.mode for spec in SCREENS]),
    default="dashboard",
    show_default=True,
    help="The screen to open on.",
)


def open_ui(db_path: Path, today: date, screen: str) -> None:
    """Run the planner UI in this terminal until the user quits."""
    # Imported here, not at the top: every command module must import without Textual
    # (the headless test in tests/test_architecture.py), and planner.tui.app costs ~400 ms
    # of CPU (python -X importtime) that no other command should pay.
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


def _check_port_free(host: str, port: int) -> None:
    """Refuse a port something already listens on, before the server says it is serving."""
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
    # Here, not at the top, for the reason open_ui gives (textual-serve and Textual: ~550 ms).
    from planner.tui.serve import build_server

    server = build_server(path, today, port)
    _check_port_free(server.host, port)
    say(f"Serving the planner at http://{server.host}:{port} (ctrl+c to stop).")
    server.serve()


__all__ = ["open_ui", "screen_option", "serve", "tui"]
