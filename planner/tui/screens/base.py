"""What every planner screen shares: the navigation bar, the footer, reloading, writing."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from textual import events, on
from textual.app import ComposeResult
from textual.css.query import NoMatches
from textual.message import Message
from textual.screen import Screen

from planner.tui.messages import (
    ChangeReversed,
    ChangeSaved,
    EditRefused,
    UndoNeedsConfirmation,
)
from planner.tui.widgets.chrome import NavBar, PlannerFooter, StatusLine, WhatIfBanner

if TYPE_CHECKING:
    from planner.store.db import Database
    from planner.tui.app import PlannerApp

T = TypeVar("T")

FIRST_FRAME_WAIT = 0.15
"""The longest a screen's first frame waits for what it holds for (hold_first_frame): past
it the frame is painted without it, and it is shown when it comes."""


class PlannerScreen(Screen[None]):
    """A screen of the planner. Subclasses compose their body and load their data."""

    MODE = ""
    """The registry mode this screen is shown as ('' for screens opened on top)."""

    FOOTER_PRIORITY: ClassVar[tuple[str, ...]] = ()
    """Binding ids the footer keeps, most important first, when it cannot show every key
    (after ? and q, which it always shows); the keys not listed give way first."""

    PICK_FIRST: ClassVar[dict[str, str]] = {}
    """Binding ids that act on the highlighted row, with what the row is ('contract'). Chosen
    in the palette on another screen, they open this screen and ask for the row instead of
    acting on one the user has not seen."""

    def __init__(self, name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:  # fmt: skip
        super().__init__(name, id, classes)
        self._styles_current()

    def _styles_current(self) -> None:
        # Textual 8.2.8 (pinned) restyles every node of the app, and re-parses every style
        # sheet from scratch, when a mode's screen is first made (twice: App._init_mode and
        # App.switch_mode), because a new screen counts as styled before the last theme
        # change. It is styled as it mounts, from the app's style sheet as it is now, so it
        # is up to date: those two passes took about a tenth of the triage table's first
        # paint.
        # (The style sheet is refreshed once at start-up all the same, for Textual's default
        # screen, before PlannerApp.on_mount makes the first of these: without that refresh
        # some theme colours are wrong.)
        try:
            app = self.app
        except RuntimeError:  # NoActiveAppError: made outside a running app (a test)
            return
        self._css_update_count = app._css_update_count

    @property
    def planner(self) -> PlannerApp:
        """The app, typed."""
        return cast("PlannerApp", self.app)

    def compose(self) -> ComposeResult:
        self._take_width_class()
        yield NavBar(self.MODE or self.app.current_mode)
        yield WhatIfBanner()
        yield from self.compose_body()
        yield PlannerFooter()

    def _take_width_class(self) -> None:
        # The app's -narrow/-wide class (HORIZONTAL_BREAKPOINTS), set now, before the
        # widgets are styled: Textual sets it on the first resize, which restyled every
        # widget of the screen a second time (a fifth of the triage table's first paint).
        breakpoints = self.HORIZONTAL_BREAKPOINTS or self.app.HORIZONTAL_BREAKPOINTS or []
        width = self.app.size.width
        fits = [name for least, name in sorted(breakpoints) if width >= least][-1:]
        self.update_classes({name: name in fits for _, name in breakpoints})

    def footer_priority(self) -> tuple[str, ...]:
        """FOOTER_PRIORITY, unless what has the focus makes other keys matter more."""
        return self.FOOTER_PRIORITY

    def compose_body(self) -> ComposeResult:
        """The screen's own widgets, between the navigation bar and the footer."""
        yield from ()

    def load(self) -> None:
        """(Re)read what the screen shows, in a worker; called on show and on refresh."""

    _away = False

    def on_mount(self) -> None:
        # Runs after the subclass's own on_mount (handlers go from the subclass down), so
        # the first read starts once the screen's widgets are set up.
        self.load()

    _first_frame: tuple[Future[Any], Callable[[Any], object]] | None = None

    def hold_first_frame(self, data: Future[T], show: Callable[[T], object]) -> None:
        """Paint the screen's first frame once `data` (read in a worker) is in and shown,
        waiting at most FIRST_FRAME_WAIT; call while composing."""
        self._first_frame = (data, show)

    @on(events.ScreenResume)
    async def _hold_first_frame(self) -> None:
        # Runs before Textual's own ScreenResume handler (handlers go from the subclass
        # down, and decorated ones first), which lays a new screen out and paints its first
        # frame: waiting here puts the data in that frame, whatever else the UI thread had
        # to do meanwhile. Without it the triage rows came in a later frame, after the
        # footer and the filters were built and styled, when the read lost that race (up to
        # four times the first paint at 50,000 contracts). The UI thread only waits: the
        # read is the worker's, on its own connection (planner/tui/connections.py).
        held, self._first_frame = self._first_frame, None
        if held is None:  # no first frame to hold, or it was held already
            return
        data, show = held
        waited = asyncio.wrap_future(data)
        await asyncio.wait((waited,), timeout=FIRST_FRAME_WAIT)
        if waited.done():
            _show_data(waited, show)
        else:  # slower than the bound: the frame goes without it, and it follows
            waited.add_done_callback(lambda done: self.call_next(_show_data, done, show))

    def on_screen_suspend(self) -> None:
        self._away = True

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        if not self._away:
            # Shown for the first time: every widget was styled as it mounted, and each
            # change since (focus, classes) restyled what it touched. Textual would restyle
            # the whole screen once for each of the two resumes a new mode's screen gets
            # (about a sixth of the triage table's first paint).
            event.refresh_styles = False
        # Coming back to the screen (from a dialog, a contract, another screen) reads it
        # again: something may have changed meanwhile.
        if self._away:
            self._away = False
            self.load()

    def write(self, job: Callable[[Database], Message], what: str) -> None:
        """Queue a write; the message it returns comes back to this screen."""
        self.planner.submit_write(job, reply_to=self, what=what)

    def saved_word(self) -> str:
        """How a change that landed is announced: in a what-if, it is only tried."""
        return "Tried in the what-if" if self.planner.whatif is not None else "Saved"

    def say(self, text: str, *, error: bool = False) -> None:
        """Tell the user something on the status line (or as a notification if none)."""
        try:
            self.query_one(StatusLine).say(text, error=error)
        except NoMatches:
            self.notify(text, severity="error" if error else "information", markup=False)

    # ---------------------------------------------------------------- write results

    def on_change_saved(self, message: ChangeSaved) -> None:
        self.after_save(message)

    def after_save(self, message: ChangeSaved) -> None:
        """A write from this screen was committed: say so and show the result."""
        self.say(f"{self.saved_word()} · {message.summary}")
        self.load()

    def on_change_reversed(self, message: ChangeReversed) -> None:
        if message.summary is None:
            self.say("Nothing to redo" if message.redo else "Nothing to undo")
            return
        self.say(message.summary)
        self.load()

    def on_undo_needs_confirmation(self, message: UndoNeedsConfirmation) -> None:
        # Lazy for start-up: the dialogs are not otherwise loaded by a dashboard launch, and
        # add 40-50 ms to it (`-X importtime`).
        from planner.tui.dialogs import ConfirmDialog

        def answered(yes: bool | None) -> None:
            if yes:
                self.planner.reverse(redo=False, confirmed=message.change_id)
            else:
                self.say("Undo cancelled; nothing changed")

        self.app.push_screen(
            ConfirmDialog(
                "Undo an import?",
                f"The last change is '{message.summary}'. Undoing it reverses all "
                f"{message.rows:,} of its changes, removing the contracts it added.",
            ),
            answered,
        )

    def on_edit_refused(self, message: EditRefused) -> None:
        self.say(f"Not saved: {message.reason}", error=True)
        if message.conflict:
            # Whole, in a dialog: the status line cut it before it said what to do.
            from planner.tui.dialogs import MessageDialog  # lazy, as in the undo dialog above

            self.app.push_screen(MessageDialog("Not saved: changed by someone else",
                                               message.reason))  # fmt: skip
            self.load()
            return
        self.notify(message.reason, title="Not saved", severity="error", timeout=8, markup=False)


def _show_data(data: asyncio.Future[T], show: Callable[[T], object]) -> None:
    """Show the data a first frame was held for (if it failed, its worker says so)."""
    if not data.cancelled() and data.exception() is None:
        show(data.result())
