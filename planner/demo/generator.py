"""Generate a realistic but clearly synthetic contract register from a seed.

The same generator makes the demo database and the 1,500 and 50,000 contract benchmark
sets, so what is measured is what a user sees. Every supplier name is invented.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from planner.domain.codes import Regime, Risk, Status
from planner.domain.contract import Contract

# department -> (share of contracts, [(title, category, cpv)])
CATALOGUE: dict[str, tuple[float, list[tuple[str, str, str]]]] = {
    "Estates": (
        0.20,
        [
            ("Cleaning services", "Facilities services", "90910000"),
            ("Grounds maintenance", "Facilities services", "77314000"),
            ("Lift maintenance", "Building maintenance", "50750000"),
            ("Fire alarm servicing", "Building maintenance", "50413200"),
            ("Reactive building repairs", "Construction works", "45453000"),
            ("Waste collection", "Facilities services", "90500000"),
            ("Security guarding", "Facilities services", "79713000"),
            ("Custody suite refurbishment", "Construction works", "45210000"),
            ("Electricity supply", "Utilities", "09310000"),
            ("Gas supply", "Utilities", "09123000"),
        ],
    ),
    "ICT": (
        0.18,
        [
            ("Mobile data devices", "ICT hardware", "32250000"),
            ("Productivity software licences", "ICT software", "48000000"),
            ("Body-worn video storage", "ICT services", "72317000"),
            ("Network support", "ICT services", "72700000"),
            ("Managed print service", "ICT services", "79520000"),
            ("Cyber security monitoring", "ICT services", "72212732"),
            ("Command and control system support", "ICT software", "48810000"),
            ("Airwave handsets", "ICT hardware", "32344210"),
        ],
    ),
    "HR": (
        0.10,
        [
            ("Occupational health service", "Health services (light touch)", "85140000"),
            ("Employee assistance programme", "Health services (light touch)", "85312300"),
            ("Recruitment advertising", "Professional services", "79341000"),
            ("Payroll system", "ICT software", "48450000"),
            ("Vetting checks", "Professional services", "79714000"),
        ],
    ),
    "Learning & Development": (
        0.09,
        [
            ("Driver training", "Education and training (light touch)", "80411200"),
            ("Public order training venue", "Education and training (light touch)", "80500000"),
            ("First aid training", "Education and training (light touch)", "80562000"),
            ("E-learning platform", "ICT software", "48190000"),
            ("Leadership development", "Education and training (light touch)", "80532000"),
        ],
    ),
    "HQ Crime": (
        0.12,
        [
            ("Forensic science services", "Forensic services", "71900000"),
            ("Digital forensics", "Forensic services", "72300000"),
            ("Interpreting services", "Professional services", "79540000"),
            ("Covert surveillance equipment", "Specialist equipment", "35125000"),
            ("Toxicology testing", "Forensic services", "85145000"),
            ("Telephone data analysis", "Professional services", "72316000"),
        ],
    ),
    "Fleet": (
        0.10,
        [
            ("Vehicle leasing", "Vehicles", "34100000"),
            ("Tyres and fitting", "Vehicles", "34350000"),
            ("Fuel cards", "Fuel", "30163100"),
            ("Vehicle conversions", "Vehicles", "34114200"),
            ("Vehicle recovery", "Vehicles", "50118110"),
        ],
    ),
    "Procurement": (
        0.09,
        [
            ("Stationery", "Office supplies", "30190000"),
            ("Uniform and body armour", "Uniform", "18200000"),
            ("Travel management", "Professional services", "63510000"),
            ("Translation of documents", "Professional services", "79530000"),
        ],
    ),
    "Finance": (
        0.06,
        [
            ("Insurance broking", "Financial services", "66518100"),
            ("Banking services", "Financial services", "66110000"),
            ("External audit support", "Professional services", "79212000"),
        ],
    ),
    "Custody": (
        0.06,
        [
            ("Custody healthcare", "Health services (light touch)", "85100000"),
            ("Detainee meals", "Catering", "55520000"),
            ("Custody cleaning", "Facilities services", "90911200"),
        ],
    ),
}
PREFIXES = (
    "Pennine", "Ribble", "Fylde", "Bowland", "Lune", "Calder", "Wyre", "Hodder", "Northgate",
    "Redrose", "Brightwater", "Greyfriars", "Kestrel", "Harbourside", "Summit", "Moorland",
    "Irwell", "Mersey Vale", "Millstone", "Oakfield", "Lantern", "Heronsgate", "Saltmarsh",
)  # fmt: skip
SUFFIXES = (
    "Facilities Ltd",
    "Systems Ltd",
    "Services Ltd",
    "Training CIC",
    "Solutions plc",
    "Partnership LLP",
    "Consulting Ltd",
    "Group Ltd",
    "Trust",
    "Technologies Ltd",
)
LOCALITIES = (("Lancashire", 0.40), ("North West", 0.14), ("Yorkshire", 0.10), ("National", 0.36))
FRAMEWORKS = (
    "CCS RM6154 Facilities Management", "CCS RM6068 Technology Products", "BlueLight Commercial "
    "Vehicle Leasing", "NW Police Collaboration (s.22A) Forensics", "YPO Office Supplies",
    "CCS RM6100 Technology Services", "ESPO Fuel Cards",
)  # fmt: skip
OWNERS = ("J. Patel", "S. Hughes", "M. O'Brien", "K. Walsh", "R. Ahmed", "L. Turner",
          "D. Kowalski", "C. Bennett", "P. Nwosu", "T. Fletcher")  # fmt: skip
NOTICE_PERIODS = ("P1M", "P3M", "P3M", "P6M", "P90D", "P30D", "P84D", "P12M", None)
OFFICERS = ("A. Khan", "B. Shaw", "C. Doyle", "D. Rahman", "E. Lloyd", "F. Murray", "G. Singh")
ROUTE_FOR_DECISION = {
    "extend": "extension", "re-tender": "open", "call-off": "framework-direct-award",
    "collaborate": "collaborate", "terminate": "terminate", "in-house": "in-house",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class DemoSpec:
    """What to generate: the seed, how many contracts, and the window of end dates."""

    seed: int = 2026
    contracts: int = 450
    first_end: date = date(2024, 1, 1)
    last_end: date = date(2028, 12, 31)


def _pick_weighted(rng: random.Random, options: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([o for o, _ in options], [w for _, w in options])[0]


def generate_contracts(spec: DemoSpec = DemoSpec()) -> Iterator[Contract]:
    """Yield `spec.contracts` synthetic contracts; the same spec always gives the same ones."""
    rng = random.Random(spec.seed)
    departments = list(CATALOGUE)
    weights = [CATALOGUE[d][0] for d in departments]
    counters: dict[str, int] = {}
    for _ in range(spec.contracts):
        department = rng.choices(departments, weights)[0]
        counters[department] = counters.get(department, 0) + 1
        yield _contract(rng, spec, department, f"{_code(department)}-{counters[department]:05d}")


# The helpers below draw from `rng` in a fixed order (argument order, left to right): the
# same seed must keep giving the same programme, so reorder nothing.


@dataclass(frozen=True, slots=True)
class _Term:
    start: date
    end: date
    annual: int
    total: int
    extension_years: int


def _term(rng: random.Random, spec: DemoSpec) -> _Term:
    end = spec.first_end + timedelta(days=rng.randrange((spec.last_end - spec.first_end).days))
    years = rng.choice((1, 2, 2, 3, 3, 4, 5))
    start = date(end.year - years, end.month, 1) + timedelta(days=rng.randrange(28))
    if start >= end:
        start = end - timedelta(days=365)
    annual = int(round(10 ** rng.uniform(3.4, 6.4), -2)) * 100  # £2.5k to £2.5m a year
    return _Term(start, end, annual, annual * years, rng.choice((0, 0, 1, 2)))


def _contract(rng: random.Random, spec: DemoSpec, department: str, ref: str) -> Contract:
    title, category, cpv = rng.choice(CATALOGUE[department][1])
    term = _term(rng, spec)
    supplier = f"{rng.choice(PREFIXES)} {rng.choice(SUFFIXES)}"
    framework = rng.choice(FRAMEWORKS) if rng.random() < 0.35 else None
    decision = rng.choice(list(ROUTE_FOR_DECISION)) if rng.random() < 0.2 else None
    place = rng.choice(("HQ", "Eastern", "Western", "Southern", "force-wide"))
    return Contract(
        ref=ref,
        department=department,
        title=f"{title} ({place})",
        supplier=supplier,
        **_supplier_facts(rng, supplier),
        category=category,
        cpv=cpv,
        route=ROUTE_FOR_DECISION[decision] if decision else None,
        framework=framework,
        collaborative=framework is not None or rng.random() < 0.1,
        lead_body="BlueLight Commercial" if framework and "BlueLight" in framework else None,
        regime=Regime.PCR2015 if term.start < date(2025, 2, 24) else Regime.PA2023,
        start_date=term.start,
        **_term_facts(rng, term),
        **_people(rng, department, decision),
        notes="Synthetic demo record",
    )


def _supplier_facts(rng: random.Random, supplier: str) -> dict[str, Any]:
    return {
        "supplier_company_no": f"{rng.randrange(10**7):08d}" if rng.random() < 0.8 else None,
        "sme": rng.random() < 0.45,
        "vcse": supplier.endswith(("CIC", "Trust")),
        "locality": _pick_weighted(rng, LOCALITIES),
    }


def _term_facts(rng: random.Random, term: _Term) -> dict[str, Any]:
    extended = _add_years(term.end, term.extension_years) if term.extension_years else None
    return {
        "end_date": None if rng.random() < 0.04 else term.end,
        "max_end_date": extended,
        "notice_period": rng.choice(NOTICE_PERIODS),
        "annual_value": None if rng.random() < 0.04 else term.annual,
        "total_value": None if rng.random() < 0.3 else term.total,
    }


def _people(rng: random.Random, department: str, decision: str | None) -> dict[str, Any]:
    return {
        "owner": None if rng.random() < 0.05 else rng.choice(OWNERS),
        "managed_by_procurement": department == "Procurement" or rng.random() < 0.2,
        "status": Status.DECIDED if decision else Status.ACTIVE,
        "decision": decision,
        "officer": rng.choice(OFFICERS) if decision or rng.random() < 0.3 else None,
        "risk": rng.choice((Risk.LOW, Risk.LOW, Risk.MEDIUM, Risk.MEDIUM, Risk.HIGH)),
        "priority": rng.choice((None, None, 1, 2, 3, 3, 4, 5)),
    }


def _code(department: str) -> str:
    return {"Learning & Development": "LND", "HQ Crime": "HQC", "Procurement": "PRC"}.get(
        department, department[:3].upper()
    )


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


DEMO_DEPARTMENTS = tuple(CATALOGUE)
