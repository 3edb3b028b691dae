"""The brief, benefit, claim, import-spend and spend commands, as a user runs them: exit codes,
--json on stdout, messages on stderr, user templates that override or extend the defaults."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run

LEDGER = """\
Payment Date,Supplier Name,Amount,Expense Area
01/05/2026,PENNINE FACILITIES LIMITED,"£1,000.00",Estates
02/05/2026,Pennine Facilitys Ltd,£500.00,Estates
03/05/2026,Irwell Catering Ltd,£250.00,HR
"""


def test_a_benefit_and_a_claim_are_recorded_and_listed(programme_file: Path) -> None:
    added = run("benefit", "add", "HR-001", "Lower rate at re-let", "--type", "saving",
                "--amount", "£12.5k", "--year", "2026/27", "--json")  # fmt: skip
    assert added.exit_code == 0, added.output
    assert json.loads(added.stdout)["amount"] == "12500.00"
    assert "Recorded saving of £12,500 for HR-001 (HR) in 2026/27" in added.stderr
    listed = json.loads(run("benefit", "list", "--year", "2026/27", "--json").stdout)
    assert [b["ref"] for b in listed].count("HR-001") == 1
    claim = run("claim", "add", "ICT-001", "Extra call-outs", "--amount", "£900",
                "--date", "01/10/2026")  # fmt: skip
    assert claim.exit_code == 0
    assert "dated 1 Oct 2026" in claim.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [(("benefit", "add", "NOPE-1", "x", "--type", "saving", "--amount", "£1"),
      "no contract with reference 'NOPE-1'"),
     (("benefit", "add", "HR-001", "x", "--type", "saving", "--amount", "-£5"), "negative"),
     (("benefit", "add", "HR-001", "x", "--type", "saving", "--amount", "£5", "--year", "2026"),
      "not a financial year"),
     (("claim", "add", "HR-001", "  ", "--amount", "£5"), "description is required"),
     (("brief", "department"), "needs --department"),
     (("brief", "department", "-d", "Fleet Services"), "not a department")],
)  # fmt: skip
def test_bad_input_is_one_clear_error_and_exit_1(
    programme_file: Path, args: tuple[str, ...], message: str
) -> None:
    result = run(*args)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_a_brief_goes_to_stdout_or_to_a_file(programme_file: Path, tmp_path: Path) -> None:
    shown = run("brief", "kpi", "--year", "2026/27")
    assert shown.exit_code == 0
    assert shown.stdout.startswith("# Strategy KPIs 2026/27\n")
    target = tmp_path / "out" / "kpi.md"
    target.parent.mkdir()
    written = run("brief", "kpi", "--year", "2026/27", "-o", str(target))
    assert written.stdout == ""
    assert target.read_text(encoding="utf-8") == shown.stdout
    assert f"Wrote the kpi brief to {target}" in written.stderr


def test_the_same_database_and_day_give_the_same_brief(programme_file: Path) -> None:
    first = run("brief", "programme", "--today", "2026-11-25").stdout
    assert first == run("brief", "programme", "--today", "25/11/2026").stdout
    assert "Overall: Red" in first


def test_brief_json_is_the_data_the_template_is_given(programme_file: Path) -> None:
    data = json.loads(run("brief", "plan", "--json").stdout)
    assert data["months"] == 18
    assert {row["title"] for row in data["rows"]} >= {"Network support", "Driver training"}
    assert all("supplier" not in row for row in data["rows"])


def test_a_user_template_overrides_the_default_by_name(
    programme_file: Path, tmp_path: Path
) -> None:
    (tmp_path / "kpi.md.j2").write_text("Savings: {{ annual[0].value|money }}\n")
    result = run("brief", "kpi", "--templates", str(tmp_path))
    assert result.stdout == "Savings: £50,000\n"


def test_a_user_template_can_extend_the_default_and_replace_one_block(
    programme_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "programme.md.j2").write_text(
        '{% extends "default/programme.md.j2" %}\n'
        "{% block title %}\n# Report to the PCC, {{ today|date }}\n{% endblock %}\n"
    )
    monkeypatch.setenv("PLANNER_TEMPLATES", str(tmp_path))
    result = run("brief", "programme")
    assert result.stdout.startswith("# Report to the PCC, 25 Nov 2026\n\n## Headline\n")
    assert "## KPIs against the 2023 baseline" in result.stdout


@pytest.mark.parametrize(
    "reach",
    [
        "{{ cycler.__init__.__globals__.os.getcwd() }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ today.__class__.__init__.__globals__ }}",
        "{% set x = annual.append(1) %}{{ x }}",
    ],
)
def test_a_user_template_cannot_reach_python_or_change_what_it_is_given(
    programme_file: Path, tmp_path: Path, reach: str
) -> None:
    """A brief template is data a colleague may hand over: rendered in Jinja's immutable
    sandbox, it reads the brief's data and calls the filters, and nothing else."""
    (tmp_path / "kpi.md.j2").write_text(reach + "\n")
    result = run("brief", "kpi", "--templates", str(tmp_path))
    assert result.exit_code == 1, result.stdout
    assert f"{tmp_path / 'kpi.md.j2'} line 1 failed: " in result.stderr
    assert "unsafe" in result.stderr or "not safely callable" in result.stderr
    assert "Traceback" not in result.output


