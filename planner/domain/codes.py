"""The typed vocabulary: every code the planner stores or compares, as a StrEnum.

A StrEnum member is a `str` equal to its stored text, so members go straight into SQL
parameters, JSON and templates, and a value read back from SQLite compares equal to the
member. Spell a code through these names, never as a bare string literal, so a typo is a
NameError (or a mypy error) instead of a comparison that is quietly never true. The
labels people read and the spellings an import accepts stay in `planner.domain.vocab`.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """Where a contract stands in the programme."""

    ACTIVE = "active"
    IN_REVIEW = "in review"
    DECIDED = "decided"
    COMPLETED = "completed"
    EXPIRED = "expired"
    TERMINATED = "terminated"


# A closed contract needs no review, no flags and no plan.
CLOSED_STATUSES: frozenset[Status] = frozenset(
    {Status.COMPLETED, Status.EXPIRED, Status.TERMINATED}
)


class Rag(StrEnum):
    """A review's verdict: Red, Amber or Green (docs/rules.md, "RAG: Red, Amber, Green")."""

    RED = "red"
    AMBER = "amber"
    GREEN = "green"


class Risk(StrEnum):
    """The risk a department or officer puts on a contract."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Regime(StrEnum):
    """The law a contract was let under."""

    PCR2015 = "PCR2015"
    PA2023 = "PA2023"


class RouteCode(StrEnum):
    """How a review gets to its new arrangement (rows of the `routes` table)."""

    EXTENSION = "extension"
    FRAMEWORK_DIRECT_AWARD = "framework-direct-award"
    FRAMEWORK_FURTHER_COMPETITION = "framework-further-competition"
    QUOTES = "quotes"
    OPEN = "open"
    COMPETITIVE_FLEXIBLE = "competitive-flexible"
    DIRECT_AWARD = "direct-award"
    COLLABORATE = "collaborate"
    TERMINATE = "terminate"
    IN_HOUSE = "in-house"


class Decision(StrEnum):
    """What the options appraisal decided for a contract."""

    CENTRALISE = "centralise"
    EXTEND = "extend"
    RE_TENDER = "re-tender"
    CALL_OFF = "call-off"
    COLLABORATE = "collaborate"
    TERMINATE = "terminate"
    IN_HOUSE = "in-house"


class StageCode(StrEnum):
    """The stages of a review (rows of the `stages` table, docs/rules.md "Stages of a review")."""

    NEEDS_ANALYSIS = "needs-analysis"
    OPTIONS = "options"
    NOTICE = "notice"
    CHANGE_CHECK = "change-check"
    CHANGE_NOTICE = "change-notice"
    APPROVAL = "approval"
    MARKET_ENGAGEMENT = "market-engagement"
    SPECIFICATION = "specification"
    BT_TENDER_NOTICE = "bt-tender-notice"
    TENDER_NOTICE = "tender-notice"
    TENDER_PERIOD = "tender-period"
    EVALUATION = "evaluation"
    TRANSPARENCY_NOTICE = "transparency-notice"
    AWARD_DECISION = "award-decision"
    AWARD_NOTICE = "award-notice"
    STANDSTILL = "standstill"
    SIGNED = "signed"
    DETAILS_NOTICE = "details-notice"
    MOBILISATION = "mobilisation"
    NEW_START = "new-start"
    CONTRACT_COPY = "contract-copy"  # over £5m: a copy of the contract (PA 2023 s.53(3))
    TERMINATION_NOTICE = "termination-notice"


class Severity(StrEnum):
    """How much a contract flag matters."""

    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"


class FlagCode(StrEnum):
    """Why a review or contract is flagged: the codes in JSON, filters and briefs."""

    # Hard dates.
    NOTICE_PASSED = "notice_passed"
    NOTICE_SOON = "notice_soon"
    NOTICE_LATE = "notice_late"
    ENDED = "ended"
    # Feasibility on the route.
    INFEASIBLE = "infeasible"
    FASTER_ROUTE = "faster_route"
    NEEDS_EXTENSION = "needs_extension"
    ROUTE_UNSUITABLE = "route_unsuitable"
    ROUTE_UNCONFIRMED = "route_unconfirmed"
    # After levelling.
    LATE = "late"
    HARD_DATE_MISSED = "hard_date_missed"
    OVERLOADED = "overloaded"
    OVERDUE = "overdue"
    LOW_SLACK = "low_slack"
    # Things to know that do not change the colour.
    PROVISIONAL = "provisional"
    THRESHOLD_CROSSED = "threshold_crossed"
    DATA_GAP = "data_gap"
    NO_TEAM = "no_team"
    OFFICER_UNKNOWN = "officer_unknown"
    REGIME_UNKNOWN = "regime_unknown"
    # Contract flags (register, triage).
    ABOVE_THRESHOLD = "above_threshold"
    NOTIFIABLE = "notifiable"
    OVER_5M = "over_5m"
    NO_END_DATE = "no_end_date"
    NO_VALUE = "no_value"
    NO_OWNER = "no_owner"
    VALUES_DISAGREE = "values_disagree"  # annual x term and total more than 2x apart


class Entity(StrEnum):
    """What an audit row is about (the `entity` column of the audit trail)."""

    CONTRACT = "contract"
    DEPARTMENT = "department"
    REVIEW = "review"
    MILESTONE = "milestone"
    MILESTONES = "milestones"  # a contract's whole plan, written by a schedule run
    WORKLOAD = "workload"
    SCHEDULE_STATE = "schedule_state"
    OFFICER = "officer"
    LEAVE = "leave"
    ROUTE = "route"
    ROUTE_STAGE = "route_stage"
    THRESHOLD = "threshold"
    TENDER_PERIOD = "tender_period"
    BENEFIT = "benefit"
    CLAIM = "claim"
    SPEND_IMPORT = "spend_import"
    SPEND_LINE = "spend_line"
    SUPPLIER_MATCH = "supplier_match"
    SETTING = "setting"
    DECISION_ROUTE = "decision_route"
    USER = "user"  # an account of the team server (never its password)
    DEPARTMENT_ALIAS = "department_alias"
    IMPORT_MAPPING = "import_mapping"
    CHECKLIST_ITEM = "checklist_item"  # one version of a review checklist question
    CHECKLIST_ANSWER = "checklist_answer"

    KPI_TARGET = "kpi_target"
    KPI_BASELINE = "kpi_baseline"


class Answer(StrEnum):
    """An answer to a review checklist item (docs/rules.md, "The review checklist")."""

    YES = "yes"
    NO = "no"
    NA = "na"  # not applicable


class NoteOn(StrEnum):
    """When a checklist item's answer needs a note (the measure, the result, the link)."""

    NEVER = ""
    YES = "yes"
    ANSWERED = "answered"  # any answer but not applicable


