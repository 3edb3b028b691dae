"""Red, Amber or Green for one review, with the reasons in words a programme board reads.

Red: the deadline cannot be met on the route, or a hard date (notice deadline, the old
contract's end) has been or is planned to be missed. Amber: slack under the route's risk
margin, a milestone overdue against the baseline, or work that finds no room in time.
Green: on plan. A review that cannot make its date on its route is never Green.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from planner.domain.contract import Contract
from planner.domain.routes import Route, RouteChoice, SchedulingRules
from planner.domain.rules import data_gaps

if TYPE_CHECKING:  # the scheduler imports this module; only the type comes back
    from planner.domain.scheduler import MilestonePlan


@dataclass(frozen=True, slots=True)
class Judgement:
    """The verdict on one review: its RAG, the reasons (most important first), flag codes."""

    rag: str
    reasons: tuple[str, ...]
    flags: tuple[str, ...]


def _d(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def _days(n: int) -> str:
    return f"{n} working day{'' if n == 1 else 's'}"


def judge(
    *,
    contract: Contract,
    route: Route,
    choice: RouteChoice,
    slack: int | None,
    new_start: date,
    notice: date | None,
    milestones: Sequence[MilestonePlan],
    late_stages: Sequence[str],
    faster: Sequence[tuple[Route, int]],
    forced: bool,
    officer: str | None,
    officer_known: bool,
    has_team: bool,
    rules: SchedulingRules,
    today: date,
    stage_names: Mapping[str, str] | None = None,
) -> Judgement:
    """Weigh everything known about one review's plan into a RAG with reasons
    (`stage_names`: each stage's name by code, if the caller has them to hand)."""
    red: list[str] = []
    amber: list[str] = []
    notes: list[str] = []
    flags: list[str] = []
    by_stage = {m.stage: m for m in milestones}
    if stage_names is None:
        stage_names = {code: s.name for code, s in rules.stages.items()}

    # Hard dates already passed.
    notice_stage = by_stage.get("notice")
    notice_done = notice_stage is not None and notice_stage.actual is not None
    if notice is not None and not notice_done:
        days_left = (notice - today).days
        if days_left < 0:
            flags.append("notice_passed")
            red.append(
                f"Notice deadline {_d(notice)} has passed with no notice recorded: "
                "the contract may roll over or a break right be lost"
            )
        elif days_left <= rules.rules.notice_warning_days:
            flags.append("notice_soon")
            amber.append(
                f"Notice deadline {_d(notice)} is in {days_left} day{'' if days_left == 1 else 's'}"
            )
    if notice is not None and notice_done and notice_stage is not None:
        given = notice_stage.actual
        if given is not None and given > notice:
            # Notice given after the deadline is a hard date missed, not a date met: the
            # contract may already have rolled over, or the break right gone.
            flags.append("notice_late")
            red.append(
                f"Notice was given on {_d(given)}, after the deadline of {_d(notice)}: "
                "check whether the contract rolled over or the break right was lost"
            )
    started = by_stage.get("new-start")
    if new_start <= today and not (started and started.actual):
        flags.append("ended")
        red.append(
            f"The contract ended on {_d(contract.end_date or new_start)} and no new arrangement "
            "is recorded: an interim arrangement is needed now"
        )

    # Can it be done at all on this route?
    if slack is not None and slack < 0:
        flags.append("infeasible")
        red.append(
            f"Cannot make the new contract start on {_d(new_start)} by {route.name}: "
            f"{_days(-slack)} short even with nothing else planned"
        )
        if faster:
            options = "; ".join(
                f"{r.name} ({_days(s)} slack, if {r.condition})" if r.condition
                else f"{r.name} ({_days(s)} slack)"
                for r, s in faster
            )  # fmt: skip
            red.append(f"Would still make it: {options}")
            flags.append("faster_route")
        else:
            extension = ""
            if (
                contract.max_end_date
                and contract.end_date
                and contract.max_end_date > contract.end_date
            ):
                extension = f" (the contract allows extension to {_d(contract.max_end_date)})"
            red.append(
                f"No faster route makes it: needs an extension or interim arrangement{extension}"
            )
            flags.append("needs_extension")

    # Is the route chosen one this contract may use?
    if choice.unsuitable:
        flags.append("route_unsuitable")
        red.append(choice.unsuitable)
    if choice.unconfirmed:
        flags.append("route_unconfirmed")
        amber.append(choice.unconfirmed)

    # After levelling.
    if late_stages:
        flags.append("late")
        hard = [s for s in late_stages if rules.stages.get(s) and rules.stages[s].hard_date]
        first = stage_names.get(late_stages[0], late_stages[0])
        if hard and "infeasible" not in flags:
            red.append(
                f"Planned to miss the {stage_names.get(hard[0], hard[0]).lower()} after "
                f"levelling the team's work (late from {first.lower()})"
            )
            flags.append("hard_date_missed")
        elif "infeasible" not in flags:
            amber.append(f"Late after levelling the team's work, from {first.lower()}")
    if forced:
        flags.append("overloaded")
        amber.append(f"{officer} has no room for some of this work: their weeks are overloaded")

    overdue = [
        m for m in milestones if m.actual is None and m.baseline is not None and m.baseline < today
        and (m.planned is not None or m.starts is not None)
    ]  # fmt: skip
    if overdue:
        flags.append("overdue")
        m = overdue[0]
        more = f" (and {len(overdue) - 1} more)" if len(overdue) > 1 else ""
        amber.append(
            f"{stage_names.get(m.stage, m.stage)} was due on {_d(m.baseline or today)} "
            f"and is not done{more}"
        )
    margin = route.risk_margin_days
    if slack is not None and 0 <= slack < margin:
        flags.append("low_slack")
        amber.append(
            f"Only {_days(slack)} of slack; {route.name} needs a margin of {_days(margin)}"
        )

    # Things to know that do not change the colour.
    if choice.provisional:
        flags.append("provisional")
        notes.append(f"Route {route.name} is {choice.reason or 'provisional'}")
    elif choice.reason:
        notes.append(f"Route {route.name}: {choice.reason}")
    if choice.threshold_crossed:
        flags.append("threshold_crossed")
        notes.append(choice.threshold_crossed[0].upper() + choice.threshold_crossed[1:])
    slipped = by_stage.get("new-start") or (milestones[-1] if milestones else None)
    if slipped is not None and slipped.slippage_days:
        word = "later" if slipped.slippage_days > 0 else "earlier"
        notes.append(
            f"{stage_names.get(slipped.stage, slipped.stage)} is "
            f"{_days(abs(slipped.slippage_days))} {word} than the baseline"
        )
    gaps = [g for g in data_gaps(contract) if g != "end date"]
    if gaps:
        flags.append("data_gap")
        notes.append(f"Missing: {', '.join(gaps)}")
    if not has_team:
        flags.append("no_team")
        notes.append("No officers recorded: capacity not checked")
    elif officer is not None and not officer_known:
        flags.append("officer_unknown")
        notes.append(f"{officer} is not in the team list: their capacity is not checked")

    if red:
        return Judgement("red", tuple(red + amber + notes), tuple(flags))
    if amber:
        return Judgement("amber", tuple(amber + notes), tuple(flags))
    on_plan = (
        f"On plan: {_days(slack)} of slack" if slack is not None else "On plan: all stages done"
    )
    return Judgement("green", (on_plan, *notes), tuple(flags))
