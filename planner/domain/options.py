"""Extension options: how a register writes them, and when each must be decided.

A contract's options are held as the length of each in months, in order ('P12M+P12M' for
"2 x 12 months"), with how many are exercised; the options not exercised follow the
current end date one after another (docs/rules.md, "Extension options").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from planner.domain.dates import add_months, format_date
from planner.domain.periods import notice_date
from planner.domain.unknown import is_unknown
from planner.errors import ValidationError

# More options than this is a typing slip, not a contract (and keeps the sums in range).
MAX_OPTIONS = 10
MAX_OPTION_MONTHS = 120
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_N = r"(\d+|one|two|three|four|five|six)"
_UNIT = r"(years?|yrs?|y|months?|mths?|mos?|m)"
# "2 x 12 months", "2x12m", "two x 1 year", "2 * 12 months"
_TIMES = re.compile(rf"^{_N}\s*(?:x|×|\*|times|of)\s*{_N}\s*{_UNIT}?$")
# "1+1", "1 + 1 years", "12+12 months", "2+1+1"
_PLUS = re.compile(rf"^{_N}(?:\s*{_UNIT})?(?:\s*\+\s*{_N}(?:\s*{_UNIT})?)+$")
# "12 months", after the lead-in words below are taken off
_ONE = re.compile(rf"^{_N}\s*{_UNIT}$")
# "option to extend 24 months", "extension of up to 2 x 12 months", "options: 1+1"
_LEAD_IN = re.compile(
    r"^(?:(?:an?|the|options?|extensions?|extend(?:ed)?|to|for|of|by|up|further|"
    r"optional|possible|with|period|periods|:|-)\s*)+"
)
# Our own stored form: 'P12M+P12M'.
_ISO = re.compile(r"^p\d+m(?:\+p\d+m)*$")
_NONE = frozenset({"none", "no", "no options", "nil", "n/a", "0"})


def _number(text: str) -> int:
    return int(text) if text.isdecimal() else _NUMBERS[text]


def _months(n: int, unit: str | None, *, bare_is_years: bool) -> int:
    if unit is None:
        return n * 12 if bare_is_years else n
    return n * 12 if unit.startswith("y") else n


def _plus_terms(text: str) -> tuple[int, ...]:
    # '1+1' is years (how registers write it); a unit anywhere applies to the bare terms.
    terms = [t.strip() for t in text.split("+")]
    found = [re.match(rf"^{_N}\s*{_UNIT}?$", t) for t in terms]
    units = [m[2] for m in found if m and m[2]]
    default = units[-1] if units else None
    return tuple(_months(_number(m[1]), m[2] or default, bare_is_years=True) for m in found if m)


def parse_options(value: object) -> tuple[int, ...] | None:
    """Read '2 x 12 months', '1+1', 'option to extend 24 months' or 'P12M+P12M' into
    each option's length in months; () for none; None when unknown."""
    if is_unknown(value):
        return None
    raw = str(value).strip()
    text = " ".join(raw.lower().split()).rstrip(".")
    text = _LEAD_IN.sub("", text) or text
    if text in _NONE:
        return ()
    if text.isdecimal():
        text += " months"  # a bare number under 'Options (months)'; '1+1' is years
    months: tuple[int, ...]
    if _ISO.match(text):
        months = tuple(int(t[1:-1]) for t in text.split("+"))
    elif m := _TIMES.match(text):
        months = (_months(_number(m[2]), m[3], bare_is_years=False),) * _number(m[1])
    elif _PLUS.match(text):
        months = _plus_terms(text)
    elif m := _ONE.match(text):
        months = (_months(_number(m[1]), m[2], bare_is_years=False),)
    else:
        raise ValidationError(
            f"'{raw}' is not a set of extension options "
            "(try '2 x 12 months', '1+1' or 'option to extend 24 months')"
        )
    return _checked(raw, months)


