"""One contract: every register field editable with validation, its milestone plan, its
flags and its audit history."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Static, TabbedContent, TabPane
from textual.worker import get_current_worker

from planner.domain.codes import Action, Rag
from planner.domain.contract import REGISTER_COLUMNS, check_contract, parse_field
from planner.domain.dates import format_date
from planner.domain.vocab import ROUTES
from planner.domain.words import officer_label
from planner.store.contracts import update_contract
from planner.store.db import Database
from planner.store.programme import ReviewSummary
from planner.store.triage import Target, accept_proposed_officers
from planner.tui.dialogs import ChoiceDialog, Entered, PromptDialog
from planner.tui.dialogs.benefit import ask_benefit, ask_claim
from planner.tui.fields import HINTS, LABELS, choices_for, editable, shown, shown_value, typed
from planner.tui.jobs import ask_done_date, mark_done_job
from planner.tui.messages import ChangeSaved, ContractDetailLoaded
from planner.tui.readers import ContractDetail, MilestoneLine, read_contract
from planner.tui.screens.base import PlannerScreen
from planner.tui.widgets import StatusLine
from planner.tui.widgets.checklist import ReviewPane, stage_label
from planner.tui.widgets.chrome import NavBar, PlannerFooter
from planner.tui.widgets.preview import flag_lines
from planner.tui.widgets.tables import Fit, FittedTable

WIDE = 130  # columns from which the register and the plan sit side by side
REGISTER_COLUMNS_FIT = (Fit("Field", 28), Fit("Value", 48, least=20, grow=True))
# The stage takes what the dates leave; in a narrow pane the baseline gives way first.
PLAN_COLUMNS = (
    Fit("Stage", 26, least=10, grow=True), Fit("Planned", 9), Fit("Latest", 9),
    Fit("Baseline", 9, drop=1), Fit("Actual", 9), Fit("Slack", 7),
)  # fmt: skip
HISTORY_COLUMNS = (
    Fit("When", 16), Fit("Who", 10, least=8, drop=1), Fit("Field", 22, least=12),
    Fit("From", 24, least=10, grow=True), Fit("To", 24, least=10, grow=True),
)  # fmt: skip


def short_date(day: date | None) -> str:
    """A date in nine characters ('06 Oct 26'), for tables with many date columns."""
    return "—" if day is None else f"{day:%d %b %y}"


def route_and_reasons(review: ReviewSummary) -> tuple[str, list[str]]:
    """The route as the verdict names it, and the reasons to list under it. A provisional
    route says so once, beside its name, with why ('provisional: called off X last time'),
    instead of again in the reasons as 'Route X is provisional: ...'."""
    route = ROUTES.get(review.route or "", review.route or "no route")
    reasons = list(review.reasons)
    if not review.route_provisional:
        return route, reasons
    said = f"Route {route} is provisional"
    why = next((r for r in reasons if r.startswith(said)), None)
    if why is None:
        return f"{route} (provisional)", reasons
    reasons.remove(why)
    return f"{route} ({why.removeprefix(f'Route {route} is ')})", reasons


def review_text(detail: ContractDetail) -> Content:
    """The scheduler's verdict on the review: RAG, route, officer, slack, new start."""
    review = detail.review
    if review is None:
        return Content.styled(detail.plan_note or "Not planned", "dim")
    route, _ = route_and_reasons(review)
    slack = "—" if review.slack_days is None else f"{review.slack_days} working days"
    rag_style: dict[str, str] = {
        Rag.RED: "$text-error bold",
        Rag.AMBER: "$text-warning bold",
        Rag.GREEN: "$text-success",
    }
    head = Content.assemble(
        ((review.rag or "no RAG").upper(), rag_style.get(review.rag or "", "")),
        f"  {route} · {officer_label(detail.contract.officer, review.officer) or 'no officer'}"
        f" · slack {slack} · new contract from "
        f"{format_date(review.new_contract_start)}",
    )
    return head


def review_reasons(detail: ContractDetail) -> Table:
    """Every reason for the verdict, most important first, each wrapping under itself."""
    reasons = Table.grid(padding=(0, 1, 0, 0))
    reasons.add_column(no_wrap=True)
    reasons.add_column(ratio=1)
    for reason in route_and_reasons(detail.review)[1] if detail.review is not None else ():
        reasons.add_row("·", Text(reason))
    return reasons


def register_value(detail: ContractDetail, column: str) -> str:
    """A register field as the contract screen shows it; the notice deadline with the day
    to serve notice by when that is earlier (docs/rules.md, "Notice deadline")."""
    notice = detail.notice
    if column == "notice_date" and notice is not None and notice.serve_by != notice.deadline:
        deadline, serve_by = notice.deadline, notice.serve_by
        served = f"{serve_by:%a} {format_date(serve_by)}"
        return f"{deadline:%a} {format_date(deadline)} (serve by {served})"
    return shown(detail.contract, column)


