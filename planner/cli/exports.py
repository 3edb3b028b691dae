"""The `planner export` group: the register as CSV or OCDS, the review dates as iCalendar,
and the published contracts plan."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import click

from planner.cli import WholeHelpGroup
from planner.cli.common import (
    db_option,
    output_file,
    output_path,
    resolve_db,
    resolve_today,
    say,
    today_option,
)
from planner.domain.dates import add_months
from planner.domain.publishing import withheld_words
from planner.domain.words import plural
from planner.errors import PlannerError
from planner.io.ics import SEAL_PROPERTY, event_from_item, write_calendar
from planner.io.ocds import release_package
from planner.io.plan_export import write_plan
from planner.io.register_csv import write_register
from planner.io.register_xlsx import write_register_xlsx
from planner.store import open_db
from planner.store.audit_verify import current_seal
from planner.store.calendar_items import iter_calendar_items
from planner.store.contracts import ContractFilter, iter_contracts, resolve_department
from planner.store.publisher import require_publisher
from planner.store.reporting import published_plan
from planner.store.team import get_officer
from planner.store.triage import read_snapshot


@click.group(cls=WholeHelpGroup)
def export() -> None:
    """Write the register out: register CSV, OCDS JSON (and more)."""


@export.command("register")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File (default: stdout).")
@click.option("--department", "-d", help="Only this department's contracts.")
@click.option("--format", "form", type=click.Choice(["csv", "xlsx"]), default=None,
              help="CSV, or an Excel workbook (xlsx needs -o). Default: xlsx when the -o "
              "file ends .xlsx, else csv.")  # fmt: skip
@click.option("--bom/--no-bom", default=None,
              help="Start the CSV with a byte-order mark, so Excel reads it as UTF-8 "
              "(default: with -o, yes; on stdout, no).")  # fmt: skip
@db_option
def export_register(
    output: Path | None, department: str | None, form: str | None, bom: bool | None,
    db_path: Path | None,
) -> None:  # fmt: skip
    """The register: the register's columns in order, formula-safe, as CSV or xlsx.

    A CSV file starts with a byte-order mark so Excel on Windows shows £ and accents rightly
    (--no-bom for a tool that does not expect one; the importer reads both). The xlsx
    workbook has real dates, money in pounds, a frozen header row and filters on.
    """
    if form is None:
        form = "xlsx" if output is not None and output.suffix.lower() == ".xlsx" else "csv"
    if form == "xlsx" and output is None:
        raise PlannerError("an xlsx workbook cannot go to the screen; give -o FILE.xlsx")
    db = open_db(resolve_db(db_path), create=False)
    where = ContractFilter(department=resolve_department(db, department) if department else None)
    with read_snapshot(db):  # the seal is of the rows written
        seal = current_seal(db)
        if form == "xlsx":
            assert output is not None
            with output_path(output) as temporary:
                count = write_register_xlsx(iter_contracts(db, where), temporary)
        else:
            with_bom = output is not None if bom is None else bom
            with output_file(output) as out:
                if with_bom:
                    out.write("\ufeff")  # Excel's sign that the file is UTF-8
                count = write_register(iter_contracts(db, where), out)
    db.close()
    if output is not None:
        say(f"Wrote {plural(count, 'contract')} to {output}.")
        # Not in the file: a CSV line of its own would not import back as the register.
        say(f"Audit seal: {seal} (keep it with the file; the CSV has no place for it)")


@export.command("ocds")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File (default: stdout).")
@click.option("--department", "-d", help="Only this department's contracts.")
@db_option
def export_ocds(output: Path | None, department: str | None, db_path: Path | None) -> None:
    """An OCDS 1.1 release package: one release per contract.

    It is published by the publisher, under the OCID prefix and for the buyer set once with
    planner init --publisher "NAME" --ocds-prefix ocds-xxxxxx --buyer "NAME".
    """
    db = open_db(resolve_db(db_path), create=False)
    publisher = require_publisher(db)
    where = ContractFilter(department=resolve_department(db, department) if department else None)
    with read_snapshot(db):
        seal = current_seal(db)
        package = release_package(
            iter_contracts(db, where),
            publisher=publisher.name,
            published=datetime.now(UTC),
            prefix=publisher.prefix,
            buyer=publisher.buyer,
            seal=str(seal),
        )
    db.close()
    with output_file(output) as out:
        json.dump(package, out, indent=2, ensure_ascii=False)
        out.write("\n")
    where_to = f" to {output}" if output is not None else ""
    say(
        f"Wrote {plural(len(package['releases']), 'release')}{where_to}: published by "
        f"{publisher.name} (OCID prefix {publisher.prefix}) for the buyer {publisher.buyer}."
    )
    if package["withheldContracts"]:
        say(withheld_words(package["withheldContracts"]))
    say(f"Audit seal: {seal} (also in the package, as auditSeal)")


@export.command("ics")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File (default: stdout).")
@click.option("--department", "-d", help="Only this department's dates.")
@click.option("--officer", help="Only this officer's milestones.")
@click.option(
    "--months",
    default=6,
    show_default=True,
    type=click.IntRange(1, 60),
    help="How far ahead to go.",
)
@today_option
@db_option
def export_ics(
    output: Path | None, department: str | None, officer: str | None, months: int,
    today: date | None, db_path: Path | None,
) -> None:  # fmt: skip
    """An iCalendar (.ics) of open milestones and notice deadlines, with reminders.

    Outlook and other calendars import it; events keep their identity between exports, so
    importing a newer file updates them instead of adding copies.
    """
    day = resolve_today(today)
    db = open_db(resolve_db(db_path), create=False)
    if officer is not None:
        officer = get_officer(db, officer).name  # an unknown name is refused, not 0 events
    name = "Contract reviews" + (f": {department}" if department else "")
    # Written as read, in one snapshot, so memory stays flat at any size.
    found = resolve_department(db, department) if department else None
    with read_snapshot(db), output_file(output) as out:
        seal = current_seal(db)
        items = iter_calendar_items(
            db, day, add_months(day, months), department=found, officer=officer
        )
        events = (event_from_item(item) for item in items)
        count = write_calendar(events, day, out, name, str(seal))
    db.close()
    if output is not None:
        say(f"Wrote {plural(count, 'event')} to {output}.")
        say(f"Audit seal: {seal} (also in the calendar, as {SEAL_PROPERTY})")


@export.command("plan")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File (default: stdout).")
@today_option
@db_option
def export_plan(output: Path | None, today: date | None, db_path: Path | None) -> None:
    """The contracts plan to publish, as CSV: procurements expected to start in the next
    18 months (title, department, value band, route, expected tender and award quarters)."""
    db = open_db(resolve_db(db_path), create=False)
    with read_snapshot(db):
        seal = current_seal(db)
        plan = published_plan(db, resolve_today(today))
    db.close()
    with output_file(output) as out:
        count = write_plan(plan.rows, out, plan.withheld)
    if plan.withheld:
        say(withheld_words(plan.withheld))
    if output is not None:
        say(f"Wrote {plural(count, 'procurement')} to {output}.")
        say(f"Audit seal: {seal} (keep it with the file; the published CSV has no place for it)")


__all__ = ["export"]
