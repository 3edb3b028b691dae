"""What the logged-in user of a team server session may do (docs/guide/team-server.md).

`planner serve` starts each browser's planner with the account's name and role in these
environment variables; a planner started any other way works as the local user, who owns
the database file and so may do everything."""

from __future__ import annotations

import os

from planner.domain.codes import Entity, Role
from planner.errors import PlannerError

# What only a manager may change (rules, the team, accounts); undoing a change to them is
# changing them too.
MANAGER_ENTITIES = frozenset({
    Entity.SETTING, Entity.THRESHOLD, Entity.ROUTE, Entity.ROUTE_STAGE, Entity.TENDER_PERIOD,
    Entity.DECISION_ROUTE, Entity.OFFICER, Entity.LEAVE, Entity.USER,
})  # fmt: skip

USER_VARIABLE = "PLANNER_USER"
ROLE_VARIABLE = "PLANNER_ROLE"


def is_served() -> bool:
    """True in a planner that `planner serve` started for a browser."""
    return bool(os.environ.get(ROLE_VARIABLE, "").strip())


def session_role() -> Role:
    """The role this planner works under: $PLANNER_ROLE if set, else manager."""
    text = os.environ.get(ROLE_VARIABLE, "").strip()
    if not text:
        return Role.MANAGER
    try:
        return Role(text)
    except ValueError:
        raise PlannerError(
            f"${ROLE_VARIABLE} is '{text}'; it must be one of {', '.join(Role)}"
        ) from None


def write_refusal(role: Role, needs: Role = Role.OFFICER) -> str | None:
    """Why `role` may not make a change that `needs` a role; None when it may."""
    order = list(Role)  # viewer, officer, manager: each may do what those before it may
    if order.index(role) >= order.index(needs):
        return None
    if role == Role.VIEWER:
        return (
            "you are logged in as a viewer: you can look and write briefs, but not change "
            "the register (ask a manager for the officer role)"
        )
    return f"only a {needs} can make this change; you are logged in as {role}"


def reversal_refusal(role: Role, entities: set[str]) -> str | None:
    """Why `role` may not undo or redo a change to these audit entities; None when it may."""
    needs = Role.MANAGER if entities & MANAGER_ENTITIES else Role.OFFICER
    return write_refusal(role, needs)
