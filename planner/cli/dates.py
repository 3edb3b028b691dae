"""`planner dates`: the legal dates and thresholds, worked out as the scheduler does."""

from __future__ import annotations

import click

from planner.cli.dates_threshold import threshold


@click.group()
def dates() -> None:
    """Work out legal dates and thresholds by the planner's own rules."""


dates.add_command(threshold)

__all__ = ["dates"]
