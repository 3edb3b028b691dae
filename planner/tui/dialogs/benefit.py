"""Record a benefit or a supplier's claim of a contract, one dialog at a time.

Asked from the contract screen (keys b and c); what is recorded feeds the KPI and
programme briefs.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from textual.message import Message

from planner.domain.dates import format_date, parse_typed_date
from planner.domain.kpis import BENEFIT_TYPES, FinancialYear
from planner.domain.money import (
    BENEFIT_NOT_NEGATIVE,
    CLAIM_NOT_NEGATIVE,
    format_money,
    parse_money,
)
from planner.domain.plausible import check_not_future
from planner.errors import ValidationError
from planner.store.benefits import CLAIM_ONCE, add_benefit, add_claim
from planner.store.db import Database
from planner.tui.dialogs.choice import Choice, ChoiceDialog
from planner.tui.dialogs.prompt import Entered, PromptDialog
from planner.tui.messages import ChangeSaved

if TYPE_CHECKING:
    from planner.tui.screens.base import PlannerScreen


def _amount(text: str, negative: str) -> int:
    pence = parse_money(text, negative)
    if pence is None or pence <= 0:
        raise ValidationError("give an amount more than £0, such as £12,500 or £45k")
    return pence


def benefit_amount(text: str) -> int:
    """A benefit's amount as typed, in pence; a negative one says how to record a cost."""
    return _amount(text, BENEFIT_NOT_NEGATIVE)


def claim_amount(text: str) -> int:
    """A supplier claim's amount as typed, in pence."""
    return _amount(text, CLAIM_NOT_NEGATIVE)


def _described(text: str) -> str:
    if not text.strip():
        raise ValidationError("say what it was")
    return text.strip()


def _claim_date(text: str, today: date) -> date:
    day = parse_typed_date(text, today)
    if day is None:
        raise ValidationError("give the date of the claim, such as 10/08/2026")
    check_not_future(day, today, CLAIM_ONCE)  # refused here, whole, not after two more steps
    return day


def _then(step: Callable[[Any], None]) -> Callable[[Entered[Any] | None], None]:
    """A dialog callback that goes on to `step` with the value entered, unless cancelled."""

    def answered(entered: Entered[Any] | None) -> None:
        if entered is not None:
            step(entered.value)

    return answered


def ask_benefit(screen: PlannerScreen, contract_id: int, label: str) -> None:
    """Ask, one dialog at a time, for a benefit of the contract (type, amount, financial
    year, what it was), then record it as one audited change."""
    app = screen.planner
    today = app.today
    choices = [
        Choice(key, kind, BENEFIT_TYPES[kind])
        for key, kind in zip("savo", BENEFIT_TYPES, strict=True)
    ]

    def typed(kind: str | None) -> None:
        if kind is None:
            return
        app.push_screen(
            PromptDialog(f"{BENEFIT_TYPES[kind]} for {label}: amount", benefit_amount,
                         hint="£12,500, £45k or £1.2m"),
            _then(lambda pence: year(kind, pence)),
        )  # fmt: skip

    def year(kind: str, pence: int) -> None:
        app.push_screen(
            PromptDialog("Counted in the financial year", FinancialYear.parse,
                         value=FinancialYear.containing(today).label, hint="such as 2025/26"),
            _then(lambda fy: described(kind, pence, fy)),
        )  # fmt: skip

    def described(kind: str, pence: int, fy: FinancialYear) -> None:
        app.push_screen(
            PromptDialog("What was it?", _described, hint="a short description"),
            _then(lambda what: save(kind, pence, fy, what)),
        )

    def save(kind: str, pence: int, fy: FinancialYear, what: str) -> None:
        who = app.who

        def job(db: Database) -> Message:
            saved = add_benefit(db, contract_id, kind=kind, amount=pence, year=fy,
                                description=what, recorded_on=today, who=who)  # fmt: skip
            return ChangeSaved(
                f"{BENEFIT_TYPES[kind]} of {format_money(saved.amount)} recorded for "
                f"{saved.ref} in {saved.year}",
                (contract_id,),
            )

        screen.write(job, "benefit")

    app.push_screen(ChoiceDialog(f"Benefit of {label}", choices), typed)


def ask_claim(screen: PlannerScreen, contract_id: int, label: str) -> None:
    """Ask for a supplier's claim under the contract (amount, date, what it was), then
    record it as one audited change."""
    app = screen.planner
    today = app.today

    def dated(pence: int) -> None:
        app.push_screen(
            PromptDialog("Date of the claim", lambda text: _claim_date(text, today),
                         value="today", hint="today, 2 weeks ago or a date such as 10/08/2026"),
            _then(lambda day: described(pence, day)),
        )  # fmt: skip

    def described(pence: int, day: date) -> None:
        app.push_screen(
            PromptDialog("What was claimed?", _described, hint="a short description"),
            _then(lambda what: save(pence, day, what)),
        )

    def save(pence: int, day: date, what: str) -> None:
        who = app.who

        def job(db: Database) -> Message:
            saved = add_claim(db, contract_id, amount=pence, claimed_on=day, description=what,
                              who=who, today=today)  # fmt: skip
            return ChangeSaved(
                f"Claim of {format_money(saved.amount)} dated {format_date(saved.claimed_on)} "
                f"recorded for {saved.ref}",
                (contract_id,),
            )

        screen.write(job, "claim")

    app.push_screen(
        PromptDialog(f"Supplier claim on {label}: amount", claim_amount, hint="£12,500 or £45k"),
        _then(dated),
    )
