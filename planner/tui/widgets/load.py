"""An officer-week of planned work against capacity, as the programme and the dashboard
show it."""

from __future__ import annotations

from rich.text import Text

from planner.domain.plan import WeekLoad


def load_cell(load: WeekLoad) -> Text:
    """An officer-week as a percentage of capacity; overload stands out."""
    if load.capacity_hours <= 0:
        return Text("off" if load.demand_hours == 0 else f"{load.demand_hours:.0f}h!", "dim")
    percent = round(100 * load.demand_hours / load.capacity_hours)
    if load.overloaded:
        return Text(f"{percent}%", "bold reverse red")
    if percent >= 85:
        return Text(f"{percent}%", "yellow")
    return Text(f"{percent}%", "dim" if percent == 0 else "")
