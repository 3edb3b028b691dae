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
    default_demo_path,
    resolve_db,
    resolve_today,
    today_option,
    who,
)
from planner.errors import PlannerError
from planner.tui.roles import is_served, session_role
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

    app = create_app(
        db_path, today, who=who(), role=session_role(), served=is_served(), start=screen,
        keymap_path=keymap_path(),
    )  # fmt: skip
    app.run()


@click.command()
@screen_option
@today_option
@db_option
def tui(screen: str, today: date | None, db_path: Path | None) -> None:
    """Open the full-screen planner (this is what `planner` alone does)."""
    path = resolve_db(db_path)
    if not path.exists():
        raise PlannerError(_no_database(path))
    open_ui(path, resolve_today(today), screen)


def _no_database(path: Path) -> str:
    """Why `planner` cannot open `path`, and what to type instead."""
    demo = default_demo_path()
    if demo.exists():
        return (
            f"there is no planner database at {path}; your demo is at {demo}: open it with "
            f"'planner --db {demo}' (or 'planner demo'), or start your own with 'planner init' "
            "then 'planner import FILE'"
        )
    return (
        f"there is no planner database at {path}; run 'planner demo' to try the planner "
        "on demo data, or 'planner init' then 'planner import FILE', or pass --db"
    )


def _check_port_free(host: str, port: int) -> None:
    """Refuse a port something already listens on, before the server says it is serving."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # As the server binds: a port left in TIME_WAIT by a stopped server is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except socket.gaierror as exc:  # a --host that names no address of this machine
            raise PlannerError(f"cannot listen on {host}: {exc.strerror}") from None
        except OSError as exc:
            if exc.errno not in (errno.EADDRINUSE, errno.EACCES):
                raise
            reason = "already in use" if exc.errno == errno.EADDRINUSE else "not allowed"
            raise PlannerError(
                f"port {port} on {host} is {reason}; choose another with --port"
            ) from None


@click.command()
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535),
              help="Port to serve on.")  # fmt: skip
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Any other than this machine's (127.0.0.1) needs "
              "--certfile and --keyfile, or --behind-proxy.")  # fmt: skip
@click.option("--certfile", type=click.Path(dir_okay=False, path_type=Path),
              help="TLS certificate (PEM) to serve HTTPS with.")  # fmt: skip
@click.option("--keyfile", type=click.Path(dir_okay=False, path_type=Path),
              help="The certificate's private key (PEM).")  # fmt: skip
@click.option("--behind-proxy", is_flag=True,
              help="An HTTPS reverse proxy serves the planner (docs/guide/team-server.md); "
              "give --url too.")  # fmt: skip
@click.option("--url", help="The https:// address people type to reach the proxy.")
@today_option
@db_option
def serve(
    port: int, host: str, certfile: Path | None, keyfile: Path | None, behind_proxy: bool,
    url: str | None, today: date | None, db_path: Path | None,
) -> None:  # fmt: skip
    """Serve the planner UI in a web browser, behind a login (see `planner user`).

    On this machine only (127.0.0.1) unless --host is given with TLS or --behind-proxy. A
    link printed at start-up logs you in once without a password, on this machine only."""
    path = resolve_db(db_path)
    if not path.exists():
        raise PlannerError(f"there is no planner database at {path}; pass --db")
    # Here, not at the top, for the reason open_ui gives (textual-serve and Textual: ~550 ms).
    from planner.tui.serve import build_server
    from planner.tui.web_guard import Exposure

    exposure = Exposure(host, port, certfile, keyfile, behind_proxy, url)
    server = build_server(path, today, exposure, who())
    _check_port_free(host, port)
    server.serve()


__all__ = ["open_ui", "screen_option", "serve", "tui"]
