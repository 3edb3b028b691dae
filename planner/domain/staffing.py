"""Whether the team can staff the plan: no officer with hours at all, or reviews whose
department and category no officer knows (docs/rules.md, "Levelling")."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from planner.domain.plan import Team
from planner.domain.words import plural


@dataclass(frozen=True, slots=True)
class StaffingGaps:
    """What the team lacks for the reviews the scheduler staffs (those with no officer
    decided): `unstaffed` reviews with no officer at all (nobody has hours), `unskilled`
    reviews given to someone without the skill, by department."""

    unstaffed: int = 0
    unskilled: dict[str, int] | None = None

    def sentences(self) -> list[str]:
        """One sentence per gap, saying what to do; none when the team covers the plan."""
        lines = []
        if self.unstaffed:
            lines.append(
                f"No officer has hours in the team: {plural(self.unstaffed, 'review')} "
                "planned with no officer. Add the team (planner officer add) and re-plan."
            )
        if self.unskilled:
            total = sum(self.unskilled.values())
            where = ", ".join(f"{d} {n:,}" for d, n in self.unskilled.items())
            lines.append(
                f"{plural(total, 'review')} need a skill nobody in the team has ({where}): "
                "they are planned on officers without it. Give an officer the skill "
                "(planner officer add NAME --skills ...) or decide the officer."
            )
        return lines

    def short(self) -> str:
        """The gaps in one short line (for a panel's border), or '' when there are none."""
        parts = []
        if self.unstaffed:
            parts.append(f"no officer has hours: {plural(self.unstaffed, 'review')} unstaffed")
        if self.unskilled:
            total = sum(self.unskilled.values())
            parts.append(f"{plural(total, 'review')} need a skill nobody has")
        return "; ".join(parts).capitalize() if parts else ""


def staffing_gaps(team: Team, kinds: Iterable[tuple[str | None, str | None, int]]) -> StaffingGaps:
    """The gaps for reviews of each (department, category, how many) the scheduler staffs."""
    available = [o for o in team.officers if o.weekly_hours > 0]
    unstaffed = 0
    unskilled: dict[str, int] = {}
    for department, category, count in kinds:
        if not available:
            unstaffed += count
        elif not any(o.knows(department, category) for o in available):
            key = department or "no department"
            unskilled[key] = unskilled.get(key, 0) + count
    return StaffingGaps(unstaffed, dict(sorted(unskilled.items())) or None)
