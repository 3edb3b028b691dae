"""Commands for what the programme reports: benefits, supplier claims, spend and briefs."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from planner.briefs import BriefRequest, build_context, render_brief
from planner.briefs.formats import money, plural
from planner.cli.common import (
    DATE,
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
from planner.domain.dates import format_date
from planner.domain.kpis import BENEFIT_TYPES, FinancialYear
from planner.domain.money import format_money, parse_money, pounds
from planner.errors import ValidationError
from planner.store import open_db
from planner.store.benefits import add_benefit, add_claim, list_benefits, list_claims
from planner.store.contracts import find_contract


def _year(text: str | None, today: date) -> FinancialYear:
    return FinancialYear.parse(text) if text else FinancialYear.containing(today)


def _narrowed(db: Any, ref: str | None, department: str | None, year: str | None) -> dict[str, Any]:
    """The contract and financial year a list of benefits or claims is narrowed to."""
    return {
        "contract_id": find_contract(db, ref, department).id if ref else None,
        "year": FinancialYear.parse(year) if year else None,
    }


def _amount(text: str) -> int:
    pence = parse_money(text)
    if pence is None:
        raise ValidationError(f"'{text}' is not an amount (try £12,500 or £1.2m)")
    return pence


# ---------------------------------------------------------------- briefs


@click.command()
@click.argument("name", metavar="BRIEF", default="programme")
@click.option("--department", "-d", help="The department (required by the department brief).")
@click.option("--year", help="Financial year of the KPI brief, e.g. 2025/26 (default: today's).")
@click.option(
    "--templates",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder of your own templates, used before the defaults (default: $PLANNER_TEMPLATES).",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file."
)
@today_option
@json_option
@db_option
def brief(
    name: str, department: str | None, year: str | None, templates: Path | None,
    output: Path | None, today: date | None, as_json: bool, db_path: Path | None,
) -> None:  # fmt: skip
    """Render a Markdown brief: programme (default), department, kpi or plan.

    Every figure is read from the database as it stands, for --today; the same database and
    day always give the same brief. --json prints the data the template is given instead.
    BRIEF may also name your own template, <brief>-<name>.md.j2 in --templates, such as
    programme-pcc: it is given the data of the brief it is named after.
    """
    db = open_db(resolve_db(db_path), create=False)
    request = BriefRequest(
        name, resolve_today(today), department, FinancialYear.parse(year) if year else None
    )
    if as_json:
        print_json(build_context(db, request))
        return
    text = render_brief(db, request, templates)
    if output is None:
        click.echo(text, nl=False)
        return
    with output_file(output) as out:  # whole or not at all, and never over a database
        out.write(text)
    say(f"Wrote the {name} brief to {output}.")


# ---------------------------------------------------------------- benefits


@click.group()
def benefit() -> None:
    """Record and list benefits: savings, cost avoidance, service value, social value."""


@benefit.command("add")
@click.argument("ref")
@click.argument("description")
@click.option(
    "--type",
    "kind",
    required=True,
    type=click.Choice(list(BENEFIT_TYPES)),
    help="What kind of benefit it is.",
)
@click.option("--amount", required=True, help="Value, e.g. £12,500, £45k or £1.2m.")
@click.option("--year", help="Financial year it counts in, e.g. 2025/26 (default: this year).")
@click.option("--department", "-d", help="The contract's department, if REF is used twice.")
@today_option
@json_option
@db_option
def benefit_add(
    ref: str, description: str, kind: str, amount: str, year: str | None,
    department: str | None, today: date | None, as_json: bool, db_path: Path | None,
) -> None:  # fmt: skip
    """Record a benefit of contract REF: what it was, in DESCRIPTION."""
    day = resolve_today(today)
    db = open_db(resolve_db(db_path), create=False)
    contract = find_contract(db, ref, department)
    saved = add_benefit(
        db, contract.id, kind=kind, amount=_amount(amount), year=_year(year, day),
        description=description, recorded_on=day, who=who(),
    )  # fmt: skip
    if as_json:
        print_json(_benefit_row(saved))
    say(
        f"Recorded {BENEFIT_TYPES[saved.kind].lower()} of {format_money(saved.amount)} for "
        f"{saved.ref} ({saved.department}) in {saved.year}."
    )


def _benefit_row(b: Any) -> dict[str, Any]:
    return {
        "id": b.id, "ref": b.ref, "department": b.department, "type": b.kind,
        "amount": pounds(b.amount), "year": b.year, "description": b.description,
        "recorded_on": b.recorded_on.isoformat(),
    }  # fmt: skip


@benefit.command("list")
@click.option("--year", help="Only this financial year, e.g. 2025/26.")
@click.option("--ref", help="Only this contract's benefits.")
@click.option("--department", "-d", help="The contract's department, if REF is used twice.")
@json_option
@db_option
def benefit_list(
    year: str | None, ref: str | None, department: str | None, as_json: bool,
    db_path: Path | None,
) -> None:  # fmt: skip
    """List recorded benefits."""
    db = open_db(resolve_db(db_path), create=False)
    found = list_benefits(db, **_narrowed(db, ref, department, year))
    if as_json:
        print_json([_benefit_row(b) for b in found])
        return
    for b in found:
        click.echo(
            f"{b.id:>5}  {b.year}  {b.ref:<14} {b.kind:<15} {format_money(b.amount):>14}  "
            f"{b.description.splitlines()[0]}"
        )
    say(f"{plural(len(found), 'benefit')}.")


# ---------------------------------------------------------------- supplier claims


@click.group()
def claim() -> None:
    """Record and list claims made by suppliers under contracts."""


@claim.command("add")
@click.argument("ref")
@click.argument("description")
@click.option("--amount", required=True, help="Value claimed, e.g. £12,500.")
@click.option("--date", "claimed_on", type=DATE, help="Day of the claim (default: today).")
@click.option("--department", "-d", help="The contract's department, if REF is used twice.")
@today_option
@json_option
@db_option
def claim_add(
    ref: str, description: str, amount: str, claimed_on: date | None, department: str | None,
    today: date | None, as_json: bool, db_path: Path | None,
) -> None:  # fmt: skip
    """Record a supplier's claim under contract REF: what it was, in DESCRIPTION."""
    db = open_db(resolve_db(db_path), create=False)
    contract = find_contract(db, ref, department)
    day = resolve_today(today)
    saved = add_claim(
        db, contract.id, amount=_amount(amount), claimed_on=claimed_on or day,
        description=description, who=who(), today=day,
    )  # fmt: skip
    if as_json:
        print_json(_claim_row(saved))
    say(
        f"Recorded a claim of {format_money(saved.amount)} on {saved.ref} ({saved.department}) "
        f"dated {format_date(saved.claimed_on)}."
    )


