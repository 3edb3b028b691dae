"""`planner mapping`: the heading mappings remembered from imports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from planner.cli import WholeHelpGroup
from planner.cli.common import db_option, json_option, print_json, resolve_db, say
from planner.io.headers import map_option
from planner.store import open_db
from planner.store.import_mapping import SavedMapping, get_mapping, list_mappings


def _as_dict(saved: SavedMapping) -> dict[str, Any]:
    return {"name": saved.name, "department": saved.department, "maps": saved.maps,
            "saved_at": saved.saved_at}  # fmt: skip


@click.group(cls=WholeHelpGroup)
def mapping() -> None:
    """List and show the heading mappings saved from imports (planner import --mapping NAME)."""


@mapping.command("list")
@json_option
@db_option
def mapping_list(as_json: bool, db_path: Path | None) -> None:
    """List the saved mappings: name, department, headings mapped, when saved."""
    db = open_db(resolve_db(db_path), create=False)
    saved = list_mappings(db)
    if as_json:
        print_json([_as_dict(m) for m in saved])
        return
    if not saved:
        say("No mappings are saved yet; an import written with --map saves one.")
    for m in saved:
        click.echo(
            f"{m.name:<28} {(m.department or '-'):<24} {len(m.maps):>3} "
            f"heading{'s' if len(m.maps) != 1 else ''}  {m.saved_at[:16].replace('T', ' ')}"
        )


@mapping.command("show")
@click.argument("name")
@json_option
@db_option
def mapping_show(name: str, as_json: bool, db_path: Path | None) -> None:
    """Show one saved mapping: each heading, its column, and the --map options it stands for."""
    db = open_db(resolve_db(db_path), create=False)
    found = get_mapping(db, name)
    if as_json:
        print_json(_as_dict(found))
        return
    click.echo(f"{found.name} ({found.department or 'any department'}), saved "
               f"{found.saved_at[:16].replace('T', ' ')}:")  # fmt: skip
    for heading, column in found.maps.items():
        click.echo(f"  {heading} -> {column}")
    click.echo(" ".join(map_option(h, c) for h, c in found.maps.items()))


__all__ = ["mapping"]
