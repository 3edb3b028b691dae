"""`planner import`: a register from CSV, XLSX or OCDS JSON."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from planner.cli.common import (
    db_option,
    json_option,
    print_json,
    resolve_db,
    say,
    who,
)
from planner.domain.words import plural
from planner.io.importer import ImportOptions, ImportReport, import_file
from planner.store import open_db


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--department", "-d", help="The department whose register this is (for files "
              "without a department column; fills blank department cells).")  # fmt: skip
@click.option("--sheet", help="The XLSX sheet to read (default: the first with a header).")
@click.option("--dry-run", is_flag=True, help="Check and count, but write nothing.")
@click.option(
    "--skip-invalid",
    is_flag=True,
    help="Write the valid rows; put rejected ones, with reasons, in a CSV file: "
    "NAME.rejected.csv beside FILE (for FILE NAME.csv or NAME.xlsx), or --rejected PATH.",
)
@click.option(
    "--rejected",
    "rejected_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="With --skip-invalid: write the rejected rows here instead of beside FILE.",
)
@click.option(
    "--map",
    "mappings",
    multiple=True,
    metavar='"HEADING=COLUMN"',
    help="Read the column headed HEADING as register COLUMN (or 'ignore'); repeatable. "
    "An import that is written remembers these under --mapping NAME, else the department.",
)
@click.option(
    "--mapping",
    "mapping_name",
    metavar="NAME",
    help="Apply the heading mapping saved as NAME (planner mapping list); --map adds to it.",
)
@click.option(
    "--values-inc-vat/--values-ex-vat",
    "values_include_vat",
    default=None,
    help="Whether the file's values include VAT (thresholds include it; most registers and "
    "Contracts Finder do not). Default: a values_include_vat column, else for OCDS excluding "
    "VAT, else the department's default (planner department vat), else not known, read as "
    "excluding VAT.",
)
@json_option
@db_option
def import_(
    file: Path,
    department: str | None,
    sheet: str | None,
    dry_run: bool,
    skip_invalid: bool,
    rejected_path: Path | None,
    mappings: tuple[str, ...],
    mapping_name: str | None,
    values_include_vat: bool | None,
    as_json: bool,
    db_path: Path | None,
) -> None:
    """Import a register from CSV, XLSX or OCDS JSON (all-or-nothing unless --skip-invalid).

    Each heading is matched to a register column by name, by the synonym list, or by its
    meaning ('Annual Cost ex VAT', 'Notice (days)'); headings that match nothing are kept in
    notes and listed with the --map that would place them. --dry-run prints the mapping."""
    if rejected_path is not None and not skip_invalid:
        raise click.UsageError("--rejected names where --skip-invalid puts the rejected rows; "
                               "give --skip-invalid too")  # fmt: skip
    db = open_db(resolve_db(db_path), create=False)
    options = ImportOptions(
        department, sheet, dry_run, skip_invalid, mappings, values_include_vat,
        mapping_name, rejected_path,
    )  # fmt: skip
    report = import_file(db, file, options, who())
    db.close()
    if as_json:
        print_json(report.as_json())
    else:
        _tell(report)
    if report.rejected:
        sys.exit(1)


def _tell_mapping(report: ImportReport) -> None:
    if report.mapping_used:
        say(f"Using the saved mapping {report.mapping_used}.")
    if report.dry_run:
        say("Headings:")
        for heading in report.mapping:
            say(f"  {heading.describe()}")
    if report.unmapped:
        say(
            f"{plural(len(report.unmapped), 'heading')} "
            f"{'matches' if len(report.unmapped) == 1 else 'match'} no column; "
            "the values are kept in notes:"
        )
        for unmapped in report.unmapped:
            say(f"  {unmapped.describe()}")
    if report.mapping_offered:
        say(
            f"A mapping is saved for this department: use it with --mapping "
            f'"{report.mapping_offered}" (planner mapping show "{report.mapping_offered}").'
        )


_SKIPS_SHOWN = 20


def _tell_value_gaps(report: ImportReport) -> None:
    # Imported as given, but a board should not be shown both (docs/rules.md, "Data rules").
    if not report.value_gaps:
        return
    say(f"{plural(len(report.value_gaps), 'contract')} with annual and total values that "
        "disagree (a data gap to check):")  # fmt: skip
    for ref, why in report.value_gaps[:_SKIPS_SHOWN]:
        say(f"  {ref}: {why}")
    if len(report.value_gaps) > _SKIPS_SHOWN:
        say(f"  and {len(report.value_gaps) - _SKIPS_SHOWN:,} more (--json lists them all).")


def _tell(report: ImportReport) -> None:
    say(f"Read {plural(report.rows, 'row')} from {report.file} ({report.source}).")
    _tell_mapping(report)
    _tell_value_gaps(report)
    if report.skipped:
        count, verb = len(report.skipped), "is" if len(report.skipped) == 1 else "are"
        say(f"Skipped {plural(count, 'record')} that {verb} not a contract:")
        for skip in report.skipped[:_SKIPS_SHOWN]:
            say(f"  row {skip.row}: {skip.reason}")
        if count > _SKIPS_SHOWN:  # a year of published notices holds thousands of tenders
            say(f"  and {count - _SKIPS_SHOWN:,} more (--json lists them all).")
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
        if report.mapping_saved:
            say(f"The --map choices are saved as the mapping {report.mapping_saved}.")
    else:
        say("Nothing was imported. Fix these rows and import again, or use --skip-invalid "
            "to import the valid rows and set the rest aside.")  # fmt: skip


__all__ = ["import_"]
