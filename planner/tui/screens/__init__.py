"""The planner's screens. The registry lists the top-level ones; each screen module is
imported when the screen is first shown, and even the base class loads on demand, so that
reading the registry (the CLI's --screen choices) does not import Textual."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from planner.tui.screens.registry import SCREENS, ScreenSpec, screen_spec

if TYPE_CHECKING:
    from planner.tui.screens.base import PlannerScreen

__all__ = ["SCREENS", "PlannerScreen", "ScreenSpec", "screen_spec"]


def __getattr__(name: str) -> Any:
    if name == "PlannerScreen":
        # Lazy so that the CLI, which reads the registry, does not import Textual (1-2 s
        # here against 0.3 s for the whole CLI, `-X importtime`).
        from planner.tui.screens.base import PlannerScreen

        return PlannerScreen
    raise AttributeError(name)
