"""`planner checklist` (issue 14, "A review record"): show and answer a review's checklist,
keep the default set (versioned), and the milestone list says what approval waits for."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run


def test_show_lists_every_item_unanswered_and_what_approval_waits_for(
    programme_file: Path,
) -> None:
    result = run("checklist", "show", "PRC-001")
    assert result.exit_code == 0, result.output
    assert "PRC-001 review checklist: 0/9 required items answered" in result.stdout
    assert "* living-wage      —    Real Living Wage required of the supplier" in result.stdout
    assert "cannot be approved until these are answered: Social value, Living wage" in (
        result.stderr
    )


def test_answer_with_a_note_and_link_shows_in_json(programme_file: Path) -> None:
    done = run("checklist", "answer", "PRC-001", "eia", "yes", "--link", "https://eia/7")
    assert done.exit_code == 0, done.output
    assert "PRC-001: Equality impact assessment answered yes; 8 required items left." in (
        done.stderr
    )
    shown = json.loads(run("checklist", "show", "PRC-001", "--json").stdout)
    eia = next(item for item in shown["items"] if item["item"] == "eia")
    assert (eia["answer"], eia["link"], eia["item_version"]) == ("yes", "https://eia/7", 1)
    assert shown["complete"] == "1/9"


def test_a_bad_answer_or_a_missing_note_is_refused_with_what_to_do(programme_file: Path) -> None:
    """PPN 06/20: a social value commitment says what it will deliver."""
    bad = run("checklist", "answer", "PRC-001", "tupe", "maybe")
    assert bad.exit_code == 1
    assert "answer yes, no or na (not applicable)" in bad.stderr
    bare = run("checklist", "answer", "PRC-001", "social-value", "yes")
    assert bare.exit_code == 1
    assert "Social value answered yes needs a note" in bare.stderr
    unknown = run("checklist", "answer", "PRC-001", "colour", "yes")
    assert unknown.exit_code == 1
    assert "there is no checklist item 'colour' (items: social-value, living-wage" in (
        unknown.stderr
    )


def test_a_reworded_item_keeps_the_question_an_earlier_answer_answered(
    programme_file: Path,
) -> None:
    run("checklist", "answer", "PRC-001", "tupe", "no")
    edited = run("checklist", "item", "edit", "tupe", "--question", "Do staff transfer?")
    assert edited.exit_code == 0, edited.output
    assert "tupe is now version 2." in edited.stderr
    shown = run("checklist", "show", "PRC-001").stdout
    assert "TUPE applies (staff transfer to or from the supplier)" in shown
    assert "(answered to version 1; now asked: Do staff transfer?)" in shown
    versions = json.loads(run("checklist", "items", "--versions", "tupe", "--json").stdout)
    assert [v["version"] for v in versions] == [1, 2]


def test_a_manager_adds_an_item_and_every_review_is_asked_it(programme_file: Path) -> None:
    added = run("checklist", "item", "add", "cyber", "--label", "Cyber security",
                "--question", "Cyber Essentials Plus required", "--optional")  # fmt: skip
    assert added.exit_code == 0, added.output
    items = json.loads(run("checklist", "items", "--json").stdout)
    assert items[-1] | {"version": 1} == {
        "code": "cyber", "version": 1, "label": "Cyber security",
        "question": "Cyber Essentials Plus required", "note_hint": "", "note_on": "never",
        "required": False, "retired": False,
    }  # fmt: skip
    assert "  cyber            —    Cyber Essentials Plus required" in (
        run("checklist", "show", "EST-001").stdout
    )


def test_the_milestone_list_says_why_approval_is_not_yet_recorded(programme_file: Path) -> None:
    """Social Value Act 2012 s.1(3): considered before the procurement process starts."""
    listed = run("milestone", "list", "EST-001").stdout
    assert "  waits for the review checklist: Sustainability, Lotting, Collaboration" in listed
    refused = run("milestone", "done", "EST-001", "approval")
    assert refused.exit_code == 1
    assert "EST-001: the business case cannot be approved with the review checklist" in (
        refused.stderr
    )
