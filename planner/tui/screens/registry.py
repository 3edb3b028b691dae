"""The planner's top-level screens, in the order of their number keys.

Each entry is a mode of the app, imported only when first shown (so starting the app does
not pay for screens nobody has opened). To add a screen, add a line here: it gets its
number key, a place in the navigation bar and its actions in the command palette.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from planner.tui.roles import write_refusal

if TYPE_CHECKING:
    from textual.app import App

    from planner.tui.screens.base import PlannerScreen
    from planner.tui.screens.detail import ContractScreen
    from planner.tui.screens.import_screen import ImportScreen


@dataclass(frozen=True, slots=True)
class ScreenSpec:
    """One top-level screen: its mode name, title, number key and where its class lives."""

    mode: str
    title: str
    key: str
    target: str  # "module:ClassName"

    def load(self) -> type[PlannerScreen]:
        """Import and return the screen class."""
        module_name, class_name = self.target.split(":")
        screen: type[PlannerScreen] = getattr(importlib.import_module(module_name), class_name)
        return screen

    def factory(self) -> Callable[[], PlannerScreen]:
        """A callable that builds the screen (App.MODES accepts one)."""
        return lambda: self.load()()


SCREENS: list[ScreenSpec] = [
    ScreenSpec("dashboard", "Dashboard", "1", "planner.tui.screens.dashboard:DashboardScreen"),
    ScreenSpec("triage", "Triage", "2", "planner.tui.screens.triage:TriageScreen"),
    ScreenSpec("programme", "Programme", "3", "planner.tui.screens.programme:ProgrammeScreen"),
    ScreenSpec("milestones", "Milestones", "4", "planner.tui.screens.milestones:MilestonesScreen"),
    ScreenSpec("briefs", "Briefs", "5", "planner.tui.screens.briefs:BriefsScreen"),
]


def screen_spec(mode: str) -> ScreenSpec:
    """The spec of a mode; ValueError names the known ones."""
    for spec in SCREENS:
        if spec.mode == mode:
            return spec
    known = ", ".join(s.mode for s in SCREENS)
    raise ValueError(f"there is no screen called '{mode}' (known: {known})")


def contract_screen_class() -> type[ContractScreen]:
    """The contract screen, imported on first use like the screens above."""
    # Lazy for start-up: the contract screen brings in the scheduler's modules, which the
    # triage and briefs screens do not otherwise load (measured with `-X importtime`: about
    # +0.6 s to launching on triage, +0.05-0.15 s on the other screens, of 1.5-3 s).
    from planner.tui.screens.detail import ContractScreen

    return ContractScreen


def open_contract(app: App[object], contract_id: int) -> None:
    """Show one contract over the current screen."""
    app.push_screen(contract_screen_class()(contract_id))


SERVED_IMPORT = (
    "in a browser the planner does not read files on the server's disk: import with "
    "planner import on the server, or run the planner on your own computer"
)


def import_screen_class() -> type[ImportScreen]:
    """The import screen, imported on first use like the contract screen."""
    # Lazy for start-up: the importer brings in the spreadsheet and OCDS readers, which no
    # other screen needs.
    from planner.tui.screens.import_screen import ImportScreen

    return ImportScreen


def open_import(app: App[object]) -> str | None:
    """Show the import screen over the current one; the reason it cannot be, or None."""
    if getattr(app, "served", False):
        # A path typed in a browser would be read from the server's disk (docs/guide/import.md).
        return SERVED_IMPORT
    role = getattr(app, "role", None)
    if role is not None and (refusal := write_refusal(role)) is not None:
        return refusal
    app.push_screen(import_screen_class()())
    return None
