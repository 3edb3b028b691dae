"""Commands for what a contract allows and what may be published of it: its extension
options and whether it is restricted (docs/rules.md, "Extension options" and "Restricted
contracts")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from planner.cli.common import db_option, json_option, open_existing, print_json, say, show, who
from planner.domain.contract import Contract, parse_field
from planner.domain.dates import format_date
from planner.domain.decisions import options_of
from planner.domain.options import Option, describe_options
from planner.store.contracts import find_contract, update_contract
from planner.store.rules import load_rules


def _option_row(option: Option) -> dict[str, Any]:
    def iso(day: Any) -> str | None:
        return None if day is None else day.isoformat()

    return {
        "number": option.number,
        "months": option.months,
        "exercised": option.exercised,
        "extends_from": iso(option.extends_from),
        "new_end": iso(option.new_end),
        "decide_by": iso(option.decide_by),
    }


def _option_line(option: Option) -> str:
    if option.exercised:
        return f"  {option.number}. {option.months} months: exercised"
    if option.decide_by is None:
        return f"  {option.number}. {option.months} months: no end date to date it from"
    return (
        f"  {option.number}. {option.months} months: decide by {format_date(option.decide_by)}, "
        f"to run {format_date(option.extends_from)} to {format_date(option.new_end)}"
    )


@click.command("options")
@click.argument("ref")
@click.option("--set", "held", help="The options, as a register writes them: '2 x 12 months'.")
@click.option("--exercised", type=click.IntRange(0, 10), help="How many are taken up.")
@click.option("--department", "-d", help="Needed when two departments use the same reference.")
@json_option
@db_option
def options(
    ref: str, held: str | None, exercised: int | None, department: str | None, as_json: bool,
    db_path: Path | None,
) -> None:  # fmt: skip
    """Show or set a contract's extension options and when each must be decided.

    Example: planner options ICT-00012 --set "2 x 12 months" --exercised 0
    """
    db = open_existing(db_path)
    contract = find_contract(db, ref, department)
    changes: dict[str, Any] = {}
    if held is not None:
        changes["extension_options"] = parse_field("extension_options", held)
    if exercised is not None:
        changes["options_exercised"] = exercised
    if changes:
        contract = update_contract(
            db, contract.id, changes, expected_version=contract.version, who=who(),
            summary=f"Extension options of {contract.ref} set",
        )  # fmt: skip
    found = options_of(contract, load_rules(db).option_decision_days)
    db.close()
    if as_json:
        print_json({"ref": contract.ref, "department": contract.department,
                    "extension_options": contract.extension_options,
                    "options": [_option_row(o) for o in found]})  # fmt: skip
        return
    words = describe_options(contract.extension_options) or "not recorded"
    show(f"{contract.ref} ({contract.department}): extension options {words}")
    for option in found:
        show(_option_line(option))


def _restricted_words(contract: Contract) -> str:
    if not contract.restricted:
        return f"{contract.ref} is published as usual."
    return f"{contract.ref} is restricted ({contract.restricted_reason}): never published."


@click.command("restrict")
@click.argument("ref")
@click.option("--reason", help="Why it is withheld, e.g. 'national security (PA 2023 s.94)'.")
@click.option("--lift", is_flag=True, help="Publish it as usual again.")
@click.option("--department", "-d", help="Needed when two departments use the same reference.")
@db_option
def restrict(
    ref: str, reason: str | None, lift: bool, department: str | None, db_path: Path | None
) -> None:
    """Mark a contract restricted: left out of the published plan, OCDS and published briefs.

    Example: planner restrict HQC-00007 --reason "national security (PA 2023 s.94)"
    """
    if lift and reason:
        raise click.UsageError("give --reason to restrict, or --lift to publish again, not both")
    if not lift and not (reason or "").strip():
        raise click.UsageError("say why with --reason (the ground is published, PA 2023 s.94(3))")
    db = open_existing(db_path)
    contract = find_contract(db, ref, department)
    changes: dict[str, Any] = (
        {"restricted": False, "restricted_reason": None}
        if lift
        else {"restricted": True, "restricted_reason": parse_field("restricted_reason", reason)}
    )
    saved = update_contract(
        db, contract.id, changes, expected_version=contract.version, who=who(),
        summary=f"{contract.ref} {'no longer restricted' if lift else 'restricted'}",
    )  # fmt: skip
    db.close()
    say(_restricted_words(saved))
