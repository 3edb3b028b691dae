"""Milestones: what is overdue, due this week and due next week; mark one done (today or on
a date you give), which re-plans what follows it."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable
from textual.worker import get_current_worker

from planner.domain.dates import format_date
from planner.store.plan_reader import MilestoneRow
from planner.tui.jobs import ask_done_date, mark_done_job
from planner.tui.messages import MilestonesLoaded
from planner.tui.readers import MilestoneBoard, read_milestones
from planner.tui.screens.base import PlannerScreen
from planner.tui.screens.registry import open_contract
from planner.tui.widgets import StatusLine
from planner.tui.widgets.tables import Fit, FittedTable

# Due is wide enough for a section heading with its count: "Next week (1234)". When the
# screen is narrow the stage shrinks, then the baseline and then the title give way.
COLUMNS = (
    Fit("Due", 16), Fit("Late", 6), Fit("Ref", 10), Fit("Stage", 48, least=16),
    Fit("Officer", 10), Fit("Baseline", 11, drop=1), Fit("Title", 40, least=10, drop=2, grow=True),
)  # fmt: skip


def milestone_key(row: MilestoneRow) -> str:
    """The DataTable row key of a milestone: contract id and stage."""
    return f"{row.contract_id}:{row.stage}"


class MilestonesScreen(PlannerScreen):
    """One list in three parts; d marks the highlighted milestone done today, D asks when."""

    MODE = "milestones"
    TITLE = "Milestones"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "done_today", "Done today", id="milestones.done_today"),
        Binding("D", "done_on", "Done on…", id="milestones.done_on"),
        Binding("o", "open", "Open contract", id="milestones.open"),
    ]
    FOOTER_PRIORITY: ClassVar[tuple[str, ...]] = (
        "milestones.done_today", "milestones.done_on", "milestones.open", "app.undo",
    )  # fmt: skip
    PICK_FIRST: ClassVar[dict[str, str]] = {
        "milestones.done_today": "milestone", "milestones.done_on": "milestone",
        "milestones.open": "milestone",
    }  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self.board: MilestoneBoard | None = None
        self.rows: dict[str, MilestoneRow] = {}

    def compose_body(self) -> ComposeResult:
        yield FittedTable(COLUMNS, id="milestone-list", cursor_type="row")
        yield StatusLine(id="status-line")

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()

    def load(self) -> None:
        self._read()

    @work(thread=True, exclusive=True, group="milestones", exit_on_error=False)
    def _read(self) -> None:
        app = self.planner
        with app.connections.reader() as db:
            board = read_milestones(db, app.today)
        if not get_current_worker().is_cancelled:
            self.post_message(MilestonesLoaded(board))

    @on(MilestonesLoaded)
    def _loaded(self, message: MilestonesLoaded) -> None:
        self.board = board = message.board
        table = self.query_one(DataTable)
        keep = self._current_key()
        table.clear()
        self.rows = {}
        sections = (
            ("Overdue", board.overdue, "bold red"),
            ("This week", board.this_week, "bold"),
            ("Next week", board.next_week, "bold"),
        )
        for title, rows, style in sections:
            heading = Text(f"{title} ({len(rows)})", style)
            table.add_row(heading, "", "", "", "", "", "", key=f"section:{title}")
            for row in rows:
                key = milestone_key(row)
                self.rows[key] = row
                table.add_row(*self._cells(row, board.today, late=rows is board.overdue), key=key)
        if keep in self.rows:
            table.move_cursor(row=table.get_row_index(keep))
        elif self.rows:
            table.move_cursor(row=table.get_row_index(next(iter(self.rows))))
        self.query_one(StatusLine).info = (
            f"{len(board.overdue)} overdue · {len(board.this_week)} due this week · "
            f"{len(board.next_week)} due next week"
        )

    @staticmethod
    def _cells(row: MilestoneRow, today: date, *, late: bool) -> list[Any]:
        # An overdue milestone is late against its plan or its baseline, whichever came
        # first; one still to come is due on its planned date.
        due = row.planned
        if late:
            due = row.first_due
        days_late = (today - due).days if late and due is not None and due < today else 0
        return [
            format_date(due),
            Text(f"{days_late} d", "bold red") if days_late else "",
            row.ref,
            row.stage_name,
            row.officer or "—",
            format_date(row.baseline),
            row.title or "—",
        ]

    def _current_key(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return str(key) if key is not None else None

    def _current(self) -> MilestoneRow | None:
        key = self._current_key()
        return self.rows.get(key) if key else None

    # ---------------------------------------------------------------- actions

    def action_done_today(self) -> None:
        """Mark the highlighted milestone done today, then re-plan."""
        row = self._current()
        if row is None:
            self.app.bell()
            return
        self._mark(row, self.planner.today)

    def action_done_on(self) -> None:
        """Mark the highlighted milestone done on a date you type, then re-plan."""
        row = self._current()
        if row is None:
            self.app.bell()
            return
        ask_done_date(
            self, f"{row.ref}: {row.stage_name} done on", self.planner.today,
            lambda day: self._mark(row, day),
        )  # fmt: skip

    def _mark(self, row: MilestoneRow, actual: date) -> None:
        app = self.planner
        self.say(f"Marking {row.ref} {row.stage_name} done and re-planning…")
        self.write(
            mark_done_job(row.contract_id, row.stage, actual, app.today, app.who),
            f"{row.ref} {row.stage} done",
        )

    def action_open(self) -> None:
        """Open the contract of the highlighted milestone."""
        row = self._current()
        if row is not None:
            open_contract(self.app, row.contract_id)

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_open()
