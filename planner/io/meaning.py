"""Reading a heading by what it means, when it is not in the synonym list.

A register's headings are written by people: `Annual Cost ex VAT`, `Whole Life Cost`,
`Notice (days)`, `Max End (with extensions)`. A heading is split into a unit (what its
values are counted in: days, months, £k, ex or inc VAT) and words; the words are reduced
to stems and then to ideas (cost, spend and value are one idea; annual, per annum and p.a.
another), and a column is chosen by the ideas it needs (docs/rules.md, "Reading a
register's headings"). A heading that still means nothing is reported with the nearest
column as a suggestion, never put in notes without a word.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

# What a heading's values are counted in, as a unit name: the text in a heading that says so.
_UNITS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("days", re.compile(r"\(\s*(?:in\s+)?(?:working\s+)?days?\s*\)")),
    ("weeks", re.compile(r"\(\s*(?:in\s+)?weeks?\s*\)")),
    ("months", re.compile(r"\(\s*(?:in\s+)?(?:months?|mths?)\s*\)")),
    ("years", re.compile(r"\(\s*(?:in\s+)?(?:years?|yrs?)\s*\)")),
    ("thousands", re.compile(r"\(\s*£?\s*(?:k|000s?|'000s?|thousands?)\s*\)|£\s*k\b|£000s?")),
    ("millions", re.compile(r"\(\s*£?\s*(?:m|millions?)\s*\)|£\s*m\b")),
    ("ex_vat", re.compile(r"\(?\b(?:ex|excl?|excluding|exclusive\s+of|net\s+of)\.?\s+vat\b\)?")),
    ("inc_vat", re.compile(r"\(?\b(?:inc|incl?|including|inclusive\s+of)\.?\s+vat\b\)?")),
)
PERIOD_UNITS = frozenset({"days", "weeks", "months", "years"})
MONEY_UNITS = {"thousands": 1_000, "millions": 1_000_000}
VAT_UNITS = {"ex_vat": False, "inc_vat": True}

# Phrases read as one idea before the words are split.
_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bper\s+annum\b|\bp\.?\s?a\.?(?=\s|$)|\bper\s+year\b|\bpa\b"), " annual "),
    (re.compile(r"\bwhole[\s-]*life\b|\blife[\s-]*time\b"), " total "),
    (re.compile(r"\bcompanies\s+house\b"), " company "),
    (re.compile(r"\bcall[\s-]*off\b"), " framework "),
)

_SMALL_WORDS = frozenset({"a", "an", "and", "at", "by", "for", "in", "of", "on", "the", "to",
                          "with"})  # fmt: skip

# Stems -> the idea they stand for; a word not listed is its own idea.
_IDEAS: dict[str, str] = {
    **dict.fromkeys(("cost", "spend", "value", "price", "amount", "worth"), "value"),
    **dict.fromkeys(("annual", "yearly", "annually", "year"), "annual"),
    **dict.fromkeys(("total", "lifetime", "overall", "aggregate", "estimated"), "total"),
    **dict.fromkeys(("max", "maximum", "extension", "extended", "final", "latest"), "max"),
    **dict.fromkeys(("end", "expiry", "expire", "expires", "finish", "until", "renewal"), "end"),
    **dict.fromkeys(("centre", "center"), "centre"),
    **dict.fromkeys(("start", "commence", "commencement", "begin", "effective"), "start"),
    **dict.fromkeys(("manager", "owner", "holder", "lead", "contact", "responsible"), "owner"),
    **dict.fromkeys(("supplier", "vendor", "contractor", "provider", "incumbent"), "supplier"),
    **dict.fromkeys(("procedure", "route", "method", "process"), "route"),
    **dict.fromkeys(("department", "dept", "directorate", "unit", "team"), "department"),
    **dict.fromkeys(("reference", "ref", "id"), "ref"),
    **dict.fromkeys(("no", "number", "num"), "number"),
    **dict.fromkeys(("title", "name", "description", "subject", "service"), "title"),
    **dict.fromkeys(("note", "comment", "remark"), "note"),
    **dict.fromkeys(("framework", "agreement"), "framework"),
    **dict.fromkeys(("sme", "small"), "sme"),
    **dict.fromkeys(("vcse", "charity", "voluntary"), "vcse"),
    **dict.fromkeys(("notice", "termination"), "notice"),
    **dict.fromkeys(("date", "deadline"), "date"),
    **dict.fromkeys(("company", "registration", "crn"), "company"),
    **dict.fromkeys(("category", "type"), "category"),
    **dict.fromkeys(("status", "state"), "status"),
    **dict.fromkeys(("officer", "buyer"), "officer"),
    **dict.fromkeys(("risk",), "risk"),
    **dict.fromkeys(("cpv",), "cpv"),
    **dict.fromkeys(("regime", "regulation"), "regime"),
    **dict.fromkeys(("decision", "recommendation", "outcome"), "decision"),
    **dict.fromkeys(("previous", "last", "original", "current", "used"), "history"),
    **dict.fromkeys(("option", "extend"), "option"),
    **dict.fromkeys(("exercised", "exercise", "taken"), "exercised"),
    **dict.fromkeys(
        (
            "restricted",
            "restriction",
            "withheld",
            "withhold",
            "exempt",
            "exemption",
            "publish",
            "publication",
        ),
        "restricted",
    ),
}


# Columns by the ideas a heading must hold, most particular first; the first rule whose
# ideas are all present (and none of its `not_with`) wins.
@dataclass(frozen=True, slots=True)
class _Rule:
    column: str
    needs: frozenset[str]
    not_with: frozenset[str] = frozenset()


def _rule(column: str, needs: str, not_with: str = "") -> _Rule:
    return _Rule(column, frozenset(needs.split()), frozenset(not_with.split()))


_RULES: tuple[_Rule, ...] = (
    _rule("supplier_company_no", "company ref"),
    _rule("supplier_company_no", "company number"),
    _rule("notice_date", "notice date"),
    _rule("options_exercised", "option exercised"),
    _rule("options_exercised", "max exercised", "date"),
    _rule("extension_options", "option", "date"),
    _rule("restricted_reason", "restricted reason"),
    _rule("restricted", "restricted", "date"),
    _rule("max_end_date", "max end", "start"),
    _rule("max_end_date", "max date", "start"),
    _rule("annual_value", "annual value", "date"),
    _rule("total_value", "total value", "date"),
    _rule("total_value", "value", "annual ref number date centre"),
    _rule("notice_period", "notice", "date"),
    _rule("end_date", "end", "max user"),
    _rule("start_date", "start", "max"),
    _rule("previous_route", "route"),
    _rule("framework", "framework"),
    _rule("sme", "sme"),
    _rule("vcse", "vcse"),
    _rule("cpv", "cpv"),
    _rule("supplier", "supplier"),
    _rule("officer", "officer"),
    _rule("owner", "owner"),
    _rule("department", "department"),
    _rule("supplier", "company title"),
    _rule("regime", "regime"),
    _rule("decision", "decision"),
    _rule("risk", "risk"),
    _rule("status", "status"),
    _rule("category", "category"),
    _rule("notes", "note"),
    _rule("ref", "ref"),
    _rule("ref", "contract number"),
    _rule("title", "title"),
)


@dataclass(frozen=True, slots=True)
class HeadingParts:
    """A heading split into its words (without the unit) and the units it names."""

    words: str
    units: tuple[str, ...]


def split_unit(heading: str) -> HeadingParts:
    """Take the units out of a heading: 'Notice (days)' -> ('Notice', ('days',))."""
    text = heading.lower()
    units: list[str] = []
    for name, pattern in _UNITS:
        if pattern.search(text):
            units.append(name)
            text = pattern.sub(" ", text)
    return HeadingParts(" ".join(text.replace("()", " ").split()), tuple(units))


def _stem(word: str) -> str:
    # Enough for headings: 'extensions' -> 'extension', 'costs' -> 'cost', 'notes' -> 'note'.
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def ideas(words: str) -> frozenset[str]:
    """The ideas a heading's words stand for (its stems, each read through _IDEAS)."""
    text = words.lower()
    for pattern, idea in _PHRASES:
        text = pattern.sub(idea, text)
    text = text.replace("&", " and ")
    stems = (_stem(w) for w in re.findall(r"[a-z0-9]+", text) if w not in _SMALL_WORDS)
    return frozenset(_IDEAS.get(stem, stem) for stem in stems)


