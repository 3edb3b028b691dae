"""Setting a KPI's target for the year from the dashboard: pick the KPI, type the value
(docs/rules.md, "KPI targets"); the same store function as `planner kpi target`."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from planner.domain.kpis import FinancialYear, Kpi, parse_kpi_value
from planner.store.db import Database
from planner.store.kpi_targets import set_kpi_target
from planner.tui.dialogs import Choice, ChoiceDialog, Entered, PromptDialog
from planner.tui.messages import ChangeSaved
from planner.tui.screens.base import PlannerScreen

_KEYS = "123456789abcdefghijklmnopqrstuvwxyz"
_HINTS = {
    "money": "an amount such as £1.5m; blank removes the target",
    "percent": "a percentage such as 95%; blank removes the target",
    "ratio": "a ratio such as 2.5; blank removes the target",
    "count": "a whole number; blank removes the target",
}


def ask_kpi_target(screen: PlannerScreen, year: FinancialYear, kpis: Mapping[str, Kpi]) -> None:
    """Ask which KPI and what target for `year`, then save it as one audited change."""
    choices = [
        Choice(_KEYS[i] if i < len(_KEYS) else "", key, kpi.name)
        for i, (key, kpi) in enumerate(kpis.items())
    ]

    def chosen(key: str | None) -> None:
        if key is None:
            return
        kpi = kpis[key]

        def parse(text: str) -> int | Decimal | None:
            return parse_kpi_value(key, text) if text.strip() else None

        def entered(answer: Entered[int | Decimal | None] | None) -> None:
            if answer is None:
                return
            value = None if answer.value is None else str(answer.value)
            if value is None and kpi.target is None:
                screen.say(f"{kpi.name} has no {year.label} target; nothing changed")
                return
            who = screen.planner.who

            def job(db: Database) -> ChangeSaved:
                set_kpi_target(db, key, year, value, who)
                said = "removed" if value is None else "set"
                return ChangeSaved(f"{year.label} target for {kpi.name} {said}")

            screen.write(job, "set a KPI target")

        current = "" if kpi.target is None else str(kpi.target)
        screen.app.push_screen(
            PromptDialog(f"{year.label} target: {kpi.name}", parse, value=current,
                         hint=_HINTS.get(kpi.unit, "")),
            entered,
        )  # fmt: skip

    screen.app.push_screen(ChoiceDialog(f"Set a {year.label} target for", choices), chosen)
