"""Red, Amber or Green for one review, with the reasons in words a programme board reads.

Red: the deadline cannot be met on the route, or a hard date (notice deadline, the old
contract's end) has been or is planned to be missed. Amber: slack under the route's risk
margin, a milestone overdue against the baseline, or work that finds no room in time.
Green: on plan. A review that cannot make its date on its route is never Green.

The verdict is a list of small named rules (`RULES`), each giving its findings as
(severity, flag code, reason); `judge` puts the critical reasons first, then the warnings,
then the notes (docs/rules.md, "RAG: Red, Amber, Green").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from planner.domain.codes import FlagCode, Rag, Severity, StageCode
from planner.domain.contract import Contract
from planner.domain.dates import format_date
from planner.domain.notice import notice_due
from planner.domain.overdue import is_overdue
from planner.domain.plan import MilestonePlan
from planner.domain.routes import Route, RouteChoice, SchedulingRules
from planner.domain.rules import data_gaps
from planner.domain.words import plural


@dataclass(frozen=True, slots=True)
class Judgement:
    """The verdict on one review: its RAG, the reasons (most important first), flag codes."""

    rag: Rag
    reasons: tuple[str, ...]
    flags: tuple[FlagCode, ...]


@dataclass(frozen=True, slots=True)
class ReviewFacts:
    """Everything known about one review's plan that the verdict weighs.

    `stage_names`: each stage's name by code, if the caller has them to hand (else read
    from `rules`).
    """

    contract: Contract
    route: Route
    choice: RouteChoice
    slack: int | None
    new_start: date
    notice: date | None
    milestones: Sequence[MilestonePlan]
    late_stages: Sequence[str]
    faster: Sequence[tuple[Route, int]]
    forced: bool
    officer: str | None
    officer_known: bool
    has_team: bool
    rules: SchedulingRules
    today: date
    stage_names: Mapping[str, str] | None = None
    notes: Sequence[tuple[FlagCode | None, str]] = ()  # the regime and notices applied
    by_stage: Mapping[str, MilestonePlan] = field(init=False, repr=False, compare=False)
    names: Mapping[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_stage", {m.stage: m for m in self.milestones})
        names = self.stage_names
        if names is None:
            names = {code: s.name for code, s in self.rules.stages.items()}
        object.__setattr__(self, "names", names)

    @property
    def infeasible(self) -> bool:
        """True when the new start cannot be made on this route even with no other work."""
        return self.slack is not None and self.slack < 0


class Finding(NamedTuple):
    """One thing a rule found: how much it matters, its flag code (if it has one), and the
    reason in words (None for a flag that adds no reason of its own)."""

    severity: Severity  # CRITICAL makes the review Red, WARNING Amber; INFO is a note
    code: FlagCode | None
    reason: str | None


Findings = tuple[Finding, ...]
NONE: Findings = ()


def _days(n: int) -> str:
    return plural(n, "working day", grouped=False)


# ---------------------------------------------------------------- hard dates


def notice_deadline(f: ReviewFacts) -> Findings:
    """The notice deadline has passed, or is near, and no notice is recorded."""
    notice = f.notice
    stage = f.by_stage.get(StageCode.NOTICE)
    if notice is None or (stage is not None and stage.actual is not None):
        return NONE
    due = notice_due(notice, f.today, f.rules.rules.notice_warning_days)
    if due is None:
        return NONE
    if due.code is FlagCode.NOTICE_PASSED:
        reason = (
            f"Notice deadline {format_date(notice)} has passed with no notice recorded: "
            "the contract may roll over or a break right be lost"
        )
        return (Finding(Severity.CRITICAL, due.code, reason),)
    reason = (
        f"Notice deadline {format_date(notice)} is in {plural(due.days_left, 'day', grouped=False)}"
    )
    return (Finding(Severity.WARNING, due.code, reason),)


def notice_late(f: ReviewFacts) -> Findings:
    """Notice was given after the deadline."""
    # A hard date missed, not a date met: the contract may already have rolled over, or
    # the break right gone.
    stage = f.by_stage.get(StageCode.NOTICE)
    given = None if stage is None else stage.actual
    if f.notice is None or given is None or given <= f.notice:
        return NONE
    reason = (
        f"Notice was given on {format_date(given)}, after the deadline of "
        f"{format_date(f.notice)}: check whether the contract rolled over or the break "
        "right was lost"
    )
    return (Finding(Severity.CRITICAL, FlagCode.NOTICE_LATE, reason),)


def contract_ended(f: ReviewFacts) -> Findings:
    """The old contract has ended and no new arrangement has started."""
    started = f.by_stage.get(StageCode.NEW_START)
    if f.new_start > f.today or (started and started.actual):
        return NONE
    reason = (
        f"The contract ended on {format_date(f.contract.end_date or f.new_start)} and no new "
        "arrangement is recorded: an interim arrangement is needed now"
    )
    return (Finding(Severity.CRITICAL, FlagCode.ENDED, reason),)


# ---------------------------------------------------------------- the route


def infeasible(f: ReviewFacts) -> Findings:
    """The route cannot make the new start: name the faster routes, or say none would."""
    if not f.infeasible:
        return NONE
    assert f.slack is not None
    short = (
        f"Cannot make the new contract start on {format_date(f.new_start)} by {f.route.name}: "
        f"{_days(-f.slack)} short even with nothing else planned"
    )
    first = Finding(Severity.CRITICAL, FlagCode.INFEASIBLE, short)
    if f.faster:
        options = "; ".join(
            f"{r.name} ({_days(s)} slack, if {r.condition})" if r.condition
            else f"{r.name} ({_days(s)} slack)"
            for r, s in f.faster
        )  # fmt: skip
        reason = f"Would still make it: {options}"
        return first, Finding(Severity.CRITICAL, FlagCode.FASTER_ROUTE, reason)
    contract = f.contract
    extension = ""
    if contract.max_end_date and contract.end_date and contract.max_end_date > contract.end_date:
        extension = f" (the contract allows extension to {format_date(contract.max_end_date)})"
    reason = f"No faster route makes it: needs an extension or interim arrangement{extension}"
    return first, Finding(Severity.CRITICAL, FlagCode.NEEDS_EXTENSION, reason)


def route_fit(f: ReviewFacts) -> Findings:
    """The chosen route is one this contract may not use, or may not without a check."""
    found: list[Finding] = []
    if f.choice.unsuitable:
        found.append(Finding(Severity.CRITICAL, FlagCode.ROUTE_UNSUITABLE, f.choice.unsuitable))
    if f.choice.unconfirmed:
        found.append(Finding(Severity.WARNING, FlagCode.ROUTE_UNCONFIRMED, f.choice.unconfirmed))
    return tuple(found)


# ---------------------------------------------------------------- after levelling


def late_after_levelling(f: ReviewFacts) -> Findings:
    """Levelling the team's work pushed stages past their latest dates (said only when the
    route itself is not already infeasible)."""
    late = f.late_stages
    if not late:
        return NONE
    flag_only = Finding(Severity.INFO, FlagCode.LATE, None)
    if f.infeasible:
        return (flag_only,)
    stages = f.rules.stages
    first = f.names.get(late[0], late[0])
    hard = [s for s in late if stages.get(s) and stages[s].hard_date]
    if hard:
        reason = (
            f"Planned to miss the {f.names.get(hard[0], hard[0]).lower()} after "
            f"levelling the team's work (late from {first.lower()})"
        )
        return flag_only, Finding(Severity.CRITICAL, FlagCode.HARD_DATE_MISSED, reason)
    reason = f"Late after levelling the team's work, from {first.lower()}"
    return (Finding(Severity.WARNING, FlagCode.LATE, reason),)


def overloaded(f: ReviewFacts) -> Findings:
    """Some of the work found no room in the officer's weeks."""
    if not f.forced:
        return NONE
    reason = f"{f.officer} has no room for some of this work: their weeks are overloaded"
    return (Finding(Severity.WARNING, FlagCode.OVERLOADED, reason),)


