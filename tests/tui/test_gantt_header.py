"""The timeline's month labels fit their columns with a space between them, at any width."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date
from itertools import pairwise

import pytest

from planner.domain.dates import add_months
from planner.tui.app import PlannerApp
from planner.tui.widgets.gantt import GanttChart, month_labels
from tests.tui.conftest import settle


@pytest.mark.parametrize("per", range(1, 9))
@pytest.mark.parametrize("first", [date(2026, 10, 1), date(2026, 12, 1), date(2027, 1, 1)])
def test_labels_name_their_own_month_and_never_touch(per: int, first: date) -> None:
    months = 20
    labels = month_labels(first, months, per)
    assert labels
    for label in labels:
        m, rest = divmod(label.at, per)
        assert rest == 0 and label.month == add_months(first, m)  # at the month's first column
        name = calendar.month_abbr[label.month.month]
        assert label.text in (name, f"{name} {label.month:%y}")
        assert label.at + len(label.text) <= months * per
    for left, right in pairwise(labels):
        assert left.at + len(left.text) + 1 <= right.at


@pytest.mark.parametrize("per", range(1, 9))
def test_the_first_label_and_each_new_year_carry_the_year(per: int) -> None:
    labels = month_labels(date(2026, 10, 1), 24, per)
    assert labels[0].text == "Oct 26"
    years = {label.text[-2:] for label in labels if " " in label.text}
    assert years >= {"26", "27"}


def test_every_month_is_named_when_its_column_holds_the_name() -> None:
    labels = month_labels(date(2026, 10, 1), 12, 4)
    named = {label.month for label in labels}
    # only the month after a year's label gives way to it
    assert named == {add_months(date(2026, 10, 1), m) for m in range(12)} - {
        date(2026, 11, 1), date(2027, 2, 1)
    }  # fmt: skip


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_the_header_shows_spaced_month_labels(
    make_app: Callable[..., PlannerApp], size: tuple[int, int]
) -> None:
    app = make_app(start="programme")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        chart = app.screen.query_one(GanttChart)
        header = chart.render_line(0).text
        assert header.startswith("Review")
        timeline = header.removeprefix("Review").lstrip()
        words = re.findall(r"[A-Z][a-z]{2}(?: \d\d)?", timeline)
        assert words[0] == "Oct 26" and len(words) >= 6
        assert re.fullmatch(r"(?:[A-Z][a-z]{2}(?: \d\d)? +)+[A-Z][a-z]{2}(?: \d\d)? *", timeline)
        if size == (160, 48):  # room for every month with its year
            assert words[:3] == ["Oct 26", "Nov 26", "Dec 26"]
