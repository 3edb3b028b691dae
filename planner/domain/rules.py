"""Procurement rules held as data: dated thresholds and the numbers behind each flag."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from planner.domain.codes import CLOSED_STATUSES, FlagCode, ProcurementKind, Severity
from planner.domain.contract import Contract
from planner.domain.cpv import CodeLists
from planner.domain.money import format_pounds
from planner.domain.notice import notice_due, notice_label, serve_by_for
from planner.domain.thresholds import ThresholdTest, contract_kind, threshold_test
from planner.domain.words import plural


@dataclass(frozen=True, slots=True)
class Threshold:
    """Procurement Act thresholds (VAT inclusive, sub-central) for procurements in a span."""

    starts: date
    ends: date | None
    goods_services: int
    works: int
    light_touch: int

    def covers(self, day: date) -> bool:
        """True if a procurement starting on `day` uses this row."""
        return self.starts <= day and (self.ends is None or day <= self.ends)

    def for_kind(self, kind: ProcurementKind) -> int:
        """The threshold for a contract of this kind."""
        if kind is ProcurementKind.WORKS:
            return self.works
        if kind is ProcurementKind.LIGHT_TOUCH:
            return self.light_touch
        return self.goods_services


# Defaults, mirrored by the seed rows in schema/0001_initial.sql (docs/rules.md, "Thresholds").
DEFAULT_THRESHOLDS: tuple[Threshold, ...] = (
    Threshold(date(2024, 1, 1), date(2025, 12, 31), 21_490_400, 537_260_900, 66_354_000),
    Threshold(date(2026, 1, 1), None, 20_772_000, 519_300_000, 66_354_000),
)


@dataclass(frozen=True, slots=True)
class Rules:
    """The editable numbers every flag is judged by."""

    thresholds: Sequence[Threshold] = DEFAULT_THRESHOLDS
    notifiable_pence: int = 3_000_000  # £30,000: contract details notice below threshold
    kpi_required_pence: int = 500_000_000  # £5m: at least 3 KPIs, published yearly
    notice_warning_days: int = 30
    # £10,000: police bodies publish every contract over this (docs/rules.md, "Regimes and
    # notices").
    police_publication_pence: int = 1_000_000
    # Days before the end it extends by which an extension option is decided (docs/rules.md,
    # "Extension options").
    option_decision_days: int = 90
    deemed_service_days: int = 0  # working days before the serve-by day notice is deemed served
    team_calendar: str = "ENG"  # where the team works: its bank holidays reduce capacity
    extra: dict[str, str] = field(default_factory=dict)
    vat_rate_percent: Decimal = Decimal(20)  # standard rate, setting `vat_rate_percent`
    code_lists: CodeLists = field(default_factory=CodeLists)  # reference/cpv_*.csv

    def threshold_on(self, day: date) -> Threshold | None:
        """The threshold row for a procurement started on `day`: of the rows covering it, the
        one that starts latest (a new row supersedes an earlier one left open-ended)."""
        found: Threshold | None = None
        for row in self.thresholds:
            if row.covers(day) and (found is None or row.starts > found.starts):
                found = row
        return found


def _over_term(annual: int, start: date | None, end: date | None) -> int | None:
    # The annual value over the term from `start` to `end` (a year at least).
    if start and end and end > start:
        years = max(1.0, ((end - start).days + 1) / 365.25)
        return round(annual * years)
    return None


def whole_life_value(contract: Contract) -> int | None:
    """Estimated whole-life value in pence: the total if known, else annual x term."""
    c = contract
    return whole_life_of(c.total_value, c.annual_value, c.start_date, c.end_date, c.max_end_date)


def whole_life_of(
    total: int | None, annual: int | None, start: date | None, end: date | None,
    max_end: date | None,
) -> int | None:  # fmt: skip
    """whole_life_value from the values themselves (SQL calls it for every row it sums)."""
    if total is not None:
        return total
    if annual is None:
        return None
    over = _over_term(annual, start, max_end or end)
    return annual if over is None else over


# How far apart annual x term and the total may be before they are flagged (docs/rules.md,
# "Data rules"): a factor of two either way.
VALUE_FACTOR = 2


def values_disagree(contract: Contract) -> str | None:
    """Why the annual and total values cannot both be right: the annual value over the term
    (to the end date, or to the latest end date) is more than a factor of two from the
    total under either reading; None when they agree or cannot be compared."""
    annual, total = contract.annual_value, contract.total_value
    if not annual or not total or annual <= 0 or total <= 0:
        return None
    terms = [
        over
        for end in (contract.end_date, contract.max_end_date)
        if (over := _over_term(annual, contract.start_date, end)) is not None
    ]
    if not terms or any(t / VALUE_FACTOR <= total <= t * VALUE_FACTOR for t in terms):
        return None
    over = terms[0]
    return (
        f"Annual value {format_pounds(annual)} over the term is {format_pounds(over)}, "
        f"more than a factor of two from the total value {format_pounds(total)}: check which "
        "is right"
    )


def contract_threshold(contract: Contract, rules: Rules, on: date) -> ThresholdTest | None:
    """The contract's whole-life value tested against the threshold for its kind in force
    on `on` (VAT added unless its values include it); None when the value or the row is
    unknown."""
    value = whole_life_value(contract)
    if value is None:
        return None
    kind = contract_kind(contract, rules)
    return threshold_test(value, contract.values_include_vat, kind, on, rules)


@dataclass(frozen=True, slots=True)
class Flag:
    """Something about a contract that needs attention, in words."""

    code: FlagCode
    message: str
    severity: Severity = Severity.INFO


def contract_flags(
    contract: Contract, rules: Rules, today: date, planned_start: date | None = None
) -> list[Flag]:
    """Every flag on one contract: thresholds, notices, KPIs and data-quality gaps.

    The threshold row is picked by `planned_start`, the day the planned procurement
    commences as the scheduler worked it out (today if not planned).
    """
    value = whole_life_value(contract)
    return [
        *_value_flags(contract, value, rules, planned_start or today),
        *_notice_flags(contract, rules, today),
        *_gap_flags(contract, value),
    ]


def _value_flags(contract: Contract, value: int | None, rules: Rules, start: date) -> list[Flag]:
    # Above the threshold in force at the procurement's start, notifiable, over £5m.
    flags: list[Flag] = []
    if value is None:
        return flags
    test = contract_threshold(contract, rules, start)
    if test is not None:
        if test.at_or_above:
            message = f"Whole-life value {test.rule_text}"
            flags.append(Flag(FlagCode.ABOVE_THRESHOLD, message, Severity.WARNING))
        if value >= rules.notifiable_pence:
            message = (
                f"{format_pounds(value)} is {format_pounds(rules.notifiable_pence)} or more: "
                "a contract details notice is required"
            )
            flags.append(Flag(FlagCode.NOTIFIABLE, message))
    if value > rules.kpi_required_pence:
        message = (
            f"Over {format_pounds(rules.kpi_required_pence)}: at least 3 KPIs, performance "
            "published every 12 months"
        )
        flags.append(Flag(FlagCode.OVER_5M, message, Severity.WARNING))
    return flags


def _notice_flags(contract: Contract, rules: Rules, today: date) -> list[Flag]:
    # The notice-deadline rule (planner.domain.notice), in the register's words.
    notice = contract.notice_date
    if notice is None or contract.status in CLOSED_STATUSES:
        return []
    dates = serve_by_for(notice, rules.deemed_service_days)
    if dates is None:
        return []
    due = notice_due(dates.serve_by, today, rules.notice_warning_days)
    if due is None:
        return []
    deadline = notice_label(dates)
    if due.code is FlagCode.NOTICE_PASSED:
        return [Flag(due.code, f"{deadline} has passed", Severity.CRITICAL)]
    days = due.days_left
    when = "is today" if days == 0 else f"is in {plural(days, 'day')}"
    return [Flag(due.code, f"{deadline} {when}", Severity.CRITICAL)]


def _gap_flags(contract: Contract, value: int | None) -> list[Flag]:
    # Facts missing from the register.
    flags: list[Flag] = []
    if contract.end_date is None:
        flags.append(
            Flag(FlagCode.NO_END_DATE, "No end date: cannot be scheduled", Severity.WARNING)
        )
    if value is None:
        flags.append(
            Flag(FlagCode.NO_VALUE, "No value: thresholds cannot be judged", Severity.WARNING)
        )
    if contract.owner is None:
        flags.append(Flag(FlagCode.NO_OWNER, "No owner in the department", Severity.WARNING))
    if disagree := values_disagree(contract):
        flags.append(Flag(FlagCode.VALUES_DISAGREE, disagree, Severity.WARNING))
    return flags


def data_gaps(contract: Contract) -> list[str]:
    """Names of the missing facts that stop a contract being planned or judged."""
    gaps = []
    if contract.end_date is None:
        gaps.append("end date")
    if contract.total_value is None and contract.annual_value is None:
        gaps.append("value")
    if contract.owner is None:
        gaps.append("owner")
    return gaps
