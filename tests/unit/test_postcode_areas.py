"""Local suppliers by postcode: the postcode-area table is data with its source
(reference/postcode_areas.csv; docs/rules.md, "Local suppliers by postcode")."""

from __future__ import annotations

import pytest

from planner.domain.kpis import PostcodeAreas
from planner.errors import ValidationError
from planner.resources import POSTCODE_AREAS_FILE, postcode_areas, reference_dir


@pytest.mark.parametrize(
    "postcode", ["L39 2DF", "L40 7SR", "WN8 6AA", "OL13 9HJ", "l39", "wn8 8ab"]
)
def test_west_lancashire_and_rossendale_districts_outside_pr_bb_fy_are_lancashire(
    postcode: str,
) -> None:
    """ONS Postcode Directory: Ormskirk (L39), Burscough (L40), Skelmersdale (WN8) and Bacup
    (OL13) are in the Lancashire police force area, though their areas are Merseyside's and
    Greater Manchester's."""
    assert postcode_areas().region_of(postcode) == "Lancashire"


@pytest.mark.parametrize("postcode", ["PR8 1AB", "PR9 0XY", "pr8"])
def test_southport_is_merseyside_so_north_west_but_not_lancashire(postcode: str) -> None:
    """ONS Postcode Directory: PR8 and PR9 (Southport) are in Sefton, Merseyside."""
    assert postcode_areas().region_of(postcode) == "North West"


@pytest.mark.parametrize(
    ("postcode", "region"),
    [("PR1 2RL", "Lancashire"), ("BB1 1AA", "Lancashire"), ("LA1 4YW", "Lancashire"),
     ("FY1 1AA", "Lancashire"), ("PR4", "Lancashire"), ("M1 1AE", "North West"),
     ("L1 8JQ", "North West"), ("WN1 1AA", "North West"), ("LA9 4DQ", "North West"),
     ("OL14 5AA", None), ("CH7 1AB", None), ("LS1 4AP", None), ("", None), (None, None)],
)  # fmt: skip
def test_ordinary_postcodes_keep_their_area(postcode: str | None, region: str | None) -> None:
    assert postcode_areas().region_of(postcode) == region


def test_the_table_file_says_where_it_comes_from() -> None:
    text = (reference_dir() / POSTCODE_AREAS_FILE).read_text(encoding="utf-8")
    assert text.startswith("#")
    assert "ONS Postcode Directory" in text


def test_a_district_row_wins_over_its_area() -> None:
    areas = PostcodeAreas.from_rows([("PR", "Lancashire"), ("PR8", "North West")])
    assert areas.region_of("PR8 1AB") == "North West"
    assert areas.region_of("PR1 1AB") == "Lancashire"


@pytest.mark.parametrize(
    ("rows", "reason"),
    [([("P R", "Lancashire")], "not a postcode area"),
     ([("PR", "Cumbria")], "is not Lancashire, North West or empty"),
     ([("PR", "Lancashire"), ("pr", "")], "listed twice")],
)  # fmt: skip
def test_a_bad_table_row_is_refused(rows: list[tuple[str, str]], reason: str) -> None:
    with pytest.raises(ValidationError, match=reason):
        PostcodeAreas.from_rows(rows)
