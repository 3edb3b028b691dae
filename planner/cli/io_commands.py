"""`planner import` and the `planner export` group: register CSV, OCDS, iCalendar and the
published contracts plan."""

from __future__ import annotations

import json
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from planner.cli.common import (
    db_option,
    json_option,
    output_file,
    print_json,
    resolve_db,
    resolve_today,
    say,
    today_option,
    who,
)
from planner.domain.words import plural
from planner.store import open_db
from planner.store.contracts import ContractFilter, iter_contracts, resolve_department

if TYPE_CHECKING:
    from planner.io.importer import ImportReport

DEFAULT_PUBLISHER = "Joint Procurement Team"


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--department", "-d", help="The department whose register this is (for files "
              "without a department column; fills blank department cells).")  # fmt: skip
@click.option("--sheet", help="The XLSX sheet to read (default: the first with a header).")
@click.option("--dry-run", is_flag=True, help="Check and count, but write nothing.")
@click.option(
    "--skip-invalid",
    is_flag=True,
    help="Write the valid rows; put rejected ones, with reasons, in FILE.rejected.csv.",
)
@click.option(
    "--map",
    "mappings",
    multiple=True,
    metavar='"HEADING=COLUMN"',
    help="Read the column headed HEADING as register COLUMN (or 'ignore'); repeatable.",
)
@json_option
@db_option
def import_(
    file: Path,
    department: str | None,
    sheet: str | None,
    dry_run: bool,
    skip_invalid: bool,
    mappings: tuple[str, ...],
    as_json: bool,
    db_path: Path | None,
) -> None:
    """Import a register from CSV, XLSX or OCDS JSON (all-or-nothing unless --skip-invalid)."""
    from planner.io.importer import ImportOptions, import_file

    db = open_db(resolve_db(db_path), create=False)
    options = ImportOptions(department, sheet, dry_run, skip_invalid, mappings)
    report = import_file(db, file, options, who())
    db.close()
    if as_json:
        print_json(report.as_json())
    else:
        _tell(report)
    if report.rejected:
        sys.exit(1)


def _tell(report: ImportReport) -> None:
    say(f"Read {plural(report.rows, 'row')} from {report.file} ({report.source}).")
    if report.skipped:
        say(
            f"{plural(report.skipped, 'OCDS release')} "
            f"{'describes' if report.skipped == 1 else 'describe'} no contract or award yet; "
            "skipped."
        )
    bad_rows = len({p.row for p in report.rejected})
    if report.rejected:
        say(f"{plural(len(report.rejected), 'problem')} in {plural(bad_rows, 'row')}:")
        for problem in report.rejected:
            say(f"  {problem.describe()}")
    counts = f"{report.imported:,} new, {report.updated:,} updated, {report.unchanged:,} unchanged"
    if report.dry_run:
        say(f"Dry run: would be {counts}; nothing was written.")
    elif report.written:
        say(f"Imported: {counts}.")
        if report.rejected_file is not None:
            say(
                f"The {plural(bad_rows, 'rejected row')}, with reasons, "
                f"{'is' if bad_rows == 1 else 'are'} in {report.rejected_file}."
            )
    else:
        say("Nothing was imported. Fix these rows and import again, or use --skip-invalid "
            "to import the valid rows and set the rest aside.")  # fmt: skip


@click.group()
def export() -> None:
    """Write the register out: register CSV, OCDS JSON (and more)."""


@export.command("register")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File (default: stdout).")
@click.option("--department", "-d", help="Only this department's contracts.")
@db_option
def export_register(output: Path | None, department: str | None, db_path: Path | None) -> None:
    """The register CSV: DESIGN.md's columns in order, formula-safe."""
    from planner.io.register_csv import write_register

    db = open_db(resolve_db(db_path), create=False)
    where = ContractFilter(department=resolve_department(db, department) if department else None)
    with output_file(output) as out:
        count = write_register(iter_contracts(db, where), out)
    db.close()
    if output is not None:
        say(f"Wrote {plural(count, 'contract')} to {output}.")


@export.command("ocds")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File (default: stdout).")
@click.option("--department", "-d", help="Only this department's contracts.")
@click.option("--publisher", default=DEFAULT_PUBLISHER, show_default=True,
              help="The organisation publishing the data.")  # fmt: skip
@click.option("--prefix", default="ocds-planner", show_default=True,
              help="Your registered OCID prefix.")  # fmt: skip
@db_option
def export_ocds(
    output: Path | None,
    department: str | None,
    publisher: str,
    prefix: str,
    db_path: Path | None,
) -> None:
    """An OCDS 1.1 release package: one release per contract."""
    from planner.io.ocds import release_package

    db = open_db(resolve_db(db_path), create=False)
    where = ContractFilter(department=resolve_department(db, department) if department else None)
    package = release_package(
        iter_contracts(db, where),
        publisher=publisher,
        published=datetime.now(UTC),
        prefix=prefix,
    )
    db.close()
    with output_file(output) as out:
        json.dump(package, out, indent=2, ensure_ascii=False)
        out.write("\n")
    if output is not None:
        say(f"Wrote {plural(len(package['releases']), 'release')} to {output}.")


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
    from planner.domain.dates import add_months
    from planner.io.ics import event_from_item, write_calendar
    from planner.store.contracts import resolve_department
    from planner.store.reporting import calendar_items
    from planner.store.team import get_officer

    day = resolve_today(today)
    db = open_db(resolve_db(db_path), create=False)
    if officer is not None:
        officer = get_officer(db, officer).name  # an unknown name is refused, not 0 events
    items = calendar_items(
        db, day, add_months(day, months),
        department=resolve_department(db, department) if department else None, officer=officer,
    )  # fmt: skip
    db.close()
    name = "Contract reviews" + (f": {department}" if department else "")
    with output_file(output) as out:
        count = write_calendar((event_from_item(item) for item in items), day, out, name)
    if output is not None:
        say(f"Wrote {plural(count, 'event')} to {output}.")


@export.command("plan")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File (default: stdout).")
@today_option
@db_option
def export_plan(output: Path | None, today: date | None, db_path: Path | None) -> None:
    """The contracts plan to publish, as CSV: procurements expected to start in the next
    18 months (title, department, value band, route, expected tender and award quarters)."""
    from planner.io.plan_export import write_plan
    from planner.store.reporting import published_plan

    db = open_db(resolve_db(db_path), create=False)
    rows = published_plan(db, resolve_today(today))
    db.close()
    with output_file(output) as out:
        count = write_plan(rows, out)
    if output is not None:
        say(f"Wrote {plural(count, 'procurement')} to {output}.")


__all__ = ["export", "import_"]
