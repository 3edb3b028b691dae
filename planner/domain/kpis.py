"""The strategy's annual KPIs as pure arithmetic over a year's totals (docs/guide/briefs.md, KPIs).

Totals come in already summed (the store does that in SQL); this module only divides, and
says "not available" (None) instead of dividing by zero.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from planner.domain.dates import format_date
from planner.domain.money import format_money, parse_money
from planner.domain.words import plural
from planner.errors import ValidationError

BENEFIT_TYPES: dict[str, str] = {
    "saving": "Saving",
    "cost-avoidance": "Cost avoidance",
    "service-value": "Service value",
    "social-value": "Social value",
}

# ---------------------------------------------------------------- financial years

_YEAR = re.compile(r"^(?:fy\s*)?(\d{4}|\d{2})\s*[/\-]\s*(\d{4}|\d{2})$")


@dataclass(frozen=True, slots=True, order=True)
class FinancialYear:
    """A UK public-sector financial year, 1 April to 31 March, written '2025/26'."""

    first: int  # the calendar year it starts in

    @classmethod
    def parse(cls, text: str) -> FinancialYear:
        """Read '2025/26', '2025-26', '2025/2026' or 'FY25/26'."""
        match = _YEAR.match(text.strip().lower())
        if not match:
            raise ValidationError(f"'{text}' is not a financial year (write it as 2025/26)")
        first = int(match[1]) + (2000 if len(match[1]) == 2 else 0)
        second = int(match[2])
        expected = first + 1 if len(match[2]) == 4 else (first + 1) % 100
        if second != expected:
            raise ValidationError(f"'{text}' is not a financial year: the years must follow on")
        if not 2000 <= first <= 2100:
            raise ValidationError(f"'{text}' is out of range (2000/01 to 2100/01)")
        return cls(first)

    @classmethod
    def containing(cls, day: date) -> FinancialYear:
        """The financial year `day` falls in."""
        return cls(day.year if day.month >= 4 else day.year - 1)

    @property
    def start(self) -> date:
        """1 April."""
        return date(self.first, 4, 1)

    @property
    def end(self) -> date:
        """31 March of the next calendar year."""
        return date(self.first + 1, 3, 31)

    @property
    def label(self) -> str:
        """'2025/26'."""
        return f"{self.first}/{(self.first + 1) % 100:02d}"

    def previous(self) -> FinancialYear:
        """The year before."""
        return FinancialYear(self.first - 1)

    def __str__(self) -> str:
        return self.label


def quarter_label(day: date) -> str:
    """The financial-year quarter of `day`: 'Q1 2026/27' for April to June 2026."""
    year = FinancialYear.containing(day)
    return f"Q{(day.month - 4) % 12 // 3 + 1} {year.label}"


# ---------------------------------------------------------------- what counts as local

LANCASHIRE = "Lancashire"
NORTH_WEST = "North West"
# Locality words in registers and ledgers, read case-insensitively. North West includes
# Lancashire, as the strategy's baseline does (43% Lancashire, 53% North West).
LOCALITY_WORDS: dict[str, str] = {
    "lancashire": LANCASHIRE,
    "lancs": LANCASHIRE,
    "north west": NORTH_WEST,
    "northwest": NORTH_WEST,
    "north-west": NORTH_WEST,
    "nw": NORTH_WEST,
}
_POSTCODE = re.compile(r"^([A-Z]{1,2})(\d{1,2})[A-Z]?(?:\s*\d[A-Z]{2})?$")
_AREA_OR_DISTRICT = re.compile(r"^[A-Z]{1,2}(\d{1,2})?$")


@dataclass(frozen=True, slots=True)
class PostcodeAreas:
    """Which region a postcode area ('PR') or district ('PR8') counts as: Lancashire, North
    West or neither (None). Held as data with its source in reference/postcode_areas.csv
    (docs/rules.md, "Local suppliers by postcode")."""

    regions: Mapping[str, str | None]

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str]]) -> PostcodeAreas:
        """Build the table from (area or district, region) rows; a bad row is an error."""
        regions: dict[str, str | None] = {}
        for code, region in rows:
            key, name = code.strip().upper(), region.strip()
            if not _AREA_OR_DISTRICT.match(key):
                raise ValidationError(f"'{code}' is not a postcode area or district")
            if name not in (LANCASHIRE, NORTH_WEST, ""):
                raise ValidationError(
                    f"'{region}' for {key} is not {LANCASHIRE}, {NORTH_WEST} or empty"
                )
            if key in regions:
                raise ValidationError(f"postcode {key} is listed twice")
            regions[key] = name or None
        return cls(regions)

    def region_of(self, postcode: str | None) -> str | None:
        """Lancashire, North West, or None, from a UK postcode (or its outward code): the
        district's row if it has one, else its area's."""
        if not postcode:
            return None
        match = _POSTCODE.match(postcode.strip().upper())
        if not match:
            return None
        area, district = match[1], f"{match[1]}{int(match[2])}"
        if district in self.regions:
            return self.regions[district]
        return self.regions.get(area)


def region_of_locality(text: str | None) -> str | None:
    """Lancashire, North West, or None for anywhere else or not known."""
    if not text:
        return None
    return LOCALITY_WORDS.get(" ".join(text.strip().lower().split()))


# ---------------------------------------------------------------- arithmetic


def share(part: int, whole: int) -> Decimal | None:
    """`part` as a percentage of `whole`; None (not available) when whole is not positive."""
    if whole <= 0:
        return None
    return Decimal(part) * 100 / Decimal(whole)


def spend_share(part: int, whole: int) -> Decimal | None:
    """`part` of a year's net spend as a percentage; None (not available) when the spend nets
    to nothing or less, or when credits leave the part above the whole or below nothing."""
    return None if out_of_share(part, whole) else share(part, whole)


def out_of_share(part: int, whole: int) -> str | None:
    """Why `part` of a positive net `whole` is no share: 'would read over 100%' when credits
    outside the part outweigh the rest of the spend ('below 0%' when they are inside it)."""
    if whole <= 0:
        return None
    if part > whole:
        return "would read over 100%"
    if part < 0:
        return "would read below 0%"
    return None


def ratio(first: int, second: int) -> Decimal | None:
    """`first` per one of `second`; None (not available) when second is not positive."""
    if second <= 0:
        return None
    return Decimal(first) / Decimal(second)


@dataclass(frozen=True, slots=True)
class YearTotals:
    """Everything the KPIs are computed from, for one financial year (pence and counts)."""

    year: FinancialYear
    # The day contracts are counted up to while the year is still running (today): one
    # that starts later is not awarded yet. None once the year is over.
    counted_to: date | None = None
    benefits: Mapping[str, int] = field(default_factory=dict)  # pence by benefit type
    benefit_records: int = 0
    claims: int = 0  # pence
    claim_records: int = 0
    awarded: int = 0  # contracts starting in the year, up to counted_to
    awarded_collaborative: int = 0
    awarded_local: int = 0  # to Lancashire or North West suppliers
    spend_lines: int = 0
    spend: int = 0  # pence, net of credits
    spend_covered: int = 0  # paid to suppliers matched to a contract
    spend_lancashire: int = 0
    spend_north_west: int = 0  # includes Lancashire
    spend_collaborative: int = 0  # paid under collaborative contracts
    managed_by_procurement: int = 0  # contracts, on the day the brief is for


@dataclass(frozen=True, slots=True)
class Kpi:
    """One KPI for a year, beside its 2023 baseline, with how it was worked out."""

    key: str
    name: str
    unit: str  # money | percent | ratio | count
    value: int | Decimal | None  # None: not available
    how: str
    baseline: int | Decimal | None = None
    annual: bool = True  # one of the strategy's annual KPIs (else a baseline measure)
    target: int | Decimal | None = None  # the year's target, a manager's to set

    @property
    def met(self) -> bool | None:
        """Whether the value meets the target (None: no target or no value). Claims are
        better lower; every other measure higher (docs/rules.md, "KPI targets")."""
        if self.target is None or self.value is None:
            return None
        if self.key in LOWER_IS_BETTER:
            return self.value <= self.target
        return self.value >= self.target


# Measures where less is better: a target is a ceiling, not a floor.
LOWER_IS_BETTER = frozenset({"claims"})


def _money(pence: int) -> str:
    # Payments can net below zero (credit notes): the sign goes before the pound sign.
    return ("-" if pence < 0 else "") + format_money(abs(pence))


def compute_kpis(
    totals: YearTotals,
    baselines: Mapping[str, int | Decimal],
    targets: Mapping[str, int | Decimal] | None = None,
) -> list[Kpi]:
    """The annual KPIs and the spend measures of the strategy for `totals.year`, each with
    its baseline and (where one is set for the year) its target."""
    year = totals.year.label
    benefit = {kind: totals.benefits.get(kind, 0) for kind in BENEFIT_TYPES}
    savings, avoided, service = (
        benefit["saving"], benefit["cost-avoidance"], benefit["service-value"]
    )  # fmt: skip
    # While the year runs, only contracts started by today count (docs/rules.md, "The
    # strategy this serves").
    so_far = format_date(totals.counted_to) if totals.counted_to else None
    starting = f"starting in {year}" + (f" up to {so_far}" if so_far else "")
    no_awards = (
        f"No contracts have started in {year} by {so_far}" if so_far
        else f"No contracts start in {year}"
    ) + ", so there is nothing to divide by."  # fmt: skip
    no_spend = (
        f"No spend is imported for {year} (planner import-spend), so there is nothing to divide by."
        if totals.spend_lines == 0
        else f"The {year} payments net to {_money(totals.spend)}, so there is nothing to divide by."
    )

    def spend_kpi(key: str, name: str, part: int, what: str) -> Kpi:
        # Not available when the payments net to nothing or less, or when credit notes
        # leave the part outside 0..100% of the net spend.
        how = no_spend if totals.spend <= 0 else (
            f"{_money(part)} {what} out of {_money(totals.spend)} spend in "
            f"{plural(totals.spend_lines, 'payment')} dated in {year}."
        )  # fmt: skip
        if problem := out_of_share(part, totals.spend):
            how += f" Credit notes outweigh the other payments, so a share {problem}."
        return Kpi(key, name, "percent", spend_share(part, totals.spend), how, annual=False)

    kpis = [
        Kpi(
            "savings", "Annual value of procurement savings", "money", savings,
            f"Sum of {year} benefits recorded as savings "
            f"({plural(totals.benefit_records, 'benefit record')} of all types in the year).",
        ),
        Kpi(
            "benefit_ratio", "Ratio of savings to cost avoidance and service value", "ratio",
            ratio(savings, avoided + service),
            f"Savings {_money(savings)} divided by cost avoidance {_money(avoided)} plus "
            f"service value {_money(service)}."
            + ("" if avoided + service else " With neither recorded there is no ratio."),
        ),
        Kpi(
            "collaborative_awards",
            "Contracts awarded in collaboration with other public bodies", "percent",
            share(totals.awarded_collaborative, totals.awarded),
            f"{plural(totals.awarded_collaborative, 'contract')} marked collaborative out of "
            f"{plural(totals.awarded, 'contract')} {starting}."
            if totals.awarded else no_awards,
        ),
        Kpi(
            "local_awards", "Contracts awarded to local suppliers", "percent",
            share(totals.awarded_local, totals.awarded),
            f"{plural(totals.awarded_local, 'contract')} with a Lancashire or North West "
            f"supplier out of {plural(totals.awarded, 'contract')} {starting}."
            if totals.awarded else no_awards,
        ),
        Kpi(
            "claims", "Value of supplier claims", "money", totals.claims,
            f"Sum of {plural(totals.claim_records, 'supplier claim')} dated in {year}.",
        ),
        Kpi(
            "social_value", "In-year social value benefits", "money", benefit["social-value"],
            f"Sum of {year} benefits recorded as social value.",
        ),
        Kpi(
            "spend", "Spend on goods and services", "money",
            totals.spend if totals.spend_lines else None,
            f"Sum of {plural(totals.spend_lines, 'payment')} dated in {year}."
            if totals.spend_lines
            else f"No spend is imported for {year} (planner import-spend).",
            annual=False,
        ),
        spend_kpi(
            "spend_covered", "Spend covered by contracts",
            totals.spend_covered, "paid to suppliers matched to a contract",
        ),
        spend_kpi(
            "local_spend_lancashire", "Local spend: Lancashire",
            totals.spend_lancashire, "paid to Lancashire suppliers",
        ),
        spend_kpi(
            "local_spend_north_west", "Local spend: North West (including Lancashire)",
            totals.spend_north_west, "paid to North West suppliers",
        ),
        spend_kpi(
            "collaborative_spend", "Spend through collaborative arrangements",
            totals.spend_collaborative, "paid under collaborative contracts",
        ),
        Kpi(
            "managed_contracts", "Contracts managed by Procurement", "count",
            totals.managed_by_procurement,
            "Open contracts on the register marked as managed by Procurement.",
            annual=False,
        ),
    ]  # fmt: skip
    aims = targets or {}
    return [
        Kpi(k.key, k.name, k.unit, k.value, k.how, baselines.get(k.key), k.annual,
            aims.get(k.key))
        for k in kpis
    ]  # fmt: skip


def kpi_measures() -> dict[str, tuple[str, str]]:
    """Every KPI's key with its name and unit, from the one list compute_kpis makes."""
    return {k.key: (k.name, k.unit) for k in compute_kpis(YearTotals(FinancialYear(2000)), {})}


def parse_kpi_value(key: str, text: str) -> int | Decimal:
    """A baseline or target typed for KPI `key`, in the form it is held: pence for money
    ('£1.5m'), a percentage from 0 to 100 ('94' or '94%'), a ratio, or a whole count."""
    measures = kpi_measures()
    if key not in measures:
        raise ValidationError(f"'{key}' is not a KPI (choose from {', '.join(measures)})")
    unit = measures[key][1]
    raw = text.strip()
    if unit == "money":
        pence = parse_money(raw)
        if pence is None or pence < 0:
            raise ValidationError(f"'{text}' is not an amount of money (try £1.5m or 150000)")
        return pence
    try:
        number = Decimal(raw.removesuffix("%").replace(",", "").strip())
    except ArithmeticError:
        number = Decimal(-1)
    if not number.is_finite() or number < 0 or (unit == "percent" and number > 100):
        wanted = "a percentage from 0 to 100" if unit == "percent" else "a number, 0 or more"
        raise ValidationError(f"'{text}' is not {wanted}")
    if unit == "count":
        if number != number.to_integral_value():
            raise ValidationError(f"'{text}' is not a whole number")
        return int(number)
    return int(number) if number == number.to_integral_value() else number
