"""Which regime a contract is under, when its next procurement commences, and which of a
route's stages (the notices above all) apply to it (docs/rules.md, "Regimes and notices").

A route's template holds every stage it can need; this module says which of them apply to
one contract, by the old contract's regime and the new procurement's value. The scheduler
applies it once per review, before timetabling.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from planner.domain.change_notice import change_notice_finding
from planner.domain.codes import FlagCode, Regime, StageCode
from planner.domain.contract import Contract
from planner.domain.dates import format_date
from planner.domain.routes import Route, RouteStage, is_above_threshold
from planner.domain.rules import Rules, whole_life_value
from planner.domain.vocab import REGIMES

# The day the Procurement Act 2023 came into force: a procurement begun before it runs,
# with the contract it awarded, under the Public Contracts Regulations 2015 to the end.
PA2023_IN_FORCE = date(2025, 2, 24)

# The first market-facing step of a procurement, in the order a route would reach them:
# the threshold in force is the one on the day the procurement commences.
MARKET_STEPS = frozenset(
    {
        StageCode.TENDER_NOTICE,
        StageCode.BT_TENDER_NOTICE,
        StageCode.TENDER_PERIOD,  # quotes without a below-threshold notice: quotes requested
        StageCode.TRANSPARENCY_NOTICE,
    }
)
# A route with none of those (a framework call-off, joining another body's arrangement):
# the award decision is when the supplier is first approached.
NO_MARKET_STEP = (
    "no market-facing step before the award (a call-off or an arrangement joined), so the "
    "award decision, when the supplier is first approached, is taken as the day the "
    "procurement commences"
)
NOT_A_PROCUREMENT = (
    "no procurement (an extension, termination or bringing in-house), so the first stage "
    "of the review is used"
)


@dataclass(frozen=True, slots=True)
class RegimeFinding:
    """The regime a contract is under, and whether it was worked out from its start date
    (None: neither recorded nor worked out)."""

    regime: Regime | None
    worked_out: bool = False

    def note(self, start: date | None) -> str:
        """What a plan says about the regime it used: '' when it was recorded."""
        if self.regime is None:
            return (
                "Regime not known (no regime or start date recorded): planned as under the "
                "Procurement Act 2023, to be safe"
            )
        if self.worked_out:
            return (
                f"Regime worked out from the start date ({format_date(start)}): "
                f"{REGIMES[self.regime]}"
            )
        return ""


# The findings there can be, made once (a schedule asks for one per review).
_RECORDED = {regime.value: RegimeFinding(regime) for regime in Regime}
_WORKED_OUT = {True: RegimeFinding(Regime.PA2023, True), False: RegimeFinding(Regime.PCR2015, True)}
_NOT_KNOWN = RegimeFinding(None)


def contract_regime(contract: Contract) -> RegimeFinding:
    """The contract's regime as recorded; else worked out from its start date (on or after
    24 Feb 2025: the Procurement Act 2023; before: PCR 2015); else unknown."""
    recorded = _RECORDED.get(contract.regime or "")
    if recorded is not None:
        return recorded
    start = contract.start_date
    if start is None:
        return _NOT_KNOWN
    return _WORKED_OUT[start >= PA2023_IN_FORCE]


def market_step(stages: Sequence[RouteStage]) -> tuple[int, str]:
    """The index of the stage on which a route's procurement commences, and why that one
    when it is not a market-facing step ('' when it is)."""
    for i, rs in enumerate(stages):
        if rs.stage.code in MARKET_STEPS:
            return i, ""
    for i, rs in enumerate(stages):
        if rs.stage.code == StageCode.AWARD_DECISION:
            return i, NO_MARKET_STEP
    return 0, NOT_A_PROCUREMENT


# A note for the verdict: its flag code (if it has one) and its words.
Note = tuple[FlagCode | None, str]


@dataclass(frozen=True, slots=True)
class Applicable:
    """The stages of a route that do not apply to one contract, and what the plan says
    about the rules it applied."""

    dropped: frozenset[str]
    notes: tuple[Note, ...] = ()


# Every stage of a route applies, and nothing needs saying.
ALL_APPLY = Applicable(frozenset())

_SHARED: dict[tuple[frozenset[str], tuple[str, ...]], Applicable] = {}

# The stages the new procurement's value decides.
VALUE_STAGES = frozenset(
    {
        StageCode.AWARD_NOTICE,
        StageCode.STANDSTILL,
        StageCode.TRANSPARENCY_NOTICE,
        StageCode.BT_TENDER_NOTICE,
        StageCode.DETAILS_NOTICE,
        StageCode.CONTRACT_COPY,
    }
)


def applicable_stages(
    codes: frozenset[str], contract: Contract, rules: Rules, commences: date, why: str = ""
) -> Applicable:
    """Which of a route's stage `codes` do not apply to this contract, its new procurement
    commencing on `commences` (`why`: why that day, for a route with no market-facing step;
    docs/rules.md, "Regimes and notices"):

    - the termination notice (PA 2023 s.80) and change notice (s.75) only when the old
      contract is under the Act (an unknown regime is planned as under it, and said);
    - the award notice (s.50), standstill (s.51) and transparency notice (s.44) only above
      the threshold;
    - the below-threshold tender notice (s.86) only for a notifiable contract below it;
    - the contract details notice (s.53, s.87) above the threshold or at the notifiable
      value, and for the police publication of a contract over £10,000 below it;
    - the copy of the contract (s.53(3)) above the threshold and over £5m;
    - the change notice unless the contract's data shows none is needed: a light touch
      contract, one below the threshold, or an extension adding 10% or less of the maximum
      term (s.75(6)(b), (1), (2)(b));
      where that cannot be told the notice stays and the plan says why.

    An unknown value keeps every notice: the safe reading.
    """
    notes: list[Note] = []
    dropped = _regime_stages(codes, contract, rules, commences, notes)
    if not VALUE_STAGES.isdisjoint(codes):
        if why and whole_life_value(contract) is not None:
            notes.append((None, f"Threshold taken on {format_date(commences)}: {why}"))
        dropped += _value_notices(contract, rules, commences)
    if not dropped and not notes:
        return ALL_APPLY
    if notes:
        return Applicable(frozenset([c for c in dropped if c in codes]), tuple(notes))
    # Without notes the answer is one of a few, made once each: shared, so its set of
    # stages keeps its hash for the run's look-ups.
    key = (codes, dropped)
    shared = _SHARED.get(key)
    if shared is None:
        shared = _SHARED[key] = Applicable(frozenset([c for c in dropped if c in codes]))
    return shared


def _regime_stages(
    codes: frozenset[str], contract: Contract, rules: Rules, on: date, notes: list[Note]
) -> tuple[str, ...]:
    # The termination and change notices, by the old contract's regime.
    if StageCode.TERMINATION_NOTICE not in codes and StageCode.CHANGE_NOTICE not in codes:
        return ()
    found = contract_regime(contract)
    if found.regime is None or found.worked_out:
        code = FlagCode.REGIME_UNKNOWN if found.regime is None else None
        notes.append((code, found.note(contract.start_date)))
    if found.regime == Regime.PCR2015:
        return (StageCode.TERMINATION_NOTICE, StageCode.CHANGE_NOTICE)
    if StageCode.CHANGE_NOTICE in codes:
        # The change notice, for an extension of a contract under the Act: kept (time
        # allowed for it) unless the contract's data shows none is needed.
        change = change_notice_finding(contract, rules, on)
        notes.append((None, change.reason))
        return () if change.needed is not False else (StageCode.CHANGE_NOTICE,)
    return ()


def _value_notices(contract: Contract, rules: Rules, commences: date) -> tuple[str, ...]:
    # The notices the new procurement's value decides.
    above = is_above_threshold(contract, rules, commences)
    if above is None:
        return ()
    value = whole_life_value(contract)
    assert value is not None  # the threshold test knew it
    if above:
        # A public contract under the Act: its copy is published only over £5m (s.53(3)).
        if value > rules.kpi_required_pence:
            return (StageCode.BT_TENDER_NOTICE,)
        return (StageCode.BT_TENDER_NOTICE, StageCode.CONTRACT_COPY)
    below = (
        StageCode.AWARD_NOTICE, StageCode.STANDSTILL, StageCode.TRANSPARENCY_NOTICE,
        StageCode.CONTRACT_COPY,
    )  # fmt: skip
    if value >= rules.notifiable_pence:
        return below
    if value > rules.police_publication_pence:
        return (*below, StageCode.BT_TENDER_NOTICE)
    return (*below, StageCode.BT_TENDER_NOTICE, StageCode.DETAILS_NOTICE)


def variant(route: Route, dropped: frozenset[str]) -> Route:
    """The route without the stages in `dropped` (the route itself when none are)."""
    if not dropped:
        return route
    kept = tuple(rs for rs in route.stages if rs.stage.code not in dropped)
    return Route(
        route.code, route.name, route.lead_time, route.risk_margin_days, kept,
        route.fallback_order, route.below_threshold_only, route.needs_extension_option,
        route.condition, dropped,
    )  # fmt: skip


# Every stage `applicable_stages` may leave out.
MAY_BE_LEFT_OUT = VALUE_STAGES | {StageCode.TERMINATION_NOTICE, StageCode.CHANGE_NOTICE}


def shortest_days(route: Route) -> int:
    """The fewest working days the route can take for any contract: its working days less
    those of the stages before the new start that may not apply."""
    return route.working_days - sum(
        rs.duration_days
        for rs in route.stages
        if rs.stage.code in MAY_BE_LEFT_OUT and not rs.stage.after_start
    )
