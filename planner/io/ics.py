"""An iCalendar (RFC 5545) file of review milestones and notice deadlines, for Outlook.

Each event is an all-day event with a reminder. Its UID is made from the contract's
department and reference and the stage, never from a database id, so importing a newer
file updates the events already in the calendar instead of adding copies; SEQUENCE grows
with the export day so the newer file wins.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TextIO

from planner.domain.codes import StageCode
from planner.domain.dates import format_date
from planner.domain.vocab import ROUTES
from planner.store.option_deadlines import OPTION_STAGE

PRODID = "-//Contract review programme planner//EN"
SEAL_PROPERTY = "X-PLANNER-AUDIT-SEAL"
UID_DOMAIN = "contract-review-planner"
CRLF = "\r\n"
LINE_OCTETS = 75
# Days before the event its reminder goes off: hard dates early enough to act on.
REMIND_HARD_DAYS = 14
REMIND_DAYS = 2
_SEQUENCE_EPOCH = date(2000, 1, 1)


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    """One all-day event with one reminder."""

    uid: str
    day: date
    summary: str
    description: str
    category: str
    remind_days: int


def event_uid(department: str, ref: str, stage: str) -> str:
    """A UID that stays the same for the same contract and stage, export after export."""
    digest = hashlib.sha256(f"{department}\x1f{ref}\x1f{stage}".encode()).hexdigest()[:32]
    return f"{digest}@{UID_DOMAIN}"


def _category(stage: str) -> str:
    if stage == StageCode.NOTICE:
        return "Notice deadline"
    if stage.startswith(OPTION_STAGE):
        return "Extension option"
    return "Contract review"


def event_from_item(item: Mapping[str, Any]) -> CalendarEvent:
    """The calendar event for one milestone or notice deadline (a calendar_items row)."""
    hard = bool(item["hard"])
    title = " ".join(str(item["title"] or "").split())
    details = [
        f"{item['stage_name']} for {item['ref']} ({item['department']}): {title}".rstrip(": "),
        f"Date: {format_date(date.fromisoformat(item['day']))}",
    ]
    if item["route"]:
        details.append(f"Route: {ROUTES.get(item['route'], item['route'])}")
    if item["officer"]:
        details.append(f"Officer: {item['officer']}")
    if item["rag"]:
        details.append(f"RAG: {str(item['rag']).title()}")
    if item.get("why"):
        why = str(item["why"])
        details.append(f"{why[:1].upper()}{why[1:]}.")
    if hard:
        details.append("A hard date: missing it can renew the contract or lose a right.")
    return CalendarEvent(
        uid=event_uid(item["department"], item["ref"], item["stage"]),
        day=date.fromisoformat(item["day"]),
        summary=f"{item['ref']} {item['stage_name']}" + (f": {title}" if title else ""),
        description="\n".join(details),
        category=_category(str(item["stage"])),
        remind_days=REMIND_HARD_DAYS if hard else REMIND_DAYS,
    )


def escape_text(value: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon and comma escaped; line breaks written as \\n."""
    text = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return "\\n".join(text.splitlines())


def fold(line: str) -> str:
    """Fold a content line into lines of at most 75 octets (RFC 5545 3.1), never inside a
    UTF-8 character; continuation lines start with one space."""
    encoded = line.encode("utf-8")
    if len(encoded) <= LINE_OCTETS:
        return line
    parts: list[str] = []
    current = ""
    size = 0
    limit = LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size = "", 0
            limit = LINE_OCTETS - 1  # the leading space counts
        current += char
        size += width
    parts.append(current)
    return (CRLF + " ").join(parts)


def _event_lines(event: CalendarEvent, stamp: str, sequence: int) -> list[str]:
    day = event.day.strftime("%Y%m%d")
    after = (event.day + timedelta(days=1)).strftime("%Y%m%d")
    return [
        "BEGIN:VEVENT",
        f"UID:{event.uid}",
        f"DTSTAMP:{stamp}",
        f"SEQUENCE:{sequence}",
        f"DTSTART;VALUE=DATE:{day}",
        f"DTEND;VALUE=DATE:{after}",
        f"SUMMARY:{escape_text(event.summary)}",
        f"DESCRIPTION:{escape_text(event.description)}",
        f"CATEGORIES:{escape_text(event.category)}",
        "TRANSP:TRANSPARENT",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"DESCRIPTION:{escape_text(event.summary)}",
        f"TRIGGER:-P{event.remind_days}D",
        "END:VALARM",
        "END:VEVENT",
    ]


def write_calendar(
    events: Iterable[CalendarEvent],
    today: date,
    out: TextIO,
    name: str = "Contract reviews",
    seal: str | None = None,
) -> int:
    """Write the events as one VCALENDAR with CRLF line ends; returns how many.

    DTSTAMP and SEQUENCE come from `today`, so the same database and day give the same file.
    `seal`, the audit seal of the database the events were read from, goes in an
    X-PLANNER-AUDIT-SEAL property (RFC 5545 s.3.8.8.2: calendars ignore X- properties).
    """
    stamp = today.strftime("%Y%m%dT000000Z")
    sequence = (today - _SEQUENCE_EPOCH).days
    header = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    if seal is not None:
        header.append(f"{SEAL_PROPERTY}:{escape_text(seal)}")
    out.write("".join(fold(line) + CRLF for line in header))
    count = 0
    for event in events:
        out.write("".join(fold(line) + CRLF for line in _event_lines(event, stamp, sequence)))
        count += 1
    out.write("END:VCALENDAR" + CRLF)
    return count