def test_a_broken_user_template_is_a_clear_error(programme_file: Path, tmp_path: Path) -> None:
    (tmp_path / "plan.md.j2").write_text("{{ no_such_thing }}\n")
    result = run("brief", "plan", "--templates", str(tmp_path))
    assert result.exit_code == 1
    assert f"{tmp_path / 'plan.md.j2'} line 1 failed: 'no_such_thing' is undefined" in (
        result.stderr
    )
    (tmp_path / "plan.md.j2").write_text("ok\n{% if %}\n")
    syntax = run("brief", "plan", "--templates", str(tmp_path))
    assert f"{tmp_path / 'plan.md.j2'} line 2 failed: " in syntax.stderr
    missing = run("brief", "plan", "--templates", str(tmp_path / "nowhere"))
    assert missing.exit_code == 1
    assert "does not exist" in missing.stderr


def test_import_spend_reports_coverage_and_off_contract_suppliers(
    programme_file: Path, tmp_path: Path
) -> None:
    ledger = tmp_path / "may.csv"
    ledger.write_text(LEDGER, encoding="utf-8")
    result = run("import-spend", str(ledger), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["added"], report["suppliers"]) == (
        3, {"matched": 1, "uncertain": 1, "unmatched": 1},
    )  # fmt: skip
    [year] = report["years"]
    assert year["year"] == "2026/27"
    assert year["payments"] == 9  # six from the fixture, three from the ledger
    human = run("import-spend", str(ledger))
    assert "Stored 0 payments (£0); 3 were already imported" in human.stderr
    # £70,000 + £1,000 on contract; the fixture's uncertain Oakfield match (£5,000) is now
    # judged again against the register and is the same normalised name.
    assert "2026/27: £111,750 in 9 payments; 68.0% covered by contracts" in human.stderr
    assert "Biggest off-contract suppliers" in human.stderr


def test_a_ledger_with_a_bad_row_stores_nothing_and_exits_1(
    programme_file: Path, tmp_path: Path
) -> None:
    ledger = tmp_path / "bad.csv"
    ledger.write_text(LEDGER + "31/02/2026,X Ltd,£1,HR\n", encoding="utf-8")
    result = run("import-spend", str(ledger))
    assert result.exit_code == 1
    assert "row 5, Payment Date '31/02/2026'" in result.stderr
    assert "Nothing was stored" in result.stderr


