"""`planner user`: accounts of the team server, passwords read hidden and typed twice."""

from __future__ import annotations

import json

from click.testing import CliRunner

from planner.cli import main
from tests.cli.test_hostile_input import assert_clear_error
from tests.conftest import run

PASSWORD = "correct horse battery"


def _with_password(*args: str, typed: str = f"{PASSWORD}\n{PASSWORD}\n") -> str:
    result = CliRunner().invoke(main, list(args), input=typed, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_adding_listing_and_disabling_accounts(db_file: str) -> None:
    output = _with_password("user", "add", "A. Khan", "--role", "manager", "--db", db_file)
    assert PASSWORD not in output  # the prompt does not echo it
    assert "Added A. Khan as manager." in output
    _with_password("user", "add", "B. Jones", "--db", db_file)
    listed = run("user", "list", "--db", db_file).output
    assert "A. Khan   manager   active" in listed and "B. Jones  officer   active" in listed
    assert run("user", "disable", "B. Jones", "--db", db_file).exit_code == 0
    accounts = json.loads(run("user", "list", "--json", "--db", db_file).output)
    assert accounts[1] == {"name": "B. Jones", "role": "officer", "status": "disabled"}
    assert run("user", "role", "B. Jones", "viewer", "--db", db_file).exit_code == 0
    audit = run("audit", "log", "--db", db_file).output
    assert "Account B. Jones disabled" in audit and PASSWORD not in audit


def test_a_password_typed_differently_twice_is_asked_again(db_file: str) -> None:
    typed = f"{PASSWORD}\nsomething else\n{PASSWORD}\n{PASSWORD}\n"
    output = _with_password("user", "add", "C. Ng", "--db", db_file, typed=typed)
    assert "the two entered values do not match" in output.lower()
    assert "Added C. Ng as officer." in output


def test_a_short_password_is_refused_and_no_account_made(db_file: str) -> None:
    result = CliRunner().invoke(main, ["user", "add", "D. Lee", "--db", db_file],
                                input="short\nshort\n")  # fmt: skip
    assert_clear_error(result, "at least 10 characters")
    assert "D. Lee" not in run("user", "list", "--db", db_file).output


def test_changing_the_password_of_an_unknown_account_names_the_known_ones(db_file: str) -> None:
    _with_password("user", "add", "A. Khan", "--db", db_file)
    result = CliRunner().invoke(main, ["user", "passwd", "Nobody", "--db", db_file])
    assert_clear_error(result, "accounts: A. Khan")
    assert "password" not in result.output.lower().replace("planner user passwd", "")