def by_meaning(words: str) -> str | None:
    """The register column a heading's words mean, or None."""
    found = ideas(words)
    for rule in _RULES:
        if rule.needs <= found and not rule.not_with & found:
            return rule.column
    return None


_TYPO = 0.85  # a spelling this alike is the same heading mistyped; less alike is a guess


def nearest_column(heading: str, spellings: dict[str, str], columns: tuple[str, ...]) -> str:
    """The register column a heading is most like, for a suggestion: the one its words
    mean; else the free column (of `columns`, with `spellings` {spelling: column}) whose
    spellings share most of its ideas, or the closest spelling; else 'ignore'."""
    parts = split_unit(heading)
    meant = by_meaning(parts.words)
    if meant is not None:
        return meant
    found = ideas(parts.words)
    key = re.sub(r"[^a-z0-9]", "", parts.words)
    best, best_score = "ignore", 0.0
    for spelling, column in spellings.items():
        if column not in columns:
            continue
        # Most of its ideas shared with a spelling, or a spelling it nearly is (a typo).
        shared = len(found & ideas(spelling)) / max(len(found), 1)
        close = difflib.SequenceMatcher(None, key, re.sub(r"[^a-z0-9]", "", spelling.lower()))
        ratio = close.ratio()
        score = max(shared if shared > 0.5 else 0.0, ratio if ratio >= _TYPO else 0.0)
        if score > best_score:
            best, best_score = column, score
    return best if best_score > 0 else "ignore"


def scaled_money(value: object, unit: str) -> object:
    """A bare number in a '£k' or '£m' column, in pounds; anything else as it was."""
    factor = MONEY_UNITS[unit]
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        return f"{number * factor:.2f}"
    text = str(value).strip().replace(",", "").removeprefix("£").strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        return value  # '£45k', 'TBC', or something the money reader will explain
    if not number.is_finite() or number < 0:
        return value
    return f"{number * factor:.2f}"


def counted_period(value: object, unit: str) -> object:
    """A bare number in a '(days)' or '(months)' column as words ('3 months')."""
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value} {unit}"
    text = str(value).strip()
    if text.endswith(".0"):
        text = text[:-2]
    return f"{text} {unit}" if text.isdecimal() else value


def with_unit(parser: Callable[[object], Any], unit: str | None) -> Callable[[object], Any]:
    """A column's parser reading bare numbers in the unit its heading names: 90 under
    'Notice (days)' is P90D, 45 under 'Value (£k)' is £45,000 (docs/rules.md, "Reading a
    register's headings")."""
    for part in (unit or "").split("+"):
        if part in PERIOD_UNITS:
            return functools.partial(_counted, parser, part)
        if part in MONEY_UNITS:
            return functools.partial(_scaled, parser, part)
    return parser


def _counted(parser: Callable[[object], Any], unit: str, raw: object) -> Any:
    return parser(counted_period(raw, unit))


def _scaled(parser: Callable[[object], Any], unit: str, raw: object) -> Any:
    return parser(scaled_money(raw, unit))