def _claim_row(c: Any) -> dict[str, Any]:
    return {
        "id": c.id, "ref": c.ref, "department": c.department, "amount": pounds(c.amount),
        "date": c.claimed_on.isoformat(), "description": c.description,
    }  # fmt: skip


@claim.command("list")
@click.option("--year", help="Only claims dated in this financial year, e.g. 2025/26.")
@click.option("--ref", help="Only this contract's claims.")
@click.option("--department", "-d", help="The contract's department, if REF is used twice.")
@json_option
@db_option
def claim_list(
    year: str | None, ref: str | None, department: str | None, as_json: bool,
    db_path: Path | None,
) -> None:  # fmt: skip
    """List supplier claims."""
    db = open_db(resolve_db(db_path), create=False)
    found = list_claims(db, **_narrowed(db, ref, department, year))
    if as_json:
        print_json([_claim_row(c) for c in found])
        return
    for c in found:
        click.echo(
            f"{c.id:>5}  {c.claimed_on.isoformat()}  {c.ref:<14} {format_money(c.amount):>14}  "
            f"{c.description.splitlines()[0]}"
        )
    say(f"{plural(len(found), 'claim')}.")


# ---------------------------------------------------------------- spend


def _spend_figures(db: Any, year: FinancialYear, limit: int = 5) -> dict[str, Any]:
    """The year's spend figures: money in pence, shares as '94.0%' or 'not available'."""
    from planner.briefs.formats import percent
    from planner.domain.kpis import spend_share
    from planner.store.spend import off_contract_suppliers, spend_totals

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
    from planner.io.spend import signed_pounds

    return {
        **figures,
        "spend": signed_pounds(figures["spend"]),
        "off_contract": [{**row, "paid": pounds(row["paid"])} for row in figures["off_contract"]],
    }


def _say_figures(figures: dict[str, Any]) -> None:
    from planner.briefs.formats import NOT_AVAILABLE

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
    from planner.io.spend import import_spend as run_import

    db = open_db(resolve_db(db_path), create=False)
    report = run_import(
        db, file, today=resolve_today(today), who=who(), sheet=sheet, skip_invalid=skip_invalid
    )
    years = sorted({FinancialYear.containing(d) for d in (report.first, report.last) if d})
    if report.first and report.last:
        years = [FinancialYear(y) for y in range(years[0].first, years[-1].first + 1)]
    figures = [_spend_figures(db, year) for year in years] if report.written else []
    if as_json:
        print_json({**report.as_json(), "years": [_figures_json(f) for f in figures]})
    else:
        say(f"Read {plural(report.rows, 'payment')} from {report.file} ({report.source}).")
        if report.rejected:
            say(f"{plural(len(report.rejected), 'problem')}:")
            for problem in report.rejected:
                say(f"  {problem.describe()}")
        if not report.written:
            say("Nothing was stored. Correct the file, or use --skip-invalid.")
        else:
            say(
                f"Stored {plural(report.added, 'payment')} ({format_money(report.total)}); "
                f"{report.already_there:,} {'was' if report.already_there == 1 else 'were'} "
                "already imported. Suppliers: "
                f"{report.matched:,} matched to the register, {report.uncertain:,} to review "
                f"(planner spend review), {report.unmatched:,} off-contract."
            )
            for year_figures in figures:
                _say_figures(year_figures)
    if report.rejected:
        sys.exit(1)


@click.group()
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
    from planner.store.spend import REVIEW_STATUSES, decide_match, review_list

    db = open_db(resolve_db(db_path), create=False)
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
        click.echo(
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
    db = open_db(resolve_db(db_path), create=False)
    figures = _spend_figures(db, _year(year, resolve_today(today)), limit)
    if as_json:
        print_json(_figures_json(figures))
    else:
        _say_figures(figures)


# ---------------------------------------------------------------- exports (the `export` group)


@click.command("ics")
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


@click.command("plan")
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


__all__ = ["benefit", "brief", "claim", "export_ics", "export_plan", "import_spend", "spend"]
