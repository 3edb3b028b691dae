"""Errors whose message is written for the person using the planner."""


class PlannerError(Exception):
    """An error the user can act on; its message is one clear sentence."""


class ValidationError(PlannerError, ValueError):
    """A value that is malformed (as opposed to unknown, which is allowed)."""


class ConflictError(PlannerError):
    """Someone else changed a record after it was read; nothing was overwritten."""


class NotFoundError(PlannerError):
    """A contract, department or other record named by the user does not exist."""