def _history_value(column: str, value: Any) -> str:
    """A value from the audit trail as the register shows it ('1 Mar 2027', '£45,000')."""
    if isinstance(value, dict):
        return "(whole record)"
    try:
        return shown_value(column, value)
    except (TypeError, ValueError):  # a value stored before its column's form changed
        return str(value)


def history_fields(field: str, old: Any, new: Any) -> list[tuple[str, Any, Any]]:
    """One (field, old, new) per field an audit row changed. A re-plan writes the columns it
    derives (RAG, next milestone and its date) as one row with lists of values."""
    names = field.split(",")
    lists = isinstance(old, list) and isinstance(new, list)
    if len(names) > 1 and lists and len(old) == len(new) == len(names):
        return list(zip(names, old, new, strict=True))
    return [(field, old, new)]


class ContractScreen(PlannerScreen):
    """Opened from triage (enter), the milestones list or the command palette."""

    TITLE = "Contract"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", id="detail.back"),
        Binding("e", "edit", "Edit field", id="detail.edit"),
        Binding("g", "tab('register')", "Register", show=False, id="detail.register"),
        Binding("m", "tab('milestones')", "Milestones", id="detail.milestones"),
        Binding("r", "tab('review')", "Review", id="detail.review"),
        Binding("h", "tab('history')", "History", id="detail.history"),
        Binding("d", "done_today", "Done today", id="detail.done_today"),
        Binding("D", "done_on", "Done on…", id="detail.done_on"),
        Binding("b", "benefit", "Record a benefit", show=False, id="detail.benefit"),
        Binding("c", "claim", "Record a supplier claim", show=False, id="detail.claim"),
        Binding("a", "accept_officer", "Accept officer", show=False, id="detail.accept_officer"),
    ]
    FOOTER_PRIORITY: ClassVar[tuple[str, ...]] = (
        "detail.back", "detail.edit", "detail.milestones", "app.undo", "detail.done_today",
        "detail.done_on", "detail.history",
    )  # fmt: skip
    MILESTONE_FOOTER: ClassVar[tuple[str, ...]] = (
        "detail.back", "detail.done_today", "detail.done_on", "app.undo", "detail.edit",
        "detail.milestones", "detail.history",
    )  # fmt: skip

    def __init__(self, contract_id: int) -> None:
        super().__init__()
        self.contract_id = contract_id
        self.detail: ContractDetail | None = None
        self._wide = False

    def compose(self) -> ComposeResult:
        yield NavBar(self.app.current_mode)
        yield Static("", id="contract-title")
        yield Static("", id="contract-flags")
        register = FittedTable(
            REGISTER_COLUMNS_FIT, id="register", cursor_type="row", zebra_stripes=True
        )
        self._wide = self.app.size.width >= WIDE
        if self._wide:
            with Horizontal(id="contract-body"):
                with Vertical(id="register-pane"):
                    yield register
                with TabbedContent(initial="milestones", id="contract-tabs"):
                    with TabPane("Milestones", id="milestones"):
                        yield from self._verdict()
                        yield FittedTable(PLAN_COLUMNS, id="milestone-table", cursor_type="row")
                    with TabPane("Review", id="review"):
                        yield ReviewPane()
                    with TabPane("History", id="history"):
                        yield FittedTable(HISTORY_COLUMNS, id="history-table", cursor_type="row")
        else:
            with TabbedContent(initial="register-pane", id="contract-tabs"):
                with TabPane("Register", id="register-pane"):
                    yield register
                with TabPane("Milestones", id="milestones"):
                    yield from self._verdict()
                    yield FittedTable(PLAN_COLUMNS, id="milestone-table", cursor_type="row")
                with TabPane("Review", id="review"):
                    yield ReviewPane()
                with TabPane("History", id="history"):
                    yield FittedTable(HISTORY_COLUMNS, id="history-table", cursor_type="row")
        yield StatusLine(id="status-line")
        yield PlannerFooter()

    def _verdict(self) -> ComposeResult:
        """The verdict over the milestone plan: as tall as its reasons, up to half the pane,
        then scrolling."""
        with VerticalScroll(id="review-summary"):
            yield Static("", id="review-verdict")
            yield Static("", id="review-reasons")

    def on_mount(self) -> None:
        self.query_one("#register", DataTable).focus()

    def footer_priority(self) -> tuple[str, ...]:
        """On the milestone plan, marking milestones done matters more than editing."""
        focused = self.focused
        if focused is not None and focused.id == "milestone-table":
            return self.MILESTONE_FOOTER
        if focused is not None and focused.id == "checklist-table":
            return ("detail.back", "review.yes", "review.no", "review.na", "app.undo")
        return self.FOOTER_PRIORITY

    async def on_resize(self) -> None:
        # The tables fit their columns to their own width; only the layout changes here.
        if (self.app.size.width >= WIDE) != self._wide:
            await self.recompose()
            if self.detail is not None:
                self._show(self.detail)
            self.query_one("#register", DataTable).focus()

    # ---------------------------------------------------------------- reading

    def load(self) -> None:
        self._read(self.contract_id)

    @work(thread=True, exclusive=True, group="detail", exit_on_error=False)
    def _read(self, contract_id: int) -> None:
        app = self.planner
        with app.connections.reader() as db:
            detail = read_contract(db, contract_id, app.today)
        if not get_current_worker().is_cancelled:
            self.post_message(ContractDetailLoaded(detail))

    @on(ContractDetailLoaded)
    def _loaded(self, message: ContractDetailLoaded) -> None:
        self.detail = message.detail
        self._show(message.detail)

    def _show(self, detail: ContractDetail) -> None:
        c = detail.contract
        self.query_one("#contract-title", Static).update(
            Content.assemble(
                (c.ref, "bold"), f"  {c.title or '—'}  ", (f"{c.department} · v{c.version}", "dim")
            )
        )
        self.query_one("#contract-flags", Static).update(Content("\n").join(flag_lines(detail)))
        self._show_register(detail)
        self.query_one("#review-verdict", Static).update(review_text(detail))
        self.query_one("#review-reasons", Static).update(review_reasons(detail))
        self._show_milestones(detail)
        if detail.checklist is not None and c.id is not None:
            self.query_one(ReviewPane).show(c.id, c.ref, detail.checklist)
        self._show_history(detail)

    def _show_register(self, detail: ContractDetail) -> None:
        """Every register field, the ones the planner works out dimmed; the cursor stays."""
        register = self.query_one("#register", DataTable)
        row = register.cursor_row
        register.clear()
        for column in REGISTER_COLUMNS:
            label = LABELS[column]
            value = register_value(detail, column)
            if not editable(column):
                register.add_row(Text(label, "dim"), Text(value, "dim"), key=column)
            else:
                register.add_row(label, value, key=column)
        register.move_cursor(row=min(row, register.row_count - 1))

    def _show_milestones(self, detail: ContractDetail) -> None:
        """The milestone plan, the cursor on the first milestone not done."""
        milestones = self.query_one("#milestone-table", DataTable)
        milestones.clear()
        for m in detail.milestones:
            slack = "—" if m.slack_days is None else f"{m.slack_days:+d} d"
            if m.actual is not None:
                slack = "done"
            milestones.add_row(
                stage_label(m.name, m.stage, m.actual is not None, detail.checklist),
                short_date(m.planned), short_date(m.latest), short_date(m.baseline),
                short_date(m.actual),
                Text(slack, "bold red" if m.actual is None and (m.slack_days or 0) < 0 else ""),
                key=m.stage,
            )  # fmt: skip
        if not detail.milestones:
            milestones.add_row(detail.plan_note or "No milestones", "", "", "", "", "")
        elif milestones.row_count:
            open_rows = [i for i, m in enumerate(detail.milestones) if m.actual is None]
            milestones.move_cursor(row=open_rows[0] if open_rows else 0)

    def _show_history(self, detail: ContractDetail) -> None:
        """The audit trail, a row for each field a change touched."""
        history = self.query_one("#history-table", DataTable)
        history.clear()
        for entry in detail.history:
            when = entry.at[:16].replace("T", " ")
            for name, old, new in history_fields(entry.field, entry.old, entry.new):
                field = "(added)" if entry.action == Action.INSERT else LABELS.get(name, name)
                history.add_row(
                    when, entry.who, field, _history_value(name, old), _history_value(name, new)
                )

    # ---------------------------------------------------------------- editing

    def _field(self) -> str | None:
        register = self.query_one("#register", DataTable)
        if register.row_count == 0:
            return None
        key = register.coordinate_to_cell_key(register.cursor_coordinate).row_key.value
        return str(key) if key else None

    @on(DataTable.RowSelected, "#register")
    def _row_selected(self) -> None:
        self.action_edit()

    def action_edit(self) -> None:
        """Edit the highlighted register field (enter does the same)."""
        if self.detail is None:
            return
        if not self.query_one("#register", DataTable).region.area:
            # The register is behind another tab: show it, rather than edit a field the user
            # has not seen highlighted.
            self.action_tab("register")
            self.say("Choose the field to edit, then press e")
            return
        self.action_tab("register")
        column = self._field()
        if column is None:
            return
        if not editable(column):
            self.say(f"{LABELS[column]} is worked out by the planner and cannot be edited",
                     error=True)  # fmt: skip
            return
        contract = self.detail.contract
        options = choices_for(column, self.detail.departments)
        if options is not None:
            current = getattr(contract, column)
            current_text = (
                ("yes" if current else "no") if isinstance(current, bool) else (current or "")
            )
            self.app.push_screen(
                ChoiceDialog(LABELS[column], options, current=str(current_text)),
                lambda value: self._chosen(column, value),
            )
            return

        def check(value: Any) -> str | None:
            problems = check_contract(contract.with_changes(**{column: value}))
            return problems[0][1] if problems else None

        self.app.push_screen(
            PromptDialog(
                f"{LABELS[column]} of {contract.ref}",
                lambda text: parse_field(column, text),
                value=typed(contract, column),
                hint=HINTS.get(column, ""),
                check=check,
            ),
            lambda entered: self._entered(column, entered),
        )

    def _chosen(self, column: str, value: str | None) -> None:
        if value is None:
            return
        try:
            parsed = parse_field(column, value or None)
        except Exception as exc:  # the choices are valid by construction; say so if not
            self.say(str(exc), error=True)
            return
        self.save(column, parsed)

    def _entered(self, column: str, entered: Entered[Any] | None) -> None:
        if entered is not None:
            self.save(column, entered.value)

    def save(self, column: str, value: Any) -> None:
        """Save one field, refusing it if someone else changed the contract since it was read."""
        if self.detail is None:
            return
        contract = self.detail.contract
        contract_id, version, who = contract.id, contract.version, self.planner.who
        summary = f"Edited {LABELS[column].lower()} of {contract.ref}"

        def job(db: Database) -> ChangeSaved:
            update_contract(
                db, contract_id, {column: value}, expected_version=version, who=who,
                summary=summary,
            )  # fmt: skip
            return ChangeSaved(summary, (contract_id,))

        self.write(job, summary)

    def action_tab(self, tab: str) -> None:
        """Show the register, milestones, review checklist or history."""
        tabs = self.query_one(TabbedContent)
        if tab == "register" and self._wide:
            self.query_one("#register", DataTable).focus()
            return
        pane = "register-pane" if tab == "register" else tab
        tabs.active = pane
        table_id = {"register": "#register", "milestones": "#milestone-table",
                    "review": "#checklist-table"}.get(tab, "#history-table")  # fmt: skip
        self.query_one(table_id, DataTable).focus()

    def _milestone(self) -> MilestoneLine | None:
        if self.detail is None or not self.detail.milestones:
            return None
        table = self.query_one("#milestone-table", DataTable)
        if self.focused is not table:
            self.action_tab("milestones")
            self.say("Choose the milestone, then d (done today) or D (done on a date)")
            return None
        return self.detail.milestones[table.cursor_row]

    def action_done_today(self) -> None:
        """Mark the highlighted milestone done today, then re-plan."""
        milestone = self._milestone()
        if milestone is not None:
            self._mark(milestone, self.planner.today)

    def action_done_on(self) -> None:
        """Mark the highlighted milestone done on a date you type, then re-plan."""
        milestone = self._milestone()
        if milestone is not None:
            ask_done_date(
                self, f"{milestone.name} done on", self.planner.today,
                lambda day: self._mark(milestone, day),
            )  # fmt: skip

    def _mark(self, milestone: MilestoneLine, actual: date) -> None:
        if self.detail is None:
            return
        app = self.planner
        self.say(f"Marking {milestone.name} done and re-planning…")
        self.write(
            mark_done_job(self.detail.contract.id, milestone.stage, actual, app.today, app.who),
            f"{milestone.stage} done",
        )

    def action_accept_officer(self) -> None:
        """Make the officer the schedule proposed for this review the decided one."""
        if self.detail is None:
            return
        contract, who = self.detail.contract, self.planner.who
        target = Target(contract.id, contract.version)

        def job(db: Database) -> ChangeSaved:
            (saved,) = accept_proposed_officers(db, [target], who=who)
            return ChangeSaved(f"Officer {saved.officer} accepted: {saved.ref}", (saved.id,))

        self.write(job, "accept officer")

    def action_benefit(self) -> None:
        """Record a saving, cost avoidance, service or social value of this contract."""
        if self.detail is not None:
            ask_benefit(self, self.detail.contract.id, self.detail.contract.ref)

    def action_claim(self) -> None:
        """Record a claim the supplier made under this contract."""
        if self.detail is not None:
            ask_claim(self, self.detail.contract.id, self.detail.contract.ref)

    def action_close(self) -> None:
        """Back to where the contract was opened from."""
        self.dismiss(None)
