"""Triage: the register as a table to filter, sort and decide on, one key per decision."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future, InvalidStateError
from contextlib import suppress
from dataclasses import replace
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Input, Select
from textual.worker import get_current_worker

from planner.domain.codes import Decision, Rag, Risk
from planner.domain.contract import Contract
from planner.domain.vocab import DECISIONS, ROUTES, STATUSES, parse_priority
from planner.store.contracts import list_departments
from planner.store.db import Database
from planner.store.triage import (
    NONE,
    UNTRIAGED,
    Target,
    TriageQuery,
    accept_proposed_officers,
    decide_contracts,
    fetch_rows,
    next_untriaged,
    officer_names,
    open_window,
    set_triage_field,
)
from planner.tui.dialogs.choice import Choice, ChoiceDialog
from planner.tui.messages import (
    ChangeSaved,
    ChoicesLoaded,
    ContractsLoaded,
    WindowLoaded,
)
from planner.tui.screens.base import PlannerScreen
from planner.tui.screens.registry import open_contract, open_import
from planner.tui.widgets import COLUMNS, ContractTable, StatusLine
from planner.tui.widgets.choices import refill
from planner.tui.widgets.preview import ContractPreview

DECIDE = Binding.Group("Decide", compact=True)
# key, decision code: the single keys that record a decision.
DECISION_KEYS: tuple[tuple[str, Decision], ...] = (
    ("c", Decision.CENTRALISE),
    ("e", Decision.EXTEND),
    ("t", Decision.RE_TENDER),
    ("f", Decision.CALL_OFF),
    ("b", Decision.COLLABORATE),
    ("x", Decision.TERMINATE),
    ("i", Decision.IN_HOUSE),
)
SORT_KEYS = {
    "ref": "r", "department": "d", "title": "t", "supplier": "s", "end_date": "e",
    "notice_date": "n", "value": "v", "status": "a", "decision": "c", "route": "o",
    "officer": "f", "risk": "k", "priority": "p", "rag": "g",
}  # fmt: skip
PRIORITY_CHOICES = [
    Choice("1", "1", "1 (highest)"), Choice("2", "2", "2"), Choice("3", "3", "3"),
    Choice("4", "4", "4"), Choice("5", "5", "5 (lowest)"), Choice("0", "", "No priority"),
]  # fmt: skip
# Lines of the triage screen that are not table rows, at the least: the navigation bar, the
# filters, the table's header, the status line and the footer.
CHROME_LINES = 5
RISK_CHOICES = [
    Choice("h", Risk.HIGH, "High"), Choice("m", Risk.MEDIUM, "Medium"),
    Choice("l", Risk.LOW, "Low"), Choice("0", "", "Not assessed"),
]  # fmt: skip


def _decision_bindings() -> list[BindingType]:
    return [
        Binding(key, f"decide('{code}')", DECISIONS[code], group=DECIDE, id=f"triage.{code}")
        for key, code in DECISION_KEYS
    ]


class TriageScreen(PlannerScreen):
    """Filter as you type, sort by any column, decide with one key, undo with u."""

    MODE = "triage"
    TITLE = "Triage"
    # The table has the focus from the start (Textual would give it to the search box first,
    # restyling both as it moves on mount).
    AUTO_FOCUS = "#contracts"
    BINDINGS: ClassVar[list[BindingType]] = [
        *_decision_bindings(),
        Binding("slash", "search", "Search", id="triage.search"),
        Binding("p", "priority", "Priority", id="triage.priority"),
        Binding("r", "risk", "Risk", id="triage.risk"),
        Binding("o", "officer", "Officer", id="triage.officer"),
        Binding("a", "accept_officer", "Accept officer", show=False, id="triage.accept_officer"),
        Binding("s", "sort", "Sort", id="triage.sort"),
        Binding("w", "app.whatif", "What-if", id="triage.whatif"),
        Binding("escape", "back", "Clear", show=False, id="triage.clear"),
        # i decides in-house here, so importing is I (i on the dashboard).
        Binding("I", "import_register", "Import a register", show=False, id="triage.import"),
    ]
    # The search box says "/ search" itself, so / gives way before the decisions and undo.
    FOOTER_PRIORITY: ClassVar[tuple[str, ...]] = (
        *(f"triage.{code}" for _, code in DECISION_KEYS), "table.open", "table.mark",
        "app.undo", "triage.search", "triage.priority", "triage.risk", "triage.officer",
        "triage.sort",
    )  # fmt: skip
    PICK_FIRST: ClassVar[dict[str, str]] = {
        **{f"triage.{code}": "contract" for _, code in DECISION_KEYS},
        "triage.priority": "contract", "triage.risk": "contract", "triage.officer": "contract",
        "triage.accept_officer": "contract",
    }  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self.query_state = TriageQuery()
        self.generation = 0
        self.officers: list[str] = []
        self.register_total = 0
        self._choices_asked = False
        self._reading_first = False  # the first window is being read (see compose_body)

    # ---------------------------------------------------------------- layout

    def compose_body(self) -> ComposeResult:
        # The first window is read while Textual builds the screen, not once it has mounted,
        # and the first frame waits for it (a bounded wait: PlannerScreen.hold_first_frame).
        # The table has no size yet: its page is the terminal's height less the lines
        # around it (at most that).
        first: Future[ContractsLoaded] = Future()
        self.hold_first_frame(first, self._loaded)
        self.requery(page=max(1, self.app.size.height - CHROME_LINES), first=first)
        self._reading_first = True
        with Horizontal(id="filters"):
            yield Input(placeholder="/ search", id="search", compact=True)
            yield Select[str]([], prompt="Department", id="department", compact=True)
            yield Select[str](
                [("Untriaged", UNTRIAGED), *((label, code) for code, label in STATUSES.items())],
                prompt="Status", id="status", compact=True,
            )  # fmt: skip
            yield Select[str](
                [*((rag.capitalize(), rag) for rag in Rag), ("Not planned", NONE)],
                prompt="RAG", id="rag", compact=True,
            )  # fmt: skip
            yield Select[str](
                [*((label, code) for code, label in ROUTES.items()), ("No route", NONE)],
                prompt="Route", id="route", compact=True,
            )  # fmt: skip
            yield Select[str]([], prompt="Officer", id="officer", compact=True)
        with Horizontal(id="triage-body"):
            yield ContractTable(id="contracts")
            yield ContractPreview(id="preview")
        yield StatusLine(id="status-line")

    @property
    def table(self) -> ContractTable:
        """The triage table."""
        return self.query_one(ContractTable)

    def on_mount(self) -> None:
        self.table.focus()
        self.table.set_sort(self.query_state.sort, self.query_state.descending)

    def load(self) -> None:
        if self._reading_first:  # the screen's first load: under way since compose_body
            self._reading_first = False
            return
        current = self.table.current
        self.requery(keep=current.id if current else None, cursor=self.table.cursor)
        if self._choices_asked:  # a refresh also picks up new departments and officers
            self._read_choices()

    # ---------------------------------------------------------------- reading

    def requery(self, *, keep: int | None = None, cursor: int = 0, page: int = 0,
                first: Future[ContractsLoaded] | None = None) -> None:  # fmt: skip
        """Read the count and the window for the current filters and sort (`page`: how
        many rows the table shows, if it cannot tell yet; `first`: where the screen's first
        window goes, instead of a message)."""
        self.generation += 1
        page = page or self.table.page
        self._read_window(self.generation, self.query_state, keep, cursor, page, first)

    @work(thread=True, exclusive=True, group="triage-query", exit_on_error=False)
    def _read_window(self, generation: int, query: TriageQuery, keep: int | None, cursor: int,
                     page: int, first: Future[ContractsLoaded] | None) -> None:  # fmt: skip
        try:
            with self.planner.connections.reader() as db:
                window = open_window(db, query, size=3 * page, keep=keep, cursor=cursor,
                                     before=page)  # fmt: skip
        except BaseException as error:
            if first is not None:  # the first frame waits no longer (the worker reports it)
                with suppress(InvalidStateError):  # the app closed while it waited
                    first.set_exception(error)
            raise
        loaded = ContractsLoaded(generation, query, window, window.cursor)
        if first is not None:
            # Even if this worker was cancelled: its generation says if it counts. The wait
            # itself is cancelled when the app closes while it waits: nothing to show then.
            with suppress(InvalidStateError):
                first.set_result(loaded)
        elif not get_current_worker().is_cancelled:
            self.post_message(loaded)

    @work(thread=True, exclusive=True, group="triage-rows", exit_on_error=False)
    def _read_rows(self, generation: int, query: TriageQuery, offset: int, limit: int) -> None:
        with self.planner.connections.reader() as db:
            rows = fetch_rows(db, query, offset, limit)
        if not get_current_worker().is_cancelled:
            self.post_message(WindowLoaded(generation, offset, rows))

    @work(thread=True, exclusive=True, group="triage-choices", exit_on_error=False)
    def _read_choices(self) -> None:
        with self.planner.connections.reader() as db:
            departments = list_departments(db)
            officers = officer_names(db)
        self.post_message(ChoicesLoaded(departments, officers))

    @on(ChoicesLoaded)
    def _choices(self, message: ChoicesLoaded) -> None:
        self.officers = message.officers
        lists = {
            "department": [(d, d) for d in message.departments],
            "officer": [*((o, o) for o in message.officers), ("Unassigned", NONE)],
        }
        for name, options in lists.items():
            if not refill(self.query_one(f"#{name}", Select), options):
                self._filter(**{name: None})  # the chosen one is gone

    @on(ContractsLoaded)
    def _loaded(self, message: ContractsLoaded) -> None:
        if message.generation != self.generation:
            return
        window = message.window
        self.register_total = window.register
        self.table.reset(message.generation, window.total, window.offset, window.rows,
                         message.cursor)  # fmt: skip
        self._show_counts()
        if not self.officers and not self._choices_asked:
            # The filter lists are filled once the first rows are on screen, not before.
            self._choices_asked = True
            self.call_after_refresh(self._read_choices)

    @on(ContractTable.WindowWanted)
    def _wanted(self, message: ContractTable.WindowWanted) -> None:
        if message.generation == self.generation:
            self._read_rows(message.generation, self.query_state, message.offset, message.limit)

    @on(WindowLoaded)
    def _rows(self, message: WindowLoaded) -> None:
        self.table.add_rows(message.generation, message.offset, message.rows)

    def _show_counts(self) -> None:
        table = self.table
        shown = f"{table.total:,} contracts"
        if table.total != self.register_total:
            shown = f"{table.total:,} of {self.register_total:,} contracts"
        if table.marked:
            shown += f" · {len(table.marked)} marked"
        column = next(c.label for c in COLUMNS if c.key == self.query_state.sort)
        arrow = "▼" if self.query_state.descending else "▲"
        self.query_one(StatusLine).info = f"{shown} · sorted by {column} {arrow}"

    @on(ContractTable.MarksChanged)
    def _marks(self) -> None:
        self._show_counts()

    @on(ContractTable.CursorMoved)
    def _cursor(self, message: ContractTable.CursorMoved) -> None:
        preview = self.query_one(ContractPreview)
        if preview.display and message.row is not None:
            preview.show_contract(message.row.id)

    # ---------------------------------------------------------------- filters

    @on(Input.Changed, "#search")
    def _search(self, event: Input.Changed) -> None:
        self._filter(text=event.value)

    @on(Input.Submitted, "#search")
    def _search_done(self) -> None:
        self.set_focus(self.table)

    @on(Select.Changed)
    def _select(self, event: Select.Changed) -> None:
        value = None if event.value is Select.NULL else str(event.value)
        if event.select.id in ("department", "status", "rag", "route", "officer"):
            self._filter(**{event.select.id: value})

    def _filter(self, **changes: Any) -> None:
        updated = replace(self.query_state, **changes)
        if updated != self.query_state:
            self.query_state = updated
            self.table.clear_marks()
            self.requery(cursor=0)

    def action_search(self) -> None:
        """Put the cursor in the search box."""
        # Now, not after the messages already queued as Widget.focus does: the keys typed in
        # one burst with "/" then go to the box (PlannerApp._on_key sends them on). And once
        # more after them, as Widget.focus does, so a screen just opened by the palette does
        # not take the focus back to its table when it mounts.
        search = self.query_one("#search", Input)
        self.set_focus(search)
        search.focus()

    def action_back(self) -> None:
        """Escape: leave the filters, else unmark rows, else clear every filter."""
        if self.focused is not self.table:
            self.set_focus(self.table)
            return
        if self.table.marked:
            self.table.clear_marks()
            return
        if self.query_state != TriageQuery(
            sort=self.query_state.sort, descending=self.query_state.descending
        ):
            with self.prevent(Input.Changed, Select.Changed):
                self.query_one("#search", Input).value = ""
                for select in self.query(Select):
                    select.clear()
            self.query_state = TriageQuery(
                sort=self.query_state.sort, descending=self.query_state.descending
            )
            self.requery(cursor=0)

    # ---------------------------------------------------------------- sorting

    def action_sort(self) -> None:
        """Choose the column to sort by (the current one again reverses the order)."""
        choices = [Choice(SORT_KEYS[c.key], c.key, c.label if c.label != "P" else "Priority")
                   for c in COLUMNS if c.sortable]  # fmt: skip
        self.app.push_screen(
            ChoiceDialog("Sort by", choices, current=self.query_state.sort), self._sorted
        )

    def _sorted(self, column: str | None) -> None:
        if column is not None:
            self.sort_by(column)

    def sort_by(self, column: str) -> None:
        """Sort by `column`, reversing the order if it is already the sort column."""
        descending = not self.query_state.descending if column == self.query_state.sort else False
        self.query_state = replace(self.query_state, sort=column, descending=descending)
        self.table.set_sort(column, descending)
        current = self.table.current
        self.requery(keep=current.id if current else None)

    @on(ContractTable.SortClicked)
    def _sort_clicked(self, message: ContractTable.SortClicked) -> None:
        self.sort_by(message.column)

    # ---------------------------------------------------------------- opening

    @on(ContractTable.RowChosen)
    def _open(self, message: ContractTable.RowChosen) -> None:
        open_contract(self.app, message.row.id)

    # ---------------------------------------------------------------- writing

    def action_import_register(self) -> None:
        """Import a register file (the import screen)."""
        if (refusal := open_import(self.app)) is not None:
            self.say(refusal, error=True)

    def _targets(self) -> list[Target]:
        table = self.table
        rows = list(table.marked.values()) or ([table.current] if table.current else [])
        return [Target(r.id, r.version) for r in rows]

    def action_decide(self, decision: str) -> None:
        """Record `decision` on the marked rows (or the highlighted one) and move on."""
        targets = self._targets()
        if not targets:
            self.app.bell()
            return
        query, who = self.query_state, self.planner.who
        after = self.table.current.id if self.table.current else None

        def job(db: Database) -> ChangeSaved:
            saved = decide_contracts(db, targets, decision, who=who)
            return ChangeSaved.of_contracts(
                f"{DECISIONS[decision]}: {_label(saved)}", saved, next_untriaged(db, query, after)
            )

        self.write(job, f"decide {decision}")

    def _set_field(self, field: str, value: Any) -> None:
        targets = self._targets()
        if not targets:
            self.app.bell()
            return
        who = self.planner.who

        def job(db: Database) -> ChangeSaved:
            saved = set_triage_field(db, targets, field, value, who=who)
            shown = "none" if value is None else value
            return ChangeSaved.of_contracts(f"{field.capitalize()} {shown}: {_label(saved)}", saved)

        self.write(job, f"set {field}")

    def _picker_title(self, what: str) -> str:
        """'Risk for 3 contracts' or 'Risk for EST-00012': what the choice applies to."""
        marked = self.table.marked
        if len(marked) > 1:
            return f"{what} for {len(marked)} contracts"
        row = next(iter(marked.values()), None) or self.table.current
        return f"{what} for {row.ref}" if row is not None else what

    def action_priority(self) -> None:
        """Set the priority of the marked rows (or the highlighted one)."""
        if self._targets():
            current = self.table.current
            now = str(current.priority) if current and current.priority else ""
            self.app.push_screen(
                ChoiceDialog(self._picker_title("Priority"), PRIORITY_CHOICES, current=now),
                self._priority_chosen,
            )

    def _priority_chosen(self, value: str | None) -> None:
        if value is not None:
            self._set_field("priority", parse_priority(value or None))

    def action_risk(self) -> None:
        """Set the risk of the marked rows (or the highlighted one)."""
        if self._targets():
            current = self.table.current
            self.app.push_screen(
                ChoiceDialog(
                    self._picker_title("Risk"),
                    RISK_CHOICES,
                    current=(current.risk if current else None),
                ),
                self._risk_chosen,
            )

    def _risk_chosen(self, value: str | None) -> None:
        if value is not None:
            self._set_field("risk", value or None)

    def action_officer(self) -> None:
        """Assign an officer to the marked rows (or the highlighted one)."""
        if not self._targets():
            return
        keys = "123456789abcdefghijklmnoprstuvwxyz"
        choices = [Choice(keys[i] if i < len(keys) else "", name, name)
                   for i, name in enumerate(self.officers)]  # fmt: skip
        choices.append(Choice("0", "", "No officer"))
        current = self.table.current
        self.app.push_screen(
            ChoiceDialog(
                self._picker_title("Officer"), choices, current=current.officer if current else None
            ),
            self._officer_chosen,
        )

    def _officer_chosen(self, value: str | None) -> None:
        if value is not None:
            self._set_field("officer", value or None)

    def action_accept_officer(self) -> None:
        """Make the officer the schedule proposed the decided one (marked rows or this one)."""
        targets = self._targets()
        if not targets:
            self.app.bell()
            return
        who = self.planner.who

        def job(db: Database) -> ChangeSaved:
            saved = accept_proposed_officers(db, targets, who=who)
            label = _label(saved)
            summary = (
                f"Officer {saved[0].officer} accepted: {label}"
                if len(saved) == 1
                else f"Proposed officers accepted: {label}"
            )
            # With the new versions, so the marks kept on these rows stay editable.
            return ChangeSaved.of_contracts(summary, saved)

        self.write(job, "accept officer")

    def after_save(self, message: ChangeSaved) -> None:
        self.say(f"{self.saved_word()} · {message.summary}")
        # The marks stay (escape clears them), at the versions just saved, so the next bulk
        # action applies to the same rows without a conflict with this window's own edit.
        self.table.keep_marks(message.versions)
        if message.next_position is not None:
            self.requery(cursor=message.next_position)
        else:
            self.load()


def _label(saved: Sequence[Contract]) -> str:
    """What a change saved, in a status line: the reference, or how many contracts."""
    return saved[0].ref if len(saved) == 1 else f"{len(saved)} contracts"
