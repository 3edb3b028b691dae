"""Whether extending a contract under the Procurement Act 2023 needs a contract change notice
(PA 2023 s.75), from what the contract holds; "not known", with why, where that cannot tell
(docs/rules.md, "Regimes and notices").

A change notice comes before modifying a public contract or a convertible contract (s.75(1)),
so not a contract below the threshold that the extension leaves below it. The Act's test
(s.75(2)): no change notice if the modification changes the estimated value by 10% or less
(15% for works) OR changes the term by 10% or less of the maximum term provided for on award.
Section 75 does not apply at all to a light touch contract (s.75(6)(b)). The planner holds
the term and the options but not the estimated value on award, so past the term test it can
only say that a notice may be needed, and leaves it to the change check.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from planner.domain.codes import ProcurementKind
from planner.domain.contract import Contract
from planner.domain.cpv import classify
from planner.domain.dates import format_date
from planner.domain.options import contract_options, next_option
from planner.domain.rules import Rules, contract_threshold

# s.75(2)(b): a change of term of this share of the maximum term on award, or less, needs no
# change notice. s.75(2)(a): nor does a change of value of this share or less (works: 15%).
TERM_SHARE = 0.10
VALUE_SHARE = {ProcurementKind.WORKS: 15}
GOODS_VALUE_PERCENT = 10


@dataclass(frozen=True, slots=True)
class ChangeNoticeFinding:
    """Whether the extension needs a change notice (None: not known) and why, in words."""

    needed: bool | None
    reason: str


@dataclass(frozen=True, slots=True)
class Extension:
    """The extension the route plans: the contract's new end, what it is (words) and the
    end of the longest term the contract provides for."""

    new_end: date
    what: str
    longest: date


def planned_extension(contract: Contract) -> Extension | None:
    """The extension the route would make: the next option not taken up where options are
    recorded, else up to the latest end date; None when neither is known."""
    end = contract.end_date
    if end is None:
        return None
    options = contract_options(contract.extension_options, contract.options_exercised, end, None, 0)
    ends = [o.new_end for o in options if o.new_end is not None]
    longest = max([d for d in (*ends, contract.max_end_date) if d is not None], default=None)
    chosen = next_option(options)
    if chosen is not None and chosen.new_end is not None and longest is not None:
        return Extension(chosen.new_end, f"option {chosen.number}", longest)
    if contract.max_end_date is not None and contract.max_end_date > end:
        return Extension(contract.max_end_date, "the latest end date", contract.max_end_date)
    return None


def _percent(share: float) -> str:
    # One decimal, so a share just over 10% never reads as "10%, more than 10%".
    return f"{share * 100:.1f}".removesuffix(".0") + "%"


def change_notice_finding(contract: Contract, rules: Rules, on: date) -> ChangeNoticeFinding:
    """Whether extending `contract` (under the Act, or planned as under it) needs a contract
    change notice (PA 2023 s.75), from its CPV code, value (against the threshold in force on
    `on`), start, end, options and latest end."""
    kind = classify(contract.cpv, contract.category, rules.code_lists)
    if kind.kind == ProcurementKind.LIGHT_TOUCH and not kind.provisional:
        return ChangeNoticeFinding(
            False,
            "No contract change notice: section 75 does not apply to a light touch contract "
            f"(PA 2023 s.75(6)(b); {kind.reason})",
        )
    test = contract_threshold(contract, rules, on)
    if test is not None and not test.at_or_above:
        return ChangeNoticeFinding(
            False,
            "No contract change notice: below the threshold the contract is not a public "
            "contract, and with the extension counted in its whole-life value it does not "
            f"become one (PA 2023 s.75(1)): {test.vat_words}: {test.comparison}",
        )
    extension = planned_extension(contract)
    start = contract.start_date
    if extension is None or start is None or contract.end_date is None:
        missing = "start date" if start is None else "extension option or later latest end date"
        return ChangeNoticeFinding(
            None,
            "A contract change notice (PA 2023 s.75) may be needed: not known, with no "
            f"{missing} recorded the planner cannot tell the change in term; recording it "
            "settles the term test, else the change check decides",
        )
    term_days = (extension.longest - start).days + 1
    if term_days <= 0:
        return ChangeNoticeFinding(
            None,
            "A contract change notice (PA 2023 s.75) may be needed: not known, the start date "
            "is after the latest end date; correct the dates, else the change check decides",
        )
    share = (extension.new_end - contract.end_date).days / term_days
    term = (
        f"extending to {format_date(extension.new_end)} ({extension.what}) adds "
        f"{_percent(share)} of the maximum term provided for ({format_date(start)} to "
        f"{format_date(extension.longest)})"
    )
    if share <= TERM_SHARE:
        return ChangeNoticeFinding(
            False, f"No contract change notice: {term}, 10% or less (PA 2023 s.75(2)(b))"
        )
    percent = VALUE_SHARE.get(kind.kind, GOODS_VALUE_PERCENT)
    return ChangeNoticeFinding(
        None,
        f"A contract change notice (PA 2023 s.75) may be needed: {term}, more than 10%; none "
        f"is needed if it changes the estimated value by {percent}% or less (s.75(2)(a)), as "
        "an option already counted in the estimated value on award does. Not known: the "
        "planner does not hold the estimated value on award, so the change check decides",
    )
