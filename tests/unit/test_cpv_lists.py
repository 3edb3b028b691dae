"""The shipped works and light-touch code lists classify the codes a guess from the words
would get wrong (reference/cpv_*.csv; docs/rules.md, "Thresholds")."""

from __future__ import annotations

import pytest

from planner.domain.codes import ProcurementKind
from planner.domain.cpv import classify
from planner.resources import reference_dir
from planner.store.reference import code_lists

LIGHT, GOODS, WORKS = ProcurementKind.LIGHT_TOUCH, ProcurementKind.GOODS, ProcurementKind.WORKS


@pytest.mark.parametrize(
    ("code", "kind", "what"),
    [
        ("79710000-4", LIGHT, "security services: investigation and security services"),
        ("79714000-2", LIGHT, "surveillance services, under 79700000"),
        ("90910000-9", GOODS, "cleaning services: not light touch, though security is"),
        ("64120000-3", GOODS, "courier services: not among the postal services listed"),
        ("64110000-0", LIGHT, "postal services"),
        ("55520000-1", LIGHT, "catering services: hotel, restaurant and catering"),
        ("80000000-4", LIGHT, "education and training services, 80000000 to 80660000"),
        ("85312400-3", LIGHT, "welfare services, within 85000000 to 85323000"),
        ("98513000-2", LIGHT, "manpower services for households"),
        ("98510000-1", GOODS, "services of commercial and industrial workers: not listed"),
        ("45000000-7", WORKS, "construction work, CPV division 45"),
        ("45453000-7", WORKS, "overhaul and refurbishment work, within division 45"),
        ("50700000-2", GOODS, "repair and maintenance of building installations: not 45"),
        ("72000000-5", GOODS, "IT services, however 'ICT networks' reads"),
    ],
)
def test_a_code_is_classified_by_the_lists_not_by_a_guess(
    code: str, kind: ProcurementKind, what: str
) -> None:
    """Procurement Regulations 2024 reg. 42 and Sch. 1 Table 1 (light touch services, as
    Directive 2014/24/EU Annex XIV and PCR 2015 Sch. 3 listed them: health and social work
    "from 85000000-9 to 85323000-9", investigation and security services, but not cleaning),
    and reg. 45 and Sch. 3 (works: CPV division 45, construction)."""
    assert classify(code, None, code_lists()).kind is kind, what


@pytest.mark.parametrize("name", ["cpv_light_touch.csv", "cpv_works.csv"])
def test_each_list_names_its_sources_and_what_was_not_verified(name: str) -> None:
    """Procurement Regulations 2024 regs. 42 and 45: the lists are data with their source,
    and say which lines were checked against what, so a reader knows what to trust."""
    head = [
        line for line in (reference_dir() / name).read_text(encoding="utf-8").splitlines()
        if line.startswith("#")
    ]  # fmt: skip
    text = " ".join(head)
    assert "SI 2024/692" in text
    assert "legislation.gov.uk" in text
    assert "VERIFIED against those" in text
    assert "NOT VERIFIED line by line" in text
