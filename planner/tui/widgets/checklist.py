"""The contract screen's Review tab: the review checklist answered by keyboard (y yes, n no,
a not applicable, enter a note, l a link, x take an answer back), what approval waits for,
and the highlighted item's whole question (docs/rules.md, "The review checklist")."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Static

from planner.domain.checklist import (
    ANSWER_WORDS,
    ChecklistLine,
    ReviewChecklist,
    approval_waits_for,
    completeness,
)
from planner.domain.codes import Answer, StageCode
from planner.store.checklist import answer_item, clear_answer
from planner.store.db import Database
from planner.tui.dialogs import Entered, PromptDialog
from planner.tui.messages import ChangeSaved
from planner.tui.widgets.tables import Fit, FittedTable

if TYPE_CHECKING:
    from planner.tui.screens.base import PlannerScreen

CHECKLIST_COLUMNS = (
    Fit("", 1), Fit("Item", 26, least=10), Fit("Answer", 6),
    Fit("Note", 30, least=10, grow=True),
)  # fmt: skip
_ANSWER_STYLE = {Answer.YES: "bold", Answer.NO: "", Answer.NA: "dim"}


def checklist_job(
    contract_id: int, ref: str, code: str, who: str, *, answer: Answer | None = None,
    note: str | None = None, link: str | None = None,
) -> Callable[[Database], Message]:  # fmt: skip
    """Answer (or, with no answer, take back) one item of a review's checklist."""

    def job(db: Database) -> Message:
        if answer is None:
            clear_answer(db, contract_id, code, who)
            return ChangeSaved(f"{ref}: answer to {code} taken back", (contract_id,))
        line = answer_item(db, contract_id, code, answer, who, note=note, link=link)
        return ChangeSaved(
            f"{ref}: {line.item.label} answered {ANSWER_WORDS[answer]}", (contract_id,)
        )

    return job


def summary_text(checklist: ReviewChecklist) -> Content:
    """How complete the checklist is, and what approval of the business case waits for."""
    required = len(checklist.required)
    answered = required - len(checklist.unanswered_required)
    head = Content.styled(f"{completeness(answered, required)} required answered", "bold")
    waits = approval_waits_for(checklist)
    if waits is None:
        return Content.assemble(head, " · the business case may be approved")
    return Content.assemble(head, " · approval waits for: ", (waits, "$text-warning"))


def question_text(line: ChecklistLine) -> Content:
    """The highlighted item's whole question, what its note should say, and the wording it
    was answered in when that has changed since."""
    parts: list[Content | str | tuple[str, str]] = [line.item.question]
    if line.item.note_hint:
        parts.append((f"\nNote: {line.item.note_hint}", "dim"))
    if line.answer is not None and line.answer.link:
        parts.append(f"\nLink: {line.answer.link}")
    if line.asked is not None:
        parts.append((f"\nAnswered to version {line.asked.version}: {line.asked.question}", "dim"))
    return Content.assemble(*parts)


def stage_label(name: str, stage: str, done: bool, checklist: ReviewChecklist | None) -> str:
    """A milestone's name on the plan; the business case approval not yet done says when it
    waits for the review checklist (docs/rules.md, "The review checklist")."""
    if stage != StageCode.APPROVAL or done or checklist is None:
        return name
    return name if approval_waits_for(checklist) is None else f"{name} (waits for checklist)"


class ChecklistTable(FittedTable):
    """The checklist, a row per item; its keys answer the highlighted item."""

    HELP_SECTION = "Review checklist"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer('yes')", "Yes", id="review.yes"),
        Binding("n", "answer('no')", "No", id="review.no"),
        Binding("a", "answer('na')", "N/A", id="review.na"),
        Binding("l", "link", "Link", show=False, id="review.link"),
        Binding("x", "take_back", "Take back", show=False, id="review.clear"),
    ]

    def action_answer(self, answer: str) -> None:
        """Answer the highlighted item (then move to the next)."""
        pane = self.pane
        if pane is not None:
            pane.answer(Answer(answer))

    def action_link(self) -> None:
        """Give the highlighted item's link (an EIA's or a DPIA's address)."""
        if self.pane is not None:
            self.pane.ask_link()

    def action_take_back(self) -> None:
        """Take back the highlighted item's answer."""
        if self.pane is not None:
            self.pane.take_back()

    @property
    def pane(self) -> ReviewPane | None:
        """The Review tab this table is in."""
        parent = self.parent
        return parent if isinstance(parent, ReviewPane) else None


