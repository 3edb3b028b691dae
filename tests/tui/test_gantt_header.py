"""The timeline labels every month, with the year on a line of its own where it changes, and
gives what the months leave of the width to the review titles."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date
from itertools import pairwise

import pytest

from planner.domain.dates import add_months
from planner.store import Database
from planner.store.route_rules import set_setting
from planner.tui.app import PlannerApp
from planner.tui.widgets.gantt import GanttChart, month_labels, year_labels
from tests.tui.conftest import settle


@pytest.mark.parametrize("per", range(4, 9))
@pytest.mark.parametrize("first", [date(2026, 10, 1), date(2026, 12, 1), date(2027, 1, 1)])
def test_every_month_is_named_at_its_first_column(per: int, first: date) -> None:
    """Issue 15: 'Dec  Jan 26    Mar': February gave way to the year's label."""
    months = 20
    labels = month_labels(first, months, per)
    assert [label.month for label in labels] == [add_months(first, m) for m in range(months)]
    for m, label in enumerate(labels):
        assert label.at == m * per
        assert label.text == calendar.month_abbr[label.month.month]
    for left, right in pairwise(labels):
        assert left.at + len(left.text) + 1 <= right.at


@pytest.mark.parametrize("per", range(4, 9))
def test_the_year_is_on_its_own_line_at_the_first_month_and_each_january(per: int) -> None:
    labels = year_labels(date(2026, 10, 1), 24, per)
    assert [(label.at, label.text) for label in labels] == [
        (0, "2026"), (3 * per, "2027"), (15 * per, "2028")
    ]  # fmt: skip


def test_a_first_month_close_to_a_january_leaves_the_first_year_out_rather_than_touch() -> None:
    labels = year_labels(date(2026, 12, 1), 12, 4)
    assert [(label.at, label.text) for label in labels] == [(4, "2027")]


def _header(chart: GanttChart) -> tuple[str, str]:
    return chart.render_line(0).text, chart.render_line(1).text


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (160, 48)])
async def test_the_header_names_every_month_and_titles_grow_with_the_width(
    make_app: Callable[..., PlannerApp], size: tuple[int, int]
) -> None:
    """Issue 15: at 120 columns titles were cut to 11 characters ('Detainee me')."""
    app = make_app(start="programme")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        chart = app.screen.query_one(GanttChart)
        years, months = _header(chart)
        assert years.startswith("Review")
        assert re.search(r"\b2026\b", years) and re.search(r"\b2027\b", years)
        names = re.findall(r"[A-Z][a-z]{2}", months)
        first = date(2026, 10, 1)
        assert names == [calendar.month_abbr[add_months(first, m).month]
                         for m in range(chart.months_shown())]  # fmt: skip
        width = chart.label_width()
        assert width >= {80: 24, 120: 44, 160: 60}[size[0]]
        if size[0] >= 120:
            assert chart.months_shown() == 18  # the setting's default


async def test_the_months_shown_are_a_setting(
    make_app: Callable[..., PlannerApp], read_db: Database
) -> None:
    set_setting(read_db, "timeline_months", "12", "tester")
    app = make_app(start="programme")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        chart = app.screen.query_one(GanttChart)
        assert chart.months_shown() == 12
        assert chart.label_width() >= 60
