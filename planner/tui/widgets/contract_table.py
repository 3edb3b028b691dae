"""The triage table: a Line API widget that shows a window of the register, never all of it.

It knows how many rows match (from SQL) and holds only the rows near the viewport. When
the user scrolls to rows it does not have, it draws them as placeholders and asks its
screen for them (WindowWanted); the screen reads them in a worker and hands them back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from planner.domain.codes import Rag
from planner.domain.dates import format_date
from planner.domain.money import format_money_short
from planner.domain.vocab import ROUTES, STATUSES
from planner.domain.words import officer_label
from planner.store.triage import ContractRow
from planner.tui.widgets.row_view import RowView


def _date(text: str | None) -> str:
    return format_date(date.fromisoformat(text)) if text else "—"


_DECISION_SHORT = {
    "centralise": "Centralise",
    "extend": "Extend",
    "re-tender": "Re-tender",
    "call-off": "Call-off",
    "collaborate": "Collaborate",
    "terminate": "Terminate",
    "in-house": "In-house",
}


@dataclass(frozen=True, slots=True)
class Column:
    """One column: which value it shows, how wide, and how readily it is dropped."""

    key: str  # a ContractRow field and the store's sort key
    label: str
    width: int  # preferred width; a flexible column grows beyond it
    keep: int  # lower numbers are kept when the terminal is narrow
    render: Callable[[ContractRow], str]
    right: bool = False
    flexible: bool = False
    sortable: bool = True  # False: no index orders by it (docs/architecture.md, "Threading")


RAGS = frozenset(Rag)  # each coloured in the RAG column

COLUMNS: tuple[Column, ...] = (
    Column("ref", "Ref", 9, 0, lambda r: r.ref),
    Column("department", "Dept", 10, 6, lambda r: r.department),
    Column("title", "Title", 18, 1, lambda r: r.title or "—", flexible=True),
    Column("supplier", "Supplier", 16, 10, lambda r: r.supplier or "—", flexible=True),
    Column("end_date", "Ends", 11, 8, lambda r: _date(r.end_date)),
    # The day to serve notice by (the deadline itself unless it falls on a weekend or holiday).
    Column("notice_date", "Notice by", 11, 2, lambda r: _date(r.serve_by or r.notice_date)),
    Column("value", "Value", 6, 3, lambda r: format_money_short(r.value), right=True),
    Column("status", "Status", 9, 11, lambda r: STATUSES.get(r.status or "", r.status or "—")),
    Column("decision", "Decision", 11, 4, lambda r: _DECISION_SHORT.get(r.decision or "", "·")),
    Column("route", "Route", 14, 12, lambda r: ROUTES.get(r.route or "", "—")),
    # The scheduler's proposal shows as such until accepted (a on Triage).
    Column("officer", "Officer", 20, 7, lambda r: officer_label(r.officer, r.proposed) or "—"),
    Column("risk", "Risk", 6, 13, lambda r: (r.risk or "—").capitalize()),
    Column("priority", "P", 2, 9, lambda r: str(r.priority) if r.priority else "·", right=True),
    Column("rag", "RAG", 5, 5, lambda r: (r.rag or "—").capitalize()),
    # How complete the review checklist is: required items answered (docs/rules.md, "The
    # review checklist"); counted for the rows on screen only, so it does not sort.
    Column("checklist", "Review", 6, 6, lambda r: r.checklist or "—", right=True, sortable=False),
)
MARK = 2  # the leading column that shows a marked row
GAP = 1


def fit_columns(width: int, columns: Iterable[Column] = COLUMNS) -> list[tuple[Column, int]]:
    """The columns that fit in `width`, in display order, with the width each gets."""
    chosen: list[Column] = []
    used = MARK
    for column in sorted(columns, key=lambda c: c.keep):
        if used + column.width + GAP <= width or not chosen:
            chosen.append(column)
            used += column.width + GAP
    ordered = [c for c in COLUMNS if c in chosen]
    spare = max(0, width - used)
    flexible = [c for c in ordered if c.flexible]
    widths = {c.key: c.width for c in ordered}
    for i, column in enumerate(flexible):
        share = spare // len(flexible) + (1 if i < spare % len(flexible) else 0)
        widths[column.key] += share
    return [(c, widths[c.key]) for c in ordered]


def _cell(text: str, width: int, right: bool) -> str:
    if len(text) > width:
        return text[: max(0, width - 1)] + "…" if width > 1 else text[:width]
    return text.rjust(width) if right else text.ljust(width)


class ContractTable(RowView, can_focus=True):
    """A scrolling, sortable table over a window of rows it is fed by its screen."""

    HELP_SECTION = "Table"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Up", show=False, id="table.up"),
        Binding("down,j", "cursor_down", "Down", show=False, id="table.down"),
        Binding("pageup", "page_up", "Page up", show=False, id="table.page_up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="table.page_down"),
        Binding("home,g", "first", "First row", show=False, id="table.first"),
        Binding("end,G", "last", "Last row", show=False, id="table.last"),
        Binding("enter", "choose", "Open", id="table.open"),
        Binding("space", "toggle_mark", "Mark", id="table.mark"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "contract-table--header",
        "contract-table--sorted",
        "contract-table--cursor",
        "contract-table--marked",
        "contract-table--placeholder",
        "contract-table--decided",
        "contract-table--red",
        "contract-table--amber",
        "contract-table--green",
    }

    DEFAULT_CSS = """
    ContractTable {
        background: $surface;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-size-vertical: 1;
        & > .contract-table--header { text-style: bold; background: $panel; }
        & > .contract-table--sorted { text-style: bold underline; background: $panel; }
        & > .contract-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
        }
        &:focus > .contract-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .contract-table--marked { background: $secondary 35%; text-style: bold; }
        & > .contract-table--placeholder { color: $text-disabled; }
        & > .contract-table--decided { color: $text-muted; }
        & > .contract-table--red { color: $text-error; text-style: bold; }
        & > .contract-table--amber { color: $text-warning; text-style: bold; }
        & > .contract-table--green { color: $text-success; }
    }
    """

    cursor: reactive[int] = reactive(0, always_update=True)
    """Index of the highlighted row in the whole filtered, sorted result."""

    class WindowWanted(Message):
        """The table needs rows it does not hold."""

        def __init__(self, generation: int, offset: int, limit: int) -> None:
            super().__init__()
            self.generation = generation
            self.offset = offset
            self.limit = limit

    class CursorMoved(Message):
        """The highlighted row changed (row is None while it is still loading)."""

        def __init__(self, index: int, row: ContractRow | None) -> None:
            super().__init__()
            self.index = index
            self.row = row

    class RowChosen(Message):
        """Enter (or a double click) on a row."""

        def __init__(self, row: ContractRow) -> None:
            super().__init__()
            self.row = row

    class MarksChanged(Message):
        """Rows were marked or unmarked."""

        def __init__(self, count: int) -> None:
            super().__init__()
            self.count = count

    class SortClicked(Message):
        """A column header was clicked."""

        def __init__(self, column: str) -> None:
            super().__init__()
            self.column = column

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.generation = 0
        self.total = 0
        self.rows: dict[int, ContractRow] = {}
        self.marked: dict[int, ContractRow] = {}
        self.sort = "notice_date"
        self.descending = False
        self.loaded = False
        self._wanted: tuple[int, int, int] | None = None
        self._layout: list[tuple[Column, int]] = []
        self._layout_width = -1

    # ---------------------------------------------------------------- feeding rows

    def reset(self, generation: int, total: int, offset: int, rows: list[ContractRow],
              cursor: int) -> None:  # fmt: skip
        """Show a new result: its size, a first window, and where the cursor goes."""
        self.generation = generation
        self.total = total
        self.rows = {offset + i: row for i, row in enumerate(rows)}
        self._wanted = None
        self.loaded = True
        self.virtual_size = Size(0, total + 1)
        self.cursor = max(0, min(cursor, total - 1)) if total else 0
        self.refresh()

    def add_rows(self, generation: int, offset: int, rows: list[ContractRow]) -> None:
        """Take rows read for scrolling (ignored if the result has changed since)."""
        if generation != self.generation:
            return
        for i, row in enumerate(rows):
            self.rows[offset + i] = row
        self._wanted = None
        self._forget_far_rows()
        self.refresh()
        if self.cursor in self.rows:
            self.post_message(self.CursorMoved(self.cursor, self.rows[self.cursor]))
        self._want_visible()

    def set_sort(self, column: str, descending: bool) -> None:
        """Show which column the result is sorted by."""
        self.sort, self.descending = column, descending
        self.refresh()

    @property
    def current(self) -> ContractRow | None:
        """The highlighted row, if it is loaded."""
        return self.rows.get(self.cursor)

    def keep_marks(self, versions: dict[int, int]) -> None:
        """After this window saved the marked rows: hold each at its new version."""
        for contract_id, version in versions.items():
            row = self.marked.get(contract_id)
            if row is not None:
                self.marked[contract_id] = row._replace(version=version)

    def clear_marks(self) -> None:
        """Unmark every row."""
        if self.marked:
            self.marked.clear()
            self.post_message(self.MarksChanged(0))
            self.refresh()

    def _forget_far_rows(self) -> None:
        # Keep a few pages either side of the viewport; a long scroll must not hoard rows.
        top = int(self.scroll_y)
        keep_from, keep_to = top - 4 * self.page, top + 5 * self.page
        for index in [i for i in self.rows if not keep_from <= i <= keep_to]:
            del self.rows[index]

    def _want_visible(self) -> None:
        if not self.loaded or not self.total:
            return
        top = int(self.scroll_y)
        first, last = top, min(self.total, top + self.page) - 1
        missing = [i for i in range(first, last + 1) if i not in self.rows]
        if self.cursor not in self.rows and 0 <= self.cursor < self.total:
            missing.append(self.cursor)
        if not missing:
            return
        # One page before and after what is missing, so scrolling on finds rows waiting.
        offset = max(0, min(missing) - self.page)
        limit = max(missing) - offset + 1 + self.page
        wanted = (self.generation, offset, limit)
        if self._wanted is not None and self._covers(self._wanted, missing):
            return
        self._wanted = wanted
        self.post_message(self.WindowWanted(*wanted))

    def _covers(self, wanted: tuple[int, int, int], missing: list[int]) -> bool:
        generation, offset, limit = wanted
        return (
            generation == self.generation
            and offset <= min(missing)
            and max(missing) < offset + limit
        )

    # ---------------------------------------------------------------- cursor

    def watch_cursor(self, old: int, new: int) -> None:
        self.scroll_to_row(new)
        self.refresh()
        self.post_message(self.CursorMoved(new, self.rows.get(new)))
        self._want_visible()

    def _move(self, to: int) -> None:
        if self.total:
            self.cursor = max(0, min(self.total - 1, to))

    def action_cursor_up(self) -> None:
        self._move(self.cursor - 1)

    def action_cursor_down(self) -> None:
        self._move(self.cursor + 1)

    def action_page_up(self) -> None:
        self._move(self.cursor - self.page)

    def action_page_down(self) -> None:
        self._move(self.cursor + self.page)

    def action_first(self) -> None:
        self._move(0)

    def action_last(self) -> None:
        self._move(self.total - 1)

    def action_choose(self) -> None:
        row = self.current
        if row is not None:
            self.post_message(self.RowChosen(row))

    def action_toggle_mark(self) -> None:
        row = self.current
        if row is None:
            return
        if row.id in self.marked:
            del self.marked[row.id]
        else:
            self.marked[row.id] = row
        self.post_message(self.MarksChanged(len(self.marked)))
        self.action_cursor_down()
        self.refresh()

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self._want_visible()

    def on_resize(self, event: events.Resize) -> None:
        self._want_visible()

    async def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y == 0:
            x = MARK
            for column, width in self._columns():
                if x <= offset.x < x + width + GAP:
                    if column.sortable:
                        self.post_message(self.SortClicked(column.key))
                    return
                x += width + GAP
            return
        index = int(self.scroll_y) + offset.y - 1
        if 0 <= index < self.total:
            self.cursor = index
            if event.chain >= 2:
                self.action_choose()

    # ---------------------------------------------------------------- drawing

    def _columns(self) -> list[tuple[Column, int]]:
        width = self.scrollable_content_region.width
        if width != self._layout_width:
            self._layout = fit_columns(width)
            self._layout_width = width
        return self._layout

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            return self._header(width, base)
        index = int(self.scroll_y) + y - 1
        if index >= self.total:
            return Strip.blank(width, base)
        row = self.rows.get(index)
        marked = row is not None and row.id in self.marked
        style = base
        if row is None:
            style += self.get_component_rich_style("contract-table--placeholder", partial=True)
        elif row.decision:
            style += self.get_component_rich_style("contract-table--decided", partial=True)
        if marked:
            style += self.get_component_rich_style("contract-table--marked", partial=True)
        if index == self.cursor:
            style += self.get_component_rich_style("contract-table--cursor", partial=True)
        segments = [Segment("● " if marked else "  ", style)]
        for column, col_width in self._columns():
            if row is None:
                text = _cell("…" if column.key in ("ref", "title") else "", col_width, False)
                segments.append(Segment(text + " ", style))
                continue
            text = _cell(column.render(row), col_width, column.right)
            cell_style = style
            if column.key == "rag" and row.rag in RAGS and index != self.cursor:
                cell_style = style + self.get_component_rich_style(
                    f"contract-table--{row.rag}", partial=True
                )
            segments.append(Segment(text, cell_style))
            segments.append(Segment(" ", style))
        return Strip(segments).adjust_cell_length(width, style)

    def _header(self, width: int, base: Style) -> Strip:
        header = base + self.get_component_rich_style("contract-table--header", partial=True)
        sorted_style = base + self.get_component_rich_style("contract-table--sorted", partial=True)
        segments = [Segment(" " * MARK, header)]
        for column, col_width in self._columns():
            label = column.label
            style = header
            if column.key == self.sort:
                label = f"{label}{'▼' if self.descending else '▲'}"
                style = sorted_style
            segments.append(Segment(_cell(label, col_width, column.right), style))
            segments.append(Segment(" ", header))
        return Strip(segments).adjust_cell_length(width, header)


__all__ = ["COLUMNS", "Column", "ContractTable", "fit_columns"]
