"""A brief's Markdown, shown as one widget: Rich lays the whole text out once per width.

Textual's Markdown widget makes a widget of every block, table and cell: several thousand
for a force's programme brief, which took seconds to lay out after each change. This shows
the same Markdown text (the text that is saved) as a single Rich renderable instead.
"""

from __future__ import annotations

from rich.markdown import Markdown as RichMarkdown
from textual.widgets import Static


class BriefView(Static):
    """The rendered brief; `source` is the Markdown it shows."""

    DEFAULT_CSS = """
    BriefView {
        height: auto;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.source = ""

    def show(self, text: str) -> None:
        """Show `text` (Markdown), replacing what was shown."""
        self.source = text
        self.update(RichMarkdown(text, hyperlinks=False) if text else "")
