"""ISO text of dates, worked out once per date for a whole plan."""

from __future__ import annotations

from datetime import date

from planner.domain.dates import iso


class IsoDates(dict[date | None, str | None]):
    """ISO text of each date, worked out once: a plan of 50,000 reviews names the same few
    thousand days two million times."""

    def __missing__(self, day: date | None) -> str | None:
        text = self[day] = iso(day)
        return text
