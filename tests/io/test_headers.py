"""Header synonyms: which headings mean which register column, and --map overrides."""

from __future__ import annotations

import pytest

from planner.domain.contract import REGISTER_COLUMNS
from planner.errors import ValidationError
from planner.io.headers import (
    IGNORE,
    SYNONYMS,
    column_letter,
    map_columns,
    parse_map_options,
    recognise,
)


def test_every_register_column_has_an_entry_in_the_synonym_list() -> None:
    assert set(SYNONYMS) == set(REGISTER_COLUMNS)


@pytest.mark.parametrize(
    ("heading", "column"),
    [("Expiry", "end_date"), ("Contract End", "end_date"), ("End Date", "end_date"),
     ("END-DATE", "end_date"), ("end_date", "end_date"), ("Vendor", "supplier"),
     ("Supplier / Contractor", "supplier"), ("supplier contractor", "supplier"),
     ("Contract Ref.", "ref"), ("  Annual Value (£) ", "annual_value"),
     ("Whole-life value", "total_value"), ("Notice period", "notice_period")],
)  # fmt: skip
def test_headings_match_ignoring_case_and_punctuation(heading: str, column: str) -> None:
    assert recognise(heading) == column


def test_an_unknown_heading_is_left_unmatched_for_the_notes() -> None:
    columns = map_columns(["Ref", "Budget code", "", "Title"])
    assert columns.fields == ("ref", None, None, "title")
    assert columns.unmatched == (1,)


def test_a_more_specific_heading_wins_and_the_other_is_kept_in_notes() -> None:
    columns = map_columns(["Description", "Title"])
    assert columns.fields == (None, "title")
    assert columns.unmatched == (0,)


def test_map_overrides_the_synonym_list_and_can_ignore_a_column() -> None:
    overrides = parse_map_options(["Budget code=cpv", "Title=ignore", "Dept = department"])
    columns = map_columns(["Ref", "Budget Code", "Title", "Dept"], overrides)
    assert columns.fields == ("ref", "cpv", IGNORE, "department")
    assert columns.unmatched == ()


@pytest.mark.parametrize(
    ("option", "message"),
    [("Budget", "should look like"), ("Budget=colour", "not a register column")],
)
def test_a_malformed_map_option_is_a_clear_error(option: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        parse_map_options([option])


def test_a_map_for_a_heading_the_file_lacks_is_an_error() -> None:
    with pytest.raises(ValidationError, match="does not have"):
        map_columns(["Ref", "Title"], parse_map_options(["Budget=cpv"]))


def test_two_columns_with_the_same_heading_are_refused() -> None:
    with pytest.raises(ValidationError, match="columns B and D are both headed 'End Date'"):
        map_columns(["Ref", "End Date", "Title", "end date"])


def test_column_letters_count_as_a_spreadsheet_does() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A", "Z", "AA", "AB", "ZZ", "AAA",
    ]  # fmt: skip
