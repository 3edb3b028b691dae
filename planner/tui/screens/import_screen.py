"""Import: choose a register file, see how its headings map and what is wrong row by row,
change any heading's column, then import it (or its valid rows) with a progress bar.

Checking is a dry run of the same import `planner import` does (docs/guide/import.md), in a
worker; the import itself goes through the app's write queue and is one transaction, so
cancelling it (escape) rolls it back and leaves nothing written.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Input, Label, ProgressBar, Select, Static
from textual.worker import get_current_worker

from planner.domain.safe_text import visible
from planner.domain.words import plural
from planner.errors import PlannerError
from planner.io.import_source import Progress
from planner.store.contracts import list_departments
from planner.store.db import Database
from planner.tui.dialogs import ChoiceDialog, ConfirmDialog, MessageDialog
from planner.tui.import_jobs import (
    Canceller,
    ImportCheck,
    ImportChecked,
    ImportChoice,
    ImportProgress,
    ImportStopped,
    ImportWritten,
    Prepared,
    check_file,
    write_file,
)
from planner.tui.import_view import (
    AS_MATCHED,
    MAPPING_COLUMNS,
    PROBLEM_COLUMNS,
    PROBLEMS_SHOWN,
    VAT_CHOICES,
    column_choices,
    column_text,
    column_text_for,
    counts_text,
    match_text,
    screen_words,
)
from planner.tui.messages import ChoicesLoaded, EditRefused
from planner.tui.screens.base import PlannerScreen
from planner.tui.widgets import StatusLine
from planner.tui.widgets.choices import refill
from planner.tui.widgets.path_input import PathSuggester
from planner.tui.widgets.tables import FittedTable

log = logging.getLogger(__name__)

PROGRESS_SECONDS = 0.1  # between two progress reports shown


class ImportScreen(PlannerScreen):
    """Choose, check, remap, import: the planner import command, on a screen."""

    TITLE = "Import"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+o", "choose_file", "File", id="import.file"),
        Binding("d", "open_choice('#import-department')", "Department", id="import.department"),
        Binding("v", "open_choice('#import-vat')", "VAT basis", id="import.vat"),
        Binding("m", "remap", "Map heading", id="import.map"),
        Binding("s", "toggle_saved", "Saved mapping", show=False, id="import.saved"),
        Binding("p", "problems", "Problems", id="import.problems"),
        Binding("i", "start_import(False)", "Import", id="import.import"),
        Binding("I", "start_import(True)", "Import valid rows", id="import.valid"),
        Binding("escape", "back", "Cancel/back", id="import.back"),
    ]
    FOOTER_PRIORITY: ClassVar[tuple[str, ...]] = (
        "import.import", "import.valid", "import.map", "import.back", "import.problems",
        "import.file", "import.department", "import.vat",
    )  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self.generation = 0
        self.choice: ImportChoice | None = None
        self.check: ImportCheck | None = None
        self.prepared: Prepared | None = None
        self.canceller: Canceller | None = None
        self.busy = ""  # 'check' or 'import' while a worker runs
        self.remaps: dict[str, str] = {}
        self.use_saved = True

    # ---------------------------------------------------------------- layout

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="import-file-row"):
            yield Label("File", classes="import-label")
            yield Input(
                placeholder="a .csv, .xlsx or OCDS .json register; → completes, enter checks",
                id="import-path", suggester=PathSuggester(), compact=True,
            )  # fmt: skip
        with Horizontal(id="import-choices"):
            yield Label("Department", classes="import-label")
            yield Select[str]([], prompt="as the file says", id="import-department",
                              compact=True)  # fmt: skip
            yield Label("VAT", classes="import-label")
            yield Select[str](VAT_CHOICES, prompt="department default", id="import-vat",
                              compact=True)  # fmt: skip
        yield Static("Choose a file to import (ctrl+o).", id="import-summary")
        with Vertical(id="import-body"):
            yield FittedTable(MAPPING_COLUMNS, id="import-mapping", classes="panel",
                              cursor_type="row")  # fmt: skip
            yield FittedTable(PROBLEM_COLUMNS, id="import-problems", classes="panel",
                              cursor_type="row")  # fmt: skip
        yield ProgressBar(id="import-progress", show_eta=False)
        yield StatusLine(id="status-line")

    @property
    def mapping_table(self) -> FittedTable:
        """The headings and where each goes."""
        return self.query_one("#import-mapping", FittedTable)

    @property
    def problem_table(self) -> FittedTable:
        """The problems, row by row."""
        return self.query_one("#import-problems", FittedTable)

    def on_mount(self) -> None:
        self.mapping_table.border_title = "Headings (m or enter: change the column)"
        self.problem_table.border_title = "Problems (enter: show the row)"
        self.query_one(ProgressBar).display = False
        self.query_one("#import-path", Input).focus()
        self._read_departments()

    def load(self) -> None:
        """Nothing to read again by itself: the file is checked when chosen or changed."""

    def on_unmount(self) -> None:
        # Closed while a check or an import runs (the app quitting): stop it, so an
        # unfinished import rolls back rather than holding the app open.
        if self.canceller is not None:
            self.canceller.cancel()

    @work(thread=True, group="import-departments", exit_on_error=False)
    def _read_departments(self) -> None:
        with self.planner.connections.reader() as db:
            departments = list_departments(db)
        self.post_message(ChoicesLoaded(departments, []))

    @on(ChoicesLoaded)
    def _departments(self, message: ChoicesLoaded) -> None:
        with self.prevent(Select.Changed):
            refill(self.query_one("#import-department", Select),
                   [(d, d) for d in message.departments])  # fmt: skip

    # ---------------------------------------------------------------- choosing

    def action_choose_file(self) -> None:
        """Put the cursor in the file's path."""
        self.query_one("#import-path", Input).focus()

    def action_open_choice(self, selector: str) -> None:
        """Open a list of choices (department or VAT basis)."""
        choice = self.query_one(selector, Select)
        choice.focus()
        choice.action_show_overlay()

    @on(Input.Submitted, "#import-path")
    def _path_chosen(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            self.say("Give the path of the register file to import", error=True)
            return
        self.remaps.clear()
        self.use_saved = True
        self.run_check()

    @on(Select.Changed)
    def _select_changed(self) -> None:
        if self.choice is not None:
            self.run_check()

    def current_choice(self) -> ImportChoice:
        """What the screen's fields and the changed headings say."""
        department = self.query_one("#import-department", Select).value
        vat = self.query_one("#import-vat", Select).value
        typed = self.query_one("#import-path", Input).value.strip()
        return ImportChoice(
            Path(typed).expanduser(),
            None if department is Select.NULL else str(department),
            None if vat is Select.NULL else vat == "inc",
            tuple(f"{h}={c}" for h, c in self.remaps.items()),
            self.use_saved,
        )

    # ---------------------------------------------------------------- checking

    def run_check(self) -> None:
        """Check the chosen file again (a dry run), stopping a check still running."""
        if self.busy == "import":
            self.say("An import is running: wait for it, or press escape to cancel it")
            return
        if self.canceller is not None:
            self.canceller.cancel()
        self.choice = self.current_choice()
        self.generation += 1
        self.canceller = Canceller()
        self._set_busy("check")
        self._check(self.generation, self.choice, self.prepared, self.canceller)

    @work(thread=True, group="import-check", exit_on_error=False)
    def _check(
        self, generation: int, choice: ImportChoice, kept: Prepared | None, stop: Canceller
    ) -> None:
        progress = self._progress("Checking", stop)
        self.post_message(ImportProgress("Reading", 0, 0))
        try:
            with self.planner.connections.reader() as db:
                found = check_file(db, choice, kept, self.planner.who, progress)
        except ImportStopped:
            return
        except PlannerError as exc:
            self.post_message(ImportChecked(generation, None, str(exc)))
            return
        except OSError as exc:
            why = f"cannot read {choice.path} ({exc.strerror or exc})"
            self.post_message(ImportChecked(generation, None, why))
            return
        except Exception as exc:  # never a traceback, nor a screen left waiting
            log.exception("checking %s failed", choice.path)
            why = f"unexpected problem while checking ({type(exc).__name__}: {exc})"
            self.post_message(ImportChecked(generation, None, why))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(ImportChecked(generation, found))

    def _progress(self, stage: str, stop: Canceller) -> Progress:
        last = [0.0]

        def report(done: int, total: int) -> None:
            if stop.cancelled:
                raise ImportStopped
            now = time.monotonic()
            if done in (0, total) or now - last[0] >= PROGRESS_SECONDS:
                last[0] = now  # a few redraws a second: each costs the UI thread time
                self.post_message(ImportProgress(stage, done, total))

        return report

    @on(ImportChecked)
    def _checked(self, message: ImportChecked) -> None:
        if message.generation != self.generation:
            return
        self._set_busy("")
        if message.check is None:
            self.check = None
            self.mapping_table.clear()
            self.problem_table.clear()
            problem = screen_words(message.problem)
            self.query_one("#import-summary", Static).update(Text(problem, "bold red"))
            self.say(f"Cannot check: {problem}", error=True)
            return
        self.check = message.check
        self.prepared = message.check.prepared
        self._show(message.check)
        self.mapping_table.focus()

    def _show(self, check: ImportCheck) -> None:
        report = check.report
        suggestions = {u.heading: u.suggestion for u in report.unmapped}
        table = self.mapping_table
        row = table.cursor_row
        table.clear()
        for i, m in enumerate(report.mapping):
            # A file's text is shown with its control characters written out, never obeyed.
            table.add_row(visible(m.heading), visible(", ".join(m.sample)) or "(empty)",
                          column_text(m), match_text(m, suggestions.get(m.heading)),
                          key=str(i))  # fmt: skip
        table.move_cursor(row=min(max(row, 0), max(table.row_count - 1, 0)))
        problems = self.problem_table
        problems.clear()
        for n, p in enumerate(report.rejected[:PROBLEMS_SHOWN]):
            problems.add_row(str(p.row), visible(p.column), visible(p.value),
                             visible(screen_words(p.error)), key=str(n))  # fmt: skip
        rows = len({p.row for p in report.rejected})
        problems.border_title = (
            f"Problems: {len(report.rejected):,} on {plural(rows, 'row')} (enter: show the row)"
            if report.rejected else "Problems: not checked" if check.refused else "Problems: none"
        )  # fmt: skip
        self.query_one("#import-summary", Static).update(self._summary(check))

    def _summary(self, check: ImportCheck) -> Text:
        report = check.report
        text = Text(f"{check.choice.path.name} · {report.source} · {report.rows:,} rows\n")
        if check.refused:
            text.append(f"Not checked: {screen_words(check.refused)}", "bold red")
        elif report.rejected:
            bad = len({p.row for p in report.rejected})
            valid = report.imported + report.updated + report.unchanged
            text.append(f"{plural(bad, 'row')} with problems: ", "bold red")
            text.append("fix the file and check again (enter in File), or I imports the "
                        f"{plural(valid, 'valid row')}")  # fmt: skip
        else:
            text.append("Ready: ", "bold green")
            text.append(f"i imports {counts_text(report)}")
        if check.mapping_name:
            text.append(f"\nSaved mapping '{check.mapping_name}' applied (s: without it)", "dim")
        elif not check.choice.use_saved:
            text.append("\nSaved mapping not applied (s: apply it)", "dim")
        elif check.prepared.default_department is None and self.remaps:
            text.append("\nChoose a department to remember these headings for next time", "dim")
        return text

    # ---------------------------------------------------------------- remapping

    def action_remap(self) -> None:
        """Send the highlighted heading's values to another column."""
        check = self.check
        table = self.mapping_table
        if check is None or not table.row_count or self.busy:
            self.app.bell()
            return
        heading = check.report.mapping[table.cursor_row]
        current = self.remaps.get(heading.heading, AS_MATCHED)

        def chosen(column: str | None) -> None:
            if column is None:
                return
            if column == AS_MATCHED:
                self.remaps.pop(heading.heading, None)
            else:
                self.remaps[heading.heading] = column
            self.say(f"{visible(heading.heading)} → {column_text_for(column)}; checking again")
            self.run_check()

        title = f"Where do the values of '{visible(heading.heading)}' go?"
        self.app.push_screen(ChoiceDialog(title, column_choices(), current=current), chosen)

    @on(DataTable.RowSelected, "#import-mapping")
    def _mapping_chosen(self) -> None:
        self.action_remap()

    def action_toggle_saved(self) -> None:
        """Apply the department's saved mapping, or check without it."""
        if self.choice is None:
            return
        self.use_saved = not self.use_saved
        self.run_check()

    # ---------------------------------------------------------------- problems

    def action_problems(self) -> None:
        """Go to the list of problems."""
        self.problem_table.focus()

    @on(DataTable.RowSelected, "#import-problems")
    def _problem_chosen(self, event: DataTable.RowSelected) -> None:
        check = self.check
        if check is None or not check.report.rejected:
            return
        problem = check.report.rejected[int(event.row_key.value or 0)]
        cells = check.cells.get(problem.row, [])
        lines = [visible(f"{'▶ ' if heading == problem.column else '  '}{heading}: {value}")
                 for heading, value in cells]  # fmt: skip
        said = [screen_words(p.describe()) for p in check.report.rejected if p.row == problem.row]
        self.app.push_screen(
            MessageDialog(f"Row {problem.row} of {check.choice.path.name}",
                          "\n".join([*said, "", *lines])),
        )  # fmt: skip

    # ---------------------------------------------------------------- importing

    def action_start_import(self, valid_only: bool) -> None:
        """Import every row (refused while any has a problem), or only the valid rows."""
        check = self.check
        if check is None or self.busy:
            self.say({"": "Choose a file and let it be checked first",
                      "check": "Wait for the check to finish",
                      "import": "An import is running"}[self.busy], error=True)  # fmt: skip
            return
        report = check.report
        if check.refused:
            self.say(f"Not checked: {screen_words(check.refused)}", error=True)
            return
        if report.rejected and not valid_only:
            self.say("Some rows have problems: fix the file, or press I to import the valid "
                     "rows (the others go to a rejected-rows file)", error=True)  # fmt: skip
            return
        bad = len({p.row for p in report.rejected})
        question = f"Import {counts_text(report)} from {check.choice.path.name}?"
        if bad:
            question += (f" {bad:,} rows with problems are left out and written to "
                         f"{check.choice.path.stem}.rejected.csv beside the file.")  # fmt: skip

        def answered(yes: bool | None) -> None:
            if yes:
                self._write(check, valid_only)

        self.app.push_screen(ConfirmDialog("Import into the register?", question), answered)

    def _write(self, check: ImportCheck, valid_only: bool) -> None:
        stop = self.canceller = Canceller()
        progress = self._progress("Importing", stop)
        who = self.planner.who

        def job(db: Database) -> ImportWritten:
            try:
                return ImportWritten(write_file(db, check, who, valid_only=valid_only,
                                                progress=progress))  # fmt: skip
            except ImportStopped:
                return ImportWritten(None)

        self._set_busy("import")
        self.write(job, "import")

    @on(ImportWritten)
    def _written(self, message: ImportWritten) -> None:
        self._set_busy("")
        report = message.report
        if report is None:
            self.say("Import cancelled: nothing was written")
            return
        if not report.written:
            self.say("Nothing imported: the file changed and now has problems; it is checked "
                     "again", error=True)  # fmt: skip
            self.run_check()
            return
        said = f"Imported {counts_text(report)} from {Path(report.file).name}"
        if report.rejected_file:
            said += f"; rejected rows in {report.rejected_file}"
        if report.mapping_saved:
            said += f"; headings remembered as '{report.mapping_saved}'"
        self.say(said)
        self.remaps.clear()
        self.run_check()  # what is stored now: every row unchanged

    def on_edit_refused(self, message: EditRefused) -> None:
        self._set_busy("")
        super().on_edit_refused(message)

    # ---------------------------------------------------------------- progress

    @on(ImportProgress)
    def _progressed(self, message: ImportProgress) -> None:
        if not self.busy:
            return
        bar = self.query_one(ProgressBar)
        if message.total:
            bar.update(total=message.total, progress=message.done)
            verb = "written" if self.busy == "import" else "checked"
            self.query_one(
                StatusLine
            ).info = (
                f"{message.stage}: {message.done:,} of {message.total:,} rows {verb} · esc cancels"
            )
        else:
            bar.update(total=None)
            self.query_one(StatusLine).info = f"{message.stage} the file · esc cancels"

    def _set_busy(self, busy: str) -> None:
        self.busy = busy
        bar = self.query_one(ProgressBar)
        bar.display = bool(busy)
        bar.update(total=None, progress=0)
        if not busy:
            self.query_one(StatusLine).info = ""

    def action_back(self) -> None:
        """Cancel the check or import running (nothing is written), else close the screen."""
        if self.busy and self.canceller is not None:
            self.canceller.cancel()
            if self.busy == "check":
                self._set_busy("")
                self.generation += 1
                self.say("Check cancelled")
            else:
                self.say("Cancelling the import…")
            return
        self.dismiss()
