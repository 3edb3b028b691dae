"""What the planner's hand-drawn tables share: a header line over one line a row, and a
cursor row kept on screen."""

from __future__ import annotations

from textual.scroll_view import ScrollView


class RowView(ScrollView):
    """A scroll view drawn as header lines, then one line a row (the Line API)."""

    HEADER_LINES = 1
    """How many lines the header takes, above the first row."""

    @property
    def page(self) -> int:
        """How many rows fit on screen under the header."""
        return max(1, self.scrollable_content_region.height - self.HEADER_LINES)

    def scroll_to_row(self, row: int) -> None:
        """Scroll just enough to bring `row` on screen."""
        top = int(self.scroll_y)
        if row < top:
            self.scroll_to(y=row, animate=False, immediate=True)
        elif row >= top + self.page:
            self.scroll_to(y=row - self.page + 1, animate=False, immediate=True)


__all__ = ["RowView"]
