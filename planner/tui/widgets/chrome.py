"""The lines around every screen: the navigation bar on top, the status line and the footer
below."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import groupby
from pathlib import Path
from typing import ClassVar

from rich.cells import cell_len
from textual.app import App, ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Footer, Static
from textual.widgets._footer import FooterKey, FooterLabel, KeyGroup

from planner.domain.dates import format_date
from planner.tui.screens.registry import SCREENS

REPLANNING = "re-planning… "  # on the top line while the plan is brought up to date


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
        # The planner's app says when it is bringing the plan up to date; a widget test's
        # app has no such attribute to watch.
        if hasattr(self.app, "replanning"):
            self.watch(self.app, "replanning", self._replanning, init=False)
        self.update(self._content())

    def on_resize(self) -> None:
        self.update(self._content())

    def _replanning(self) -> None:
        self.update(self._content())

    def _content(self) -> Content:
        app = self.app
        parts: list[Content] = []
        for spec in SCREENS:
            label = f" {spec.key} {spec.title} "
            if spec.mode == self.current:
                parts.append(Content.styled(label, "bold reverse"))
            else:
                parts.append(Content.from_markup(f"[@click=app.show('{spec.mode}')]{label}[/]"))
        left = Content("").join(parts)
        # The planner's app has a day and a database; another app (a widget test's) has not.
        today: date | None = getattr(app, "today", None)
        db_path: Path | None = getattr(app, "db_path", None)
        right = ""
        if today is not None and db_path is not None:
            right = f"today {format_date(today)} · {db_path.name}"
            if getattr(app, "served", False):  # in a browser: say whose session this is
                right = f"{getattr(app, 'who', '')} ({getattr(app, 'role', '')}) · {right}"
        busy = REPLANNING if getattr(app, "replanning", False) else ""
        width = self.size.width - 2 if self.size.width else 78
        gap = width - left.cell_length - len(busy) - len(right)
        if gap < 2:
            right = format_date(today) if today is not None and db_path is not None else ""
            gap = width - left.cell_length - len(busy) - len(right)
        if gap < 1:
            right = ""
            gap = width - left.cell_length - len(busy)
        if gap < 1:
            return left
        return Content.assemble(left, " " * gap, (busy, "bold $text-warning"), (right, "dim"))


class WhatIfBanner(Static):
    """Under the navigation bar while a what-if lasts: how many changes it holds and how to
    end it (hidden otherwise)."""

    def on_mount(self) -> None:
        if hasattr(self.app, "whatif_changes"):
            self.watch(self.app, "whatif_changes", self._changes)

    def _changes(self, changes: int | None) -> None:
        self.set_class(changes is not None, "-active")
        if changes is not None:
            self.update(f"What-if: {changes} change(s), not saved · w compare, commit or discard")


class StatusLine(Static):
    """Under a screen's main view: counts on the left, the last message after them; a message
    that does not fit beside the counts goes under them (wrapping once), so none is cut off."""

    DEFAULT_CSS = """
    StatusLine {
        height: auto;
        max-height: 3;
        padding: 0 1;
        background: $boost;
        color: $text-muted;
    }
    """
    MESSAGE_LINES = 2  # a longer message ends in an ellipsis

    info: reactive[str] = reactive("")
    message: reactive[str] = reactive("")
    error: reactive[bool] = reactive(False)

    def watch_info(self) -> None:
        self._show()

    def watch_message(self) -> None:
        self._show()

    def on_resize(self) -> None:
        self._show()

    def _show(self) -> None:
        width = self.content_region.width or 78  # before the first layout: 80 columns
        info = Content(self.info).truncate(width, ellipsis=True)
        if not self.message:
            self.update(info)
            return
        tone = "$text-error bold" if self.error else "$text-success"
        message = Content.styled(self.message, tone)
        if not self.info:
            self.update(self._wrapped(message, width))
        elif info.cell_length + 5 + message.cell_length <= width:
            self.update(Content.assemble(info, "  ·  ", message))
        else:
            self.update(Content("\n").join([info, self._wrapped(message, width)]))

    def _wrapped(self, message: Content, width: int) -> Content:
        lines = [line.rstrip() for line in message.wrap(width)]
        if len(lines) > self.MESSAGE_LINES:
            last = lines[self.MESSAGE_LINES - 1]
            lines = [*lines[: self.MESSAGE_LINES - 1], (last + " …").truncate(width, ellipsis=True)]
        return Content("\n").join(lines)

    def say(self, message: str, *, error: bool = False) -> None:
        """Show a message after the counts (or under them when it does not fit); errors stand
        out."""
        self.error = error
        self.message = message
        self._show()


@dataclass(frozen=True, slots=True)
class FooterItem:
    """What the footer shows for one action, or for a group of actions under one label."""

    entries: tuple[ActiveBinding, ...]
    group: Binding.Group | None = None

    def width(self, app: App[object]) -> int:
        """Columns it takes in the footer (Textual 8.2.8's non-compact footer styles)."""
        keys = [cell_len(app.get_key_display(e.binding)) for e in self.entries]
        if self.group is None:
            description = cell_len(self.entries[0].binding.description)
            # " key " then "description " (no padding at all for a key without one)
            return keys[0] + description + 3 if description else keys[0]
        label = cell_len(self.group.description) + 1  # the label's right margin
        if self.group.compact:  # keys side by side, a column either side of the run
            return 1 + sum(keys) + 1 + label
        return sum(k + 2 for k in keys) + label  # each key with a column either side


def footer_items(bindings: dict[str, ActiveBinding]) -> list[FooterItem]:
    """The items Textual's Footer makes of a screen's active bindings, in its order: one per
    action (the first key bound to it), consecutive actions of a group under one label."""
    by_action: dict[str, list[ActiveBinding]] = {}
    for entry in bindings.values():
        if entry.binding.show:
            by_action.setdefault(entry.binding.action, []).append(entry)
    items: list[FooterItem] = []
    firsts = [entries[0] for entries in by_action.values()]
    for group, run in groupby(firsts, lambda e: e.binding.group):
        entries = tuple(run)
        if group is not None and len(entries) > 1:
            items.append(FooterItem(entries, group))
        else:
            items.extend(FooterItem((e,)) for e in entries)
    return items


class PlannerFooter(Footer):
    """Textual's footer, kept to the width of the terminal: when the keys do not all fit,
    the least important give way (`?` and `q` never do), as ranked by the screen's
    footer_priority(). Every key still works, and `?` and the command palette list them all."""

    ALWAYS: ClassVar[tuple[str, ...]] = ("app.keys", "app.quit")
    """Binding ids the footer shows before any other: the way to every other key, and out."""

    _shown: tuple[int, ...] | None = None
    _composed: tuple[object, ...] | None = None  # what the keys shown were composed from

    async def recompose(self) -> None:
        """Compose the keys again, unless they would be the same keys."""
        # Textual's Footer recomposes once for every time the screen's bindings may have
        # changed: four times as a new screen is first shown (the focus set, two resumes,
        # and once after the first frame), mounting and styling some thirty keys each time
        # (about 35 ms a time at 50,000 contracts, on the UI thread, delaying every frame
        # after the first). The keys are the same each time.
        if not self.is_attached:
            return  # removed with its screen meanwhile (as Widget.recompose would skip it)
        if self._composed is not None and self._composed == self._keys_now():
            return
        await super().recompose()

    def _keys_now(self) -> tuple[object, ...]:
        """What the footer would show now: the items that fit and the palette key."""
        items = footer_items(self.screen.active_bindings)
        return self._keys_of(items, self._fitting(items))

    def _keys_of(self, items: list[FooterItem], shown: tuple[int, ...]) -> tuple[object, ...]:
        # The binding (key, action, description, ...), whether it is enabled and its
        # tooltip: everything a FooterKey is made from but the node that holds the binding.
        palette = self._palette()
        return (
            tuple((items[i].group, tuple(e[1:] for e in items[i].entries)) for i in shown),
            palette[1:] if palette is not None else None,
        )

    def compose(self) -> ComposeResult:
        # Textual's Footer.compose (8.2.8, pinned), composing only the items that fit.
        if not self._bindings_ready:
            return
        items = footer_items(self.screen.active_bindings)
        self._shown = self._fitting(items)
        self._composed = self._keys_of(items, self._shown)
        for index in self._shown:
            item = items[index]
            if item.group is not None:
                with KeyGroup(classes="-compact" if item.group.compact else ""):
                    for _, binding, enabled, tooltip in item.entries:
                        yield FooterKey(
                            binding.key, self.app.get_key_display(binding), "", binding.action,
                            disabled=not enabled, tooltip=tooltip or binding.description,
                            classes="-grouped",
                        ).data_bind(compact=Footer.compact)  # fmt: skip
                yield FooterLabel(item.group.description)
                continue
            _, binding, enabled, tooltip = item.entries[0]
            yield FooterKey(
                binding.key, self.app.get_key_display(binding), binding.description,
                binding.action, disabled=not enabled, tooltip=tooltip,
            ).data_bind(compact=Footer.compact)  # fmt: skip
        palette = self._palette()
        if palette is not None:
            _, binding, enabled, _ = palette
            yield FooterKey(
                binding.key, self.app.get_key_display(binding), binding.description,
                binding.action, classes="-command-palette", disabled=not enabled,
                tooltip=binding.tooltip or binding.description,
            )  # fmt: skip

    def on_resize(self) -> None:
        if self._shown is None:
            return
        if self._fitting(footer_items(self.screen.active_bindings)) != self._shown:
            self.refresh(recompose=True)

    def _palette(self) -> ActiveBinding | None:
        if not (self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE):
            return None
        return self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)

    def _fitting(self, items: list[FooterItem]) -> tuple[int, ...]:
        """The indexes of the items to show: the most important ones that fit, in order."""
        room = self.size.width or self.app.size.width
        palette = self._palette()
        if palette is not None:  # a border, " key description", and a column to the right
            binding = palette.binding
            room -= cell_len(self.app.get_key_display(binding) + binding.description) + 3
        # A planner screen says which keys matter most; Textual's own screens do not.
        footer_priority = getattr(self.screen, "footer_priority", None)
        priority: tuple[str, ...] = footer_priority() if callable(footer_priority) else ()
        first = [*self.ALWAYS, *priority]

        def rank(index: int) -> int:
            ids = [e.binding.id for e in items[index].entries]
            return min((first.index(i) for i in ids if i in first), default=len(first))

        shown: list[int] = []
        for index in sorted(range(len(items)), key=rank):  # stable: unlisted keep their order
            room -= items[index].width(self.app)
            if room < 0 and rank(index) >= len(self.ALWAYS):
                break
            shown.append(index)
        return tuple(sorted(shown))