def test_spend_review_lists_and_confirms_uncertain_matches(
    programme_file: Path, tmp_path: Path
) -> None:
    ledger = tmp_path / "may.csv"
    ledger.write_text(LEDGER, encoding="utf-8")
    run("import-spend", str(ledger))
    listed = json.loads(run("spend", "review", "--json").stdout)
    names = [row["supplier"] for row in listed]
    assert names == ["Pennine Facilitys Ltd"]
    confirmed = run("spend", "review", "--confirm", "1")
    assert confirmed.exit_code == 0
    assert "Confirmed: Pennine Facilitys Ltd as Pennine Facilities Ltd" in confirmed.stderr
    assert json.loads(run("spend", "review", "--json").stdout) == []
    summary = run("spend", "summary", "--year", "2026/27")
    assert "68.5% covered by contracts" in summary.stderr  # £76,500 with Facilitys
    unknown = run("spend", "review", "--reject", "7")
    assert unknown.exit_code == 1
    assert "not on the review list" in unknown.stderr


def test_a_new_brief_is_a_template_named_after_the_brief_whose_data_it_shows(
    programme_file: Path, tmp_path: Path
) -> None:
    (tmp_path / "programme-pcc.md.j2").write_text(
        "# For the PCC\n\n{{ headline.reviews }} reviews; overall {{ headline.rag|rag }}.\n"
    )
    result = run("brief", "programme-pcc", "--templates", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert result.stdout == "# For the PCC\n\n8 reviews; overall Red.\n"
    missing = run("brief", "kpi-board")
    assert missing.exit_code == 1
    assert "no brief template called kpi-board.md.j2" in missing.stderr
    unknown = run("brief", "weekly")
    assert unknown.exit_code == 1
    assert "there is no brief called 'weekly'" in unknown.stderr


def test_the_programme_rag_thresholds_are_settings(programme_file: Path) -> None:
    assert "**Overall: Red.**" in run("brief", "programme").stdout  # 3 of 8 Red, from 10%
    changed = run("rules", "set", "setting", "programme_red_share", "50")
    assert changed.exit_code == 0, changed.output
    brief = run("brief", "programme").stdout
    assert "**Overall: Amber.**" in brief
    assert "- 3 of 8 reviews (37.5%) are Red: under the 50% that makes the programme Red" in brief


def test_undo_in_a_new_process_reverses_a_benefit(programme_file: Path) -> None:
    import subprocess
    import sys

    command = [sys.executable, "-c", "from planner.cli import main; main()"]
    added = subprocess.run([*command, "benefit", "add", "HR-001", "x", "--type", "saving",
                            "--amount", "£1"], capture_output=True, text=True)  # fmt: skip
    assert added.returncode == 0, added.stderr
    undone = subprocess.run([*command, "undo"], capture_output=True, text=True)
    assert "KeyError: 'benefit'" not in undone.stderr
    assert undone.returncode == 0, undone.stderr
    assert json.loads(run("benefit", "list", "--ref", "HR-001", "--json").stdout) == []


def test_a_benefit_or_claim_recorded_in_error_is_deleted_by_id_and_undo_brings_it_back(
    programme_file: Path,
) -> None:
    added = json.loads(run("benefit", "add", "HR-001", "Typo", "--type", "saving",
                           "--amount", "£1", "--json").stdout)  # fmt: skip
    deleted = run("benefit", "delete", str(added["id"]))
    assert deleted.exit_code == 0, deleted.output
    assert f"Removed benefit {added['id']}" in deleted.stderr
    assert json.loads(run("benefit", "list", "--ref", "HR-001", "--json").stdout) == []
    assert run("undo").exit_code == 0
    assert [b["description"] for b in json.loads(
        run("benefit", "list", "--ref", "HR-001", "--json").stdout)] == ["Typo"]  # fmt: skip
    claim = json.loads(run("claim", "add", "ICT-001", "Twice", "--amount", "£9",
                           "--json").stdout)  # fmt: skip
    assert run("claim", "delete", str(claim["id"])).exit_code == 0
    assert json.loads(run("claim", "list", "--ref", "ICT-001", "--json").stdout) == []
    missing = run("claim", "delete", "99999")
    assert missing.exit_code == 1
    assert "there is no claim with id 99999" in missing.stderr
