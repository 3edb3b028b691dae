"""Commands for the accounts of the team server (`planner serve`): add, passwd, list,
disable, enable, role. Passwords are read with a hidden prompt, never from the command line
(where other accounts on the machine could read them in the process list)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from planner.cli import WholeHelpGroup
from planner.cli.common import db_option, json_option, open_existing, print_json, say, who
from planner.domain.codes import Role
from planner.store.users import (
    Account,
    add_user,
    get_user,
    list_users,
    set_disabled,
    set_password,
    set_role,
)

role_choice = click.Choice([role.value for role in Role])


def _new_password(name: str) -> str:
    """A new password, typed twice and not shown."""
    return str(
        click.prompt(
            f"New password for {name}", hide_input=True, confirmation_prompt="Type it again"
        )
    )


def _status(account: Account, now: datetime) -> str:
    if account.disabled:
        return "disabled"
    if account.locked_until is not None and account.locked_until > now:
        return f"locked until {account.locked_until.strftime('%H:%M')}"
    return "active"


@click.group(cls=WholeHelpGroup)
def user() -> None:
    """Keep the accounts that log in to `planner serve`: add, passwd, list, disable."""


@user.command("add")
@click.argument("name")
@click.option("--role", type=role_choice, default=Role.OFFICER.value, show_default=True,
              help="viewer: looks and writes briefs; officer: also changes contracts; "
              "manager: also changes rules, team and accounts.")  # fmt: skip
@db_option
def user_add(name: str, role: str, db_path: Path | None) -> None:
    """Add an account with the role given; it asks for the password twice.

    Example: planner user add "A. Khan" --role officer
    """
    db = open_existing(db_path)
    password = _new_password(name)
    added = add_user(db, name, Role(role), password, who())
    say(f"Added {added.name} as {added.role}.")


@user.command("passwd")
@click.argument("name")
@db_option
def user_passwd(name: str, db_path: Path | None) -> None:
    """Set a new password for an account (this also lifts a lock-out)."""
    db = open_existing(db_path)
    account = get_user(db, name)  # a mistyped name is refused before the password is asked
    set_password(db, account.name, _new_password(account.name), who())
    say(f"Password of {account.name} changed.")


@user.command("list")
@json_option
@db_option
def user_list(as_json: bool, db_path: Path | None) -> None:
    """List the accounts, their roles and whether they can log in."""
    now = datetime.now().astimezone()
    accounts = list_users(open_existing(db_path))
    if as_json:
        print_json([{"name": a.name, "role": a.role, "status": _status(a, now)} for a in accounts])
        return
    if not accounts:
        say("No accounts yet; add one with: planner user add NAME --role manager")
        return
    width = max(len(a.name) for a in accounts)
    for account in accounts:
        click.echo(f"{account.name:<{width}}  {account.role:<8}  {_status(account, now)}")


@user.command("disable")
@click.argument("name")
@db_option
def user_disable(name: str, db_path: Path | None) -> None:
    """Stop an account logging in (its history stays in the audit trail)."""
    account = set_disabled(open_existing(db_path), name, True, who())
    say(f"{account.name} can no longer log in.")


@user.command("enable")
@click.argument("name")
@db_option
def user_enable(name: str, db_path: Path | None) -> None:
    """Let a disabled or locked-out account log in again."""
    account = set_disabled(open_existing(db_path), name, False, who())
    say(f"{account.name} can log in again.")


@user.command("role")
@click.argument("name")
@click.argument("role", type=role_choice)
@db_option
def user_role(name: str, role: str, db_path: Path | None) -> None:
    """Give an account another role: viewer, officer or manager."""
    account = set_role(open_existing(db_path), name, Role(role), who())
    say(f"{account.name} is now {account.role}.")


__all__ = ["user"]
