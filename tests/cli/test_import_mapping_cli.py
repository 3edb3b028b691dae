"""`planner import` says how it read the headings (issue 11): the mapping in --dry-run and
--json, the unmapped headings with the --map that would place them, saved mappings,
`planner mapping`, department aliases, and where the rejected rows are written."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run

HEADINGS = "Contract Ref,Title,Annual Cost ex VAT,Notice (days),Budget Code,Suplier\r\n"
ROW = 'EST-1,Cleaning,"£12,000",90,ES-44,Pennine Facilities Ltd\r\n'
BAD = "EST-2,Lifts,-£5,90,ES-45,Kestrel Lifts\r\n"


def _file(tmp_path: Path, text: str, name: str = "estates.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_dry_run_prints_the_mapping_and_the_unmapped_headings(db_file: str, tmp_path: Path) -> None:
    """Nothing is moved to notes without the user being told (issue 11 item 1)."""
    path = _file(tmp_path, HEADINGS + ROW)
    result = run("import", path, "-d", "Estates", "--dry-run", "--db", db_file)
    assert result.exit_code == 0, result.output
    err = result.stderr
    assert "Headings:" in err
    assert "  Annual Cost ex VAT -> annual_value (meaning; values exclude VAT)  e.g. £12,000" in err
    assert "  Notice (days) -> notice_period (synonym; numbers are days)  e.g. 90" in err
    assert "2 headings match no column; the values are kept in notes:" in err
    assert (
        '  Budget Code: no column is near; kept in notes (--map "Budget Code=ignore" leaves '
        "it out)" in err
    )
    assert '  Suplier: kept in notes; nearest column supplier: --map "Suplier=supplier"' in err
    assert "Dry run: would be 1 new" in err


def test_the_summary_of_a_written_import_names_the_unmapped_headings(
    db_file: str, tmp_path: Path
) -> None:
    path = _file(tmp_path, HEADINGS + ROW)
    result = run("import", path, "-d", "Estates", "--db", db_file)
    assert "Imported: 1 new" in result.stderr
    assert "Headings:" not in result.stderr  # the full mapping is for --dry-run and --json
    assert '--map "Suplier=supplier"' in result.stderr
    listing = json.loads(run("list", "--json", "--db", db_file).stdout)
    assert (listing[0]["annual_value"], listing[0]["supplier"]) == ("12000.00", None)


def test_json_has_the_mapping_the_unmapped_headings_and_the_rejects(
    db_file: str, tmp_path: Path
) -> None:
    path = _file(tmp_path, HEADINGS + ROW + BAD)
    result = run("import", path, "-d", "Estates", "--json", "--db", db_file)
    document = json.loads(result.stdout)
    assert result.exit_code == 1
    assert {"heading": "Notice (days)", "column": "notice_period", "how": "synonym",
            "sample": ["90"], "unit": "days"} in document["mapping"]  # fmt: skip
    assert {"heading": "Suplier", "suggestion": "supplier",
            "map": '--map "Suplier=supplier"'} in document["unmapped"]  # fmt: skip
    assert [(r["row"], r["column"]) for r in document["rejected"]] == [(3, "Annual Cost ex VAT")]
    assert (document["skipped"], document["written"]) == ([], False)


def test_the_rejected_rows_go_beside_the_input_or_where_rejected_says(
    db_file: str, tmp_path: Path
) -> None:
    """README: with --skip-invalid the rejected rows go to NAME.rejected.csv beside FILE."""
    path = _file(tmp_path, HEADINGS + ROW + BAD)
    beside = run("import", path, "-d", "Estates", "--skip-invalid", "--db", db_file)
    assert f"are in {tmp_path / 'estates.rejected.csv'}" in beside.stderr or (
        f"is in {tmp_path / 'estates.rejected.csv'}" in beside.stderr
    )
    elsewhere = tmp_path / "out" / "rejects.csv"
    elsewhere.parent.mkdir()
    result = run("import", path, "-d", "Estates", "--skip-invalid", "--rejected",
                 str(elsewhere), "--json", "--db", db_file)  # fmt: skip
    assert json.loads(result.stdout)["rejected_file"] == str(elsewhere)
    assert "Lifts" in elsewhere.read_text(encoding="utf-8-sig")
    refused = run("import", path, "-d", "Estates", "--rejected", str(elsewhere), "--db", db_file)
    assert refused.exit_code == 2 and "give --skip-invalid too" in refused.stderr
    same = run("import", path, "-d", "Estates", "--skip-invalid", "--rejected", path,
               "--db", db_file)  # fmt: skip
    assert same.exit_code == 1 and "is the file being imported" in same.stderr


def test_a_map_is_saved_for_the_department_offered_next_time_and_applied_by_name(
    db_file: str, tmp_path: Path
) -> None:
    path = _file(tmp_path, HEADINGS + ROW)
    first = run("import", path, "-d", "Estates", "--map", "Suplier=supplier",
                "--map", "Budget Code=ignore", "--db", db_file)  # fmt: skip
    assert first.exit_code == 0, first.output
    assert "The --map choices are saved as the mapping Estates." in first.stderr
    assert "match no column" not in first.stderr
    listing = run("mapping", "list", "--db", db_file)
    assert listing.stdout.startswith("Estates ")
    shown = run("mapping", "show", "estates", "--db", db_file).stdout
    assert "  Suplier -> supplier" in shown and "  Budget Code -> ignore" in shown
    assert '--map "Budget Code=ignore" --map "Suplier=supplier"' in shown
    again = _file(tmp_path, HEADINGS + ROW.replace("EST-1", "EST-9"), "estates-2.csv")
    offered = run("import", again, "-d", "Estates", "--dry-run", "--db", db_file)
    assert 'use it with --mapping "Estates"' in offered.stderr
    used = run("import", again, "-d", "Estates", "--mapping", "Estates", "--json",
               "--db", db_file)  # fmt: skip
    document = json.loads(used.stdout)
    assert document["unmapped"] == []
    assert {"heading": "Suplier", "column": "supplier", "how": "saved",
            "sample": ["Pennine Facilities Ltd"]} in document["mapping"]  # fmt: skip
    contract = json.loads(run("list", "--search", "EST-9", "--json", "--db", db_file).stdout)[0]
    assert contract["supplier"] == "Pennine Facilities Ltd"
    missing = run("import", again, "-d", "Estates", "--mapping", "HR", "--db", db_file)
    assert missing.exit_code == 1 and "no saved mapping 'HR' (saved: Estates)" in missing.stderr


def test_department_alias_makes_a_registers_spelling_a_department(
    db_file: str, tmp_path: Path
) -> None:
    path = _file(tmp_path, "Ref,Department,Procurement Route\r\nX-1,Fleet Services,Framework\r\n")
    assert run("import", path, "--db", db_file).exit_code == 1
    added = run("department", "alias", "Fleet Services", "Estates", "--db", db_file)
    assert added.exit_code == 0 and "'Fleet Services' in a register now means Estates." in (
        added.stderr
    )
    assert run("import", path, "--db", db_file).exit_code == 0
    contract = json.loads(run("list", "--json", "--db", db_file).stdout)[0]
    assert (contract["department"], contract["route"], contract["previous_route"]) == (
        "Estates", None, "framework-further-competition",
    )  # fmt: skip
    listed = run("department", "list", "--db", db_file).stdout
    assert "(also: Fleet Services)" in listed and "(also: HQ Crime Dept" in listed