class ChecklistCode(StrEnum):
    """The checklist items the briefs report on (rows of `checklist_items`; a manager may
    add others, which the briefs count only as answered or not)."""

    SOCIAL_VALUE = "social-value"
    LIVING_WAGE = "living-wage"
    EIA = "eia"
    SUSTAINABILITY = "sustainability"
    LOTTING = "lotting"
    COLLABORATION = "collaboration"
    DPIA = "dpia"
    TUPE = "tupe"
    RISKS = "risks"


class ChangeKind(StrEnum):
    """What kind of change a row of the change log is (the `kind` column of `changes`)."""

    EDIT = "edit"
    IMPORT = "import"
    SCHEDULE = "schedule"  # a re-derived plan: undo passes over it
    UNDO = "undo"
    REDO = "redo"
    ACCOUNT = "account"  # a team server account changed: undo passes over it


class Role(StrEnum):
    """What a team server account may do (docs/guide/team-server.md): a viewer looks and
    writes briefs, an officer also changes contracts, a manager also rules, team and users."""

    VIEWER = "viewer"
    OFFICER = "officer"
    MANAGER = "manager"


class Action(StrEnum):
    """What an audit row did."""

    INSERT = "insert"
    UPDATE = "update"
    DELETE = "delete"
    PACKED = "packed"  # many rows of one big change, kept compressed (store/audit_pack.py)


class ProcurementKind(StrEnum):
    """Which threshold a contract is judged by (docs/rules.md, "Thresholds")."""

    GOODS = "goods and services"
    WORKS = "works"
    LIGHT_TOUCH = "light touch"
