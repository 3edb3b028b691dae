"""Dashboard: centralisation progress, RAG, notice deadlines, officer load and the strategy
KPIs against their baseline, on one screen."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import ScrollableContainer
from textual.widgets import DataTable, Static
from textual.worker import get_current_worker

from planner.domain.codes import Rag
from planner.domain.dates import format_date
from planner.domain.kpis import Kpi, share
from planner.domain.money import format_money_short
from planner.store.overview import NoticeDue
from planner.store.plan_reader import MilestoneRow
from planner.tui.messages import OverviewLoaded
from planner.tui.readers import Overview, read_overview
from planner.tui.screens.base import PlannerScreen
from planner.tui.screens.kpi_target import ask_kpi_target
from planner.tui.screens.registry import open_contract, open_import
from planner.tui.widgets.load import load_cell
from planner.tui.widgets.tables import Fit, FittedTable, PlainTable, add_fixed_columns


def _percent(value: Decimal | None) -> str:
    return "not available" if value is None else f"{value:.0f}%"


def _bar(part: int, whole: int, width: int = 10) -> Text:
    filled = 0 if whole <= 0 else round(width * part / whole)
    return Text.assemble(("█" * filled, "green"), ("░" * (width - filled), "dim"))


def centralisation_table(overview: Overview) -> Table:
    """Per department: open contracts and whole-life value already under Procurement (the
    heading says which value: docs/rules.md, "Data rules")."""
    table = Table(box=None, expand=True, padding=(0, 1), show_edge=False)
    table.add_column("Department", ratio=3, no_wrap=True, overflow="ellipsis")
    table.add_column("Under", justify="right", no_wrap=True)
    table.add_column("Whole-life under", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True)
    for d in overview.departments:
        if not d.contracts:
            continue
        name = d.department if d.to_centralise else f"{d.department} (central)"
        table.add_row(
            Text(name),  # as typed: a name is never read as markup
            f"{d.under_procurement}/{d.contracts}",
            f"{format_money_short(d.value_under)}/{format_money_short(d.value)}",
            _bar(d.value_under, d.value),
        )
    return table


def programme_text(overview: Overview) -> Text:
    """RAG counts and the count of notice deadlines coming up."""
    rag = overview.rag
    planned = sum(n for k, n in rag.items() if k is not None)
    text = Text()
    text.append("RAG  ")
    text.append(f"Red {rag.get(Rag.RED, 0)}", "bold red")
    text.append("  ")
    text.append(f"Amber {rag.get(Rag.AMBER, 0)}", "bold yellow")
    text.append("  ")
    text.append(f"Green {rag.get('green', 0)}", "bold green")
    text.append(f"  · not planned {rag.get(None, 0)}", "dim")
    if not planned:
        text.append("\n     run the scheduler (re-plan) to get a RAG", "dim")
    text.append("\nNotice deadlines  ")
    text.append(f"{overview.notice_30} in 30 days", "bold" if overview.notice_30 else "")
    text.append(f" · {overview.notice_90} in 90 days")
    text.append("\nOverdue milestones  ")
    text.append(f"{overview.overdue_count:,}", "bold red" if overview.overdue else "green")
    if overview.overdue:
        oldest = overview.overdue[0]
        text.append(f" · oldest {oldest.ref} {oldest.stage_name.lower()}", "dim")
    last_run = format_date(overview.planned_on) if overview.planned_on else "never"
    text.append(f"\nLast planned  {last_run}", "dim")
    return text


OFFICER_WIDTH = 11  # an officer's name, cut with an ellipsis beyond this
WEEK_WIDTH = 5  # a week's figure ('100%', 'off', '12h!') right-aligned after a space


def load_table(overview: Overview, width: int = 80) -> Table:
    """Each officer's planned hours against capacity, for as many of the weeks read as fit in
    `width` (all twelve from 71 columns). A week is headed by its Monday's day of the month,
    under the month's name where a month begins."""
    if not overview.load:
        table = Table(box=None, show_header=False, show_edge=False)
        table.add_row(Text("No officers yet (planner officer add)", "dim"))
        return table
    fit = max(1, (width - OFFICER_WIDTH) // WEEK_WIDTH)
    weeks = sorted({w.week for w in overview.load})[:fit]
    table = Table(box=None, expand=False, padding=(0, 0), show_edge=False)
    table.add_column("Week of\nOfficer", no_wrap=True, width=OFFICER_WIDTH, overflow="ellipsis")
    for i, week in enumerate(weeks):
        month = f"{week:%b}" if i == 0 or week.day <= 7 else ""
        table.add_column(f"{month}\n{week.day}", justify="right", no_wrap=True, width=WEEK_WIDTH)
    cells: dict[str, dict[date, Text]] = {}
    for w in overview.load:
        cells.setdefault(w.officer, {})[w.week] = load_cell(w)
    for officer in sorted(cells):
        table.add_row(Text(officer), *(cells[officer].get(week, Text("")) for week in weeks))
    return table


def _baseline(kpi: Kpi) -> str:
    if kpi.baseline is None:
        return "—"
    if kpi.unit == "percent":
        return f"{kpi.baseline:.0f}%"
    if kpi.unit == "money":
        return format_money_short(int(kpi.baseline))
    return f"{kpi.baseline:,}"


def _now(kpi: Kpi) -> Text:
    if kpi.value is None:
        return Text("not available", "dim")
    if kpi.unit == "percent":
        return Text(f"{kpi.value:.0f}%")
    if kpi.unit == "money":
        return Text(format_money_short(int(kpi.value)))
    return Text(f"{kpi.value:,}")


def _target(kpi: Kpi) -> Text:
    # The year's target, green when met and red when not (docs/rules.md, "KPI targets").
    if kpi.target is None:
        return Text("—", "dim")
    shown = _baseline(replace(kpi, baseline=kpi.target))
    style = "" if kpi.met is None else "green" if kpi.met else "red"
    return Text(shown, style)


def kpi_table(overview: Overview) -> Table:
    """The strategy's KPIs now against the 2023 baseline and the year's target: spend
    measures from the payments ledger when one is imported for this year, otherwise what
    the register can tell."""
    kpis, s = overview.kpis, overview.shares
    # No padding at the edges: with the target column, two panels side by side (from 110
    # columns) still show the last row, "Savings this year", whole.
    table = Table(box=None, expand=True, padding=(0, 1), show_edge=False, pad_edge=False)
    table.add_column("Measure", ratio=3, no_wrap=True, overflow="ellipsis")
    table.add_column(overview.year.label, justify="right", no_wrap=True)
    table.add_column("2023", justify="right", no_wrap=True)
    table.add_column("Target", justify="right", no_wrap=True)

    def row(name: str, kpi: Kpi, now: Text | str | None = None) -> None:
        table.add_row(name, _now(kpi) if now is None else now, _baseline(kpi), _target(kpi))

    covered = kpis["spend_covered"]
    row("Spend covered by contracts", covered)
    from_spend = covered.value is not None
    for key, name, part in (
        ("collaborative_spend", "Collaborative", s.collaborative_value),
        ("local_spend_lancashire", "Local: Lancashire", s.lancashire_value),
        ("local_spend_north_west", "Local: North West", s.north_west_value),
    ):
        if from_spend:
            row(f"{name} (spend)", kpis[key])
        else:
            row(f"{name} (contract value)", kpis[key], _percent(share(part, s.annual_value)))
    row("Contracts managed by Procurement", kpis["managed_contracts"])
    row("Savings this year", kpis["savings"])
    return table


def kpi_note(overview: Overview) -> str:
    """Where the KPI figures come from."""
    if overview.kpis["spend_covered"].value is not None:
        return (
            f"Spend measures are of the payments imported for {overview.year.label} "
            "(planner import-spend)."
        )
    return (
        f"No payments are imported for {overview.year.label}, so spend covered is not "
        f"available; the other shares are of the annual value of the "
        f"{overview.shares.valued:,} open contracts with a known value."
    )


class LoadPanel(Static):
    """Officer load: as many weeks as its width holds, redrawn when its width changes."""

    overview: Overview | None = None

    def show(self, overview: Overview) -> None:
        """Draw the load from this overview."""
        self.overview = overview
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        if self.overview is None or not self.content_region.width:
            return
        table = load_table(self.overview, self.content_region.width)
        self.update(table)
        weeks = len(table.columns) - 1
        self.border_title = (
            f"Officer load, next {weeks} week{'s' if weeks != 1 else ''}"
            if weeks > 0
            else "Officer load"
        )


def clip(text: str, width: int) -> str:
    """The text cut to `width` characters, with an ellipsis when it is cut."""
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def _titled(due: NoticeDue) -> str:
    # An option decision says so before the title; a notice deadline is the column's own.
    named = due.title or "—"
    return f"{due.what}: {named}" if due.what else named


class NoticeTable(PlainTable):
    """Notice deadlines, the Title column taking the width the other columns leave, so that
    the table never scrolls sideways; redrawn when its width changes."""

    COLUMNS = (("Notice by", 11), ("Ref", 10), ("Department", 16))
    TITLE_MIN = 10
    TITLE_WANTED = 20  # below this the Department column gives up to 6 characters to it
    DEPARTMENT_LEAST = len("Department")

    def __init__(self, *, id: str, classes: str) -> None:
        super().__init__(id=id, classes=classes, cursor_type="row")
        self.notices: list[NoticeDue] = []
        self._drawn_width = -1

    def widths(self) -> tuple[int, int]:
        """The Department and Title columns' widths: what is left once the fixed columns and
        every cell's padding fit, the department narrowing first for a title too short."""
        padding = 2 * self.cell_padding * (len(self.COLUMNS) + 1)
        fixed = sum(width for _, width in self.COLUMNS)
        # The whole width: with at most ten rows the table never needs a vertical scrollbar
        # (one shows for a moment while it grows, and must not narrow the title for good).
        left = self.content_region.width - fixed - padding
        department = self.COLUMNS[2][1]
        given = max(0, min(department - self.DEPARTMENT_LEAST, self.TITLE_WANTED - left))
        return department - given, max(self.TITLE_MIN, left + given)

    def show(self, notices: list[NoticeDue]) -> None:
        """Draw these deadlines."""
        self.notices = notices
        self._draw()

    def on_resize(self) -> None:
        if self.content_region.width != self._drawn_width:
            self._draw()

    def _draw(self) -> None:
        self._drawn_width = self.content_region.width
        department, title = self.widths()
        row = self.cursor_row
        self.clear(columns=True)
        add_fixed_columns(self, [*self.COLUMNS[:2], ("Department", department), ("Title", title)])
        for n in self.notices:
            self.add_row(
                format_date(n.notice_date), n.ref, clip(n.department, department),
                clip(_titled(n), title),
                key=f"{n.contract_id}:option" if n.what else str(n.contract_id),
            )  # fmt: skip
        if not self.notices:
            self.add_row("—", "", "", clip("No notice deadlines in the next 30 days", title))
        self.move_cursor(row=min(row, self.row_count - 1))


OVERDUE_COLUMNS = (
    Fit("Due", 11), Fit("Late", 6), Fit("Ref", 10), Fit("Stage", 44, least=14, grow=True),
    Fit("Officer", 11, drop=1),
)  # fmt: skip


class OverdueTable(FittedTable):
    """Every overdue milestone, oldest first: due on its plan or baseline, whichever came
    first, and how many days late."""

    def __init__(self, *, id: str, classes: str) -> None:
        super().__init__(OVERDUE_COLUMNS, id=id, classes=classes, cursor_type="row")

    def show(self, overdue: list[MilestoneRow], today: date) -> None:
        """Draw these milestones (keeping the cursor's row)."""
        row = self.cursor_row
        self.clear()
        for m in overdue:
            due = m.first_due
            late = f"{(today - due).days} d" if due is not None else ""
            self.add_row(
                format_date(due), Text(late, "bold red"), m.ref, m.stage_name,
                m.officer or "—", key=f"{m.contract_id}:{m.stage}",
            )  # fmt: skip
        if not overdue:
            self.add_row("—", "", "", "No milestones overdue", "")
        self.move_cursor(row=min(row, self.row_count - 1))


class DashboardScreen(PlannerScreen):
    """The programme at a glance; enter on a notice deadline opens the contract."""

    MODE = "dashboard"
    TITLE = "Dashboard"
    # Two columns of panels from 110 columns (the app's -wide starts at 130, for the triage
    # preview): at 120 one column cut the Strategy KPIs off below the screen.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]  # noqa: RUF012 (typed by Screen)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open contract", id="dashboard.open"),
        Binding("tab", "app.focus_next", "Next panel", show=False, id="dashboard.next"),
        Binding("i", "import_register", "Import a register", id="dashboard.import"),
        Binding("t", "target", "KPI target", id="dashboard.target"),
    ]
    FOOTER_PRIORITY: ClassVar[tuple[str, ...]] = ("dashboard.open", "app.undo")
    PICK_FIRST: ClassVar[dict[str, str]] = {"dashboard.open": "notice deadline"}

    def __init__(self) -> None:
        super().__init__()
        self.overview: Overview | None = None

    def compose_body(self) -> ComposeResult:
        with ScrollableContainer(id="dashboard"):
            yield Static(id="programme", classes="panel")
            yield NoticeTable(id="notices", classes="panel")
            yield Static(id="centralisation", classes="panel")
            yield LoadPanel(id="load", classes="panel")
            yield Static(id="kpis", classes="panel")
            yield OverdueTable(id="overdue", classes="panel")

    def on_mount(self) -> None:
        self.query_one("#centralisation").border_title = "Centralisation under Procurement"
        self.query_one("#programme").border_title = "Programme"
        notices = self.query_one(NoticeTable)
        notices.border_title = "Notice deadlines, next 30 days (enter opens)"
        self.query_one("#kpis").border_title = "Strategy KPIs: baseline and target (t sets)"
        self.query_one(OverdueTable).border_title = "Overdue milestones (enter opens)"
        self.query_one("#dashboard").focus()

    def load(self) -> None:
        self._read()

    @work(thread=True, exclusive=True, group="dashboard", exit_on_error=False)
    def _read(self) -> None:
        app = self.planner
        with app.connections.reader() as db:
            overview = read_overview(db, app.today)
        if not get_current_worker().is_cancelled:
            self.post_message(OverviewLoaded(overview))

    @on(OverviewLoaded)
    def _loaded(self, message: OverviewLoaded) -> None:
        overview = self.overview = message.overview
        self.query_one("#centralisation", Static).update(centralisation_table(overview))
        self.query_one("#programme", Static).update(programme_text(overview))
        self.query_one(NoticeTable).show(overview.notices)
        load = self.query_one(LoadPanel)
        load.show(overview)
        load.border_subtitle = overview.staffing  # the team cannot staff the plan as it stands
        overdue = self.query_one(OverdueTable)
        overdue.show(overview.overdue, overview.today)
        overdue.border_title = f"Overdue milestones: {overview.overdue_count:,} (enter opens)"
        note = Text(kpi_note(overview), "dim")
        self.query_one("#kpis", Static).update(Group(kpi_table(overview), note))

    def action_open(self) -> None:
        """Open the contract highlighted in the overdue milestones, if they have the focus,
        else in the notice deadlines."""
        overdue = self.query_one(OverdueTable)
        table = overdue if overdue.has_focus else self.query_one("#notices", DataTable)
        if not table.row_count:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        contract = (key or "").split(":")[0]
        if contract.isdigit():
            open_contract(self.app, int(contract))

    def action_target(self) -> None:
        """Set (or clear) one KPI's target for this financial year, in two dialogs."""
        if self.overview is not None:
            ask_kpi_target(self, self.overview.year, self.overview.kpis)

    @on(DataTable.RowSelected, "#notices, #overdue")
    def _chosen(self) -> None:
        self.action_open()

    def action_import_register(self) -> None:
        """Import a register file (the import screen)."""
        if (refusal := open_import(self.app)) is not None:
            self.notify(refusal, title="Import", severity="error", markup=False)
