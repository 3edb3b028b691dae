"""The planner's full-screen app and the one factory the CLI, the tests and the bench share."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.message import Message
from textual.message_pump import MessagePump
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.worker import get_current_worker

from planner.domain.codes import ChangeKind, Role
from planner.errors import ConflictError, PlannerError
from planner.store.db import Database, open_db, transaction
from planner.store.whatif import commit_whatif, compare, last_edit, scratch_copy
from planner.tui.bindings import own_bindings
from planner.tui.commands import PlannerCommands
from planner.tui.connections import Connections, ScratchConnections, WriteCancelled
from planner.tui.keymap import load_keymap, unknown_ids
from planner.tui.live_plan import REPLAN_RETRY_SECONDS, REPLAN_SECONDS, LivePlanning, replan
from planner.tui.messages import (
    ChangeReversed,
    ChangeSaved,
    EditRefused,
    UndoNeedsConfirmation,
)
from planner.tui.roles import reversal_refusal, write_refusal
from planner.tui.screens.base import PlannerScreen
from planner.tui.screens.registry import SCREENS, contract_screen_class, screen_spec
from planner.tui.widgets import ContractTable

if TYPE_CHECKING:  # at run time, loaded with the first what-if (it loads the scheduler)
    from planner.tui.whatif import WhatIfCompared, WhatIfEnded, WhatIfSession, WhatIfStarted

log = logging.getLogger(__name__)


def _screen_bindings() -> list[BindingType]:
    return [
        Binding(spec.key, f"show('{spec.mode}')", spec.title, show=False, id=f"app.{spec.mode}")
        for spec in SCREENS
    ]


class PlannerApp(LivePlanning):
    """Keyboard-driven triage, programme and milestones over one planner database."""

    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {PlannerCommands}
    TITLE = "Contract review planner"
    # Screens get the class -narrow below 130 columns and -wide from 130 (see app.tcss).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (130, "-wide")]  # noqa: RUF012 (typed by App)
    BINDINGS: ClassVar[list[BindingType]] = [
        *_screen_bindings(),
        Binding("question_mark", "keys", "Keys", id="app.keys"),
        Binding(
            "ctrl+p", "command_palette", "Commands", show=False, priority=True, id="app.commands"
        ),
        Binding("u", "undo", "Undo", id="app.undo"),
        Binding("ctrl+r", "redo", "Redo", show=False, id="app.redo"),
        Binding("f5,ctrl+l", "reload", "Refresh", show=False, id="app.refresh"),
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.quit_anywhere"),
    ]

    whatif_changes: reactive[int | None] = reactive(None)
    """Changes made in the what-if under way (None: no what-if; the banner says so)."""

    def __init__(
        self,
        db_path: Path,
        today: date,
        *,
        who: str,
        role: Role = Role.MANAGER,
        served: bool = False,
        start: str = "dashboard",
        keymap: dict[str, str] | None = None,
        keymap_problems: Iterable[str] = (),
        watch_seconds: float | None = 2.0,
        replan_seconds: float | None = REPLAN_SECONDS,
    ) -> None:
        super().__init__()
        self.db_path = db_path
        self.today = today
        self.who = who
        self.role = role  # what a team server login may do: checked by submit_write
        # Started by `planner serve` for a browser: files go to the browser, never onto the
        # server's disk at a path someone typed in the browser.
        self.served = served
        self.start = start
        self.connections: Connections = Connections(db_path)
        self.real_connections = self.connections  # the database file, what-if or not
        self.whatif: WhatIfSession | None = None
        self.user_keymap = dict(keymap or {})
        self.keymap_problems = list(keymap_problems)
        self.watch_seconds = watch_seconds
        self.replan_seconds = replan_seconds
        # Each key in flight -> the widget that had the focus when it arrived (by id: a Key
        # has slots, and every key passes on_event first, so an entry is never stale).
        self._aimed: dict[int, Widget | None] = {}
        for spec in SCREENS:
            self.add_mode(spec.mode, spec.factory())

    # ---------------------------------------------------------------- keys in a burst

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            if len(self._aimed) > 256:
                self._aimed.clear()  # keys a widget stopped never reach _on_key
            self._aimed[id(event)] = self.focused
        await super().on_event(event)

    async def _on_key(self, event: events.Key) -> None:
        """A key that waited in a queue while the focus moved (typed in one burst with the key
        that moved it: a paste, tmux send-keys, a slow link) goes to the widget focused now,
        as the user meant, and never to a binding of the widget it left (docs/guide/keys.md)."""
        aimed = self._aimed.pop(id(event), self.focused)
        focused = self.focused
        if focused is not None and aimed is not focused:
            event.prevent_default()  # App._on_key would run the bindings around `focused`
            again = events.Key(event.key, event.character)
            self._aimed[id(again)] = focused
            focused.post_message(again)

    # ---------------------------------------------------------------- lifecycle

    def on_mount(self) -> None:
        if self.user_keymap:
            self.set_keymap(self.user_keymap)
            for binding_id in unknown_ids(self.user_keymap, all_binding_ids()):
                self.keymap_problems.append(f"keymap: no binding has the id '{binding_id}'")
        for problem in self.keymap_problems:
            self.notify(problem, title="Keymap", severity="warning", timeout=10, markup=False)
        if self.watch_seconds:
            # Note where the database is now, before the first screen reads it: a change
            # another process commits from here on is noticed by the first tick, not missed.
            self.look_for_changes()
            self.set_interval(self.watch_seconds, self.look_for_changes)
        self.switch_mode(self.start)

    def on_unmount(self) -> None:
        if self.whatif is not None:
            self.whatif.connections.close()
        self.real_connections.close()

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        # Textual's own "Keys" panel is replaced by ?, which lists every key with its id.
        return (c for c in super().get_system_commands(screen) if c.title != "Keys")

    # ---------------------------------------------------------------- actions

    async def action_show(self, mode: str) -> None:
        """Show a top-level screen (closing any contract opened on top of it)."""
        if self.current_mode == mode:
            while len(self.screen_stack) > 1:
                self.pop_screen()
            return
        await self.switch_mode(mode)

    def action_keys(self) -> None:
        """List every key of the current screen."""
        # Lazy for start-up: the dialogs (with the key list's bindings and tables) are not
        # otherwise loaded by a dashboard launch, and add 40-50 ms to it (`-X importtime`).
        from planner.tui.dialogs import KeysDialog

        if isinstance(self.screen, KeysDialog):
            self.screen.dismiss(None)
            return
        self.push_screen(KeysDialog(self.screen))

    def action_reload(self) -> None:
        """Read the current screen's data again."""
        if isinstance(self.screen, PlannerScreen):
            self.screen.load()

    def action_undo(self) -> None:
        """Undo the last change to the database (replaying the audit trail backwards)."""
        self.reverse(redo=False)

    def action_redo(self) -> None:
        """Redo the change undone last."""
        self.reverse(redo=True)

    def reverse(self, *, redo: bool, confirmed: int | None = None) -> None:
        """Undo or redo the last change; an import is undone only once `confirmed` names it
        (undoing one removes every contract it brought in)."""
        # Lazy for start-up: the undo machinery is not otherwise loaded by a triage launch,
        # and adds 15-35 ms to it (`-X importtime`).
        from planner.store.detail import next_undo
        from planner.store.history import redo_last, undo_last
        from planner.store.users import entities_undo_would_touch

        if self.whatif is not None:
            self.notify(
                "Undo and redo wait until the what-if ends: w, then d discards all of its "
                "changes", title="What-if", severity="warning", markup=False,
            )  # fmt: skip
            return
        who, role = self.who, self.role

        def job(db: Database) -> Message:
            # One write transaction: nobody can slip a change in between looking and undoing.
            with transaction(db):
                touched = entities_undo_would_touch(db, redo=redo)
                if (refusal := reversal_refusal(role, touched)) is not None:
                    return EditRefused(refusal)
                if not redo:
                    target = next_undo(db)
                    if (
                        target is not None
                        and target.kind == ChangeKind.IMPORT
                        and (target.change_id != confirmed)
                    ):
                        return UndoNeedsConfirmation(target.change_id, target.summary, target.rows)
                done = redo_last(db, who) if redo else undo_last(db, who)
            return ChangeReversed(done.summary if done else None, redo=redo)

        self.submit_write(job, reply_to=self.screen, what="redo" if redo else "undo")

    # ---------------------------------------------------------------- writes

    def submit_write(
        self, job: Callable[[Database], Message], *, reply_to: MessagePump, what: str
    ) -> None:
        """Run `job` on the write connection after every write queued before it; post what
        it returns (or EditRefused with the reason) to `reply_to`. Every change the UI makes
        comes through here, so this is the one place a viewer's change is refused."""
        if (refusal := write_refusal(self.role)) is not None:
            reply_to.post_message(EditRefused(refusal))
            return
        connections, session = self.connections, self.whatif
        ticket = connections.ticket()

        def run() -> None:
            worker = get_current_worker()
            try:
                with (
                    connections.writer(ticket, lambda: worker.is_cancelled) as db,
                    connections.user_write(),  # a write never waits for a re-plan
                ):
                    message = job(db)
                    if session is not None and isinstance(message, ChangeSaved):
                        # Tried in the scratch copy: kept to replay at commit, and planned.
                        session.steps.append(job)
                        session.tried.append(message.summary)
                        from planner.store.schedule_run import run_schedule  # see replan

                        run_schedule(db, self.today, self.who, session.live)
            except WriteCancelled:
                return
            except ConflictError as exc:
                message = EditRefused(str(exc), conflict=True)
            except PlannerError as exc:
                message = EditRefused(str(exc))
            except Exception as exc:  # never a traceback in front of the user
                log.exception("write failed: %s", what)
                message = EditRefused(
                    f"unexpected problem while saving ({type(exc).__name__}: {exc}); "
                    "nothing was saved"
                )
            reply_to.post_message(message)
            if session is not None:
                self.call_from_thread(setattr, self, "whatif_changes", len(session.steps))
            elif _moves_plan(message):
                self.call_from_thread(self.plan_changed)

        self.run_worker(run, thread=True, group="write", name=what, exit_on_error=False)

    # ---------------------------------------------------------------- what-if

    def action_whatif(self) -> None:
        """Start a what-if (changes tried in a scratch copy), or, during one, compare it
        with the real plan and commit or discard it."""
        if self.whatif is None:
            self._start_whatif()
        else:
            self._compare_whatif(self.whatif)

    @work(thread=True, group="whatif", exclusive=True, exit_on_error=False)
    def _start_whatif(self) -> None:
        # Lazy for start-up: a what-if session loads the scheduler (see replan).
        from planner.tui.whatif import WhatIfSession, WhatIfStarted

        with self.real_connections.reader() as db:
            scratch = scratch_copy(db)
            started_after = last_edit(db)
        self.post_message(WhatIfStarted(WhatIfSession(ScratchConnections(scratch), started_after)))

    def on_what_if_started(self, message: WhatIfStarted) -> None:
        if self.whatif is not None:  # started twice: keep the first
            message.session.connections.close()
            return
        self.whatif = message.session
        self.connections = message.session.connections
        self.whatif_changes = 0  # the banner says what now happens
        self.action_reload()

    @work(thread=True, group="whatif", exclusive=True, exit_on_error=False)
    def _compare_whatif(self, session: WhatIfSession) -> None:
        with self.real_connections.reader() as real, session.connections.reader() as scratch:
            found = compare(real, scratch, self.today)
        from planner.tui.whatif import WhatIfCompared  # loaded by _start_whatif already

        self.post_message(WhatIfCompared(found))

    def on_what_if_compared(self, message: WhatIfCompared) -> None:
        # Lazy for start-up, as the other dialogs.
        from planner.tui.dialogs.whatif import COMMIT, DISCARD, WhatIfDialog

        session = self.whatif
        if session is None:
            return

        def answered(answer: str | None) -> None:
            if answer == COMMIT:
                self._commit_whatif(session, self.real_connections.ticket())
            elif answer == DISCARD:
                self._end_whatif()
                self.notify("What-if discarded; nothing was changed", title="What-if")
                self.plan_changed()  # what others changed meanwhile was not planned yet

        self.push_screen(WhatIfDialog(message.comparison, session.tried), answered)

    @work(thread=True, group="whatif", exit_on_error=False)
    def _commit_whatif(self, session: WhatIfSession, ticket: int) -> None:
        from planner.tui.whatif import WhatIfEnded  # loaded by _start_whatif already

        worker = get_current_worker()
        try:
            # The live plan is taken first (a re-plan under way ends before this writes).
            with (
                self.plan_lock,
                self.real_connections.writer(ticket, lambda: worker.is_cancelled) as db,
            ):
                done = commit_whatif(db, session.steps, session.started_after, self.who)
                if replan(db, self.today, self.who, self.live_plan) is None:
                    self.call_from_thread(self.plan_changed, REPLAN_RETRY_SECONDS)
        except WriteCancelled:
            return
        except PlannerError as exc:
            self.post_message(WhatIfEnded(refusal=str(exc)))
            return
        self.post_message(WhatIfEnded(committed=done))

    def on_what_if_ended(self, message: WhatIfEnded) -> None:
        if message.refusal is not None:
            self.notify(f"Not committed: {message.refusal}", title="What-if", severity="error",
                        timeout=12, markup=False)  # fmt: skip
            return
        self._end_whatif()
        self.notify(f"What-if committed: {message.committed} change(s) saved as one",
                    title="What-if", markup=False)  # fmt: skip

    def _end_whatif(self) -> None:
        session = self.whatif
        if session is None:
            return
        self.whatif, self.whatif_changes = None, None
        self.connections = self.real_connections
        session.connections.close()
        self.action_reload()


