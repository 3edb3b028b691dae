"""The planner UI in a web browser (textual-serve), on this machine only."""

from __future__ import annotations

import shlex
import sys
from datetime import date
from pathlib import Path

from textual_serve.server import Server

SERVE_HOST = "127.0.0.1"  # the planner holds a force's contracts: never listen beyond this machine


def build_server(db_path: Path, today: date | None, port: int) -> Server:
    """A textual-serve server that runs `planner tui` on this database for each browser.

    Without a --today of its own, each session works out today when it starts (a server
    left running past midnight does not keep yesterday)."""
    parts = [sys.executable, "-c", "from planner.cli import main; main()", "tui",
             "--db", str(db_path.resolve())]  # fmt: skip
    if today is not None:
        parts += ["--today", today.isoformat()]
    command = " ".join(shlex.quote(part) for part in parts)
    return Server(command, host=SERVE_HOST, port=port, title="Contract review planner")
