"""Commands for the procurement team: officers with their hours and skills, and leave."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from planner.cli import WholeHelpGroup
from planner.cli.common import (
    DATE,
    db_option,
    json_option,
    open_existing,
    print_json,
    say,
    show,
    who,
)
from planner.domain.dates import format_date
from planner.domain.words import plural
from planner.store.team import (
    add_leave,
    add_officer,
    get_officer,
    list_leave,
    list_officers,
    remove_leave,
    remove_officer,
    split_skills,
    update_officer,
)

# ---------------------------------------------------------------- team


@click.group(cls=WholeHelpGroup)
def officer() -> None:
    """Keep the procurement team: officers, weekly hours, skills."""


@officer.command("add")
@click.argument("name")
@click.option("--hours", type=float, required=True, help="Hours a week for review work.")
@click.option("--skills", help="Departments or categories they know, comma-separated.")
@db_option
def officer_add(name: str, hours: float, skills: str | None, db_path: Path | None) -> None:
    """Add an officer with their weekly hours and skills.

    For example: planner officer add "A. Khan" --hours 30 --skills ICT,Estates
    """
    added = add_officer(open_existing(db_path), name, hours, who(), split_skills(skills))
    skill_text = f" ({', '.join(added.skills)})" if added.skills else ""
    say(f"Added {added.name}: {added.weekly_hours:g} hours a week{skill_text}.")


@officer.command("set")
@click.argument("name")
@click.option("--hours", type=float, help="New weekly hours.")
@click.option("--skills", help="New skills, comma-separated (replaces the old ones).")
@db_option
def officer_set(name: str, hours: float | None, skills: str | None, db_path: Path | None) -> None:
    """Change an officer's weekly hours or skills."""
    person = update_officer(
        open_existing(db_path),
        name,
        who(),
        hours=hours,
        skills=split_skills(skills) if skills is not None else None,
    )
    say(f"{person.name}: {person.weekly_hours:g} hours a week, skills {', '.join(person.skills)}.")


@officer.command("remove")
@click.argument("name")
@db_option
def officer_remove(name: str, db_path: Path | None) -> None:
    """Take an officer off the team, with their leave (planner undo puts both back).

    Reviews the scheduler proposed for them are planned again for the rest of the team at
    the next planner schedule; a contract that names them as its officer keeps the name
    until another is decided.

    Example: planner officer remove "A. Khan"
    """
    db = open_existing(db_path)
    person = get_officer(db, name).name
    named = remove_officer(db, person, who())
    say(f"Removed {person} from the team, with their leave.")
    if named:
        say(
            f"{person} is still the officer of {plural(named, 'contract')}: decide another "
            'with planner decide REF --officer "NAME".'
        )


@officer.command("list")
@json_option
@db_option
def officer_list(as_json: bool, db_path: Path | None) -> None:
    """List the officers with their hours and skills."""
    db = open_existing(db_path)
    officers = list_officers(db)
    leave = list_leave(db)
    if as_json:
        print_json(
            [
                {
                    "name": o.name,
                    "weekly_hours": o.weekly_hours,
                    "skills": list(o.skills),
                    "leave": [
                        [s.isoformat(), e.isoformat()] for _, n, s, e in leave if n == o.name
                    ],
                }
                for o in officers
            ]
        )
        return
    for o in officers:
        booked = sum(1 for _, n, _, _ in leave if n == o.name)
        show(
            f"{o.name:<20} {o.weekly_hours:>5g} h/week  {', '.join(o.skills) or '-':<30}"
            f"  {plural(booked, 'leave booking')}"
        )
    say(f"{plural(len(officers), 'officer')}.")


@click.group(cls=WholeHelpGroup)
def leave() -> None:
    """Book officers' leave (it reduces their weekly capacity)."""


@leave.command("add")
@click.argument("name")
@click.argument("first", type=DATE)
@click.argument("last", type=DATE)
@db_option
def leave_add(name: str, first: date, last: date, db_path: Path | None) -> None:
    """Book leave from FIRST to LAST inclusive, e.g. "A. Khan" 2026-08-03 2026-08-14."""
    db = open_existing(db_path)
    add_leave(db, name, first, last, who())
    person = get_officer(db, name).name
    say(f"Leave booked for {person}: {format_date(first)} to {format_date(last)}.")


@leave.command("remove")
@click.argument("name")
@click.argument("first", type=DATE)
@click.argument("last", type=DATE)
@db_option
def leave_remove(name: str, first: date, last: date, db_path: Path | None) -> None:
    """Remove the leave booked from FIRST to LAST for an officer.

    Example: planner leave remove "A. Khan" 2026-08-03 2026-08-14
    """
    db = open_existing(db_path)
    remove_leave(db, name, first, last, who())
    person = get_officer(db, name).name
    say(f"Leave removed for {person}: {format_date(first)} to {format_date(last)}.")


@leave.command("list")
@db_option
def leave_list(db_path: Path | None) -> None:
    """List booked leave."""
    for _, name, first, last in list_leave(open_existing(db_path)):
        show(f"{name:<20} {format_date(first)} to {format_date(last)}")


__all__ = ["leave", "officer"]
