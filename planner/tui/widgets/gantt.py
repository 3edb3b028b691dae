"""A month-by-month timeline of the planned reviews, grouped, with notice deadlines and
today marked. Drawn line by line (Line API): only the rows on screen are rendered."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from planner.domain.codes import Rag
from planner.domain.dates import add_months
from planner.store.programme import TimelineRow
from planner.tui.readers import DEFAULT_TIMELINE_MONTHS
from planner.tui.widgets.row_view import RowView

NOTICE = "◆"
TODAY = "┃"
BAR = "█"
RAGS = frozenset(Rag)  # each drawn in its own colour; no RAG is drawn plain


@dataclass(frozen=True, slots=True)
class GanttLine:
    """A line of the chart: a group heading (review is None) or one review."""

    label: str
    review: TimelineRow | None = None


def group_lines(reviews: list[TimelineRow], key: Callable[[TimelineRow], str]) -> list[GanttLine]:
    """Heading lines with counts, each followed by its reviews in start order."""
    groups: dict[str, list[TimelineRow]] = {}
    for review in reviews:
        groups.setdefault(key(review), []).append(review)
    lines: list[GanttLine] = []
    for name in sorted(groups, key=lambda n: (n == "Unassigned", n.lower())):
        members = sorted(groups[name], key=lambda r: (r.start or date.max, r.ref))
        red = sum(r.rag == Rag.RED for r in members)
        amber = sum(r.rag == Rag.AMBER for r in members)
        counts = (
            f"{len(members)}"
            + (f" · {red} red" if red else "")
            + (f" · {amber} amber" if amber else "")
        )
        lines.append(GanttLine(f"{name} ({counts})"))
        lines.extend(GanttLine(f"{r.ref} {r.title or ''}", r) for r in members)
    return lines


@dataclass(frozen=True, slots=True)
class MonthLabel:
    """A month's name (or a year) in the header, `at` characters from the timeline's start."""

    at: int
    text: str
    month: date


MIN_PER_MONTH = len("Oct ")  # a month's name and a space: every month is named
MAX_PER_MONTH = 8
MIN_LABEL = 22  # the narrowest the review titles get, on a narrow terminal
LABEL_SHARE = 0.35  # the titles' least share of the width: fewer months rather than less


def month_labels(first_month: date, months: int, per: int) -> list[MonthLabel]:
    """Every month's name ('Oct') at its first column, for months of `per` characters (at
    least four, so the names never touch)."""
    labels = []
    for m in range(months):
        month = add_months(first_month, m)
        labels.append(MonthLabel(m * per, calendar.month_abbr[month.month], month))
    return labels


def year_labels(first_month: date, months: int, per: int) -> list[MonthLabel]:
    """The year over its first month on the timeline and over each January; the first one is
    left out when it would touch the next year's (the next year says which it is)."""
    labels: list[MonthLabel] = []
    for m in range(months):
        month = add_months(first_month, m)
        if m == 0 or month.month == 1:
            labels.append(MonthLabel(m * per, f"{month.year}", month))
    labels = [label for label in labels if label.at + len(label.text) <= months * per]
    if len(labels) > 1 and labels[0].at + len(labels[0].text) + 1 > labels[1].at:
        labels = labels[1:]
    return labels


