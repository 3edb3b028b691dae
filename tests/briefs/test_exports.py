"""The iCalendar export (read back with the `icalendar` package) and the published contracts
plan CSV (no supplier, no reference, no exact value; formula-safe)."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from icalendar import Calendar

from planner.cli import main
from planner.domain.contract import Contract
from planner.io.ics import event_from_item, event_uid, fold, write_calendar
from planner.io.plan_export import write_plan
from planner.store import Database
from planner.store.calendar_items import calendar_items
from planner.store.contracts import insert_contract
from planner.store.reporting import published_plan
from planner.store.schedule_run import run_schedule
from tests.briefs.conftest import CONTRACTS, HOSTILE_TITLE

HORIZON = date(2027, 5, 25)


def _ics(db: Database, today: date, end: date = HORIZON) -> bytes:
    out = io.StringIO(newline="")
    items = calendar_items(db, today, end)
    write_calendar((event_from_item(i) for i in items), today, out)
    return out.getvalue().encode("utf-8")


def test_the_calendar_parses_with_one_event_per_milestone_and_notice_deadline(
    programme: Database, today: date
) -> None:
    data = _ics(programme, today)
    calendar = Calendar.from_ical(data)
    events = calendar.walk("VEVENT")
    items = calendar_items(programme, today, HORIZON)
    assert len(events) == len(items) > 10
    assert len({str(e["UID"]) for e in events}) == len(events)
    first = events[0]
    assert first.decoded("DTSTART") == date.fromisoformat(items[0]["day"])
    assert first.decoded("DTEND") == first.decoded("DTSTART") + timedelta(days=1)
    for event in events:
        [alarm] = event.walk("VALARM")
        assert alarm["ACTION"] == "DISPLAY"
        assert alarm.decoded("TRIGGER") in (-timedelta(days=14), -timedelta(days=2))
    notices = [e for e in events if "Notice deadline" in str(e["SUMMARY"])]
    assert notices
    assert all(n.walk("VALARM")[0].decoded("TRIGGER") == -timedelta(days=14) for n in notices)


def test_a_notice_event_is_on_its_serve_by_day_and_a_passed_one_is_left_out(
    programme: Database, today: date
) -> None:
    """Issue 10 item 1: the calendar put a passed, re-planned notice deadline on today with
    the words "a hard date". EST-001's deadline is Sat 30 Jan 2027: serve by Fri 29 Jan;
    HQC-001's passed on 30 Sep 2026 (docs/rules.md, "Notice deadline")."""
    events = Calendar.from_ical(_ics(programme, today)).walk("VEVENT")
    notices = {str(e["SUMMARY"]).split(" ", 1)[0]: e for e in events
               if str(e["CATEGORIES"].to_ical().decode()) == "Notice deadline"}  # fmt: skip
    assert notices["EST-001"].decoded("DTSTART") == date(2027, 1, 29)
    assert "Notice by Fri 29 Jan 2027 (deadline Sat 30 Jan)." in str(
        notices["EST-001"]["DESCRIPTION"]
    )
    assert "HQC-001" not in notices
    assert all(e.decoded("DTSTART") >= today for e in events)


def test_every_line_ends_crlf_and_is_folded_at_75_octets(programme: Database, today: date) -> None:
    data = _ics(programme, today)
    assert data.endswith(b"END:VCALENDAR\r\n")
    lines = data.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines), "long descriptions are folded"


def test_hostile_and_long_titles_survive_the_round_trip(programme: Database, today: date) -> None:
    title = "Café, bar; and \\ slash " + "é" * 60 + "\nsecond line"
    insert_contract(programme, Contract(ref="EST-9", department="Estates", title=title,
                                        end_date=date(2027, 2, 28), notice_period="P1M"),
                    "tester")  # fmt: skip
    calendar = Calendar.from_ical(_ics(programme, today))
    [event] = [e for e in calendar.walk("VEVENT") if str(e["SUMMARY"]).startswith("EST-9 ")]
    assert str(event["SUMMARY"]) == "EST-9 Notice deadline: " + " ".join(title.split())
    assert event.decoded("DTSTART") == date(2027, 1, 28)
    hostile = [e for e in calendar.walk("VEVENT") if "EST-002" in str(e["SUMMARY"])]
    assert hostile and " ".join(HOSTILE_TITLE.split()) in str(hostile[0]["SUMMARY"])


