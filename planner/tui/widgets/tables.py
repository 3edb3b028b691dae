"""DataTable columns with fixed widths, or sized to the width the table has.

A DataTable sizes auto-width columns when it is next idle, but caches the cells it has
already drawn under a key that does not include the width: a table filled and painted in
the same moment (rows arriving from a worker) can keep drawing its first, narrow columns.
The planner's tables have known shapes, so they give every column its width up front.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey


def add_fixed_columns(table: DataTable[Any], columns: Sequence[tuple[str, int]]) -> None:
    """Add (label, width) columns, keyed by their labels."""
    for label, width in columns:
        table.add_column(label, width=width, key=label)


@dataclass(frozen=True, slots=True)
class Fit:
    """A column of a FittedTable: the width it wants and how it gives way when narrow."""

    label: str
    width: int
    least: int | None = None  # a flexible column shrinks to this; None: always `width`
    drop: int = 0  # > 0: leaves the table (lowest first) when even the least widths overflow
    grow: bool = False  # takes what is left once every column has its `width`


def _least(column: Fit) -> int:
    """The narrowest a column may be."""
    return column.width if column.least is None else column.least


def _kept(columns: Sequence[Fit], room: int, padding: int) -> list[Fit]:
    """The columns, less droppable ones (lowest first) while even the least widths overflow."""
    shown = list(columns)
    droppable = sorted((c for c in columns if c.drop), key=lambda c: c.drop)
    while droppable and sum(_least(c) + 2 * padding for c in shown) > room:
        shown.remove(droppable.pop(0))
    return shown


def _widen(shown: Sequence[Fit], widths: list[int], spare: int) -> int:
    """Give `spare` characters to the columns narrower than they want, one character at a
    time so that flexible columns share; returns what is left over."""
    wanting = [i for i, c in enumerate(shown) if widths[i] < c.width]
    while spare > 0 and wanting:
        for i in list(wanting):
            if spare == 0:
                break
            widths[i] += 1
            spare -= 1
            if widths[i] >= shown[i].width:
                wanting.remove(i)
    return spare


def fit_widths(columns: Sequence[Fit], room: int, padding: int = 1) -> list[tuple[Fit, int]]:
    """The columns that fit in `room` characters (each also has `padding` either side), in
    order, with their widths: flexible columns shrink towards their least width first, then
    droppable ones leave; what is left over goes to flexible, then growing, columns."""
    shown = _kept(columns, room, padding)
    widths = [_least(c) for c in shown]
    spare = _widen(shown, widths, room - sum(widths) - 2 * padding * len(shown))
    growing = [i for i, c in enumerate(shown) if c.grow]
    for n, i in enumerate(growing):
        widths[i] += max(0, spare) // len(growing) + (1 if n < max(0, spare) % len(growing) else 0)
    return list(zip(shown, widths, strict=True))


def clipped(cell: Any) -> Any:
    """A cell that ends in an ellipsis when its column is too narrow for it (a DataTable cuts
    text off; a plain string is also no longer read as markup)."""
    if isinstance(cell, str):
        return Text(cell, no_wrap=True, overflow="ellipsis", end="")
    if isinstance(cell, Text):
        text = cell.copy()
        text.no_wrap, text.overflow = True, "ellipsis"
        return text
    return cell


def plain(cell: Any) -> Any:
    """A cell shown as it is: a string becomes Text, so a title such as "[/] Repairs" is not
    read as markup (which would draw it wrongly, or stop the screen with a MarkupError)."""
    return Text(cell, end="") if isinstance(cell, str) else cell


class PlainTable(DataTable[Any]):
    """A DataTable whose string cells are shown as they are, never read as markup; home and
    end go to the first and last row (a DataTable's own scroll sideways, and the planner's
    tables fit their width)."""

    HELP_SECTION = "Table"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("home", "scroll_top", "First row", show=False, id="table.first"),
        Binding("end", "scroll_bottom", "Last row", show=False, id="table.last"),
    ]

    def add_row(
        self, *cells: Any, height: int | None = 1, key: str | None = None, label: Any = None
    ) -> RowKey:
        """Add a row, its string cells as plain text."""
        return super().add_row(*map(plain, cells), height=height, key=key, label=label)


class FittedTable(PlainTable):
    """A DataTable whose columns are sized to the width it has, so it never scrolls sideways:
    flexible columns shrink (their text ends in '…'), droppable ones leave, growing ones take
    what is left; it fits itself again whenever it is resized."""

    def __init__(self, columns: Sequence[Fit], **options: Any) -> None:
        super().__init__(**options)
        self.fits = tuple(columns)
        self.fitted: tuple[tuple[str, int], ...] = ()
        self._rows: list[tuple[str | None, tuple[Any, ...]]] = []  # every cell, shown or not

    def on_mount(self) -> None:
        self._ensure_columns()

    def _ensure_columns(self) -> None:
        if not self.fitted:  # until the first resize, every column at the width it wants
            self._set_columns([(c, c.width) for c in self.fits])

    def on_resize(self) -> None:
        self.fit()

    def room(self) -> int:
        """The width the columns may take: the table's, less a vertical scrollbar (kept free
        even while there is none, so that adding rows does not make the table overflow)."""
        room = self.scrollable_content_region.width
        if not self.show_vertical_scrollbar:
            room -= self.styles.scrollbar_size_vertical
        return room

    def fit(self) -> None:
        """Size the columns to the table's width (rows stay, with the cursor on the same one)."""
        widths = fit_widths(self.fits, self.room(), self.cell_padding)
        if tuple((c.label, w) for c, w in widths) == self.fitted:
            return
        cursor, scroll = self.cursor_row, self.scroll_y
        rows = list(self._rows)
        self._set_columns(widths)
        for key, cells in rows:
            self.add_row(*cells, key=key)
        if rows:
            self.move_cursor(row=min(cursor, len(rows) - 1), scroll=False)
            self.scroll_y = scroll

    def _set_columns(self, widths: Sequence[tuple[Fit, int]]) -> None:
        super().clear(columns=True)
        self._rows.clear()
        self.fitted = tuple((c.label, w) for c, w in widths)
        for label, width in self.fitted:
            self.add_column(label, width=width, key=label)

    def add_row(  # type: ignore[override]
        self, *cells: Any, key: str | None = None, height: int = 1
    ) -> RowKey:
        """Add a row with a cell for every column in `fits` (those not shown are kept)."""
        self._ensure_columns()
        shown = {label for label, _ in self.fitted}
        visible = [clipped(v) for c, v in zip(self.fits, cells, strict=False) if c.label in shown]
        row_key = super().add_row(*visible, key=key, height=height)
        self._rows.append((key, cells))
        return row_key

    def clear(self, columns: bool = False) -> FittedTable:
        """Remove every row (the columns stay whatever `columns` says: they are the table's
        own, fitted to its width)."""
        super().clear()
        self._rows.clear()
        return self
