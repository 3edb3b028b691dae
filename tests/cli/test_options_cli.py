"""`planner options` and `planner restrict`: set and show what a contract allows and
whether it is published (docs/rules.md, "Extension options" and "Restricted contracts")."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_hostile_input import assert_clear_error
from tests.conftest import run


def test_options_are_set_listed_with_their_dates_and_taken_up_by_extend(
    programme_file: Path,
) -> None:
    result = run("options", "HR-001", "--set", "1+1", "--json")
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    assert listed["extension_options"] == "P12M+P12M"
    first = listed["options"][0]
    # HR-001 ends 30 Jun 2029 with 3 months' notice: 90 days before is 1 Apr 2029, the
    # notice deadline 30 Mar 2029 is earlier.
    assert (first["new_end"], first["decide_by"]) == ("2030-06-30", "2029-03-30")
    decided = run("decide", "HR-001", "--decision", "extend")
    assert "extension option 1 taken up" in decided.stderr
    shown = run("options", "HR-001").stdout
    assert "1. 12 months: exercised" in shown and "2. 12 months: decide by" in shown


def test_extend_with_every_option_taken_is_refused_with_why(programme_file: Path) -> None:
    """PA 2023 Sch 8 para 1: a contract is extended only as it provides."""
    assert run("options", "HR-001", "--set", "2 x 12 months", "--exercised", "2").exit_code == 0
    assert_clear_error(run("decide", "HR-001", "--decision", "extend"),
                       "all 2 extension options are exercised")  # fmt: skip


def test_words_that_are_not_options_are_refused(programme_file: Path) -> None:
    assert_clear_error(run("options", "HR-001", "--set", "whenever"), "try '2 x 12 months'")


def test_restrict_needs_a_reason_and_keeps_the_contract_out_of_the_plan(
    programme_file: Path,
) -> None:
    """PA 2023 s.94(3): the ground is published, so a reason is asked for."""
    assert run("restrict", "ICT-002").exit_code == 2
    result = run("restrict", "ICT-002", "--reason", "national security")
    assert "ICT-002 is restricted (national security): never published." in result.stderr
    plan = run("export", "plan")
    assert "Mobile data devices" not in plan.stdout
    assert "1 restricted contract is withheld from publication" in plan.stdout
    listed = json.loads(run("list", "--json").stdout)
    assert next(c for c in listed if c["ref"] == "ICT-002")["restricted"] is True
    assert run("restrict", "ICT-002", "--lift").exit_code == 0
    assert "Mobile data devices" in run("export", "plan").stdout


def test_kpi_targets_are_set_by_command_and_listed_as_json(programme_file: Path) -> None:
    result = run("kpi", "target", "spend_covered", "95%", "--year", "2026/27")
    assert "Spend covered by contracts: target for 2026/27 is 95.0%." in result.stderr
    listed = json.loads(run("kpi", "list", "--year", "2026/27", "--json").stdout)
    covered = next(k for k in listed["kpis"] if k["key"] == "spend_covered")
    assert (covered["baseline"], covered["target"]) == (94, 95)
    assert "2026/27" in listed["trend"]["years"]
    assert run("kpi", "target", "spend_covered", "--year", "2026/27").exit_code == 2
    assert_clear_error(run("kpi", "target", "spend_covered", "120", "--year", "2026/27"),
                       "'120' is not a percentage from 0 to 100")  # fmt: skip
