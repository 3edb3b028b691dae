"""`planner rules`: a rule under the law's minimum is refused with the minimum and its
source, and `rules show` lists every statutory minimum (docs/rules.md, "Statutory minimums")."""

from __future__ import annotations

import json
from pathlib import Path

from planner.store import open_db
from tests.cli.test_hostile_input import assert_clear_error
from tests.conftest import run


def test_a_3_day_standstill_is_refused_and_nothing_changes(programme_file: Path) -> None:
    """PA 2023 s.51: standstill is 8 working days beginning with the day the award notice
    is published."""
    before = run("rules", "show", "--json").output
    result = run("rules", "set", "stage", "open", "standstill", "--days", "3")
    assert_clear_error(result, "at least 8 working days under PA 2023 s.51")
    assert run("rules", "show", "--json").output == before


def test_removing_the_standstill_from_the_open_procedure_is_refused(programme_file: Path) -> None:
    """PA 2023 s.51: an open procedure's award has a standstill."""
    result = run("rules", "set", "stage", "open", "standstill", "--remove")
    assert_clear_error(result, "open must keep its standstill stage")
    assert "PA 2023 s.51" in result.stderr


def test_an_open_tender_period_under_the_minimum_is_refused(programme_file: Path) -> None:
    """PA 2023 s.54: 25 days with electronic tendering."""
    result = run("rules", "set", "tender-period", "open", "electronic tendering", "15")
    assert_clear_error(result, "at least 25 days under PA 2023 s.54")


def test_a_longer_standstill_and_tender_period_are_accepted(programme_file: Path) -> None:
    """PA 2023 s.51 and s.54 set minimums: longer periods are lawful."""
    assert run("rules", "set", "stage", "open", "standstill", "--days", "10").exit_code == 0
    result = run("rules", "set", "tender-period", "open", "electronic tendering", "35")
    assert result.exit_code == 0, result.output
    assert result.stderr == "open: at least 35 days (electronic tendering).\n"


def test_rules_show_lists_each_statutory_minimum_with_its_source(programme_file: Path) -> None:
    """PA 2023 s.51 (standstill) and s.54 (tender periods), as `rules show` gives them."""
    shown = json.loads(run("rules", "show", "--json").stdout)["statutory_minimums"]
    assert {"route": "open", "stage": "standstill", "condition": None, "min_days": 8,
            "unit": "working days", "rule": "standstill after the contract award notice",
            "source": "PA 2023 s.51"} in shown  # fmt: skip
    assert {(m["route"], m["stage"]) for m in shown if m["source"] == "PA 2023 s.51"} == {
        ("open", "standstill"), ("competitive-flexible", "standstill"),
        ("direct-award", "standstill"),
    }  # fmt: skip
    tender = [m for m in shown if m["stage"] == "tender-period"]
    assert {(m["condition"], m["min_days"]) for m in tender} == {
        ("electronic tendering", 25), ("after a qualifying planned procurement notice", 10),
        ("urgency", 10),
    }  # fmt: skip
    text = run("rules", "show").stdout
    assert "statutory minimums" in text
    assert "direct-award           standstill       8 working days" in text
    assert "(electronic tendering), PA 2023 s.54" in text


def test_rules_show_points_out_rules_stored_under_a_minimum_before_the_checks(
    programme_file: Path,
) -> None:
    """PA 2023 s.51 and s.54: a database edited before these checks (or by undo) may hold a
    short standstill, no standstill or a short tender period; `rules show` says so."""
    db = open_db(programme_file)
    with db.conn:
        db.conn.execute(
            "UPDATE route_stages SET duration_days = 3 "
            "WHERE route = 'open' AND stage = 'standstill'"
        )
        db.conn.execute(
            "DELETE FROM route_stages WHERE route = 'direct-award' AND stage = 'standstill'"
        )
        db.conn.execute(
            "UPDATE tender_periods SET min_days = 5 WHERE route = 'open' AND condition = 'urgency'"
        )
    db.close()
    shown = json.loads(run("rules", "show", "--json").stdout)["under_statutory_minimums"]
    assert len(shown) == 3
    assert shown[0].startswith("direct-award has no standstill stage")
    assert any(reason.startswith("open standstill: 3 working days") for reason in shown)
    assert any("tender period of 5 days (urgency)" in reason for reason in shown)
    assert "UNDER THE LAW'S MINIMUM" in run("rules", "show").stdout


def test_rules_show_points_out_nothing_on_the_seeded_rules(programme_file: Path) -> None:
    assert json.loads(run("rules", "show", "--json").stdout)["under_statutory_minimums"] == []
    assert "UNDER THE LAW" not in run("rules", "show").stdout
