"""One notice date everywhere: on the demo, for every open contract, the register's
`list --json`, the `notice` milestone of `schedule --json`, the contract screen, every brief
table and the `.ics` event give the same serve-by day (issue 10 item 1).

The notice deadline is set by the contract (end date less the notice period) and notice is
served by the working day on or before it (docs/rules.md, "Notice deadline"): it is a fixed
date, never levelled, and a passed one stays passed.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from planner.demo.build import build_demo_file
from planner.demo.generator import DemoSpec
from planner.domain.codes import StageCode
from planner.domain.dates import format_date
from planner.store import open_db
from planner.tui.readers import read_contract
from planner.tui.screens.detail import register_value
from tests.conftest import FROZEN_TODAY, run

_ROW_DATE = re.compile(r"^\| (\d{1,2} \w{3} \d{4})")


def _table_cells(line: str) -> list[str]:
    # Cells of a Markdown table row (an escaped pipe stays inside its cell).
    return [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]


def _brief_notice_days(markdown: str) -> dict[str, set[str]]:
    # Every date a brief's tables give a notice deadline, by contract reference.
    found: dict[str, set[str]] = {}
    for line in markdown.splitlines():
        if "| Notice deadline |" not in line or not _ROW_DATE.match(line):
            continue
        cells = _table_cells(line)
        ref = cells[cells.index("Notice deadline") + 1]
        found.setdefault(ref, set()).add(cells[0].removesuffix(" (overdue)"))
    return found


def _ics_notice_days(text: str) -> dict[str, str]:
    # The day of every notice-deadline event, by contract reference.
    unfolded = text.replace("\r\n ", "")
    found: dict[str, str] = {}
    for event in unfolded.split("BEGIN:VEVENT")[1:]:
        fields = dict(line.split(":", 1) for line in event.splitlines() if ":" in line)
        if fields.get("CATEGORIES") == "Notice deadline":
            ref = fields["SUMMARY"].split(" ", 1)[0]
            found[ref] = fields["DTSTART;VALUE=DATE"]
    return found


def test_the_notice_date_is_one_date_in_every_place(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    build_demo_file(path, DemoSpec(contracts=60), FROZEN_TODAY)
    db_args = ("--db", str(path))
    today = FROZEN_TODAY
    listed = {
        row["ref"]: row
        for row in json.loads(run("list", "--json", *db_args).stdout)
        if row["notice_date"] and row["status"] not in ("completed", "expired", "terminated")
    }
    assert listed, "the demo has open contracts with notice periods"
    plan = json.loads(run("schedule", "--json", "--today", today.isoformat(), *db_args).stdout)
    reviews = {r["ref"]: r for r in plan["reviews"]}
    programme = run("brief", "programme", "--today", today.isoformat(), *db_args).stdout
    in_briefs = _brief_notice_days(programme)
    departments = sorted({row["department"] for row in listed.values()})
    notice_by: dict[str, str] = {}
    for department in departments:
        brief = run("brief", "department", "-d", department, "--today", today.isoformat(),
                    *db_args).output  # fmt: skip
        for ref, days in _brief_notice_days(brief).items():
            in_briefs.setdefault(ref, set()).update(days)
        for line in brief.splitlines():
            cells = _table_cells(line) if line.startswith("| ") else []
            if len(cells) == 9 and cells[0] in listed:  # the contracts table: "Notice by"
                notice_by[cells[0]] = cells[4]
    ics = _ics_notice_days(run("export", "ics", "--months", "60", "--today", today.isoformat(),
                               *db_args).output)  # fmt: skip
    db = open_db(path, create=False)
    ids = dict(db.conn.execute("SELECT ref, id FROM contracts").fetchall())
    checked = 0
    for ref, row in listed.items():
        deadline = date.fromisoformat(row["notice_date"])
        serve_by = date.fromisoformat(row["serve_by"])
        assert serve_by <= deadline and (deadline - serve_by).days < 7, ref
        shown = format_date(serve_by)
        if ref in in_briefs:
            assert in_briefs[ref] == {shown}, ref
        if ref in notice_by:
            assert notice_by[ref] == shown, ref
        if ref in ics:
            assert ics[ref] == serve_by.strftime("%Y%m%d"), ref
        if serve_by < today:
            assert ref not in ics, f"{ref}: a passed notice put in the calendar"
        detail = read_contract(db, ids[ref], today)
        assert format_date(deadline) in register_value(detail, "notice_date"), ref
        review = reviews.get(ref)
        notice = None if review is None else next(
            (m for m in review["milestones"] if m["stage"] == StageCode.NOTICE), None
        )  # fmt: skip
        if notice is None or notice["actual"]:
            continue
        assert notice["latest"] == row["serve_by"], ref
        if notice["planned"] is None:  # passed over: a later stage is done
            continue
        assert notice["planned"] == row["serve_by"], ref
        (line,) = [m for m in detail.milestones if m.stage == StageCode.NOTICE]
        assert line.planned == line.latest == serve_by, ref  # the contract screen's plan
        checked += 1
    db.close()
    assert checked >= 10, "enough open reviews with a notice stage to mean something"
