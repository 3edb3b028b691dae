"""Commands over the register itself: init, list, backup, audit, departments, undo/redo."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from planner.cli import WholeHelpGroup
from planner.cli.common import (
    db_option,
    json_option,
    print_json,
    resolve_db,
    say,
    show,
    who,
)
from planner.domain.contract import Contract
from planner.domain.dates import format_date
from planner.domain.money import format_money, pounds
from planner.domain.notice import serve_by_for
from planner.domain.rules import whole_life_value
from planner.domain.seal import Seal, parse_seal
from planner.domain.vocab import STATUSES, canonical
from planner.domain.words import plural
from planner.store import backup as backup_db
from planner.store import open_db
from planner.store.audit_verify import current_seal, verify_audit
from planner.store.change_log import recent_changes
from planner.store.contracts import (
    ContractFilter,
    add_department,
    count_contracts,
    iter_contracts,
    list_departments,
    resolve_department,
)
from planner.store.db import pending_migrations
from planner.store.departments import set_department_vat
from planner.store.history import redo_last, undo_last
from planner.store.import_mapping import add_department_alias, list_department_aliases
from planner.store.publisher import SET_ONCE, Publisher, read_publisher, set_publisher
from planner.store.rules import load_rules
from planner.store.triage import read_snapshot


@click.command()
@click.option("--publisher", help="Who publishes the OCDS export, e.g. \"Lancashire "
              "Constabulary\" (asked once; kept for every export).")  # fmt: skip
@click.option("--ocds-prefix", help="Your OCID prefix registered with the Open Contracting "
              "Partnership, e.g. ocds-a1b2c3.")  # fmt: skip
@click.option("--buyer", help="The buyer each OCDS release names, e.g. \"Chief Constable of "
              "Lancashire Constabulary\".")  # fmt: skip
@db_option
def init(
    publisher: str | None, ocds_prefix: str | None, buyer: str | None, db_path: Path | None
) -> None:
    """Create the database, or migrate it to the current schema (backing it up first).

    Given once here, the OCDS publisher, OCID prefix and buyer name every OCDS export.
    """
    path = resolve_db(db_path)
    # An empty file is a new database to SQLite: nothing in it to back up or migrate.
    existed = path.exists() and path.stat().st_size > 0
    db = open_db(path, migrate=False)
    pending = pending_migrations(db)
    db.close()
    db = open_db(path)
    if not existed:
        say(f"Created {path} ({plural(len(pending), 'migration')} applied).")
    elif pending:
        say(f"Migrated {path}: applied {', '.join(pending)} (a backup was taken beside it).")
    else:
        say(f"{path} is up to date; nothing to do.")
    say(
        f"{plural(count_contracts(db), 'contract')} in "
        f"{plural(len(list_departments(db)), 'department')}."
    )
    if (publisher, ocds_prefix, buyer) != (None, None, None):
        set_publisher(db, who(), name=publisher, prefix=ocds_prefix, buyer=buyer)
    _say_publisher(read_publisher(db))
    db.close()


def _say_publisher(publisher: Publisher) -> None:
    if not publisher.missing():
        say(f"OCDS publisher: {publisher.name} (OCID prefix {publisher.prefix}), buyer "
            f"{publisher.buyer}.")  # fmt: skip
    elif len(publisher.missing()) < 3:
        say(f"OCDS publisher: {', '.join(publisher.missing())} still to set ({SET_ONCE}).")


def _list_row(c: Contract, deemed_service_days: int) -> dict[str, Any]:
    # serve_by: the working day notice must be served by (docs/rules.md, "Notice deadline").
    served = serve_by_for(c.notice_date, deemed_service_days)
    return {
        "ref": c.ref,
        "department": c.department,
        "title": c.title,
        "supplier": c.supplier,
        "end_date": c.end_date.isoformat() if c.end_date else None,
        "notice_date": c.notice_date.isoformat() if c.notice_date else None,
        "serve_by": served.serve_by.isoformat() if served else None,
        "annual_value": pounds(c.annual_value) or None,
        "total_value": pounds(c.total_value) or None,
        "status": c.status,
        "route": c.route,
        "previous_route": c.previous_route,
        "decision": c.decision,
        "officer": c.officer,
        "rag": c.rag,
        "extension_options": c.extension_options,
        "options_exercised": c.options_exercised,
        "restricted": c.restricted,
        "restricted_reason": c.restricted_reason,
    }


def _echo_json_array(items: Iterator[dict[str, Any]]) -> None:
    # Each row is written as it is read, so memory stays flat however big the register;
    # the text is what print_json gives for the whole list (indent 2), byte for byte.
    opened = False
    for item in items:
        text = json.dumps(item, indent=2, default=str, ensure_ascii=False)
        click.echo(("[\n  " if not opened else ",\n  ") + text.replace("\n", "\n  "), nl=False)
        opened = True
    click.echo("\n]" if opened else "[]")


@click.command("list")
@click.option("--department", "-d", help="Only this department's contracts.")
@click.option("--status", "-s", help=f"Only this status ({', '.join(STATUSES)}).")
@click.option("--search", help="Only contracts whose ref, title or supplier contain this.")
@json_option
@db_option
def list_(
    department: str | None, status: str | None, search: str | None, as_json: bool,
    db_path: Path | None,
) -> None:  # fmt: skip
    """Show the register, filtered."""
    db = open_db(resolve_db(db_path), create=False)
    where = ContractFilter(
        department=resolve_department(db, department) if department else None,
        status=canonical("status", status) if status else None,
        text=search,
    )
    contracts = iter_contracts(db, where)
    if as_json:
        deemed = load_rules(db).deemed_service_days
        _echo_json_array(_list_row(c, deemed) for c in contracts)
        return
    shown = 0
    header = f"{'REF':<14} {'DEPARTMENT':<22} {'TITLE':<36} {'ENDS':<12} {'WHOLE-LIFE':>14}  STATUS"
    click.echo(header)
    for c in contracts:
        shown += 1
        show(
            f"{c.ref[:14]:<14} {c.department[:22]:<22} {(c.title or '')[:36]:<36} "
            f"{format_date(c.end_date):<12} {format_money(whole_life_value(c)):>14}"
            f"  {c.status or ''}"
        )
    say(f"{plural(shown, 'contract')}.")


@click.command()
@click.argument("target", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True,
              help="Replace TARGET even if it is another planner database.")  # fmt: skip
@db_option
def backup(target: Path, force: bool, db_path: Path | None) -> None:
    """Take an online backup of the database to TARGET (safe while the planner is open).

    An existing TARGET is replaced only if it is an earlier backup of this database."""
    db = open_db(resolve_db(db_path), create=False)
    # One snapshot: the copy is taken from the very state the seal is read from, whatever
    # others write meanwhile.
    with read_snapshot(db):
        seal = current_seal(db)
        written = backup_db(db, target, force=force)
    db.close()
    say(f"Backed up to {written}.")
    say(f"Audit seal of the backup: {seal}")


@click.group(cls=WholeHelpGroup)
def audit() -> None:
    """Check the tamper-evident audit trail."""


def _seal(value: str | None) -> Seal | None:
    return None if value is None else parse_seal(value)


@audit.command()
@click.option("--seal", "sealed", metavar="SEAL",
              help="A seal taken earlier (planner audit seal, or a brief's footer): check "
              "that the history now extends it.")  # fmt: skip
@db_option
def verify(sealed: str | None, db_path: Path | None) -> None:
    """Check the audit trail and the register against it.

    Checks the hash chain, that every audit row belongs to the change log, that the
    register and milestones are what replaying the trail gives, and (with --seal) that no
    history up to an earlier seal was deleted or rewritten. Exit 1 with each problem
    named.
    """
    seal = _seal(sealed)
    db = open_db(resolve_db(db_path), create=False)
    report = verify_audit(db, seal)
    db.close()
    if report.ok:
        say(
            f"Audit trail intact: {plural(report.chain.rows, 'row')}, every hash matches, and "
            "the register and milestones are what the trail says."
        )
        if report.extends is not None:
            added = report.seal.rows - report.extends.rows
            say(f"It extends the sealed history {report.extends.short} "
                f"({plural(added, 'row')} added since).")  # fmt: skip
        say(f"Audit seal: {report.seal}")
        return
    say(f"The audit trail does not check out ({plural(len(report.problems), 'problem')}):")
    for problem in report.problems:
        say(f"- {problem}")
    raise SystemExit(1)


@audit.command("seal")
@json_option
@db_option
def audit_seal(as_json: bool, db_path: Path | None) -> None:
    """Print the audit seal, to keep somewhere else.

    The seal is how many audit rows there are and the last one's hash. Keep it apart from
    the database (e-mail it, print it): `planner audit verify --seal SEAL` later proves the
    history still extends it. Every brief, backup and export carries it too."""
    db = open_db(resolve_db(db_path), create=False)
    seal = current_seal(db)
    db.close()
    if as_json:
        print_json({"seal": str(seal), "rows": seal.rows, "head": seal.head})
        return
    click.echo(str(seal))


@audit.command("log")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1_000_000),
              help="How many changes to show.")  # fmt: skip
@db_option
def audit_log(limit: int, db_path: Path | None) -> None:
    """Show the most recent changes, newest first."""
    db = open_db(resolve_db(db_path), create=False)
    for line in recent_changes(db, limit):
        show(
            f"{line.id:>6}  {line.at[:19].replace('T', ' ')}  {line.who:<12} {line.kind:<7} "
            f"{line.summary}"
        )


@click.group(cls=WholeHelpGroup)
def department() -> None:
    """List or add departments, their other spellings, and whether their values include VAT."""


@department.command("list")
@db_option
def department_list(db_path: Path | None) -> None:
    """List departments with their contract counts."""
    db = open_db(resolve_db(db_path), create=False)
    aliases: dict[str, list[str]] = {}
    for alias, name in list_department_aliases(db):
        aliases.setdefault(name, []).append(alias)
    for name in list_departments(db):
        also = f"  (also: {', '.join(aliases[name])})" if name in aliases else ""
        click.echo(f"{name:<28} {count_contracts(db, ContractFilter(department=name)):>7,}{also}")


@department.command("add")
@click.argument("name")
@click.option(
    "--managed-by-procurement",
    is_flag=True,
    help="Already under central Procurement (not to be centralised).",
)
@db_option
def department_add(name: str, managed_by_procurement: bool, db_path: Path | None) -> None:
    """Add a department."""
    db = open_db(resolve_db(db_path), create=False)
    added = add_department(db, name, who(), centralise=not managed_by_procurement)
    say(f"Added department {added}.")


@department.command("alias")
@click.argument("alias")
@click.argument("department_name", metavar="DEPARTMENT")
@db_option
def department_alias(alias: str, department_name: str, db_path: Path | None) -> None:
    """Read ALIAS in an imported register as DEPARTMENT (planner department alias "L&D"
    "Learning & Development")."""
    db = open_db(resolve_db(db_path), create=False)
    found = add_department_alias(db, alias, department_name, who())
    say(f"'{alias}' in a register now means {found}.")


_VAT_BASES = {"inc": True, "ex": False, "unknown": None}


@department.command("vat")
@click.argument("name")
@click.argument("basis", type=click.Choice(list(_VAT_BASES)))
@db_option
def department_vat(name: str, basis: str, db_path: Path | None) -> None:
    """Say whether a department's register values include VAT (inc), exclude it (ex) or
    are not known: the default for its contracts imported without saying."""
    db = open_db(resolve_db(db_path), create=False)
    found = resolve_department(db, name)
    changed = set_department_vat(db, found, _VAT_BASES[basis], who())
    words = {"inc": "include VAT", "ex": "exclude VAT", "unknown": "not known (read as "
             "excluding VAT)"}[basis]  # fmt: skip
    say(f"{found}: values {words} by default." + ("" if changed else " (No change.)"))


@click.command()
@db_option
def undo(db_path: Path | None) -> None:
    """Undo the most recent change (from the audit trail)."""
    db = open_db(resolve_db(db_path), create=False)
    done = undo_last(db, who())
    say(f"{done.summary} ({plural(done.rows, 'change')} reversed)." if done else "Nothing to undo.")


@click.command()
@db_option
def redo(db_path: Path | None) -> None:
    """Redo the most recently undone change."""
    db = open_db(resolve_db(db_path), create=False)
    done = redo_last(db, who())
    say(
        f"{done.summary} ({plural(done.rows, 'change')} re-applied)."
        if done
        else "Nothing to redo."
    )


__all__ = ["audit", "backup", "department", "init", "list_", "redo", "undo"]
