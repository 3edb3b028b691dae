"""Hostile text never breaks a brief: whatever a supplier or title says, it renders as plain
text in one table cell (or one line of prose), read back with a real Markdown parser."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from planner.briefs.environment import make_environment
from planner.briefs.markdown import md_cell, md_text, mermaid_label
from tests.conftest import migrated_db

# CommonMark with raw HTML on (so a tag that slipped through would show up as html_inline)
# and GFM tables: the strictest reading a viewer could give the brief.
PARSER = MarkdownIt("commonmark", {"html": True}).enable("table")
ENV = make_environment()
ROW = ENV.from_string(
    "| Supplier | Title |\n|---|---|\n| {{ supplier|md_cell }} | {{ title|md_cell }} |\n"
)
BULLET = ENV.from_string("- Decision: {{ text|md_text }}\n")
HEADING = ENV.from_string("## {{ text|md_text }}\n")

HOSTILE = [
    "a | b",
    "line one\nline two\r\nline three\rfour",
    "# not a heading",
    "> not a quote",
    "- not a bullet",
    "+ not a bullet",
    "1. not a list",
    "12) not a list",
    "`code` and ``more``",
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    "<https://example.com>",
    "*bold* _em_ ~~gone~~ [link](https://example.com) ![img](x.png)",
    "&amp; &lt;b&gt; &#65; &copy;",
    "back\\slash\\",
    "---",
    "===",
    "Cleaning #3 ##",
    "W" * 400,
    "Supercalifragilisticexpialidocious" * 12 + " | tail",
    "\x00nul\x07bell\x1bescape",
    "tab\tinside",
    "",
    "   ",
]
TEXT = st.one_of(
    st.text(),
    st.text(alphabet=st.sampled_from(list("|#>-+1.`<>&;*_[]~\\!()\n\r\t =:abc ")), max_size=60),
    st.sampled_from(HOSTILE),
)
_DROPPED = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f]")


def _seen(text: str, *, joiner: str) -> str:
    """What a reader should see: each line trimmed, invisible control characters gone."""
    lines = _DROPPED.sub("", text).splitlines() or [""]
    return joiner.join(line.strip() for line in lines).strip()


def _plain(inline: Token) -> str:
    """The text of one inline token, failing on anything that is not plain text or <br>."""
    parts = []
    for child in inline.children or []:
        if child.type == "text":
            parts.append(child.content)
        elif child.type == "html_inline" and child.content == "<br>":
            parts.append("\n")
        else:
            raise AssertionError(f"{child.type} token {child.content!r} in {inline.content!r}")
    return "".join(parts)


@given(supplier=TEXT, title=TEXT)
@settings(max_examples=300)
@example(supplier="a | b\n# c", title="<script>x</script>")
def test_any_text_renders_as_one_table_cell_of_plain_text(supplier: str, title: str) -> None:
    rendered = ROW.render(supplier=supplier, title=title)
    body = rendered.splitlines()[2:]
    assert len(body) == 1, "the row must stay on one line"
    tokens = PARSER.parse(rendered)
    assert [t.type for t in tokens].count("tr_open") == 2  # the header and one body row
    cells = [t for t in tokens if t.type == "inline"][2:]
    assert len(cells) == 2
    assert _plain(cells[0]) == _seen(supplier, joiner="\n")
    assert _plain(cells[1]) == _seen(title, joiner="\n")


@given(text=TEXT)
@settings(max_examples=200)
def test_any_text_stays_one_plain_list_item(text: str) -> None:
    tokens = PARSER.parse(BULLET.render(text=text))
    assert [t.type for t in tokens] == [
        "bullet_list_open", "list_item_open", "paragraph_open", "inline", "paragraph_close",
        "list_item_close", "bullet_list_close",
    ]  # fmt: skip
    assert _plain(tokens[3]) == f"Decision: {_seen(text, joiner=' ')}".rstrip()


@given(text=TEXT)
@settings(max_examples=200)
def test_any_text_stays_one_plain_heading(text: str) -> None:
    tokens = PARSER.parse(HEADING.render(text=text))
    assert tokens[0].type == "heading_open"
    assert tokens[0].tag == "h2"
    assert [t.type for t in tokens].count("heading_open") == 1
    assert len(tokens) == 3
    assert _plain(tokens[1]) == _seen(text, joiner=" ")


def test_the_classic_attacks_are_written_inertly_in_the_source() -> None:
    assert md_cell("a | b") == "a \\| b"
    assert md_cell("one\ntwo") == "one<br>two"
    assert md_cell("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert md_cell("# Heading") == "\\# Heading"
    assert md_cell("- item") == "\\- item"
    assert md_cell("1. item") == "1\\. item"
    assert md_cell("`rm -rf`") == "\\`rm -rf\\`"
    assert md_cell(None) == "—"
    assert md_text("two\nlines") == "two lines"


def test_a_very_long_word_is_kept_whole_in_its_cell() -> None:
    word = "Antidisestablishmentarianism" * 20
    assert md_cell(word) == word


@given(text=TEXT)
def test_mermaid_labels_cannot_end_a_task_or_the_chart(text: str) -> None:
    label = mermaid_label(text)
    assert label
    assert not set(label) & set(":;#`\n\r")
    assert len(label) <= 60


@given(title=TEXT, supplier=TEXT)
@settings(max_examples=40, deadline=None)
@example(title=HOSTILE[1], supplier=HOSTILE[9])
def test_a_real_brief_keeps_hostile_titles_and_suppliers_in_their_cells(
    title: str, supplier: str
) -> None:
    from datetime import date

    from planner.briefs import BriefRequest, render_brief
    from planner.domain.contract import Contract
    from planner.store.contracts import insert_contract

    db = migrated_db()
    try:
        contract = Contract(ref="EST-1", department="Estates", title=title, supplier=supplier,
                            end_date=date(2027, 3, 31))  # fmt: skip
        insert_contract(db, contract, "t")
        rendered = render_brief(db, BriefRequest("department", date(2026, 11, 25), "Estates"))
    finally:
        db.close()
    parsed = PARSER.parse(rendered)
    last_table = max(i for i, t in enumerate(parsed) if t.type == "table_open")
    table_end = next(i for i, t in enumerate(parsed) if i > last_table and t.type == "table_close")
    tokens = parsed[last_table:table_end]  # the register of the department's contracts
    rows = [i for i, t in enumerate(tokens) if t.type == "tr_open"]
    assert len(rows) == 2, "one header row and one contract row"
    header = [t for t in tokens[rows[0] : rows[1]] if t.type == "inline"]
    cells = [t for t in tokens[rows[1] :] if t.type == "inline"]
    assert len(cells) == len(header) == 9
    assert _plain(cells[1]) == _seen(title, joiner="\n")
    assert _plain(cells[2]) == _seen(supplier, joiner="\n")
