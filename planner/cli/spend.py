"""Commands for spend: importing a payments ledger, reviewing supplier matches, and the
year's spend figures (covered by contracts, local, off-contract)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from planner.briefs.formats import NOT_AVAILABLE, money, percent, plural
from planner.cli import WholeHelpGroup
from planner.cli.common import (
    db_option,
    financial_year,
    json_option,
    open_existing,
    print_json,
    resolve_today,
    say,
    show,
    today_option,
    who,
)
from planner.domain.kpis import FinancialYear, spend_share
from planner.domain.money import format_money, pounds
from planner.errors import ValidationError
from planner.io.spend import SpendReport, signed_pounds
from planner.io.spend import import_spend as run_import
from planner.store.spend import (
    REVIEW_STATUSES,
    decide_match,
    off_contract_suppliers,
    review_list,
    spend_totals,
)

# ---------------------------------------------------------------- spend


def _spend_figures(db: Any, year: FinancialYear, limit: int = 5) -> dict[str, Any]:
    """The year's spend figures: money in pence, shares as '94.0%' or 'not available'."""
    totals = spend_totals(db, year)
    spend = totals["spend"]
    return {
        "year": year.label,
        "payments": totals["spend_lines"],
        "spend": spend,
        "covered_by_contracts": percent(spend_share(totals["spend_covered"], spend)),
        "local_lancashire": percent(spend_share(totals["spend_lancashire"], spend)),
        "local_north_west": percent(spend_share(totals["spend_north_west"], spend)),
        "off_contract": [
            {"supplier": name, "paid": paid, "payments": count}
            for name, paid, count in off_contract_suppliers(db, year, limit)
        ],
    }


def _figures_json(figures: dict[str, Any]) -> dict[str, Any]:
    return {
        **figures,
        "spend": signed_pounds(figures["spend"]),
        "off_contract": [{**row, "paid": pounds(row["paid"])} for row in figures["off_contract"]],
    }


def _say_figures(figures: dict[str, Any]) -> None:
    payments = plural(figures["payments"], "payment")
    if not figures["payments"]:
        say(
            f"{figures['year']}: no payments imported for this year, so spend covered by "
            "contracts and local spend are not available."
        )
    elif figures["spend"] <= 0:  # the payments net to nothing
        say(
            f"{figures['year']}: {money(figures['spend'])} in {payments}, so spend covered by "
            "contracts and local spend are not available."
        )
    else:
        shares = [figures[k] for k in ("covered_by_contracts", "local_lancashire",
                                       "local_north_west")]  # fmt: skip
        covered, lancashire, north_west = ((None if s == NOT_AVAILABLE else s) for s in shares)
        local = [
            f"{lancashire} Lancashire" if lancashire else "Lancashire not available",
            f"{north_west} North West" if north_west else "North West not available",
        ]
        why = (" (credit notes outweigh the other payments, so a share would read over 100% "
               "or below 0%)" if NOT_AVAILABLE in shares else "")  # fmt: skip
        say(
            f"{figures['year']}: {money(figures['spend'])} in {payments}; "
            + (f"{covered} covered by contracts" if covered else "covered by contracts not "
               "available")
            + f"; local spend {', '.join(local)}{why}."
        )  # fmt: skip
    if figures["off_contract"]:
        say("  Biggest off-contract suppliers (candidates for a contract):")
        for row in figures["off_contract"]:
            paid = format_money(row["paid"])
            say(f"    {row['supplier']}: {paid} in {plural(row['payments'], 'payment')}")


@click.command("import-spend")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--sheet", help="The XLSX sheet to read (default: the first with a header).")
@click.option(
    "--skip-invalid", is_flag=True, help="Store the valid payments and list the rejected ones."
)
@today_option
@json_option
@db_option
def import_spend(
    file: Path, sheet: str | None, skip_invalid: bool, today: date | None, as_json: bool,
    db_path: Path | None,
) -> None:  # fmt: skip
    """Import a payments ledger (date, supplier, amount, department; CSV or XLSX), match its
    suppliers to the register and report spend covered by contracts and local spend."""
    db = open_existing(db_path)
    report = run_import(
        db, file, today=resolve_today(today), who=who(), sheet=sheet, skip_invalid=skip_invalid
    )
    figures = [_spend_figures(db, year) for year in _years_of(report)] if report.written else []
    if as_json:
        print_json({**report.as_json(), "years": [_figures_json(f) for f in figures]})
    else:
        _tell_import(report, figures)
    if report.rejected:
        sys.exit(1)


