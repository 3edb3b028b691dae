"""Extension options read from a register's words, dated, and used by an 'extend' decision
(docs/rules.md, "Extension options")."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.domain.codes import Decision, Status
from planner.domain.contract import Contract, check_contract
from planner.domain.decisions import decision_changes, options_of
from planner.domain.options import (
    MAX_OPTION_MONTHS,
    MAX_OPTIONS,
    describe_options,
    format_options,
    parse_options,
)
from planner.errors import ValidationError


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("2 x 12 months", (12, 12)),
        ("2x12m", (12, 12)),
        ("two x 6 months", (6, 6)),
        ("1+1", (12, 12)),
        ("1 + 1 years", (12, 12)),
        ("2+1+1", (24, 12, 12)),
        ("6+6 months", (6, 6)),
        ("option to extend 24 months", (24,)),
        ("Option to extend for a further 2 years", (24,)),
        ("up to 2 x 12 months", (12, 12)),
        ("12 months", (12,)),
        ("P12M+P6M", (12, 6)),
        ("no options", ()),
        ("", None),
    ],
)
def test_a_register_s_words_are_read_as_each_option_s_length(
    text: str, months: tuple[int, ...] | None
) -> None:
    assert parse_options(text) == months


@pytest.mark.parametrize("text", ["sometimes", "2 x", "11 x 12 months", "1 x 200 months"])
def test_words_that_are_not_options_are_refused_with_examples(text: str) -> None:
    with pytest.raises(ValidationError):
        parse_options(text)


_MONTHS = st.lists(st.integers(1, MAX_OPTION_MONTHS), min_size=0, max_size=MAX_OPTIONS)


@given(_MONTHS)
def test_the_stored_form_reads_back_the_same(months: list[int]) -> None:
    assert parse_options(format_options(tuple(months)) or "none") in (tuple(months), None)
    if months:
        assert parse_options(format_options(tuple(months))) == tuple(months)


@given(st.integers(1, MAX_OPTIONS), st.integers(1, MAX_OPTION_MONTHS))
def test_n_x_m_months_is_n_options_of_m_months(n: int, m: int) -> None:
    assert parse_options(f"{n} x {m} months") == (m,) * n
    assert parse_options(describe_options(format_options((m,) * n))) == (m,) * n


def _contract(**fields: object) -> Contract:
    base: dict[str, object] = {
        "ref": "ICT-1",
        "department": "ICT",
        "status": Status.ACTIVE,
        "end_date": date(2027, 3, 31),
        "max_end_date": date(2029, 3, 31),
        "notice_period": "P3M",
        "extension_options": "P12M+P12M",
        "options_exercised": 0,
    }
    base.update(fields)
    return Contract(**base)  # type: ignore[arg-type]


def test_each_option_is_dated_from_the_end_it_would_extend() -> None:
    first, second = options_of(_contract(), 90)
    assert (first.extends_from, first.new_end) == (date(2027, 3, 31), date(2028, 3, 31))
    assert (second.extends_from, second.new_end) == (date(2028, 3, 31), date(2029, 3, 31))
    # The earlier of 90 days before the end and the notice deadline (3 months before).
    assert first.decide_by == date(2026, 12, 31)
    assert options_of(_contract(notice_period="P1M"), 90)[0].decide_by == date(2026, 12, 31)
    assert options_of(_contract(notice_period="P6M"), 90)[0].decide_by == date(2026, 9, 30)


@given(st.lists(st.integers(1, 36), min_size=1, max_size=MAX_OPTIONS), st.integers(0, 400))
def test_an_option_is_decided_before_the_end_it_extends(months: list[int], days: int) -> None:
    contract = _contract(extension_options=format_options(tuple(months)))
    for option in options_of(contract, days):
        assert option.decide_by is not None and option.extends_from is not None
        assert option.decide_by <= option.extends_from < option.new_end  # type: ignore[operator]


def test_extend_takes_up_the_next_option() -> None:
    assert decision_changes(_contract(), Decision.EXTEND) == {
        "status": Status.DECIDED,
        "options_exercised": 1,
    }


def test_extend_is_refused_when_every_option_is_exercised() -> None:
    with pytest.raises(ValidationError, match="all 2 extension options are exercised"):
        decision_changes(_contract(options_exercised=2), Decision.EXTEND)


def test_extend_is_refused_past_the_latest_end_date() -> None:
    with pytest.raises(ValidationError, match="past the latest end date 31 Mar 2027"):
        decision_changes(_contract(max_end_date=date(2027, 3, 31)), Decision.EXTEND)


def test_a_contract_with_no_options_recorded_can_still_be_extended() -> None:
    """The register may not say; the route's RAG says the option is unconfirmed."""
    assert decision_changes(_contract(extension_options=None), Decision.EXTEND) == {
        "status": Status.DECIDED
    }


def test_more_options_exercised_than_held_is_a_problem() -> None:
    problems = check_contract(_contract(options_exercised=3))
    assert problems and problems[0][0] == "options_exercised"
