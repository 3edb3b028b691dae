"""Escaping for Markdown: any text a user typed renders as plain text, never as markup.

Briefs are written with Jinja2 autoescape off, since HTML escaping is wrong for Markdown
(a supplier called 'A & B' would read 'A &amp; B'); every value that came from a person or
a spreadsheet goes through one of these named filters instead.
"""

from __future__ import annotations

import re

UNKNOWN = "—"

# `&` only needs escaping where it would start an entity: '&amp;' typed by a user must show
# as those five characters, while 'Learning & Development' stays readable in the source.
_ENTITY_START = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# Everything that has an inline meaning in CommonMark or GFM: code spans, emphasis, links,
# images, strikethrough, table cell breaks, raw HTML and autolinks. `<` and `>` become
# entities so that no tag (<script>, <img onerror=...>) or autolink can open.
_INLINE = str.maketrans(
    {
        "\\": "\\\\",
        "|": "\\|",
        "#": "\\#",
        "`": "\\`",
        "*": "\\*",
        "_": "\\_",
        "[": "\\[",
        "]": "\\]",
        "~": "\\~",
        "<": "&lt;",
        ">": "&gt;",
    }
)
# Block markers a line may start with: list bullet, thematic break, setext underline,
# ordered list item ('1.' or '1)' then a space or the end: '37.5%' is not one). '#'
# (anywhere: a heading's closing sequence counts too) and '>' are already escaped by then.
_LEADING_MARKER = re.compile(r"^(\s*)([+\-=]|\d{1,9}(?=[.)](?:\s|$)))")
# C0 controls other than tab and the line breaks (handled by splitlines), and DEL: invisible
# in a viewer, so they are dropped rather than shown.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f]")


def _escape_line(text: str) -> str:
    text = _ENTITY_START.sub("&amp;", text).translate(_INLINE)
    match = _LEADING_MARKER.match(text)
    if match is None:
        return text
    indent, marker = match.groups()
    if marker[0].isdigit():
        # '1.' -> '1\.': the punctuation after the number is what makes a list item.
        end = match.end()
        return f"{indent}{marker}\\{text[end:]}"
    return f"{indent}\\{text[len(indent) :]}"


def _text(value: object) -> str:
    return UNKNOWN if value is None else str(value)


def _lines(value: object) -> list[str]:
    return _CONTROL.sub("", _text(value)).strip().splitlines() or [""]


def md_cell(value: object) -> str:
    """One Markdown table cell of plain text: pipes, markup and HTML made inert, line
    breaks written as <br> so the cell stays on its row; None shows as a dash."""
    return "<br>".join(_escape_line(line.strip()) for line in _lines(value))


def md_text(value: object) -> str:
    """Plain text for a paragraph, list item or heading: like md_cell, but line breaks
    become spaces so the text stays one line of the block it is written in."""
    return _escape_line(" ".join(line.strip() for line in _lines(value)))


# Mermaid gantt task names end at ':', ';' and '#' start comments and entities, '%%' a
# comment line, backticks end the code fence, and labels may be drawn as HTML: only letters,
# digits, spaces and plain punctuation are kept.
_MERMAID_UNSAFE = re.compile(r"[^\w .,&()/'+!?-]+")


def mermaid_label(value: object, limit: int = 60) -> str:
    """A Mermaid gantt task or section name that cannot end the task, the chart or the
    surrounding code fence early, nor carry markup."""
    text = _MERMAID_UNSAFE.sub(" ", _text(value))
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text or UNKNOWN