def _moves_plan(message: Message) -> bool:
    # Every saved change or undo can: a decision, route, officer, priority, risk, dates,
    # value, milestone, leave, team or rules (re-planning after one that did not changes
    # nothing and leaves no trace in the audit trail).
    if isinstance(message, ChangeReversed):
        return message.summary is not None
    return isinstance(message, ChangeSaved)


def create_app(
    db_path: str | Path,
    today: date,
    *,
    who: str = "planner",
    role: Role = Role.MANAGER,
    served: bool = False,
    start: str = "dashboard",
    keymap_path: Path | None = None,
    watch_seconds: float | None = 2.0,
    replan_seconds: float | None = REPLAN_SECONDS,
) -> PlannerApp:
    """The planner app on the database at `db_path` (created and migrated if need be)."""
    path = Path(db_path)
    screen_spec(start)  # an unknown screen name fails here, before the terminal is taken
    open_db(path).close()
    keymap, problems = load_keymap(keymap_path)
    return PlannerApp(
        path, today, who=who, role=role, served=served, start=start, keymap=keymap,
        keymap_problems=problems, watch_seconds=watch_seconds, replan_seconds=replan_seconds,
    )  # fmt: skip


def all_binding_ids() -> set[str]:
    """The id of every binding the planner defines, on every screen, widget and dialog."""
    # Lazy for start-up: only a user keymap needs this check, and the timeline and the
    # dialogs add 60-75 ms to a dashboard launch (`-X importtime`); the screens load by name.
    from planner.tui.dialogs import ChoiceDialog, ConfirmDialog, KeysDialog, PromptDialog
    from planner.tui.dialogs.whatif import WhatIfDialog
    from planner.tui.screens.registry import import_screen_class
    from planner.tui.screens.team import TeamScreen
    from planner.tui.widgets.gantt import GanttChart

    classes: Iterable[type[DOMNode]] = [
        PlannerApp, contract_screen_class(), ContractTable, GanttChart, ChoiceDialog,
        ConfirmDialog, KeysDialog, PromptDialog, WhatIfDialog, import_screen_class(), TeamScreen,
        *(spec.load() for spec in SCREENS),
    ]  # fmt: skip
    return {b.id for cls in classes for b in own_bindings(cls) if b.id}