def overdue(f: ReviewFacts) -> Findings:
    """Milestones not done by their baseline dates (the plan just made is never overdue
    against itself, so only the baseline counts: `is_overdue(baseline_only=True)`)."""
    today = f.today
    late = [
        m for m in f.milestones
        if is_overdue(m.planned, m.baseline, m.actual, today, baseline_only=True)
    ]  # fmt: skip
    if not late:
        return NONE
    m = late[0]
    more = f" (and {len(late) - 1} more)" if len(late) > 1 else ""
    reason = (
        f"{f.names.get(m.stage, m.stage)} was due on {format_date(m.baseline or today)} "
        f"and is not done{more}"
    )
    return (Finding(Severity.WARNING, FlagCode.OVERDUE, reason),)


def low_slack(f: ReviewFacts) -> Findings:
    """Slack under the route's risk margin."""
    margin = f.route.risk_margin_days
    if f.slack is None or not 0 <= f.slack < margin:
        return NONE
    reason = f"Only {_days(f.slack)} of slack; {f.route.name} needs a margin of {_days(margin)}"
    return (Finding(Severity.WARNING, FlagCode.LOW_SLACK, reason),)


# ---------------------------------------------------------------- notes


def route_note(f: ReviewFacts) -> Findings:
    """Why this route: provisional, or chosen for a reason."""
    choice, name = f.choice, f.route.name
    if choice.provisional:
        reason = f"Route {name} is {choice.reason or 'provisional'}"
        return (Finding(Severity.INFO, FlagCode.PROVISIONAL, reason),)
    if choice.reason:
        return (Finding(Severity.INFO, None, f"Route {name}: {choice.reason}"),)
    return NONE


