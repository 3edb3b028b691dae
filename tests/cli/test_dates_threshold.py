"""`planner dates threshold`: the threshold test the scheduler uses, asked directly."""

from __future__ import annotations

import json

from tests.conftest import run


def _json(*args: str) -> dict[str, object]:
    result = run("dates", "threshold", *args, "--json")
    assert result.exit_code == 0, result.output
    document: dict[str, object] = json.loads(result.stdout)
    return document


def test_the_issue_s_worked_case(db_file: str) -> None:
    """PA 2023 Sch. 1 and Sch. 3 (thresholds include VAT) and PPN 023 (from 1 Jan 2026 the
    sub-central goods and services threshold is £207,720): £180,000 excluding VAT is
    £216,000 with VAT at 20%, at or above it."""
    document = _json("180000", "--kind", "goods", "--on", "2026-02-01", "--ex-vat",
                     "--db", db_file)  # fmt: skip
    assert {k: document[k] for k in ("value", "value_inc_vat", "threshold", "at_or_above",
                                     "kind")} == {
        "value": 180000, "value_inc_vat": 216000, "threshold": 207720, "at_or_above": True,
        "kind": "goods and services",
    }  # fmt: skip
    assert document["rule"] == (
        "£180,000 + VAT at 20% = £216,000: at or above the goods and services threshold of "
        "£207,720 for a procurement commencing 1 Feb 2026"
    )


def test_inc_vat_compares_the_value_as_given(db_file: str) -> None:
    document = _json("180000", "--kind", "goods", "--on", "2026-02-01", "--inc-vat",
                     "--db", db_file)  # fmt: skip
    assert (document["value_inc_vat"], document["at_or_above"]) == (180000, False)


def test_a_cpv_code_classifies_the_purchase(db_file: str) -> None:
    """Procurement Regulations 2024 reg. 42 and Sch. 1: catering (CPV 55520000) is a
    light-touch service, judged by the £663,540 threshold."""
    document = _json("600000", "--cpv", "55520000-1", "--on", "2026-02-01", "--inc-vat",
                     "--db", db_file)  # fmt: skip
    assert (document["kind"], document["threshold"], document["cpv"]) == (
        "light touch", 663540, "55520000",
    )  # fmt: skip
    assert document["at_or_above"] is False
    works = _json("6000000", "--cpv", "45210000", "--on", "2026-02-01", "--db", db_file)
    assert (works["kind"], works["threshold"], works["at_or_above"]) == ("works", 5193000, True)


def test_the_threshold_row_is_picked_by_the_day_given(db_file: str) -> None:
    document = _json("180000", "--kind", "goods", "--on", "2025-06-01", "--inc-vat",
                     "--db", db_file)  # fmt: skip
    assert document["threshold"] == 214904


def test_the_words_without_json(db_file: str) -> None:
    result = run("dates", "threshold", "£650k", "--kind", "light-touch", "--on", "2026-02-01",
                 "--db", db_file)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == (
        "£650,000 (VAT not recorded: read as excluding VAT) + VAT at 20% = £780,000: at or "
        "above the light touch threshold of £663,540 for a procurement commencing 1 Feb 2026"
    )


def test_bad_input_gets_a_clear_error(db_file: str) -> None:
    cases = [
        (("abc", "--kind", "goods"), "'abc' is not an amount of money"),
        (("TBC", "--kind", "goods"), "'TBC' is not an amount"),
        (("£-5", "--kind", "goods"), "negative"),
        (("5", "--kind", "goods", "--on", "31/02/2026"), "not a real date"),
        (("5", "--kind", "furniture"), "'furniture' is not one of"),
        (("5",), "--kind goods, works or light-touch, or --cpv CODE"),
        (("5", "--kind", "goods", "--cpv", "45000000"), "not both"),
        (("5", "--cpv", "catering"), "'catering' is not a CPV code"),
        (("5", "--kind", "goods", "--on", "2020-01-01"), "no threshold is in force on 1 Jan 2020"),
    ]
    for args, message in cases:
        result = run("dates", "threshold", *args, "--db", db_file)
        assert result.exit_code != 0, args
        assert message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.output


def test_the_vat_rate_is_the_setting_and_a_bad_one_is_refused(db_file: str) -> None:
    """The standard rate is data: changed with planner rules set setting, within 0-100."""
    assert run("rules", "set", "setting", "vat_rate_percent", "15", "--db", db_file).exit_code == 0
    document = _json("180000", "--kind", "goods", "--on", "2026-02-01", "--db", db_file)
    assert document["value_inc_vat"] == 207000
    refused = run("rules", "set", "setting", "vat_rate_percent", "150", "--db", db_file)
    assert refused.exit_code != 0
    assert "vat_rate_percent must be a whole number from 0 to 100" in refused.stderr
