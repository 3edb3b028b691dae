"""Which published notices are contracts: OCDS and Contracts Finder status words as planner
statuses, or the reason a release, award or contract is skipped (docs/rules.md, "Published
notices").

Contracts Finder writes its own words (`open`, `closed`, `awarded`, `withdrawn`,
`cancelled`) into `tender.status`, `awards[].status` and `contracts[].status` beside the OCDS
codes (`active`, `complete`, `pending`, `terminated`, `unsuccessful`). A tender that was
never awarded is not a contract; a withdrawn or cancelled notice, award or contract never
became one.
"""

from __future__ import annotations

from typing import Any

from planner.domain.codes import Status
from planner.domain.vocab import STATUSES, canonical
from planner.errors import ValidationError

# A contract's (or, without contracts, an award's) status as the planner's.
_RUNNING = frozenset({"active", "awarded", "pending", "open", "complete"})
_ENDED = frozenset({"terminated", "closed", "expired"})
_NOT_LET = {
    "cancelled": "was cancelled before it was signed",
    "withdrawn": "was withdrawn",
    "unsuccessful": "was unsuccessful: no supplier was awarded it",
}
_UNAWARDED = {
    "planning": "is a plan: no tender has been run or awarded yet",
    "planned": "is a plan: no tender has been run or awarded yet",
    "open": "is still open: no contract has been awarded yet",
    "active": "is still open: no contract has been awarded yet",
    "closed": "has closed but no award has been published: no contract yet",
    "complete": "says it is complete but names no award or contract",
    "awarded": "says it is awarded but names no award or contract",
}


def release_skip_reason(tender: dict[str, Any], has_award: bool) -> str | None:
    """Why a release holds no contract to register, or None if it may hold some."""
    status = str(tender.get("status") or "").strip().lower()
    if status in ("withdrawn", "cancelled"):
        return f"the tender {_NOT_LET[status]} (tender status '{status}'); not a contract"
    if has_award:
        return None
    if status == "unsuccessful":
        return "the tender ended without an award (tender status 'unsuccessful'); not a contract"
    if status in _UNAWARDED:
        return f"the tender {_UNAWARDED[status]} (tender status '{status}')"
    return "the release names no award or contract (a planning or tender notice)"


def contract_status(
    contract: dict[str, Any], award: dict[str, Any], details: str | None
) -> Status | str:
    """The planner status of a published contract (or award), or why it is not a contract.

    The planner's own status words in `statusDetails` (as `planner export ocds` writes them)
    come first; then the contract's status; then, where the contract says nothing, the
    award's.
    """
    if details is not None:
        try:
            known = canonical("status", details)
        except ValidationError:
            known = None
        if known in STATUSES:
            return Status(known)
    for kind, block in (("contract", contract), ("award", award)):
        word = str(block.get("status") or "").strip().lower()
        if word in _NOT_LET:
            why = "was cancelled" if (kind, word) == ("award", "cancelled") else _NOT_LET[word]
            return f"the {kind} {why} ({kind} status '{word}'); not a contract"
        if word in _ENDED:
            # An award that is "closed" still stands; only a contract can have ended.
            return Status.EXPIRED if kind == "contract" else Status.ACTIVE
        if word in _RUNNING:
            return Status.ACTIVE
    return Status.ACTIVE
