"""Files a real user hands the planner by mistake: an export aimed at the database, a template
saved in the wrong encoding. Each is refused with one sentence and nothing is overwritten."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import run
from tests.cli.test_hostile_input import assert_clear_error


@pytest.mark.parametrize(
    "command",
    [("export", "register"), ("export", "ocds"), ("export", "ics"), ("export", "plan"),
     ("brief", "programme")],
)  # fmt: skip
def test_an_export_or_brief_aimed_at_the_database_is_refused_and_the_database_survives(
    db_path: Path, command: tuple[str, ...]
) -> None:
    before = db_path.read_bytes()
    assert_clear_error(run(*command, "-o", str(db_path)), "is a database")
    assert db_path.read_bytes() == before
    assert run("audit", "verify").exit_code == 0


def test_an_export_never_overwrites_a_backup(db_path: Path, tmp_path: Path) -> None:
    backup = tmp_path / "friday.db"
    assert run("backup", str(backup)).exit_code == 0
    before = backup.read_bytes()
    assert_clear_error(run("export", "register", "-o", str(backup)), "is a database")
    assert backup.read_bytes() == before


def test_an_export_may_replace_an_earlier_export_or_an_empty_file(
    db_path: Path, tmp_path: Path
) -> None:
    target = tmp_path / "register.csv"
    target.write_text("")
    assert run("export", "register", "-o", str(target)).exit_code == 0
    assert run("export", "register", "-o", str(target)).exit_code == 0
    assert target.read_text().startswith("ref,title,")


def test_a_brief_template_not_saved_as_utf8_is_named_with_what_to_do(
    db_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "programme.md.j2").write_bytes("# Board report, costs in £\n".encode("cp1252"))
    result = run("brief", "programme", "--templates", str(folder))
    assert_clear_error(result, "programme.md.j2 is not UTF-8 text")
    assert "save it as UTF-8" in result.stderr