def _years_of(report: SpendReport) -> list[FinancialYear]:
    """Every financial year from the first payment's to the last's."""
    years = sorted({FinancialYear.containing(d) for d in (report.first, report.last) if d})
    if report.first and report.last:
        years = [FinancialYear(y) for y in range(years[0].first, years[-1].first + 1)]
    return years


def _tell_import(report: SpendReport, figures: list[dict[str, Any]]) -> None:
    say(f"Read {plural(report.rows, 'payment')} from {report.file} ({report.source}).")
    if report.rejected:
        say(f"{plural(len(report.rejected), 'problem')}:")
        for problem in report.rejected:
            say(f"  {problem.describe()}")
    if not report.written:
        say("Nothing was stored. Correct the file, or use --skip-invalid.")
        return
    say(
        f"Stored {plural(report.added, 'payment')} ({format_money(report.total)}); "
        f"{report.already_there:,} {'was' if report.already_there == 1 else 'were'} "
        "already imported. Suppliers: "
        f"{report.matched:,} matched to the register, {report.uncertain:,} to review "
        f"(planner spend review), {report.unmatched:,} off-contract."
    )
    for year_figures in figures:
        _say_figures(year_figures)


@click.group(cls=WholeHelpGroup)
def spend() -> None:
    """Review supplier matches and see spend figures for a year."""


def _pick(items: list[Any], wanted: str) -> Any:
    # isdecimal, not isdigit: '²' is a digit that int() refuses.
    if wanted.isdecimal() and 1 <= int(wanted) <= len(items):
        return items[int(wanted) - 1]
    for item in items:
        if wanted.casefold() in (item.supplier.casefold(), item.supplier_key):
            return item
    raise ValidationError(
        f"'{wanted}' is not on the review list; give its number or name from 'planner spend review'"
    )


@spend.command("review")
@click.option(
    "--confirm",
    "confirm",
    multiple=True,
    metavar="N",
    help="Confirm the match numbered N (or named N): its spend is on contract.",
)
@click.option(
    "--reject",
    "reject",
    multiple=True,
    metavar="N",
    help="Reject the match numbered N: its spend is off-contract.",
)
@click.option(
    "--all",
    "show_all",
    is_flag=True,
    help="List every ledger supplier, not only the uncertain ones.",
)
@json_option
@db_option
def spend_review(
    confirm: tuple[str, ...], reject: tuple[str, ...], show_all: bool, as_json: bool,
    db_path: Path | None,
) -> None:  # fmt: skip
    """List ledger suppliers whose match to the register is uncertain; confirm or reject them.

    Numbers refer to the list as printed (most spend first).
    """
    db = open_existing(db_path)
    items = review_list(db)
    chosen = [(_pick(items, n), "confirmed") for n in confirm]
    chosen += [(_pick(items, n), "rejected") for n in reject]
    for item, status in chosen:
        decide_match(db, item.supplier_key, status, who())
        target = f" as {item.contract_supplier}" if status == "confirmed" else ""
        say(f"{status.title()}: {item.supplier}{target}.")
    if chosen:
        return
    shown = review_list(db, REVIEW_STATUSES if show_all else ("uncertain",))
    if as_json:
        print_json([
            {"number": i.number, "supplier": i.supplier, "register_supplier": i.contract_supplier,
             "status": i.status, "similarity": i.score, "spend": pounds(i.spend),
             "payments": i.payments}
            for i in shown
        ])  # fmt: skip
        return
    for i in shown:
        similarity = f"{i.score:.0%}" if i.score is not None else ""
        show(
            f"{i.number:>4}  {i.supplier[:34]:<34} -> {(i.contract_supplier or '—')[:34]:<34} "
            f"{similarity:>5} {i.status:<10} {format_money(i.spend):>14}"
        )
    if not shown:
        say("Nothing to review: every ledger supplier is matched, confirmed or off-contract.")
    else:
        say(f"{plural(len(shown), 'supplier')}. Confirm with --confirm N, reject with --reject N.")


@spend.command("summary")
@click.option("--year", help="Financial year, e.g. 2025/26 (default: the one today is in).")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 1_000_000),
              help="Off-contract suppliers to list.")  # fmt: skip
@today_option
@json_option
@db_option
def spend_summary(
    year: str | None, limit: int, today: date | None, as_json: bool, db_path: Path | None
) -> None:
    """Spend covered by contracts, local spend and the biggest off-contract suppliers."""
    db = open_existing(db_path)
    figures = _spend_figures(db, financial_year(year, resolve_today(today)), limit)
    if as_json:
        print_json(_figures_json(figures))
    else:
        _say_figures(figures)


__all__ = ["import_spend", "spend"]
