"""Commands for what the programme reports: briefs, benefits and supplier claims."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click

from planner.briefs import BriefRequest, build_context, render_brief
from planner.briefs.formats import plural
from planner.cli import WholeHelpGroup
from planner.cli.common import (
    DATE,
    db_option,
    financial_year,
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
from planner.domain.money import (
    BENEFIT_NOT_NEGATIVE,
    CLAIM_NOT_NEGATIVE,
    format_money,
    parse_money,
    pounds,
)
from planner.errors import ValidationError
from planner.store import open_db
from planner.store.benefits import (
    add_benefit,
    add_claim,
    delete_benefit,
    delete_claim,
    list_benefits,
    list_claims,
)
from planner.store.contracts import find_contract


def _narrowed(db: Any, ref: str | None, department: str | None, year: str | None) -> dict[str, Any]:
    """The contract and financial year a list of benefits or claims is narrowed to."""
    return {
        "contract_id": find_contract(db, ref, department).id if ref else None,
        "year": FinancialYear.parse(year) if year else None,
    }


def _amount(text: str, negative: str) -> int:
    pence = parse_money(text, negative)
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


@click.group(cls=WholeHelpGroup)
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
        db, contract.id, kind=kind, amount=_amount(amount, BENEFIT_NOT_NEGATIVE),
        year=financial_year(year, day),
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


@benefit.command("delete")
@click.argument("benefit_id", metavar="ID", type=int)
@db_option
def benefit_delete(benefit_id: int, db_path: Path | None) -> None:
    """Remove benefit ID (from `planner benefit list`), recorded in error; `planner undo`
    brings it back."""
    db = open_db(resolve_db(db_path), create=False)
    delete_benefit(db, benefit_id, who())
    say(f"Removed benefit {benefit_id}; `planner undo` brings it back.")


# ---------------------------------------------------------------- supplier claims


@click.group(cls=WholeHelpGroup)
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
        db, contract.id, amount=_amount(amount, CLAIM_NOT_NEGATIVE), claimed_on=claimed_on or day,
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


@claim.command("delete")
@click.argument("claim_id", metavar="ID", type=int)
@db_option
def claim_delete(claim_id: int, db_path: Path | None) -> None:
    """Remove supplier claim ID (from `planner claim list`), recorded in error; `planner
    undo` brings it back."""
    db = open_db(resolve_db(db_path), create=False)
    delete_claim(db, claim_id, who())
    say(f"Removed claim {claim_id}; `planner undo` brings it back.")


__all__ = ["benefit", "brief", "claim"]
