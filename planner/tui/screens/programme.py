"""Programme: the reviews on a month-by-month timeline, grouped by department or officer,
and the officers' weeks against their capacity; re-plan from here."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable
from textual.worker import get_current_worker

from planner.domain.dates import add_months, format_date
from planner.domain.plan import WeekLoad
from planner.tui.jobs import replan_job
from planner.tui.messages import ProgrammeLoaded, Replanned
from planner.tui.readers import ProgrammeView, read_programme
from planner.tui.screens.base import PlannerScreen
from planner.tui.screens.registry import open_contract
from planner.tui.widgets import StatusLine
from planner.tui.widgets.gantt import NOTICE, TODAY, GanttChart, group_lines
from planner.tui.widgets.load import load_cell
from planner.tui.widgets.tables import PlainTable

GROUPINGS = ("department", "officer")


class ProgrammeScreen(PlannerScreen):
    """Timeline above, capacity below (on a narrow terminal, c switches between them)."""

    MODE = "programme"
    TITLE = "Programme"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "replan", "Re-plan", id="programme.replan"),
        Binding("g", "group", "Group by", id="programme.group"),
        Binding("c", "capacity", "Capacity", id="programme.capacity"),
        Binding("left_square_bracket", "shift(-3)", "Earlier", id="programme.earlier"),
        Binding("right_square_bracket", "shift(3)", "Later", id="programme.later"),
        Binding("t", "today", "Today", show=False, id="programme.today"),
        Binding("w", "app.whatif", "What-if", id="programme.whatif"),
        Binding("o", "team", "Team", id="programme.team"),
    ]
    FOOTER_PRIORITY: ClassVar[tuple[str, ...]] = (
        "programme.replan", "programme.group", "programme.capacity", "gantt.open", "app.undo",
        "programme.team", "programme.earlier", "programme.later",
    )  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self.grouping = "department"
        self.view: ProgrammeView | None = None
        self.first_month: date | None = None

    def compose_body(self) -> ComposeResult:
        yield GanttChart(id="gantt")
        yield PlainTable(id="capacity", cursor_type="row", zebra_stripes=True)
        yield StatusLine(id="status-line")

    def on_mount(self) -> None:
        self.query_one(GanttChart).focus()
        self.query_one("#capacity", DataTable).border_title = "Officer load by week"

    def load(self) -> None:
        self._read()

    @work(thread=True, exclusive=True, group="programme", exit_on_error=False)
    def _read(self) -> None:
        app = self.planner
        with app.connections.reader() as db:
            view = read_programme(db, app.today)
        if not get_current_worker().is_cancelled:
            self.post_message(ProgrammeLoaded(view))

    @on(ProgrammeLoaded)
    def _loaded(self, message: ProgrammeLoaded) -> None:
        self.view = message.programme
        if self.first_month is None:
            self.first_month = add_months(self.view.today, -1)
        self._draw()

    def _draw(self) -> None:
        view = self.view
        if view is None or self.first_month is None:
            return
        key = (
            (lambda r: r.department)
            if self.grouping == "department"
            else (lambda r: r.officer or "Unassigned")
        )
        chart = self.query_one(GanttChart)
        chart.show(group_lines(view.reviews, key), view.today, self.first_month,
                   view.timeline_months)  # fmt: skip
        self._draw_capacity(view)
        planned = (
            f"planned as of {format_date(view.planned_on)}"
            if view.planned_on
            else "not planned yet"
        )
        over = sum(w.overloaded for w in view.load)
        self.query_one(StatusLine).info = (
            f"{len(view.reviews):,} reviews by {self.grouping} · {planned} · "
            f"{over} overloaded officer-weeks · {NOTICE} notice deadline  {TODAY} today"
        )

    def _draw_capacity(self, view: ProgrammeView) -> None:
        table = self.query_one("#capacity", DataTable)
        table.clear(columns=True)
        weeks = sorted({w.week for w in view.load})
        by_officer: dict[str, dict[date, WeekLoad]] = defaultdict(dict)
        for w in view.load:
            by_officer[w.officer][w.week] = w
        table.add_column("Officer", width=12, key="officer")
        for week in weeks:
            table.add_column(f"{week:%d/%m}", width=5, key=week.isoformat())
        for officer in sorted(by_officer):
            cells: list[Any] = [officer]
            cells += [load_cell(by_officer[officer][w]) for w in weeks]
            table.add_row(*cells, key=officer)
        if not by_officer:
            table.add_row("No officers: add them with planner officer add")

    # ---------------------------------------------------------------- actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """On a narrow terminal showing capacity, the timeline's keys leave the footer: they
        would change a timeline that is not on the screen."""
        if action in ("group", "shift", "today"):
            return not (self.has_class("-narrow") and self.has_class("-capacity"))
        return True

    def action_replan(self) -> None:
        """Run the scheduler as of today, in the background, and show the new plan."""
        self.say("Re-planning…")
        self.write(replan_job(self.planner.today, self.planner.who), "re-plan")

    def on_replanned(self, message: Replanned) -> None:
        self.say(message.summary)
        self.load()

    def action_group(self) -> None:
        """Group the timeline by department, or by officer."""
        self.grouping = GROUPINGS[(GROUPINGS.index(self.grouping) + 1) % len(GROUPINGS)]
        self.query_one(GanttChart).cursor = 0
        self._draw()

    def action_capacity(self) -> None:
        """Show officer capacity (on a narrow terminal, instead of the timeline)."""
        showing = self.has_class("-capacity")
        self.set_class(not showing, "-capacity")
        target = "#gantt" if showing else "#capacity"
        self.query_one(target).focus()
        self.refresh_bindings()

    def action_shift(self, months: int) -> None:
        """Move the timeline earlier or later by some months."""
        if self.first_month is not None:
            self.first_month = add_months(self.first_month, months)
            self._draw()

    def action_today(self) -> None:
        """Bring today back near the start of the timeline."""
        if self.view is not None:
            self.first_month = add_months(self.view.today, -1)
            self._draw()

    def action_team(self) -> None:
        """The team: officers, their hours, skills and leave (add, change, remove)."""
        # Lazy, as the contract screen: only a visit to the team needs its module.
        from planner.tui.screens.team import TeamScreen

        self.app.push_screen(TeamScreen())

    @on(GanttChart.ReviewChosen)
    def _open(self, message: GanttChart.ReviewChosen) -> None:
        open_contract(self.app, message.review.contract_id)
