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
    text = " ".join(_header(name))
    assert "SI 2024/692" in text
    assert "legislation.gov.uk" in text
    assert "VERIFIED" in text
    assert "NOT VERIFIED against the authority" in text


def _header(name: str) -> list[str]:
    lines = (reference_dir() / name).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.startswith("#")]


@pytest.mark.parametrize(
    ("code", "what"),
    [
        ("79957000-7", "auction organisation services: after the annex's 79950000 to 79956000"),
        ("75131100-4", "general personnel services for the government: after 75131000"),
    ],
)
def test_a_code_the_annex_does_not_name_is_not_light_touch(code: str, what: str) -> None:
    """Directive 2014/24/EU Annex XIV (PCR 2015 Sch. 3), which Procurement Regulations 2024
    Sch. 1 keeps: the annex names 79950000, 79951000, 79952000, 79952100, 79953000,
    79954000, 79955000 and 79956000 one by one, not their parent's other child 79957000,
    and runs "from 75125000-8 to 75131000-3", which stops before 75131100 (CPV 2008). A
    list line must not cover more than the annex names."""
    found = classify(code, None, code_lists())
    assert found.kind is GOODS, what


# The codes reserved to public service mutuals (Directive 2014/24/EU Art. 77, as the EU
# Publications Office's eForms SDK checks them in rule BR-0075): all are in Annex XIV.
RESERVED = [
    "75121000", "75122000", "75123000", "79622000", "79624000", "79625000", "80110000",
    "80300000", "80420000", "80430000", "80511000", "80520000", "80590000", "85000000",
    "85100000", "85200000", "85312000", "85323000", "92500000", "92600000", "98133000",
    "98133110",
]  # fmt: skip


@pytest.mark.parametrize("code", RESERVED)
def test_every_code_reserved_to_mutuals_is_light_touch(code: str) -> None:
    """Procurement Regulations 2024 reg. 42(2): a reservable service is one of Table 1 of
    Sch. 1; Directive 2014/24/EU Art. 77 (eForms SDK rule BR-0075) reserves these codes, all
    from Annex XIV ("from 85000000-9 to 85323000-9" sampled at its groups and ends)."""
    assert classify(code, None, code_lists()).kind is LIGHT


# Each listed code's own description in the CPV 2008 vocabulary (Commission Regulation (EC)
# No 213/2008), as read for the list's header.
CPV_2008 = {
    "55400000": "Beverage-serving services",
    "55510000": "Canteen services",
    "55520000": "Catering services",
    "64000000": "Postal and telecommunications services",
    "64100000": "Post and courier services",
    "64110000": "Postal services",
    "64122000": "Internal office mail and messenger services",
    "75000000": "Administration, defence and social security services",
    "75100000": "Administration services",
    "75110000": "General public services",
    "75120000": "Administrative services of agencies",
    "75130000": "Supporting services for the government",
    "75131000": "Government services",
    "75200000": "Provision of services to the community",
    "75300000": "Compulsory social security services",
    "79430000": "Crisis management services",
    "79611000": "Job search services",
    "79622000": "Supply services of domestic help personnel",
    "79624000": "Supply services of nursing personnel",
    "79625000": "Supply services of medical personnel",
    "79700000": "Investigation and security services",
    "79950000": "Exhibition, fair and congress organisation services",
    "79951000": "Seminar organisation services",
    "79952000": "Event services",
    "79953000": "Festival organisation services",
    "79954000": "Party organisation services",
    "79955000": "Fashion shows organisation services",
    "79956000": "Fair and exhibition organisation services",
    "79995000": "Library management services",
    "80000000": "Education and training services",
    "85000000": "Health and social work services",
    "98000000": "Other community, social and personal services",
    "98113100": "Nuclear safety services",
    "98120000": "Services furnished by trade unions",
    "98130000": "Miscellaneous membership organisations services",
    "98133000": "Services furnished by social membership organisations",
    "98200000": "Equal opportunities consultancy services",
    "98500000": "Private households with employed persons",
    "98513000": "Manpower services for households",
    "98514000": "Domestic services",
    "98900000": "Services provided by extra-territorial organisations and bodies",
}


def test_each_checked_line_carries_the_cpv_description_of_its_code() -> None:
    """CPV 2008 (Commission Regulation (EC) No 213/2008): the code lists of the Procurement
    Regulations 2024 name CPV codes, so each line's description is the vocabulary's own
    description of that code, not a group's label."""
    lines = [
        line for line in (reference_dir() / "cpv_light_touch.csv").read_text().splitlines()
        if line and not line.startswith("#")
    ][1:]  # fmt: skip
    held = {}
    for line in lines:
        code, _, description = line.split(",", 2)
        held[code] = description.strip('"')
    assert {code: held.get(code) for code in CPV_2008} == CPV_2008
