"""Options and helpers every command shares: --db, --today, --json, who is acting."""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, TextIO, TypeVar

import click
import platformdirs
from click.core import ParameterSource

from planner.domain.dates import parse_date
from planner.domain.kpis import FinancialYear
from planner.domain.safe_text import visible
from planner.errors import PlannerError, ValidationError
from planner.store.db import Database, is_database_file, open_db

F = TypeVar("F", bound=Callable[..., Any])
APP_NAME = "contract-review-planner"


def default_db_path() -> Path:
    """PLANNER_DB if set, else planner.db in the user's data folder."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "planner.db"


def default_demo_path() -> Path:
    """demo.db in the user's data folder (never the real planner.db)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "demo.db"


def from_group(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """The value of an option shared with the `planner` group (--db, --today): the command's
    own when typed after it, else the group's when typed before it (`planner --db F list`),
    else the environment's or the default."""
    name = param.name
    root = ctx.find_root()
    if name is None or root is ctx or ctx.get_parameter_source(name) is ParameterSource.COMMANDLINE:
        return value
    if root.get_parameter_source(name) is ParameterSource.COMMANDLINE:
        # The group keeps what was typed (it does not import the date parser, so that
        # `planner --help` stays fast): this option's type reads it.
        return param.type_cast_value(ctx, root.params.get(name))
    return value


def db_option(f: F) -> F:
    """--db PATH (env PLANNER_DB, else the user data folder)."""
    return click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False, path_type=Path),
        envvar="PLANNER_DB",
        default=None,
        callback=from_group,
        help="Database file. Default: $PLANNER_DB, else planner.db in your data folder.",
    )(f)


def resolve_db(db_path: Path | None) -> Path:
    """The database path a command works on."""
    return db_path if db_path is not None else default_db_path()


def open_existing(db_path: Path | None) -> Database:
    """The database a command works on, which must already exist."""
    # Only init and demo create a database: a mistyped --db must not start an empty one.
    return open_db(resolve_db(db_path), create=False)


_DATE_FORMS = "2026-03-31, 31/03/2026, 31 March 2026 or 'today'"


class DateType(click.ParamType):  # type: ignore[type-arg]
    """A date typed as 2026-03-31, 31/03/2026, '31 March 2026' or 'today'."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        text = str(value).strip().lower()
        if text == "today":
            return date.today()
        # parse_date reads a bare number as an Excel serial, right for a spreadsheet cell; typed
        # on the command line (or in $PLANNER_TODAY) it is a slip, and 45000 would silently mean
        # 15 Mar 2023.
        typed = f"'{value}'{_from_environment(param, ctx)}"
        if text.replace(".", "", 1).isdecimal():
            self.fail(f"{typed} is a number, not a date: type it as {_DATE_FORMS}", param, ctx)
        try:
            parsed = parse_date(value)
        except ValidationError as exc:
            self.fail(f"{exc}{_from_environment(param, ctx)}", param, ctx)
        if parsed is None:
            self.fail(f"{typed} is not a date: type it as {_DATE_FORMS}", param, ctx)
        return parsed


def _from_environment(param: click.Parameter | None, ctx: click.Context | None) -> str:
    """' (from $PLANNER_TODAY)' when the value was not typed but read from the environment."""
    if param is None or ctx is None or param.name is None:
        return ""
    if ctx.get_parameter_source(param.name) is not ParameterSource.ENVIRONMENT:
        return ""
    envvar = param.envvar if isinstance(param.envvar, str) else None
    return f" (from ${envvar})" if envvar else " (from the environment)"


DATE = DateType()


def today_option(f: F) -> F:
    """--today DATE (env PLANNER_TODAY): the day the planner treats as today."""
    return click.option(
        "--today",
        type=DATE,
        envvar="PLANNER_TODAY",
        default=None,
        callback=from_group,
        help="Treat this date as today (default: $PLANNER_TODAY, else the real date).",
    )(f)


def resolve_today(today: date | None) -> date:
    """The injected today, or the real date at this edge of the program."""
    return today if today is not None else date.today()


def financial_year(text: str | None, today: date) -> FinancialYear:
    """The financial year typed (e.g. 2025/26), else the one `today` is in."""
    return FinancialYear.parse(text) if text else FinancialYear.containing(today)


def json_option(f: F) -> F:
    """--json: one JSON document on stdout; messages stay on stderr."""
    return click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout.")(f)


def who() -> str:
    """The name recorded in the audit trail: $PLANNER_USER, else the login name."""
    name = os.environ.get("PLANNER_USER")
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"


def print_json(document: Any) -> None:
    """Write one JSON document to stdout."""
    click.echo(json.dumps(document, indent=2, default=str, ensure_ascii=False))


def show(line: str) -> None:
    """A line of data for a person, on stdout; a value's control characters are shown as
    escapes (`\\x1b`), so a title or a name from a file cannot drive the terminal."""
    click.echo(visible(line))


def say(message: str) -> None:
    """A human message, on stderr so stdout stays clean for data; a value's control
    characters are shown as escapes (`\\x1b`), never sent to the terminal."""
    click.echo(visible(message), err=True)


@contextlib.contextmanager
def output_file(path: Path | None) -> Iterator[TextIO]:
    """Where an export goes: stdout, or the file at `path`, written whole or not at all."""
    if path is None:
        yield sys.stdout
        return
    with output_path(path) as temporary, temporary.open("w", encoding="utf-8", newline="") as out:
        yield out


@contextlib.contextmanager
def output_path(path: Path) -> Iterator[Path]:
    """A temporary path beside `path` to write a file to; it becomes `path` only when the
    block ends without an error, so a reader never sees half a file."""
    if path.is_dir():
        raise PlannerError(f"{path} is a folder; give the path of the file to write")
    if not path.parent.exists():
        raise PlannerError(f"the folder {path.parent} does not exist")
    if is_database_file(path):  # `-o planner.db` would replace the whole programme with a CSV
        raise PlannerError(f"{path} is a database; give the name of a new file to write to")
    temporary = path.with_name(f".{path.name}.partial")
    try:
        yield temporary
        temporary.replace(path)
    except OSError as exc:  # no permission, a full disk, or the "folder" is a file
        raise PlannerError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