def _checked(raw: str, months: tuple[int, ...]) -> tuple[int, ...]:
    if len(months) > MAX_OPTIONS:
        raise ValidationError(f"'{raw}' is {len(months)} options; the most is {MAX_OPTIONS}")
    if any(not 0 < m <= MAX_OPTION_MONTHS for m in months):
        raise ValidationError(
            f"'{raw}': each option must be from 1 to {MAX_OPTION_MONTHS} months long"
        )
    return months


def format_options(months: tuple[int, ...]) -> str:
    """The stored form: 'P12M+P12M'; '' for no options."""
    return "+".join(f"P{m}M" for m in months)


def parse_options_field(value: object) -> str | None:
    """A register cell read into the stored form (None: not known)."""
    months = parse_options(value)
    return None if months is None else format_options(months)


def _length(months: int) -> str:
    if months % 12 == 0 and months > 12:
        years = months // 12
        return f"{years} year{'s' if years != 1 else ''}"
    return f"{months} month{'s' if months != 1 else ''}"


def describe_options(stored: str | None) -> str:
    """Words for a person: '2 x 12 months', '2 years + 12 months', 'none', ''."""
    months = parse_options(stored)
    if months is None:
        return ""
    if not months:
        return "none"
    if len(months) == 1:
        return _length(months[0])
    if len(set(months)) == 1:
        return f"{len(months)} x {_length(months[0])}"
    return " + ".join(_length(m) for m in months)


@dataclass(frozen=True, slots=True)
class Option:
    """One extension option: its length, whether exercised, and (if not) the term it
    extends and the day by which it must be decided."""

    number: int  # 1 for the first option
    months: int
    exercised: bool
    extends_from: date | None = None  # the end of the term it would extend
    new_end: date | None = None
    decide_by: date | None = None


def decide_by(term_end: date, notice_period: str | None, decision_days: int) -> date:
    """The day an option extending a term ending on `term_end` must be decided: the
    earlier of `decision_days` before that end and the notice deadline (docs/rules.md,
    "Extension options")."""
    by_days = term_end - timedelta(days=decision_days)
    notice = notice_date(term_end, notice_period)
    return by_days if notice is None else min(by_days, notice)


def contract_options(
    stored: str | None,
    exercised: int | None,
    end: date | None,
    notice_period: str | None,
    decision_days: int,
) -> list[Option]:
    """Every option of a contract in order; those not exercised are dated from `end`."""
    months = parse_options(stored) or ()
    used = min(max(exercised or 0, 0), len(months))
    found: list[Option] = []
    term_end = end
    for i, length in enumerate(months):
        if i < used:
            found.append(Option(i + 1, length, True))
            continue
        if term_end is None:
            found.append(Option(i + 1, length, False))
            continue
        new_end = add_months(term_end, length)
        found.append(
            Option(
                i + 1,
                length,
                False,
                term_end,
                new_end,
                decide_by(term_end, notice_period, decision_days),
            )
        )
        term_end = new_end
    return found


def next_option(options: list[Option]) -> Option | None:
    """The first option not exercised, if any."""
    return next((o for o in options if not o.exercised), None)


def check_extend(
    options: list[Option], exercised: int | None, max_end: date | None
) -> dict[str, int]:
    """The change an 'extend' decision makes (the next option marked exercised); refused,
    saying why, when no option is left or it would run past the latest end date. A
    contract with no options recorded is not refused: the register may not say."""
    if not options:
        return {}
    chosen = next_option(options)
    if chosen is None:
        raise ValidationError(
            f"cannot extend: all {len(options)} extension options are exercised; "
            "choose another decision (re-tender, call-off, ...)"
        )
    if max_end is not None and chosen.new_end is not None and chosen.new_end > max_end:
        raise ValidationError(
            f"cannot extend: option {chosen.number} ({_length(chosen.months)}) would run "
            f"to {format_date(chosen.new_end)}, past the latest end date "
            f"{format_date(max_end)}"
        )
    return {"options_exercised": (exercised or 0) + 1}
