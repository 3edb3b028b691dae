"""The threshold test: a value (with or without VAT) against the threshold in force for
its kind on the day the procurement commences, and the words that say how it was done
(docs/rules.md, "Thresholds"). Every flag, route verdict and `planner dates threshold`
uses this one test."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from planner.domain.codes import ProcurementKind
from planner.domain.cpv import Classification, classify
from planner.domain.dates import format_date, iso
from planner.domain.money import format_pounds

if TYPE_CHECKING:  # rules.py imports this module for its flags
    from planner.domain.contract import Contract
    from planner.domain.rules import Rules


@lru_cache(maxsize=65_536)
def with_vat(pence: int, rate_percent: Decimal) -> int:
    """`pence` plus VAT at `rate_percent`, to the nearest penny (kept per value: a schedule
    tests each contract's value against a threshold two or three times, in Decimal)."""
    grossed = Decimal(pence) * (100 + rate_percent) / 100
    return int(grossed.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def percent(rate: Decimal) -> str:
    """'20%' or '17.5%'."""
    return f"{rate.normalize():f}%"


def _pounds(pence: int) -> int | float:
    # Whole pounds as an integer in JSON (180000, not 180000.0).
    return pence // 100 if pence % 100 == 0 else pence / 100


@dataclass(frozen=True, slots=True)
class ThresholdTest:
    """A value tested against a threshold: what was compared, with what, and the words."""

    value: int  # pence, as held
    includes_vat: bool | None  # as held: None is not known, read as excluding VAT
    value_inc_vat: int  # pence, the value the threshold is compared with
    threshold: int  # pence
    at_or_above: bool
    kind: ProcurementKind
    on: date  # the day the procurement commences, which picks the threshold row
    vat_rate: Decimal
    classification: Classification | None = None

    @property
    def vat_words(self) -> str:
        """How VAT was treated: '£180,000 + VAT at 20% = £216,000' or '£216,000 including
        VAT'."""
        if self.includes_vat:
            return f"{format_pounds(self.value)} including VAT"
        unknown = " (VAT not recorded: read as excluding VAT)" if self.includes_vat is None else ""
        return (
            f"{format_pounds(self.value)}{unknown} + VAT at {percent(self.vat_rate)} = "
            f"{format_pounds(self.value_inc_vat)}"
        )

    @property
    def comparison(self) -> str:
        """'at or above the goods and services threshold of £207,720 for a procurement
        commencing 1 Feb 2026'."""
        where = "at or above" if self.at_or_above else "below"
        return (
            f"{where} the {self.kind} threshold of {format_pounds(self.threshold)} for a "
            f"procurement commencing {format_date(self.on)}"
        )

    @property
    def rule_text(self) -> str:
        """The whole test in words, with the classification's reason when there is one."""
        return self.words()

    def words(self, *, provisional_said: bool = False) -> str:
        """The test in words; `provisional_said` when the text it goes into already says
        'provisional' (a route verdict), so a guessed kind is not called provisional twice."""
        text = f"{self.vat_words}: {self.comparison}"
        found = self.classification
        if found is not None:
            text += f"; {found.reason if provisional_said else found.words}"
        return text

    def as_json(self) -> dict[str, Any]:
        """The keys `planner dates threshold --json` prints (pounds as numbers)."""
        return {
            "value": _pounds(self.value),
            "value_inc_vat": _pounds(self.value_inc_vat),
            "threshold": _pounds(self.threshold),
            "at_or_above": self.at_or_above,
            "kind": str(self.kind),
            "on": iso(self.on),
            "includes_vat": self.includes_vat,
            "vat_rate_percent": float(self.vat_rate),
            "cpv": self.classification.cpv if self.classification else None,
            "rule": self.rule_text,
        }


def threshold_test(
    value: int,
    includes_vat: bool | None,
    kind: ProcurementKind | Classification,
    on: date,
    rules: Rules,
) -> ThresholdTest | None:
    """Test `value` (pence) against the threshold for `kind` in force on `on`, adding VAT
    at the rules' rate unless the value includes it (not known is read as excluding it:
    the safe reading). None when no threshold row is in force on `on`."""
    row = rules.threshold_on(on)
    if row is None:
        return None
    classification = kind if isinstance(kind, Classification) else None
    plain = kind.kind if isinstance(kind, Classification) else kind
    gross = value if includes_vat else with_vat(value, rules.vat_rate_percent)
    limit = row.for_kind(plain)
    return ThresholdTest(
        value, includes_vat, gross, limit, gross >= limit, plain, on, rules.vat_rate_percent,
        classification,
    )  # fmt: skip


def contract_kind(contract: Contract, rules: Rules) -> Classification:
    """The contract's kind from its CPV code (or, provisionally, its category's words)."""
    return classify(contract.cpv, contract.category, rules.code_lists)
