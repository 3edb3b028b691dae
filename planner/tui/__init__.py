"""The full-screen planner (the only package that imports textual).

`create_app` is imported from planner.tui.app on demand, so that importing this package
costs nothing until the UI is opened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from planner.tui.app import PlannerApp, create_app

__all__ = ["PlannerApp", "create_app"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        # Lazy for start-up of every CLI command: planner.tui.app brings in Textual, which
        # costs 1-2 s here against 0.3 s for the whole CLI (`-X importtime`).
        from planner.tui import app

        return getattr(app, name)
    raise AttributeError(name)