def test_uids_stay_the_same_from_export_to_export_so_outlook_updates(
    programme: Database, today: date
) -> None:
    before = Calendar.from_ical(_ics(programme, today))
    later = today + timedelta(days=7)
    run_schedule(programme, later, "tester")
    after = Calendar.from_ical(_ics(programme, later))
    old = {str(e["UID"]): e for e in before.walk("VEVENT")}
    new = {str(e["UID"]): e for e in after.walk("VEVENT")}
    kept = set(old) & set(new)
    assert len(kept) >= len(old) - 3  # only what fell before the later day drops out
    uid = next(iter(sorted(kept)))
    assert int(new[uid]["SEQUENCE"]) == int(old[uid]["SEQUENCE"]) + 7
    # The UID is made from the department, reference and stage alone: pinned, so one made
    # from anything that differs from run to run (hash(), a clock) fails here.
    notice = event_uid("Estates", "EST-001", "notice")
    assert notice == "1ccdfda97ab509626788ca5814694819@contract-review-planner"
    assert notice in kept
    assert notice != event_uid("ICT", "EST-001", "notice")


def test_the_same_day_gives_the_same_file(programme: Database, today: date) -> None:
    assert _ics(programme, today) == _ics(programme, today)


@pytest.mark.parametrize("text", ["short", "x" * 75, "x" * 76, "é" * 80, "a" + "😀" * 40])
def test_folding_never_splits_a_character_and_unfolds_to_the_original(text: str) -> None:
    folded = fold(f"SUMMARY:{text}")
    parts = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert "".join(p.removeprefix(" ") if i else p for i, p in enumerate(parts)) == (
        f"SUMMARY:{text}"
    )


def test_the_published_plan_csv_holds_nothing_commercially_sensitive(
    programme: Database, today: date
) -> None:
    out = io.StringIO(newline="")
    count = write_plan(published_plan(programme, today).rows, out)
    text = out.getvalue()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert count == len(rows) == 6
    assert list(rows[0]) == ["title", "department", "estimated_value_band", "route",
                             "expected_tender_quarter", "expected_award_quarter"]  # fmt: skip
    assert rows[0]["title"] == " ".join(HOSTILE_TITLE.split())
    assert {r["title"] for r in rows} >= {"Network support", "Mobile data devices"}
    for contract in CONTRACTS:
        for secret in (contract.supplier, contract.ref, str(contract.total_value)):
            assert secret and secret not in text
    mobile = next(r for r in rows if r["title"] == "Mobile data devices")
    assert (mobile["estimated_value_band"], mobile["expected_tender_quarter"]) == (
        "£5m and over", "Q1 2027/28",
    )  # fmt: skip
    assert mobile["route"] == "Open procedure (to be confirmed)"


def test_a_title_a_spreadsheet_would_run_is_written_as_text(db: Database, today: date) -> None:
    insert_contract(db, Contract(ref="X-1", department="ICT", title="=HYPERLINK(\"x\")",
                                 end_date=date(2027, 12, 31), annual_value=100_000_00),
                    "tester")  # fmt: skip
    run_schedule(db, today, "tester")
    out = io.StringIO(newline="")
    write_plan(published_plan(db, today).rows, out)
    assert "'=HYPERLINK" in out.getvalue()


def test_export_commands_write_files(tmp_path: Path, programme_file: Path) -> None:
    path = programme_file
    runner = CliRunner()
    ics = tmp_path / "reviews.ics"
    result = runner.invoke(main, ["export", "ics", "--db", str(path), "-o", str(ics),
                                  "--department", "estates", "--months", "3"])  # fmt: skip
    assert result.exit_code == 0, result.output
    events = Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    assert events and all("EST-" in str(e["SUMMARY"]) for e in events)
    assert f"Wrote {len(events)} events to {ics}" in result.stderr
    plan = runner.invoke(main, ["export", "plan", "--db", str(path)])
    assert plan.exit_code == 0
    assert plan.stdout.startswith("title,department,estimated_value_band,")
