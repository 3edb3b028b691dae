"""The controlled words of the register: routes, decisions, statuses, regimes, risk.

Each has a canonical code (stored) and the spellings people use in spreadsheets.
"""

from __future__ import annotations

import re

from planner.domain.codes import CLOSED_STATUSES as CLOSED_STATUSES
from planner.domain.codes import Decision, Regime, Risk, RouteCode, Status
from planner.domain.unknown import is_unknown
from planner.errors import ValidationError

ROUTES: dict[str, str] = {
    RouteCode.EXTENSION: "Extension / modification",
    RouteCode.FRAMEWORK_DIRECT_AWARD: "Framework direct award",
    RouteCode.FRAMEWORK_FURTHER_COMPETITION: "Framework further competition",
    RouteCode.QUOTES: "Quotes below threshold",
    RouteCode.OPEN: "Open procedure",
    RouteCode.COMPETITIVE_FLEXIBLE: "Competitive flexible procedure",
    RouteCode.DIRECT_AWARD: "Direct award with justification",
    RouteCode.COLLABORATE: "Collaborate with another body",
    RouteCode.TERMINATE: "Terminate",
    RouteCode.IN_HOUSE: "Bring in-house",
}
DECISIONS: dict[str, str] = {
    Decision.CENTRALISE: "Centralise as is",
    Decision.EXTEND: "Extend",
    Decision.RE_TENDER: "Re-tender",
    Decision.CALL_OFF: "Framework call-off",
    Decision.COLLABORATE: "Collaborate",
    Decision.TERMINATE: "Terminate",
    Decision.IN_HOUSE: "Bring in-house",
}
STATUSES: dict[str, str] = {
    Status.ACTIVE: "Active",
    Status.IN_REVIEW: "In review",
    Status.DECIDED: "Decided",
    Status.COMPLETED: "Review completed",
    Status.EXPIRED: "Expired",
    Status.TERMINATED: "Terminated",
}
REGIMES: dict[str, str] = {
    Regime.PCR2015: "Public Contracts Regulations 2015",
    Regime.PA2023: "Procurement Act 2023",
}
RISKS: dict[str, str] = {Risk.LOW: "Low", Risk.MEDIUM: "Medium", Risk.HIGH: "High"}

_SYNONYMS: dict[str, dict[str, str]] = {
    "route": {
        "extend": "extension",
        "modification": "extension",
        "variation": "extension",
        # A register's bare "direct award" is a direct award under s.41, not a framework
        # direct award (docs/rules.md, "Reading a register's route").
        "directaward": "direct-award",
        "directawards41": "direct-award",
        "s41directaward": "direct-award",
        "directawardsection41": "direct-award",
        "directawardundersection41": "direct-award",
        "frameworkdirectaward": "framework-direct-award",
        "frameworkcalloff": "framework-direct-award",
        "calloff": "framework-direct-award",
        "frameworkdirect": "framework-direct-award",
        # A bare "Framework" says a framework was used, not how: read as a further
        # competition, the longer of the two (docs/rules.md, "Reading a register's route").
        "framework": "framework-further-competition",
        "frameworkagreement": "framework-further-competition",
        "viaframework": "framework-further-competition",
        "minicompetition": "framework-further-competition",
        "minicomp": "framework-further-competition",
        "furthercompetition": "framework-further-competition",
        "rfq": "quotes",
        "quote": "quotes",
        "quotation": "quotes",
        "quotations": "quotes",
        "belowthreshold": "quotes",
        "opentender": "open",
        "openprocedure": "open",
        "competitiveflexibleprocedure": "competitive-flexible",
        "flexible": "competitive-flexible",
        "directawardwithjustification": "direct-award",
        "justifieddirectaward": "direct-award",
        "collaboration": "collaborate",
        "collaborative": "collaborate",
        "termination": "terminate",
        "inhouse": "in-house",
        "insource": "in-house",
    },
    "decision": {
        "centralise": "centralise",
        "centralize": "centralise",
        "centraliseasis": "centralise",
        "extension": "extend",
        "retender": "re-tender",
        "tender": "re-tender",
        "frameworkcalloff": "call-off",
        "calloff": "call-off",
        "collaboration": "collaborate",
        "termination": "terminate",
        "inhouse": "in-house",
    },
    "status": {
        "live": "active",
        "current": "active",
        "open": "active",
        "inreview": "in review",
        "underreview": "in review",
        "reviewing": "in review",
        "complete": "completed",
        "done": "completed",
        "ended": "expired",
        "lapsed": "expired",
        "terminated": "terminated",
    },
    "regime": {
        "pcr": "PCR2015",
        "pcr2015": "PCR2015",
        "publiccontractsregulations2015": "PCR2015",
        "pa": "PA2023",
        "pa2023": "PA2023",
        "procurementact2023": "PA2023",
        "procurementact": "PA2023",
    },
    "risk": {
        "l": "low",
        "m": "medium",
        "med": "medium",
        "h": "high",
        "1": "low",
        "2": "medium",
        "3": "high",
    },
}
_VOCABS: dict[str, dict[str, str]] = {
    "route": ROUTES,
    "decision": DECISIONS,
    "status": STATUSES,
    "regime": REGIMES,
    "risk": RISKS,
}


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


_LOOKUP: dict[str, dict[str, str]] = {
    field: {
        **{_key(code): code for code in words},
        **{_key(label): code for code, label in words.items()},
        **_SYNONYMS.get(field, {}),
    }
    for field, words in _VOCABS.items()
}


def canonical(field: str, value: object) -> str | None:
    """The stored code for a route, decision, status, regime or risk; None when unknown."""
    if is_unknown(value):
        return None
    code = _LOOKUP[field].get(_key(str(value)))
    if code is None:
        allowed = ", ".join(_VOCABS[field])
        raise ValidationError(f"'{value}' is not a known {field} (use one of: {allowed})")
    return code


def parse_priority(value: object) -> int | None:
    """Priority 1 (highest) to 5; None when unknown."""
    if is_unknown(value):
        return None
    text = str(value).strip().lower().removeprefix("p")
    if text.endswith(".0"):
        text = text[:-2]
    if text.isdecimal() and 1 <= int(text) <= 5:
        return int(text)
    raise ValidationError(f"'{value}' is not a priority (use 1 for highest to 5 for lowest)")
