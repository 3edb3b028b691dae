"""Team: the officers with their weekly hours, skills and leave, and their share of the plan;
add or take off an officer, change their hours or skills, book or remove leave (o on the
Programme screen). Each change is the store's own (as `planner officer` and `planner leave`),
audited and re-planned; in a what-if it is only tried, in the scratch copy."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable
from textual.worker import get_current_worker

from planner.domain.codes import Role
from planner.domain.dates import format_date, parse_typed_date
from planner.domain.words import plural
from planner.errors import ConflictError, NotFoundError, ValidationError
from planner.store.db import Database
from planner.store.team import (
    add_leave,
    add_officer,
    remove_leave,
    remove_officer,
    split_skills,
    update_officer,
)
from planner.store.team_overview import Booking, OfficerOverview, TeamOverview, read_team_overview
from planner.tui.dialogs import ConfirmDialog, Entered, PromptDialog
from planner.tui.messages import ChangeSaved
from planner.tui.roles import write_refusal
from planner.tui.screens.base import PlannerScreen
from planner.tui.widgets import StatusLine
from planner.tui.widgets.tables import Fit, FittedTable

OFFICER_COLUMNS = (
    Fit("Officer", 20, least=12), Fit("h/week", 7), Fit("Skills", 30, least=10, grow=True),
    Fit("Reviews", 16, least=7), Fit("Overloaded", 11, drop=2),
    Fit("Next leave", 32, least=12, drop=1),
)  # fmt: skip
LEAVE_COLUMNS = (
    Fit("First day", 12), Fit("Last day", 12), Fit("Calendar days", 14), Fit("", 6, grow=True),
)  # fmt: skip
DATE_HINT = "a date such as 21/12/2026, tomorrow or in 2 weeks"


class TeamLoaded(Message):
    """The team, read afresh."""

    def __init__(self, team: TeamOverview) -> None:
        super().__init__()
        self.team = team


def _name(text: str) -> str:
    name = " ".join(text.split())
    if not name:
        raise ValidationError("type the officer's name, such as A. Khan")
    return name


def _hours(text: str) -> float:
    try:
        return float(text.strip().removesuffix("h").strip())
    except ValueError:
        raise ValidationError(
            f"'{text}' is not a number of hours: type one such as 37 or 22.5"
        ) from None


def _leave_text(officer: OfficerOverview, today: date) -> str:
    coming = [b for b in officer.leave if b.ends >= today]
    if not coming:
        return "none booked"
    first = coming[0]
    more = f" (+{len(coming) - 1})" if len(coming) > 1 else ""
    return f"{format_date(first.starts)} to {format_date(first.ends)}{more}"


@contextmanager
def _in_the_team(name: str) -> Iterator[None]:
    """A change to an officer whom someone else took off the team after the screen was read
    is a conflict (shown whole, and the screen read again), not a missing name."""
    try:
        yield
    except NotFoundError:
        raise ConflictError(
            f"{name} is no longer in the team: someone else took them off after this screen "
            "was read; nothing was saved"
        ) from None


def _reviews_text(officer: OfficerOverview) -> str:
    proposed = f" ({officer.proposed} proposed)" if officer.proposed else ""
    return f"{officer.reviews}{proposed}"


def _taking_off(officer: OfficerOverview, undone_by: str) -> str:
    """What taking `officer` off the team does, in words, before it is done."""
    said = [f"Their {plural(len(officer.leave), 'leave booking')} go too."]
    if officer.proposed:
        said.append(f"The {plural(officer.proposed, 'review')} the plan proposed for them are "
                    "planned again for the rest of the team.")  # fmt: skip
    if officer.decided:
        said.append(
            f"They stay named as the officer of {plural(officer.decided, 'contract')}, with "
            "capacity not checked, until another officer is chosen for them (o on Triage)."
        )
    return " ".join([*said, undone_by])


class TeamScreen(PlannerScreen):
    """Officers above, the highlighted officer's leave below; tab moves between them."""

    TITLE = "Team"
    DEFAULT_CSS = """
    TeamScreen #officers {
        height: auto;
        max-height: 60%;
        border-top: solid $panel;
        border-title-color: $text-accent;
    }
    TeamScreen #leave {
        height: 1fr;
        border-top: solid $panel;
        border-title-color: $text-accent;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add_officer", "Add officer", id="team.add"),
        Binding("h", "hours", "Hours", id="team.hours"),
        Binding("s", "skills", "Skills", id="team.skills"),
        Binding("l", "leave", "Book leave", id="team.leave"),
        Binding("x,delete", "remove", "Remove", id="team.remove"),
        Binding("w", "app.whatif", "What-if", id="team.whatif"),
        Binding("escape", "back", "Back", id="team.back"),
    ]
    FOOTER_PRIORITY: ClassVar[tuple[str, ...]] = (
        "team.leave", "team.remove", "team.add", "team.hours", "team.whatif", "app.undo",
        "team.skills", "team.back",
    )  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self.team: TeamOverview | None = None
        self.by_name: dict[str, OfficerOverview] = {}

    def compose_body(self) -> ComposeResult:
        yield FittedTable(OFFICER_COLUMNS, id="officers", cursor_type="row", zebra_stripes=True)
        yield FittedTable(LEAVE_COLUMNS, id="leave", cursor_type="row")
        yield StatusLine(id="status-line")

    def on_mount(self) -> None:
        self.query_one("#officers", DataTable).border_title = "Officers"
        self.query_one("#leave", DataTable).border_title = "Leave"
        self.query_one("#officers").focus()

    def load(self) -> None:
        self._read()

    @work(thread=True, exclusive=True, group="team", exit_on_error=False)
    def _read(self) -> None:
        app = self.planner
        with app.connections.reader() as db:
            team = read_team_overview(db, app.today)
        if not get_current_worker().is_cancelled:
            self.post_message(TeamLoaded(team))

    # ---------------------------------------------------------------- drawing

    @on(TeamLoaded)
    def _loaded(self, message: TeamLoaded) -> None:
        self.team = team = message.team
        self.by_name = {o.name: o for o in team.officers}
        table = self.query_one("#officers", FittedTable)
        keep = self.current_officer()
        table.clear()
        today = self.planner.today
        for o in team.officers:
            table.add_row(
                o.name, f"{o.weekly_hours:g}", ", ".join(o.skills) or "—", _reviews_text(o),
                plural(o.overloaded_weeks, "week") if o.overloaded_weeks else "—",
                _leave_text(o, today), key=o.name,
            )  # fmt: skip
        if not team.officers:
            table.add_row("No officers yet: a adds one", "", "", "", "", "", key="")
        if keep in self.by_name:
            table.move_cursor(row=table.get_row_index(keep))
        hours = sum(o.weekly_hours for o in team.officers)
        unstaffed = ""
        if team.unstaffed:
            unstaffed = f" · {plural(team.unstaffed, 'review')} with no officer"
        self.query_one(
            StatusLine
        ).info = f"{plural(len(team.officers), 'officer')} · {hours:g} hours a week{unstaffed}"
        self._draw_leave()

    def _draw_leave(self) -> None:
        table = self.query_one("#leave", FittedTable)
        keep = self.current_booking()
        table.clear()
        officer = self.by_name.get(self.current_officer() or "")
        if officer is None:
            table.border_title = "Leave"
            return
        table.border_title = f"Leave: {officer.name}"
        today = self.planner.today
        for n, b in enumerate(officer.leave):
            past = "past" if b.ends < today else ""
            table.add_row(format_date(b.starts), format_date(b.ends),
                          str((b.ends - b.starts).days + 1), past, key=str(n))  # fmt: skip
        if not officer.leave:
            table.add_row("none booked: l books leave", "", "", "", key="")
        elif keep is not None and keep in officer.leave:
            table.move_cursor(row=officer.leave.index(keep))

    @on(DataTable.RowHighlighted, "#officers")
    def _officer_highlighted(self) -> None:
        self._draw_leave()

    def current_officer(self) -> str | None:
        """The name of the highlighted officer (None if there is none)."""
        table = self.query_one("#officers", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return key if key in self.by_name else None

    def current_booking(self) -> Booking | None:
        """The highlighted booking of the highlighted officer (None if there is none)."""
        officer = self.by_name.get(self.current_officer() or "")
        table = self.query_one("#leave", DataTable)
        if officer is None or not table.row_count or not officer.leave:
            return None
        return officer.leave[min(table.cursor_row, len(officer.leave) - 1)]

    # ---------------------------------------------------------------- changes

    def _may_change(self) -> bool:
        # The team is a manager's to change (docs/guide/team-server.md).
        refusal = write_refusal(self.planner.role, Role.MANAGER)
        if refusal is not None:
            self.say(f"Not saved: {refusal}", error=True)
        return refusal is None

    def _officer_or_say(self) -> OfficerOverview | None:
        officer = self.by_name.get(self.current_officer() or "")
        if officer is None:
            self.say("No officer highlighted: a adds one", error=True)
        return officer

    def _ask(self, title: str, parse: Any, then: Any, *, value: str = "", hint: str = "") -> None:
        def answered(entered: Entered[Any] | None) -> None:
            if entered is not None:
                then(entered.value)

        self.app.push_screen(PromptDialog(title, parse, value=value, hint=hint), answered)

    def action_add_officer(self) -> None:
        """Add an officer: their name, weekly hours and skills."""
        if not self._may_change():
            return
        who = self.planner.who

        def save(name: str, hours: float, skills: tuple[str, ...]) -> None:
            def job(db: Database) -> ChangeSaved:
                added = add_officer(db, name, hours, who, skills)
                return ChangeSaved(f"Added officer {added.name}: {added.weekly_hours:g} hours "
                                   "a week")  # fmt: skip

            self.write(job, "add an officer")

        def skills(name: str, hours: float) -> None:
            self._ask(f"{name}: skills", split_skills, lambda s: save(name, hours, s),
                      hint="departments or categories they know, comma-separated; blank for "
                      "none")  # fmt: skip

        self._ask("New officer: name", _name,
                  lambda name: self._ask(f"{name}: hours a week for review work", _hours,
                                         lambda h: skills(name, h), value="37"))  # fmt: skip

    def action_hours(self) -> None:
        """Change the highlighted officer's weekly hours (their capacity)."""
        officer = self._officer_or_say()
        if officer is None or not self._may_change():
            return
        who, name = self.planner.who, officer.name

        def save(hours: float) -> None:
            def job(db: Database) -> ChangeSaved:
                with _in_the_team(name):
                    person = update_officer(db, name, who, hours=hours)
                return ChangeSaved(f"{person.name}: {person.weekly_hours:g} hours a week")

            self.write(job, "change an officer's hours")

        self._ask(f"{name}: hours a week for review work", _hours, save,
                  value=f"{officer.weekly_hours:g}", hint="0 to 80; 0 keeps them in the team "
                  "with no hours for reviews")  # fmt: skip

    def action_skills(self) -> None:
        """Change the highlighted officer's skills."""
        officer = self._officer_or_say()
        if officer is None or not self._may_change():
            return
        who, name = self.planner.who, officer.name

        def save(skills: tuple[str, ...]) -> None:
            def job(db: Database) -> ChangeSaved:
                with _in_the_team(name):
                    person = update_officer(db, name, who, skills=skills)
                return ChangeSaved(f"{person.name}: skills {', '.join(person.skills) or 'none'}")

            self.write(job, "change an officer's skills")

        self._ask(f"{name}: skills", split_skills, save, value=", ".join(officer.skills),
                  hint="departments or categories, comma-separated")  # fmt: skip

    def action_leave(self) -> None:
        """Book leave for the highlighted officer: first and last day."""
        officer = self._officer_or_say()
        if officer is None or not self._may_change():
            return
        who, name, today = self.planner.who, officer.name, self.planner.today

        def parse(text: str) -> date:
            day = parse_typed_date(text, today)
            if day is None:
                raise ValidationError(f"type a day: {DATE_HINT}")
            return day

        def save(first: date, last: date) -> None:
            def job(db: Database) -> ChangeSaved:
                with _in_the_team(name):
                    add_leave(db, name, first, last, who)
                return ChangeSaved(f"Leave for {name} {format_date(first)} to "
                                   f"{format_date(last)}")  # fmt: skip

            self.write(job, "book leave")

        self._ask(f"Leave for {name}: first day", parse,
                  lambda first: self._ask(f"Leave for {name} from {format_date(first)}: last day",
                                          parse, lambda last: save(first, last),
                                          value=first.isoformat(), hint=DATE_HINT),
                  hint=DATE_HINT)  # fmt: skip

    def action_remove(self) -> None:
        """Remove the highlighted leave booking (in the leave list), or take the highlighted
        officer off the team with their leave (in the officer list, after asking)."""
        if self.query_one("#leave").has_focus:
            self._remove_booking()
        else:
            self._remove_officer()

    def _remove_booking(self) -> None:
        booking = self.current_booking()
        if booking is None:
            self.say("No leave highlighted", error=True)
            return
        if not self._may_change():
            return
        who = self.planner.who

        said = f"{format_date(booking.starts)} to {format_date(booking.ends)}"

        def job(db: Database) -> ChangeSaved:
            with _in_the_team(booking.officer):
                remove_leave(db, booking.officer, booking.starts, booking.ends, who)
            return ChangeSaved(f"Removed leave for {booking.officer} {said}")

        self.write(job, "remove leave")

    def _remove_officer(self) -> None:
        officer = self._officer_or_say()
        if officer is None or not self._may_change():
            return
        who, name = self.planner.who, officer.name

        def job(db: Database) -> ChangeSaved:
            with _in_the_team(name):
                named = remove_officer(db, name, who)
            still = f" (still the officer of {plural(named, 'contract')})" if named else ""
            return ChangeSaved(f"Removed officer {name}{still}")

        def answered(yes: bool | None) -> None:
            if yes:
                self.write(job, "remove an officer")
            else:
                self.say("Nothing changed")

        self.app.push_screen(
            ConfirmDialog(f"Take {name} off the team?", _taking_off(officer, self._undone_by())),
            answered,
        )

    def _undone_by(self) -> str:
        if self.planner.whatif is not None:
            return "Only tried in the what-if: discarding it (w, then d) leaves the team as is."
        return "u undoes it."

    def action_back(self) -> None:
        """Back to the screen underneath (the Programme screen)."""
        self.app.pop_screen()