class GanttChart(RowView, can_focus=True):
    """Bars run from a review's planned start to the day the new contract must start, or
    to the day it is planned to start when that is later (a late review's work is now)."""

    HELP_SECTION = "Timeline"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", "Up", show=False, id="gantt.up"),
        Binding("down,j", "cursor(1)", "Down", show=False, id="gantt.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="gantt.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="gantt.page_down"),
        Binding("home", "jump(0)", "First", show=False, id="gantt.first"),
        Binding("end", "jump(-1)", "Last", show=False, id="gantt.last"),
        Binding("enter", "choose", "Open", id="gantt.open"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "gantt--header",
        "gantt--group",
        "gantt--cursor",
        "gantt--today",
        "gantt--notice",
        "gantt--red",
        "gantt--amber",
        "gantt--green",
        "gantt--plain",
        "gantt--grid",
    }
    DEFAULT_CSS = """
    GanttChart {
        background: $surface;
        overflow-x: hidden;
        scrollbar-size-vertical: 1;
        & > .gantt--header { background: $panel; text-style: bold; }
        & > .gantt--group { text-style: bold; color: $text-accent; }
        & > .gantt--cursor { background: $block-cursor-blurred-background; }
        &:focus > .gantt--cursor { background: $block-cursor-background; }
        & > .gantt--today { color: $text-accent; text-style: bold; }
        & > .gantt--notice { color: $text-error; text-style: bold; }
        & > .gantt--red { color: $error; }
        & > .gantt--amber { color: $warning; }
        & > .gantt--green { color: $success; }
        & > .gantt--plain { color: $primary; }
        & > .gantt--grid { color: $text-disabled; }
    }
    """

    cursor: reactive[int] = reactive(0, always_update=True)

    class ReviewChosen(Message):
        """Enter on a review's line."""

        def __init__(self, review: TimelineRow) -> None:
            super().__init__()
            self.review = review

    HEADER_LINES = 2  # the years, then the months

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: list[GanttLine] = []
        # Nothing is drawn until show() gives the app's today (the real clock is never read).
        self.today: date | None = None
        self.first_month: date | None = None
        self.months = DEFAULT_TIMELINE_MONTHS

    def show(
        self,
        lines: list[GanttLine],
        today: date,
        first_month: date,
        months: int = DEFAULT_TIMELINE_MONTHS,
    ) -> None:
        """Draw these lines, with the timeline starting at `first_month` and `months` long
        (fewer when the width cannot hold them)."""
        self.lines = lines
        self.today = today
        self.first_month = date(first_month.year, first_month.month, 1)
        self.months = max(1, months)
        self.virtual_size = Size(0, len(lines) + self.HEADER_LINES)
        if self.current is None:  # on a heading: go to the first review below it
            below = (i for i in range(self.cursor, len(lines)) if lines[i].review is not None)
            self.cursor = next(below, min(self.cursor, max(0, len(lines) - 1)))
        else:
            self.cursor = min(self.cursor, max(0, len(lines) - 1))
        self.refresh()

    @property
    def current(self) -> TimelineRow | None:
        """The review under the cursor (None on a heading)."""
        if 0 <= self.cursor < len(self.lines):
            return self.lines[self.cursor].review
        return None

    # ---------------------------------------------------------------- geometry

    def _timeline_room(self) -> int:
        """The width left for the months once the titles have their least share."""
        width = self.scrollable_content_region.width
        return width - 1 - max(MIN_LABEL, int(width * LABEL_SHARE))

    def month_width(self) -> int:
        """Characters per month: what the months setting leaves once the titles have their
        share of the width, from four (a name and a space) to eight."""
        return max(MIN_PER_MONTH, min(MAX_PER_MONTH, self._timeline_room() // self.months))

    def months_shown(self) -> int:
        """The months setting, or as many as fit beside the titles' least share."""
        return max(1, min(self.months, self._timeline_room() // self.month_width()))

    def label_width(self) -> int:
        """The review titles' column: the width the months leave."""
        width = self.scrollable_content_region.width
        return max(MIN_LABEL, width - 1 - self.months_shown() * self.month_width())

    def _cells(self, first_month: date) -> list[tuple[date, date]]:
        """The span of days each character of the timeline stands for."""
        cells = []
        per = self.month_width()
        for m in range(self.months_shown()):
            start = add_months(first_month, m)
            days = calendar.monthrange(start.year, start.month)[1]
            for i in range(per):
                cells.append(
                    (start + timedelta(days=days * i // per),
                     start + timedelta(days=days * (i + 1) // per))
                )  # fmt: skip
        return cells

    # ---------------------------------------------------------------- moving

    def watch_cursor(self) -> None:
        self.scroll_to_row(self.cursor)
        self.refresh()

    def action_cursor(self, step: int) -> None:
        if self.lines:
            self.cursor = max(0, min(len(self.lines) - 1, self.cursor + step))

    def action_page(self, step: int) -> None:
        self.action_cursor(step * self.page)

    def action_jump(self, where: int) -> None:
        if self.lines:
            self.cursor = 0 if where == 0 else len(self.lines) - 1

    def action_choose(self) -> None:
        review = self.current
        if review is not None:
            self.post_message(self.ReviewChosen(review))

    async def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < self.HEADER_LINES:
            return
        index = int(self.scroll_y) + offset.y - self.HEADER_LINES
        if 0 <= index < len(self.lines):
            self.cursor = index
            if event.chain >= 2:
                self.action_choose()

    # ---------------------------------------------------------------- drawing

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"gantt--{name}", partial=True)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        today, first_month = self.today, self.first_month
        if today is None or first_month is None:
            return Strip.blank(width, base)
        label_width = self.label_width()
        if y < self.HEADER_LINES:
            return self._header(y, width, label_width, base, first_month, today)
        index = int(self.scroll_y) + y - self.HEADER_LINES
        if index >= len(self.lines):
            return Strip.blank(width, base)
        line = self.lines[index]
        row_style = base + self._style("cursor") if index == self.cursor else base
        cells = self._cells(first_month)
        if line.review is None:
            segments = self._heading(line.label, label_width + 1 + len(cells), row_style)
        else:
            text = line.label
            if len(text) > label_width - 1:  # a space before the timeline; cut text says so
                text = text[: label_width - 2] + "…"
            label = text.ljust(label_width)
            segments = [Segment(label, row_style), Segment(" ", row_style)]
            segments += self._bar(line.review, cells, today, row_style)
        return Strip(segments).adjust_cell_length(width, row_style)

    def _heading(self, label: str, width: int, row_style: Style) -> list[Segment]:
        """A group heading, its rule running on over the empty timeline to `width`."""
        heading = f"{label} "
        rule = max(0, width - len(heading))
        return [
            Segment(heading, row_style + self._style("group")),
            Segment("─" * rule, row_style + self._style("grid")),
        ]

    def _bar(
        self, review: TimelineRow, cells: list[tuple[date, date]], today: date, row_style: Style
    ) -> list[Segment]:
        """A review's timeline: its notice deadline, its bar, today and the month marks."""
        bar = row_style + self._style(review.rag if review.rag in RAGS
                                      else "plain")  # fmt: skip
        notice = row_style + self._style("notice")
        today_style = row_style + self._style("today")
        grid = row_style + self._style("grid")
        ends = [d for d in (review.new_contract_start, review.planned_new_start) if d]
        end = max(ends) if ends else None
        segments = []
        for first, after in cells:
            if review.notice_date is not None and first <= review.notice_date < after:
                segments.append(Segment(NOTICE, notice))
            elif (
                review.start is not None
                and end is not None
                and first < end
                and review.start < after
            ):
                segments.append(Segment(BAR, bar))
            elif first <= today < after:
                segments.append(Segment(TODAY, today_style))
            elif first.day == 1:
                segments.append(Segment("·", grid))
            else:
                segments.append(Segment(" ", row_style))
        return segments

    def _header(
        self, y: int, width: int, label_width: int, base: Style, first_month: date, today: date
    ) -> Strip:
        """Header line `y`: 'Review' and the years, then the months' names."""
        header = base + self._style("header")
        per = self.month_width()
        labels = year_labels if y == 0 else month_labels
        segments = [Segment(("Review" if y == 0 else "").ljust(label_width) + " ", header)]
        at = 0
        for label in labels(first_month, self.months_shown(), per):
            style = header
            if y > 0 and (label.month.year, label.month.month) == (today.year, today.month):
                style = header + self._style("today")
            segments += [Segment(" " * (label.at - at), header), Segment(label.text, style)]
            at = label.at + len(label.text)
        return Strip(segments).adjust_cell_length(width, header)
