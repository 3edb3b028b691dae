"""A side panel, on wide terminals, with the highlighted contract's facts and flags."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.containers import VerticalScroll
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Static
from textual.worker import get_current_worker

from planner.domain.checklist import completeness
from planner.domain.codes import Severity
from planner.domain.dates import format_date
from planner.domain.money import format_money
from planner.domain.notice import notice_words
from planner.domain.periods import parse_period
from planner.domain.vocab import DECISIONS, ROUTES, STATUSES
from planner.domain.words import officer_label
from planner.tui.messages import ContractDetailLoaded

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from planner.tui.app import PlannerApp
    from planner.tui.readers import ContractDetail

SEVERITY_STYLE: dict[str, str] = {
    Severity.CRITICAL: "$text-error bold",
    Severity.WARNING: "$text-warning",
    Severity.INFO: "$text-muted",
}


def flag_lines(detail: ContractDetail) -> list[Content]:
    """One line per flag, coloured by how much it matters."""
    if not detail.flags:
        return [Content.styled("No flags", "$text-success")]
    marks: dict[str, str] = {Severity.CRITICAL: "!!", Severity.WARNING: " !", Severity.INFO: " ·"}
    return [
        Content.styled(f"{marks[f.severity]} {f.message}", SEVERITY_STYLE[f.severity])
        for f in detail.flags
    ]


def _notice_by(detail: ContractDetail) -> str:
    # The day to serve notice by, with the deadline when it differs (docs/rules.md, "Notice
    # deadline"): the same words as the contract screen and the briefs.
    if detail.notice is None:
        return f"by {format_date(detail.contract.notice_date)}"
    return notice_words(detail.notice.deadline, detail.notice.serve_by)


def fact_lines(detail: ContractDetail) -> list[tuple[str, str]]:
    """The facts a triage decision rests on, as label and value."""
    c = detail.contract
    period = parse_period(c.notice_period) if c.notice_period else None
    proposed = detail.review.officer if detail.review else None
    return [
        ("Ref", f"{c.ref} ({c.department})"),
        ("Title", c.title or "—"),
        ("Supplier", c.supplier or "—"),
        ("Value", f"{format_money(c.total_value)} total · {format_money(c.annual_value)} a year"),
        ("Term", f"{format_date(c.start_date)} to {format_date(c.end_date)}"),
        ("Can run to", format_date(c.max_end_date)),
        ("Notice", f"{period.describe() if period else '—'}, {_notice_by(detail)}"),
        ("Framework", c.framework or "—"),
        ("Status", STATUSES.get(c.status or "", "—")),
        ("Decision", DECISIONS.get(c.decision or "", "—")),
        ("Route", ROUTES.get(c.route or "", "—")),
        ("Officer", officer_label(c.officer, proposed) or "—"),
        ("Owner", c.owner or "—"),
        ("Checklist", checklist_words(detail)),
    ]


def checklist_words(detail: ContractDetail) -> str:
    """How complete the review checklist is ('4/9 answered'), for the preview."""
    checklist = detail.checklist
    if checklist is None or not checklist.required:
        return "—"
    required = len(checklist.required)
    return f"{completeness(required - len(checklist.unanswered_required), required)} answered"


class ContractPreview(VerticalScroll, can_focus=False):
    """Follows the triage cursor; reads the contract in a worker after a short pause."""

    DEFAULT_CSS = """
    ContractPreview {
        width: 52;
        padding: 0 1;
        border-left: tall $panel;
        & > #preview-facts { height: auto; }
        & > #preview-flags { height: auto; margin-top: 1; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._pending: int | None = None
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="preview-facts")
        yield Static("", id="preview-flags")

    def show_contract(self, contract_id: int) -> None:
        """Show this contract soon (a burst of cursor moves reads only the last one)."""
        self._pending = contract_id
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(0.08, self._read_pending)

    def _read_pending(self) -> None:
        if self._pending is not None:
            app: PlannerApp = self.app  # type: ignore[assignment]
            self._read(self._pending, app)

    @work(thread=True, exclusive=True, group="preview", exit_on_error=False)
    def _read(self, contract_id: int, app: PlannerApp) -> None:
        # Imported here, in the worker: the readers pull in the scheduler's modules, which
        # the first paint of the triage table does not need (at the top of the module they
        # add 0.45-0.6 s to launching on triage, measured with `-X importtime`).
        from planner.tui.readers import read_contract

        with app.connections.reader() as db:
            detail = read_contract(db, contract_id, app.today)
        if not get_current_worker().is_cancelled:
            self.post_message(ContractDetailLoaded(detail))

    def on_contract_detail_loaded(self, message: ContractDetailLoaded) -> None:
        message.stop()
        facts = Content("\n").join(
            Content.assemble((f"{label:<11}", "$text-muted"), value)
            for label, value in fact_lines(message.detail)
        )
        self.query_one("#preview-facts", Static).update(facts)
        self.query_one("#preview-flags", Static).update(
            Content("\n").join(flag_lines(message.detail))
        )
