"""Notice periods as ISO-8601 durations kept in the unit they were given (P3M, P90D)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from planner.domain.dates import add_months
from planner.domain.unknown import is_unknown
from planner.errors import ValidationError

_WORDS = re.compile(
    r"^(?P<n>\d+|one|two|three|four|six|twelve)\s*"
    r"(?P<unit>years?|yrs?|y|months?|mths?|mos?|m|weeks?|wks?|w|days?|d)"
    # "3 months notice", "3 months' notice", "1 month's written notice"
    r"(?:\s*'?s?\s*(?:written\s+)?notice)?\.?$"
)
_ISO = re.compile(r"^p(?:(?P<y>\d+)y)?(?:(?P<m>\d+)m)?(?:(?P<w>\d+)w)?(?:(?P<d>\d+)d)?$")
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "six": 6, "twelve": 12}


@dataclass(frozen=True, slots=True)
class NoticePeriod:
    """A notice period in years, months and days (weeks are held as days)."""

    years: int = 0
    months: int = 0
    days: int = 0

    def __post_init__(self) -> None:
        # Past a century the calendar arithmetic on end dates leaves the range of dates.
        if self.years * 12 + self.months > 1200 or self.days > 36_525:
            raise ValidationError(f"'{self.iso()}' is over 100 years; a notice period cannot be")

    def iso(self) -> str:
        """ISO-8601 duration text, e.g. 'P3M', 'P84D', 'P1Y'."""
        parts = "".join(
            f"{n}{unit}"
            for n, unit in ((self.years, "Y"), (self.months, "M"), (self.days, "D"))
            if n
        )
        return "P" + (parts or "0D")

    def before(self, end: date) -> date:
        """The last day notice can be given for a contract ending on `end`."""
        return add_months(end, -(self.years * 12 + self.months)) - timedelta(days=self.days)

    def describe(self) -> str:
        """Words for a person: '3 months', '90 days'."""
        words = []
        for n, unit in ((self.years, "year"), (self.months, "month"), (self.days, "day")):
            if n:
                words.append(f"{n} {unit}{'s' if n != 1 else ''}")
        return ", ".join(words) or "no notice"


def parse_period(value: object) -> NoticePeriod | None:
    """Read '3 months', '90 days', '12 weeks', '1 month' or 'P3M'; None when unknown."""
    if isinstance(value, bool):
        raise ValidationError(f"{value!r} is not a notice period")
    if isinstance(value, int):
        # A bare number in a notice column is days in every register we have seen.
        if value < 0:
            raise ValidationError(f"{value} is negative; a notice period cannot be")
        return NoticePeriod(days=value)
    if is_unknown(value):
        return None
    raw = str(value).strip()
    text = raw.lower()
    if text.isdecimal():
        return NoticePeriod(days=int(text))
    if m := _ISO.match(text):
        if text == "p":
            raise ValidationError(f"'{raw}' is an empty duration")
        return NoticePeriod(
            years=int(m["y"] or 0),
            months=int(m["m"] or 0),
            days=int(m["d"] or 0) + 7 * int(m["w"] or 0),
        )
    if m := _WORDS.match(text):
        return _from_words(m)
    if text.startswith("-"):
        raise ValidationError(f"'{raw}' is negative; a notice period cannot be")
    raise ValidationError(
        f"'{raw}' is not a notice period (try '3 months', '90 days' or '12 weeks')"
    )


def _from_words(m: re.Match[str]) -> NoticePeriod:
    # '3 months', 'six weeks', '90 days notice'.
    n = int(m["n"]) if m["n"].isdecimal() else _NUMBERS[m["n"]]
    unit = m["unit"][0]
    if unit == "y":
        return NoticePeriod(years=n)
    if unit == "m":
        return NoticePeriod(months=n)
    if unit == "w":
        return NoticePeriod(days=7 * n)
    return NoticePeriod(days=n)


def notice_date(end: date | None, period: str | NoticePeriod | None) -> date | None:
    """End date minus notice period by calendar arithmetic; None if either is unknown."""
    if end is None or period is None:
        return None
    parsed = parse_period(period) if isinstance(period, str) else period
    return None if parsed is None else parsed.before(end)
