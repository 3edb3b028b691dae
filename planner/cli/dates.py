"""`planner dates`: the statutory and contractual dates an officer would otherwise work out
by hand, from the same domain code the scheduler uses (docs/rules.md, "Working days and the
two calendars", "Standstill", "Notice deadline", "Contract termination notice", "Contract
details notice and the copy of the contract")."""

from __future__ import annotations

import importlib
from datetime import date

import click

from planner.cli import WholeHelpGroup
from planner.cli.common import DATE, json_option, print_json
from planner.domain.calendar import (
    FIRST_YEAR,
    LAST_YEAR,
    STANDSTILL_WORKING_DAYS,
    WorkingCalendar,
    bank_holidays_between,
    united_kingdom,
)
from planner.domain.dates import format_date
from planner.domain.notice import (
    contract_copy_latest,
    details_notice_latest,
    notice_dates,
    termination_notice_latest,
)
from planner.domain.periods import parse_period
from planner.errors import ValidationError

# Subcommands other modules add without this one importing them: name -> (module, attribute).
LAZY_COMMANDS: dict[str, tuple[str, str]] = {
    "threshold": ("planner.cli.dates_threshold", "threshold"),
}


class DatesGroup(WholeHelpGroup):
    """The `dates` group: its own commands plus those listed in `LAZY_COMMANDS`."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_COMMANDS:
            module, attribute = LAZY_COMMANDS[cmd_name]
            command: click.Command = getattr(importlib.import_module(module), attribute)
            return command
        return super().get_command(ctx, cmd_name)


@click.group(cls=DatesGroup)
def dates() -> None:
    """Work out legal dates and thresholds: standstill, notice, working days, termination
    notice, details notice, threshold."""


def _day(value: date) -> str:
    # 'Tue 31 Mar 2026': the weekday matters when counting working days by hand.
    return f"{value:%a} {format_date(value)}"


def _calendar(day: date, years: int = 1) -> WorkingCalendar:
    # The UK-wide calendar (PA 2023 s.123) with `years` either side for the arithmetic.
    first, last = day.year - years, day.year + years
    if first < FIRST_YEAR or last > LAST_YEAR:
        raise ValidationError(
            f"{format_date(day)} is too far from today for the calendar of bank holidays "
            f"(it covers {FIRST_YEAR} to {LAST_YEAR}); check the date"
        )
    return united_kingdom(first, last)


def _skipped(first: date, last: date) -> list[dict[str, str]]:
    # Bank holidays on weekdays between the two days: the ones that moved the count.
    return [
        {"date": day.isoformat(), "name": name}
        for day, name in bank_holidays_between(first, last)
        if day.weekday() < 5
    ]


def _echo_skipped(skipped: list[dict[str, str]]) -> None:
    if not skipped:
        click.echo("No bank holiday falls on a weekday in that time.")
        return
    click.echo("Bank holidays not counted (any part of the UK, PA 2023 s.123):")
    for row in skipped:
        click.echo(f"  {_day(date.fromisoformat(row['date']))}  {row['name']}")


@dates.command()
@click.argument("published", type=DATE)
@json_option
def standstill(published: date, as_json: bool) -> None:
    """The standstill after an award notice published on PUBLISHED: 8 working days beginning
    that day (PA 2023 s.51), and the first day the contract may be entered into.

    Example: planner dates standstill 2026-03-31
    """
    cal = _calendar(published)
    last_day = cal.standstill_end(published)
    may_enter = cal.add_working_days(last_day, 1)
    skipped = _skipped(published, last_day)
    if as_json:
        print_json({"published": published.isoformat(), "last_day": last_day.isoformat(),
                    "may_enter": may_enter.isoformat(), "skipped": skipped})  # fmt: skip
        return
    click.echo(f"Award notice published {_day(published)}.")
    click.echo(
        f"Standstill: {STANDSTILL_WORKING_DAYS} working days beginning that day; "
        f"the last day is {_day(last_day)}."
    )
    click.echo(f"The contract may be entered into from {_day(may_enter)}.")
    _echo_skipped(skipped)


@dates.command()
@click.argument("end_date", metavar="END_DATE", type=DATE)
@click.argument("period", metavar="NOTICE_PERIOD")
@click.option("--deemed-service-days", type=click.IntRange(0, 30), default=0, show_default=True,
              help="Working days the contract takes to deem notice served.")  # fmt: skip
@json_option
def notice(end_date: date, period: str, deemed_service_days: int, as_json: bool) -> None:
    """The notice deadline of a contract ending on END_DATE with NOTICE_PERIOD ('P3M',
    '3 months', '90 days'), and the working day to serve notice by.

    Example: planner dates notice 2027-03-31 P3M
    """
    parsed = parse_period(period)
    if parsed is None:
        raise ValidationError(f"'{period}' is not a notice period (try '3 months' or 'P3M')")
    found = notice_dates(end_date, parsed, _calendar(end_date), deemed_service_days)
    assert found is not None  # both the end date and the period are known
    if as_json:
        print_json({"end_date": end_date.isoformat(), "notice_period": parsed.iso(),
                    "deadline": found.deadline.isoformat(),
                    "serve_by": found.serve_by.isoformat(), "why": found.why})  # fmt: skip
        return
    click.echo(f"Contract ends {_day(end_date)}; notice period: {parsed.describe()}.")
    click.echo(f"Notice deadline: {_day(found.deadline)} (the end date less the notice period).")
    if found.serve_by == found.deadline:
        click.echo(f"Serve notice by: {_day(found.serve_by)}, a working day.")
        return
    reason = "the last working day on or before the deadline"
    if deemed_service_days:
        reason += f", less {deemed_service_days} working day(s) for deemed service"
    click.echo(f"Serve notice by: {_day(found.serve_by)} ({reason}).")


@dates.command("add-working-days")
@click.argument("start", metavar="DATE", type=DATE)
@click.argument("days", type=click.IntRange(-3650, 3650))
@json_option
def add_working_days(start: date, days: int, as_json: bool) -> None:
    """The date DAYS working days after DATE (DATE itself not counted), on the UK-wide
    calendar the Act counts in (PA 2023 s.123). Negative DAYS count back (type them after
    --: planner dates add-working-days 2027-01-07 -- -8).

    Example: planner dates add-working-days 2026-12-22 8
    """
    cal = _calendar(start, 1 + abs(days) // 250)  # about 250 working days a year
    result = cal.add_working_days(start, days)
    low, high = sorted((start, result))
    skipped = _skipped(low, high) if low != high else []
    if as_json:
        print_json({"date": start.isoformat(), "days": days, "result": result.isoformat(),
                    "skipped": skipped})  # fmt: skip
        return
    way = "after" if days >= 0 else "before"
    click.echo(f"{abs(days)} working days {way} {_day(start)} is {_day(result)}.")
    _echo_skipped(skipped)


@dates.command("termination-notice")
@click.argument("ended", metavar="END_DATE", type=DATE)
@json_option
def termination_notice(ended: date, as_json: bool) -> None:
    """The last day for the contract termination notice of a PA 2023 contract that ends on
    END_DATE: 30 days beginning with that day (PA 2023 s.80). A contract awarded under the
    Public Contracts Regulations 2015 needs none.

    Example: planner dates termination-notice 2026-03-31
    """
    latest = termination_notice_latest(ended)
    if as_json:
        print_json({"ended": ended.isoformat(), "latest": latest.isoformat()})
        return
    click.echo(f"Contract ends {_day(ended)}.")
    click.echo(
        f"Publish the contract termination notice by {_day(latest)} "
        "(30 days beginning with the day it ends, PA 2023 s.80; PA 2023 contracts only)."
    )


@dates.command("details-notice")
@click.argument("signed", metavar="SIGNED", type=DATE)
@json_option
def details_notice(signed: date, as_json: bool) -> None:
    """The last days after a contract is entered into on SIGNED: the contract details
    notice within 30 days beginning with that day (PA 2023 s.53(1); s.87 below the
    threshold), and for a public contract over £5m a copy of the contract within 90 days
    (s.53(3)).

    Example: planner dates details-notice 2026-11-20
    """
    details, copy = details_notice_latest(signed), contract_copy_latest(signed)
    if as_json:
        print_json({"signed": signed.isoformat(), "details_notice": details.isoformat(),
                    "contract_copy": copy.isoformat()})  # fmt: skip
        return
    click.echo(f"Contract entered into {_day(signed)}.")
    click.echo(
        f"Publish the contract details notice by {_day(details)} (30 days beginning with "
        "that day, PA 2023 s.53(1); s.87 below the threshold)."
    )
    click.echo(
        f"Over £5m and above the threshold, publish a copy of the contract by {_day(copy)} "
        "(90 days, PA 2023 s.53(3))."
    )