def threshold_crossed(f: ReviewFacts) -> Findings:
    """The value crosses a threshold that changes the route."""
    crossed = f.choice.threshold_crossed
    if not crossed:
        return NONE
    return (Finding(Severity.INFO, FlagCode.THRESHOLD_CROSSED, crossed[0].upper() + crossed[1:]),)


def notices_note(f: ReviewFacts) -> Findings:
    """What the plan assumed about the regime and the notices (docs/rules.md, "Regimes and
    notices"): a regime worked out or not known, a change notice that may be needed."""
    return tuple(Finding(Severity.INFO, code, reason) for code, reason in f.notes)


def slippage(f: ReviewFacts) -> Findings:
    """How far the new start (else the last milestone) has moved from its baseline."""
    milestones = f.milestones
    slipped = f.by_stage.get(StageCode.NEW_START) or (milestones[-1] if milestones else None)
    if slipped is None or not slipped.slippage_days:
        return NONE
    days = slipped.slippage_days
    word = "later" if days > 0 else "earlier"
    reason = (
        f"{f.names.get(slipped.stage, slipped.stage)} is {_days(abs(days))} {word} "
        "than the baseline"
    )
    return (Finding(Severity.INFO, None, reason),)


def data_gap(f: ReviewFacts) -> Findings:
    """Facts missing from the register (the end date is never missing here)."""
    gaps = [g for g in data_gaps(f.contract) if g != "end date"]
    if not gaps:
        return NONE
    return (Finding(Severity.INFO, FlagCode.DATA_GAP, f"Missing: {', '.join(gaps)}"),)


def team_unknown(f: ReviewFacts) -> Findings:
    """Capacity could not be checked: no team, or an officer not in it."""
    if not f.has_team:
        reason = "No officers recorded: capacity not checked"
        return (Finding(Severity.INFO, FlagCode.NO_TEAM, reason),)
    if f.officer is not None and not f.officer_known:
        reason = f"{f.officer} is not in the team list: their capacity is not checked"
        return (Finding(Severity.INFO, FlagCode.OFFICER_UNKNOWN, reason),)
    return NONE


# The rules in the order their reasons are read within each severity, and their flags.
RULES: tuple[Callable[[ReviewFacts], Findings], ...] = (
    notice_deadline,
    notice_late,
    contract_ended,
    infeasible,
    route_fit,
    late_after_levelling,
    overloaded,
    overdue,
    low_slack,
    route_note,
    threshold_crossed,
    notices_note,
    slippage,
    data_gap,
    team_unknown,
)


def judge(facts: ReviewFacts) -> Judgement:
    """Weigh everything known about one review's plan into a RAG with reasons: critical
    reasons first, then warnings, then notes; the flags in the order the rules found them."""
    red: list[str] = []
    amber: list[str] = []
    notes: list[str] = []
    flags: list[FlagCode] = []
    by_severity = {Severity.CRITICAL: red, Severity.WARNING: amber, Severity.INFO: notes}
    for rule in RULES:
        for severity, code, reason in rule(facts):
            if code is not None:
                flags.append(code)
            if reason is not None:
                by_severity[severity].append(reason)
    if red:
        return Judgement(Rag.RED, (*red, *amber, *notes), tuple(flags))
    if amber:
        return Judgement(Rag.AMBER, (*amber, *notes), tuple(flags))
    slack = facts.slack
    on_plan = (
        f"On plan: {_days(slack)} of slack" if slack is not None else "On plan: all stages done"
    )
    return Judgement(Rag.GREEN, (on_plan, *notes), tuple(flags))
