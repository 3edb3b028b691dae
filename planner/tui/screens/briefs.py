"""Briefs: choose a brief, a department and a day, read it rendered, save it as Markdown.

The brief is rendered exactly as `planner brief` renders it (same context, same templates,
the user's template folder from $PLANNER_TEMPLATES first), in a worker thread; the preview
shows the same text that is saved, laid out by Rich as one widget (BriefView).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Input, Label, Select
from textual.worker import get_current_worker

from planner.briefs import BRIEFS, BriefRequest, render_brief
from planner.domain.dates import format_date, parse_typed_date
from planner.errors import PlannerError, ValidationError
from planner.store.contracts import list_departments
from planner.tui.dialogs import ConfirmDialog, Entered, PromptDialog
from planner.tui.screens.base import PlannerScreen
from planner.tui.widgets import StatusLine
from planner.tui.widgets.brief_view import BriefView
from planner.tui.widgets.choices import refill

NAMES = {
    "programme": "Programme board",
    "department": "Department",
    "kpi": "Strategy KPIs",
    "plan": "Contracts plan",
}


@dataclass(frozen=True, slots=True)
class Rendered:
    """A brief as rendered: what was asked for and its Markdown."""

    request: BriefRequest
    text: str

    @property
    def file_name(self) -> str:
        """A file name that says what the brief is and for which day."""
        who = f"-{self.request.department}" if self.request.department else ""
        slug = "".join(ch if ch.isalnum() else "-" for ch in f"{self.request.name}{who}")
        return f"{'-'.join(p for p in slug.lower().split('-') if p)}-{self.request.today}.md"


class BriefRendered(Message):
    """A brief was rendered (or could not be: then `problem` says why)."""

    def __init__(self, generation: int, rendered: Rendered | None, problem: str = "") -> None:
        super().__init__()
        self.generation = generation
        self.rendered = rendered
        self.problem = problem


class DepartmentsLoaded(Message):
    """The departments a department brief can be for."""

    def __init__(self, departments: list[str]) -> None:
        super().__init__()
        self.departments = departments


class BriefSaved(Message):
    """A brief was written to a file (or not: then `problem` says why)."""

    def __init__(self, path: Path, problem: str = "") -> None:
        super().__init__()
        self.path = path
        self.problem = problem


def save_path(text: str) -> Path:
    """Where to save, as typed: a .md file whose folder exists."""
    if not text.strip():
        raise ValidationError("give a file name, such as board-2026-11-25.md")
    path = Path(text.strip()).expanduser()
    if path.is_dir():
        raise ValidationError(f"{path} is a folder; add a file name")
    if not path.parent.exists():
        raise ValidationError(f"the folder {path.parent} does not exist")
    return path


class BriefsScreen(PlannerScreen):
    """Tab between the choices and the preview; ctrl+s saves what is shown."""

    MODE = "briefs"
    TITLE = "Briefs"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save as…", id="briefs.save"),
        Binding("ctrl+b", "choose_brief", "Brief", id="briefs.brief"),
        Binding("ctrl+d", "department", "Department", id="briefs.department"),
        Binding("ctrl+t", "focus('#brief-date')", "Date", id="briefs.date"),
        Binding("ctrl+o", "focus('#brief-preview')", "Read", id="briefs.read"),
    ]
    # The date box is on the screen with its own label; reading the preview is not.
    FOOTER_PRIORITY: ClassVar[tuple[str, ...]] = (
        "briefs.save", "briefs.brief", "briefs.department", "briefs.read", "briefs.date",
    )  # fmt: skip
    DEFAULT_CSS = """
    BriefsScreen #brief-controls {
        height: 1;
        background: $boost;
    }
    BriefsScreen #brief-controls Label {
        padding: 0 1;
        color: $text-muted;
    }
    /* At 80 columns the department gives way, so the date is seen whole. */
    BriefsScreen #brief { width: 20; }
    BriefsScreen #brief-department { width: 1fr; max-width: 28; }
    BriefsScreen #brief-date { width: 12; }
    BriefsScreen #brief-preview {
        height: 1fr;
        padding: 0 1;
    }
    BriefsScreen #brief-preview:focus {
        background-tint: $foreground 3%;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.generation = 0
        self.shown: Rendered | None = None
        self.day: date | None = None

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="brief-controls"):
            yield Label("Brief")
            yield Select[str](
                [(NAMES[name], name) for name in BRIEFS],
                value="programme", allow_blank=False, id="brief", compact=True,
            )  # fmt: skip
            yield Label("Department")
            yield Select[str]([], prompt="choose", id="brief-department", compact=True,
                              disabled=True)  # fmt: skip
            yield Label("Date")
            yield Input(id="brief-date", placeholder="today", compact=True)
        with VerticalScroll(id="brief-preview", can_focus=True):
            yield BriefView(id="brief-markdown")
        yield StatusLine(id="status-line")

    def on_mount(self) -> None:
        self.day = self.planner.today
        self.query_one("#brief-date", Input).value = self.day.isoformat()
        self.query_one("#brief", Select).focus()

    # ---------------------------------------------------------------- what is asked for

    @property
    def brief(self) -> str:
        """The brief chosen."""
        value = self.query_one("#brief", Select).value
        return value if isinstance(value, str) else "programme"

    @property
    def department(self) -> str | None:
        """The department chosen (only the department brief uses one)."""
        value = self.query_one("#brief-department", Select).value
        return value if isinstance(value, str) else None

    def request(self) -> BriefRequest | None:
        """The brief to render, or None while a department brief has no department."""
        day = self.day or self.planner.today
        if self.brief == "department":
            if self.department is None:
                return None
            return BriefRequest("department", day, self.department)
        return BriefRequest(self.brief, day)

    @on(Select.Changed, "#brief")
    def _brief_changed(self) -> None:
        departments = self.query_one("#brief-department", Select)
        departments.disabled = self.brief != "department"
        if self.brief == "department" and self.department is None:
            departments.focus()
        self._show_chosen()

    @on(Select.Changed, "#brief-department")
    def _department_changed(self) -> None:
        if self.brief == "department":
            self._show_chosen()

    @on(Input.Submitted, "#brief-date")
    def _date_entered(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        try:
            day = parse_typed_date(text, self.planner.today)
        except ValidationError as exc:
            self.say(f"Date: {exc}", error=True)
            return
        if day is None:
            self.say("Date: give a day, such as 31/03/2027", error=True)
            return
        self.day = day
        event.input.value = day.isoformat()
        self.query_one("#brief-preview").focus()
        self._show_chosen()

    # ---------------------------------------------------------------- reading

    def load(self) -> None:
        self._read_departments()  # a department added elsewhere joins the choice on refresh
        self._show_chosen()

    def _show_chosen(self) -> None:
        """Render the brief chosen (or say what is missing)."""
        request = self.request()
        self.generation += 1
        if request is None:
            self.query_one(StatusLine).info = "Choose the department (ctrl+d)"
            return
        self.query_one(StatusLine).info = f"Rendering the {NAMES[request.name].lower()} brief…"
        self._render_brief(self.generation, request)

    @work(thread=True, exclusive=True, group="briefs", exit_on_error=False)
    def _render_brief(self, generation: int, request: BriefRequest) -> None:
        try:
            with self.planner.connections.reader() as db:
                text = render_brief(db, request)
        except PlannerError as exc:
            message = BriefRendered(generation, None, str(exc))
        else:
            message = BriefRendered(generation, Rendered(request, text))
        if not get_current_worker().is_cancelled:
            self.post_message(message)

    @work(thread=True, exclusive=True, group="briefs-departments", exit_on_error=False)
    def _read_departments(self) -> None:
        with self.planner.connections.reader() as db:
            departments = list_departments(db)
        self.post_message(DepartmentsLoaded(departments))

    @on(DepartmentsLoaded)
    def _departments(self, message: DepartmentsLoaded) -> None:
        options = [(name, name) for name in message.departments]
        kept = refill(self.query_one("#brief-department", Select), options)
        if not kept and self.brief == "department":
            self._show_chosen()  # the department chosen is gone: say so instead of its brief

    @on(BriefRendered)
    def _rendered(self, message: BriefRendered) -> None:
        if message.generation != self.generation:
            return  # a newer choice is already being rendered
        if message.rendered is None:
            self.shown = None
            self.query_one(BriefView).show("")
            self.query_one(StatusLine).info = ""
            self.say(message.problem, error=True)
            return
        self.shown = message.rendered
        self.query_one(BriefView).show(message.rendered.text)
        self.query_one("#brief-preview", VerticalScroll).scroll_home(animate=False)
        request = message.rendered.request
        lines = message.rendered.text.count("\n")
        self.query_one(StatusLine).info = (
            f"{NAMES[request.name]} brief for {format_date(request.today)} · {lines:,} lines · "
            "ctrl+s save"
        )

    def action_department(self) -> None:
        """Go to the department (only the department brief has one)."""
        if self.brief != "department":
            self.say("Only the department brief has a department: choose it with ctrl+b")
            return
        self._open_choice("#brief-department")

    def action_choose_brief(self) -> None:
        """Open the list of briefs."""
        self._open_choice("#brief")

    def _open_choice(self, selector: str) -> None:
        """Focus a choice and open its list: the key is there to choose, not only to go."""
        choice = self.query_one(selector, Select)
        choice.focus()
        choice.action_show_overlay()

    # ---------------------------------------------------------------- saving

    def action_save(self) -> None:
        """Save the brief shown to a Markdown file."""
        shown = self.shown
        if shown is None:
            self.say("There is no brief to save yet", error=True)
            return
        if self.planner.served:
            # In a browser the brief is downloaded: a path typed there must not write files
            # on the server's disk as the account that runs the server.
            self.app.deliver_text(
                io.StringIO(shown.text), save_filename=shown.file_name, mime_type="text/markdown"
            )
            self.say(f"Sent {shown.file_name} to your browser's downloads")
            return

        def chosen(answer: Entered[Path] | None) -> None:
            if answer is None:
                return
            path = answer.value
            if not path.exists():
                self._write(path, shown.text)
                return

            def replace(yes: bool | None) -> None:
                if yes:
                    self._write(path, shown.text)
                else:
                    self.say(f"Not saved: {path.name} is kept as it was")

            # An existing file is replaced only when the user says so.
            self.app.push_screen(
                ConfirmDialog("Replace the file?", f"{path.absolute()} exists. Replace it "
                              "with this brief?"),
                replace,
            )  # fmt: skip

        self.app.push_screen(
            PromptDialog(
                "Save the brief as", save_path, value=shown.file_name,
                hint="a Markdown file; an existing file is asked about before it is replaced",
            ),
            chosen,
        )  # fmt: skip

    @work(thread=True, group="briefs-save", exit_on_error=False)
    def _write(self, path: Path, text: str) -> None:
        try:
            path.write_text(text, encoding="utf-8", newline="\n")
        except OSError as exc:
            why = exc.strerror or str(exc)
            self.post_message(BriefSaved(path, f"could not write {path.absolute()} ({why})"))
            return
        self.post_message(BriefSaved(path.absolute()))  # a bare name: say which folder

    @on(BriefSaved)
    def _saved(self, message: BriefSaved) -> None:
        if message.problem:
            self.say(f"Not saved: {message.problem}", error=True)
        else:
            self.say(f"Saved to {message.path}")
