"""Files a real user hands the planner by mistake: an export aimed at the database, a template
saved in the wrong encoding. Each is refused with one sentence and nothing is overwritten."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_hostile_input import assert_clear_error
from tests.conftest import run


@pytest.mark.parametrize(
    "command",
    [("export", "register"), ("export", "ocds"), ("export", "ics"), ("export", "plan"),
     ("brief", "programme")],
)  # fmt: skip
def test_an_export_or_brief_aimed_at_the_database_is_refused_and_the_database_survives(
    programme_file: Path, command: tuple[str, ...]
) -> None:
    set_up = run("init", "--publisher", "P", "--ocds-prefix", "ocds-a1b2c3", "--buyer", "B")
    assert set_up.exit_code == 0  # an OCDS export first needs its publisher
    before = programme_file.read_bytes()
    assert_clear_error(run(*command, "-o", str(programme_file)), "is a database")
    assert programme_file.read_bytes() == before
    assert run("audit", "verify").exit_code == 0


def test_an_export_never_overwrites_a_backup(programme_file: Path, tmp_path: Path) -> None:
    backup = tmp_path / "friday.db"
    assert run("backup", str(backup)).exit_code == 0
    before = backup.read_bytes()
    assert_clear_error(run("export", "register", "-o", str(backup)), "is a database")
    assert backup.read_bytes() == before


def test_an_export_may_replace_an_earlier_export_or_an_empty_file(
    programme_file: Path, tmp_path: Path
) -> None:
    target = tmp_path / "register.csv"
    target.write_text("")
    assert run("export", "register", "-o", str(target)).exit_code == 0
    assert run("export", "register", "-o", str(target)).exit_code == 0
    assert target.read_text(encoding="utf-8-sig").startswith("ref,title,")  # after its BOM


def test_a_brief_template_not_saved_as_utf8_is_named_with_what_to_do(
    programme_file: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "programme.md.j2").write_bytes("# Board report, costs in £\n".encode("cp1252"))
    result = run("brief", "programme", "--templates", str(folder))
    assert_clear_error(result, "programme.md.j2 is not UTF-8 text")
    assert "save it as UTF-8" in result.stderr


def test_a_credit_from_an_off_contract_supplier_never_makes_a_share_over_100_percent(
    db_file: str, tmp_path: Path
) -> None:
    register = tmp_path / "ict.csv"
    register.write_text("Ref,Title,Supplier,Expiry\nICT-1,Laptops,Bowland Technologies Ltd,"
                        "31/03/2028\n")  # fmt: skip
    assert run("import", str(register), "-d", "ICT", "--db", db_file).exit_code == 0
    ledger = tmp_path / "october.csv"
    ledger.write_text("Payment Date,Supplier Name,Amount,Supplier Postcode\n"
                      "01/10/2026,Bowland Technologies Ltd,£1000,PR1 2AB\n"
                      "02/10/2026,Unknown Co,500 CR,\n")  # fmt: skip
    result = run("import-spend", str(ledger), "--db", db_file)
    assert result.exit_code == 0, result.output
    assert "200.0%" not in result.stderr
    assert "2026/27: £500 in 2 payments; covered by contracts not available" in result.stderr
    kpis = {k["key"]: k for k in json.loads(run("brief", "kpi", "--json", "--db", db_file).stdout)
            ["kpis"]}  # fmt: skip
    for key in ("spend_covered", "local_spend_lancashire", "local_spend_north_west"):
        assert kpis[key]["value"] is None, key
        assert "would read over 100%" in kpis[key]["how"], key
    assert float(kpis["collaborative_spend"]["value"]) == 0  # within range: still a share


def test_a_value_with_a_dot_between_thousands_is_refused_not_read_as_pounds(
    db_file: str, tmp_path: Path
) -> None:
    # European Excel (semicolons) writes twelve thousand as 12.000; it is not £12.
    register = tmp_path / "ict.csv"
    register.write_text(
        "Ref;Title;Expiry;Value\nICT-1;Laptops;31.03.2028;£12.000\n"
        "ICT-2;Phones;31.03.2028;£1.250m\nICT-3;Desks;31.03.2028;12.50\n"
    )
    result = run("import", str(register), "-d", "ICT", "--db", db_file)
    assert result.exit_code == 1
    assert "row 2, Value '£12.000': '£12.000' has 3 decimal places" in result.stderr
    assert "(£12.00) and thousands with commas (£12,000)" in result.stderr
    assert "row 3" not in result.stderr and "row 4" not in result.stderr
    assert json.loads(run("list", "--json", "--db", db_file).stdout) == []


def test_a_very_long_cell_is_shown_shortened_in_the_problem_list(
    db_file: str, tmp_path: Path
) -> None:
    register = tmp_path / "ict.csv"
    register.write_text(f"Ref,Title,Expiry\nICT-1,{'A' * 20_000},{'9' * 20_000}\n")
    result = run("import", str(register), "-d", "ICT", "--db", db_file)
    assert result.exit_code == 1
    assert "row 2, Title 'AAAAAAAAAA" in result.stderr
    assert "characters long; the limit is 10,000" in result.stderr
    assert len(result.stderr) < 2_000, result.stderr[:300]
