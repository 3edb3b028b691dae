"""`planner dates threshold`: a value against the threshold in force on a day, VAT added
where the value excludes it, by the same test the scheduler and the flags use
(docs/rules.md, "Thresholds")."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from planner.cli.common import (
    DATE,
    db_option,
    json_option,
    print_json,
    resolve_db,
    resolve_today,
    today_option,
)
from planner.domain.codes import ProcurementKind
from planner.domain.cpv import Classification, classify, cpv_digits
from planner.domain.dates import format_date
from planner.domain.money import parse_money
from planner.domain.rules import Rules
from planner.domain.thresholds import threshold_test
from planner.errors import ValidationError
from planner.store import open_db
from planner.store.reference import code_lists
from planner.store.rules import load_rules

KINDS = {
    "goods": ProcurementKind.GOODS,
    "works": ProcurementKind.WORKS,
    "light-touch": ProcurementKind.LIGHT_TOUCH,
}


def _rules(db_path: Path | None) -> Rules:
    # The thresholds and VAT rate as the database holds them; the shipped defaults when
    # there is no database yet (a calculator should work before `planner init`).
    path = resolve_db(db_path)
    if not path.exists():
        return Rules(code_lists=code_lists())
    db = open_db(path, create=False)
    try:
        return load_rules(db)
    finally:
        db.close()


def _value(text: str) -> int:
    try:
        pence = parse_money(text)
    except ValidationError as exc:
        raise click.BadParameter(str(exc), param_hint="VALUE") from None
    if pence is None:
        raise click.BadParameter(
            f"'{text}' is not an amount: type it as 180000, £180,000 or £180k", param_hint="VALUE"
        )
    return pence


def _kind(kind: str | None, cpv: str | None, rules: Rules) -> ProcurementKind | Classification:
    if kind is not None and cpv is not None:
        raise click.UsageError("give --kind or --cpv, not both")
    if cpv is not None:
        if cpv_digits(cpv) is None:
            raise click.BadParameter(
                f"'{cpv}' is not a CPV code: type 8 digits, with or without the check digit "
                "(55520000 or 55520000-1)",
                param_hint="--cpv",
            )
        return classify(cpv, None, rules.code_lists)
    if kind is None:
        raise click.UsageError(
            "say what is bought: --kind goods, works or light-touch, or --cpv CODE"
        )
    return KINDS[kind]


@click.command("threshold")
@click.argument("value")
@click.option("--kind", type=click.Choice(list(KINDS)), help="What is bought.")
@click.option("--cpv", help="Classify from a CPV code instead (55520000 or 55520000-1).")
@click.option(
    "--on",
    type=DATE,
    default=None,
    help="The day the procurement commences, which picks the threshold (default: today).",
)
@click.option(
    "--inc-vat/--ex-vat",
    "includes_vat",
    default=None,
    help="Whether VALUE includes VAT (default: not known, read as excluding VAT, so VAT is added).",
)
@json_option
@today_option
@db_option
def threshold(
    value: str,
    kind: str | None,
    cpv: str | None,
    on: date | None,
    includes_vat: bool | None,
    as_json: bool,
    today: date | None,
    db_path: Path | None,
) -> None:
    """Test VALUE (pounds) against the threshold in force on a day, adding VAT at the
    vat_rate_percent setting where VALUE excludes it.

    \b
    planner dates threshold 180000 --kind goods --on 2026-02-01 --ex-vat
    planner dates threshold "£650k" --cpv 85000000 --inc-vat --json
    """
    pence = _value(value)
    rules = _rules(db_path)
    day = on if on is not None else resolve_today(today)
    test = threshold_test(pence, includes_vat, _kind(kind, cpv, rules), day, rules)
    if test is None:
        raise ValidationError(
            f"no threshold is in force on {format_date(day)}; add one with planner rules set "
            "threshold"
        )
    if as_json:
        print_json(test.as_json())
    else:
        click.echo(test.rule_text)


__all__ = ["threshold"]
