"""The lines around every screen: the navigation bar on top and the status line below."""

from __future__ import annotations

from textual.content import Content
from textual.markup import escape
from textual.reactive import reactive
from textual.widgets import Static

from planner.domain.dates import format_date
from planner.tui.screens.registry import SCREENS


class NavBar(Static):
    """Numbered screen names (the current one highlighted), today's date and the database."""

    DEFAULT_CSS = """
    NavBar {
        height: 1;
        background: $panel;
        color: $foreground;
        padding: 0 1;
    }
    """

    def __init__(self, current: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.current = current

    def on_mount(self) -> None:
        self.update(self._content())

    def on_resize(self) -> None:
        self.update(self._content())

    def _content(self) -> Content:
        from planner.tui.app import PlannerApp

        app = self.app
        parts: list[Content] = []
        for spec in SCREENS:
            label = f" {spec.key} {spec.title} "
            if spec.mode == self.current:
                parts.append(Content.styled(label, "bold reverse"))
            else:
                parts.append(Content.from_markup(f"[@click=app.show('{spec.mode}')]{label}[/]"))
        left = Content("").join(parts)
        right = ""
        if isinstance(app, PlannerApp):
            right = f"today {format_date(app.today)} · {app.db_path.name}"
        width = self.size.width - 2 if self.size.width else 78
        gap = width - left.cell_length - len(right)
        if gap < 2:
            right = format_date(app.today) if isinstance(app, PlannerApp) else ""
            gap = width - left.cell_length - len(right)
        if gap < 1:
            return left
        return Content.assemble(left, " " * gap, (right, "dim"))


class StatusLine(Static):
    """One line under a screen's main view: counts on the left, the last message after."""

    DEFAULT_CSS = """
    StatusLine {
        height: 1;
        padding: 0 1;
        background: $boost;
        color: $text-muted;
    }
    """

    info: reactive[str] = reactive("")
    message: reactive[str] = reactive("")

    def watch_info(self) -> None:
        self._show()

    def watch_message(self) -> None:
        self._show()

    error: reactive[bool] = reactive(False)

    def _show(self) -> None:
        if not self.message:
            self.update(Content(self.info))
            return
        tone = "$text-error bold" if self.error else "$text-success"
        self.update(
            Content.from_markup(f"{escape(self.info)}  ·  [{tone}]{escape(self.message)}[/]")
        )

    def say(self, message: str, *, error: bool = False) -> None:
        """Show a message after the counts; errors stand out."""
        self.error = error
        self.message = message
        self._show()