class ReviewPane(Vertical):
    """The Review tab: summary, checklist table, the highlighted item's question."""

    DEFAULT_CSS = """
    ReviewPane { height: 1fr; }
    ReviewPane #checklist-summary { height: auto; padding: 0 1; }
    ReviewPane #checklist-table { height: 1fr; }
    ReviewPane #checklist-question { height: auto; max-height: 5; padding: 0 1;
        border-top: solid $primary-muted; }
    """

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.checklist: ReviewChecklist | None = None
        self.contract: tuple[int, str] | None = None  # id and ref

    def compose(self) -> ComposeResult:
        yield Static("", id="checklist-summary")
        yield ChecklistTable(CHECKLIST_COLUMNS, id="checklist-table", cursor_type="row")
        yield Static("", id="checklist-question")

    @property
    def table(self) -> ChecklistTable:
        """The checklist table."""
        return self.query_one(ChecklistTable)

    def show(self, contract_id: int, ref: str, checklist: ReviewChecklist) -> None:
        """Show a review's checklist; the cursor stays on the item it was on."""
        self.contract, self.checklist = (contract_id, ref), checklist
        self.query_one("#checklist-summary", Static).update(summary_text(checklist))
        table = self.table
        row = table.cursor_row
        table.clear()
        for line in checklist.lines:
            answer = line.answer
            word = "—" if answer is None else ANSWER_WORDS[answer.answer]
            style = "" if answer is None else _ANSWER_STYLE[answer.answer]
            note = "" if answer is None else answer.note or answer.link
            table.add_row("*" if line.item.required else "", line.item.label,
                          Text(word, style), note, key=line.item.code)  # fmt: skip
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1))
            self._describe()

    def _line(self) -> ChecklistLine | None:
        if self.checklist is None or not self.checklist.lines:
            return None
        return self.checklist.lines[min(self.table.cursor_row, len(self.checklist.lines) - 1)]

    @on(DataTable.RowHighlighted, "#checklist-table")
    def _describe(self) -> None:
        line = self._line()
        if line is not None:
            self.query_one("#checklist-question", Static).update(question_text(line))

    def _write(self, what: str, **answer: Any) -> None:
        line = self._line()
        if line is None or self.contract is None:
            return
        screen = cast("PlannerScreen", self.screen)
        contract_id, ref = self.contract
        job = checklist_job(contract_id, ref, line.item.code, screen.planner.who, **answer)
        screen.write(job, what)

    def answer(self, answer: Answer) -> None:
        """Answer the highlighted item; one that needs a note asks for it first."""
        line = self._line()
        if line is None:
            return
        written = line.answer.note or line.answer.link if line.answer is not None else ""
        if line.item.needs_note(answer) and not written:
            self._ask("note", f"{line.item.label}: {ANSWER_WORDS[answer]}, because…",
                      line.item.note_hint, answer=answer)  # fmt: skip
            return
        self._write(f"{line.item.code} {answer}", answer=answer)
        self.table.action_cursor_down()

    @on(DataTable.RowSelected, "#checklist-table")
    def ask_note(self) -> None:
        """Write the highlighted item's note (enter); it keeps the answer given, or asks
        for one with the note if there is none yet."""
        line = self._line()
        if line is None:
            return
        if line.answer is None:
            cast("PlannerScreen", self.screen).say(
                f"Answer {line.item.label} first: y yes, n no, a not applicable"
            )
            return
        self._ask("note", f"Note on {line.item.label}", line.item.note_hint, value=line.answer.note)

    def ask_link(self) -> None:
        """Give the highlighted item's link."""
        line = self._line()
        if line is not None and line.answer is None:
            cast("PlannerScreen", self.screen).say(
                f"Answer {line.item.label} first: y yes, n no, a not applicable"
            )
        elif line is not None and line.answer is not None:
            current = line.answer.link
            self._ask("link", f"Link for {line.item.label}", "an address (https://...)",
                      value=current)  # fmt: skip

    def _ask(self, field: str, title: str, hint: str, *, value: str = "",
             answer: Answer | None = None) -> None:  # fmt: skip
        line = self._line()
        if line is None:
            return
        given = answer or (line.answer.answer if line.answer is not None else None)

        def entered(result: Entered[Any] | None) -> None:
            if result is not None and given is not None:
                self._write(f"{line.item.code} {field}", answer=given, **{field: result.value})

        self.app.push_screen(PromptDialog(title, str.strip, value=value, hint=hint), entered)

    def take_back(self) -> None:
        """Take back the highlighted item's answer."""
        line = self._line()
        if line is not None and line.answer is not None:
            self._write(f"{line.item.code} taken back")


__all__ = ["ChecklistTable", "ReviewPane", "checklist_job", "stage_label"]
