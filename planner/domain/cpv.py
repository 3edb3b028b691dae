"""Works, light touch or goods and services, from a contract's CPV code against the code
lists of the Procurement Regulations 2024 (shipped in reference/; docs/rules.md,
"Thresholds"), falling back to the category's words only where no CPV code is held."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from planner.domain.codes import ProcurementKind
from planner.errors import ValidationError

_CODE = r"(\d{8})(?:\s*-\s*\d)?"
# One code, or several (a register's "CPV Codes" column): the first is the main one.
_CPV = re.compile(rf"^\s*{_CODE}(?:\s*[,;/|\s]\s*{_CODE})*\s*$")
_WORKS_WORDS = re.compile(r"\b(works?|construction)\b", re.IGNORECASE)
_LIGHT_TOUCH_WORDS = re.compile(
    r"\b(light[ -]touch|social|health|legal|education|training)\b", re.IGNORECASE
)
_LIST_NAMES = {
    ProcurementKind.WORKS: "the works list (Procurement Regulations 2024, Schedule 3)",
    ProcurementKind.LIGHT_TOUCH: "the light-touch list (Procurement Regulations 2024, Schedule 1)",
}


def cpv_digits(code: str | None) -> str | None:
    """The 8 digits of a CPV code ('72000000-5' or '72000000'; of the first, the main one,
    where several are given); None if it is not one."""
    if code is None:
        return None
    match = _CPV.match(code)
    return match.group(1) if match else None


def significant(digits: str) -> str:
    """The levels a code names: trailing zeros are wildcards, down to the 2-digit division."""
    return digits.rstrip("0").ljust(2, "0")


@dataclass(frozen=True, slots=True)
class CodeEntry:
    """One line of a code list: a CPV code, whether it covers the codes below it, and the
    kind of contract it makes."""

    digits: str
    kind: ProcurementKind
    description: str
    exact: bool = False

    @property
    def prefix(self) -> str:
        """The digits a contract's code must start with to fall under this entry."""
        return significant(self.digits)

    def covers(self, digits: str) -> bool:
        """True if a contract's CPV code (8 digits) falls under this entry."""
        if self.exact:
            return significant(digits) == self.prefix
        return digits.startswith(self.prefix)


def parse_code_list(text: str, kind: ProcurementKind, source: str) -> list[CodeEntry]:
    """Read a code list file (`#` lines are its source; then code, match, description)."""
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    entries = []
    for row in csv.DictReader(lines):
        digits = cpv_digits(row.get("code"))
        match = (row.get("match") or "").strip()
        if digits is None or match not in {"prefix", "exact"}:
            raise ValidationError(
                f"{source}: '{row.get('code')},{match}' is not a CPV code line "
                "(code,prefix|exact,description)"
            )
        description = (row.get("description") or "").strip()
        entries.append(CodeEntry(digits, kind, description, match == "exact"))
    return entries


@dataclass(frozen=True, slots=True)
class Classification:
    """The kind of a contract for the thresholds, the CPV code that decided it (None when
    read from words), and why, in words."""

    kind: ProcurementKind
    cpv: str | None
    reason: str

    @property
    def provisional(self) -> bool:
        """True when no CPV code decided it (the category's words were read instead)."""
        return self.cpv is None

    @property
    def words(self) -> str:
        """The reason, marked 'provisional: ' when no CPV code decided it."""
        return f"provisional: {self.reason}" if self.provisional else self.reason


@dataclass(slots=True)
class CodeLists:
    """The works and light-touch code lists, with a per-code cache: 50,000 contracts share
    a few hundred codes."""

    entries: tuple[CodeEntry, ...] = ()
    _cache: dict[str, Classification] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def of(cls, entries: Iterable[CodeEntry]) -> CodeLists:
        """Lists from parsed entries."""
        return cls(tuple(entries))

    def classify_code(self, digits: str) -> Classification:
        """The kind a CPV code (8 digits) gives: the most specific listed code that covers
        it decides; a code under neither list is goods and services."""
        found = self._cache.get(digits)
        if found is None:
            found = self._cache[digits] = self._lookup(digits)
        return found

    def _lookup(self, digits: str) -> Classification:
        matches = [e for e in self.entries if e.covers(digits)]
        if not matches:
            return Classification(
                ProcurementKind.GOODS, digits,
                f"CPV {digits} is on neither the works nor the light-touch list",
            )  # fmt: skip
        best = max(matches, key=lambda e: (len(e.prefix), e.exact))
        under = "" if best.digits == digits else f", listed as {best.digits}"
        return Classification(
            best.kind,
            digits,
            f"CPV {digits} is on {_LIST_NAMES[best.kind]}: {best.description}{under}",
        )


def kind_from_words(category: str | None) -> ProcurementKind:
    """A guess from the category's words: whole words 'works' or 'construction' are works;
    'social', 'health', 'legal', 'education', 'training' or 'light touch' are light touch."""
    text = category or ""
    if _WORKS_WORDS.search(text):
        return ProcurementKind.WORKS
    if _LIGHT_TOUCH_WORDS.search(text):
        return ProcurementKind.LIGHT_TOUCH
    return ProcurementKind.GOODS


def classify(cpv: str | None, category: str | None, lists: CodeLists) -> Classification:
    """A contract's kind from its CPV code; from its category's words, said to be
    provisional, only where no usable CPV code is held or no code lists are loaded."""
    digits = cpv_digits(cpv)
    if digits is not None and lists.entries:
        return lists.classify_code(digits)
    kind = kind_from_words(category)
    if digits is None and cpv and cpv.strip():
        why = f"'{cpv.strip()}' is not a CPV code"
    elif digits is None:
        why = "no CPV code"
    else:
        why = "no CPV code lists loaded"
    words = f"the category '{category}'" if category else "no category either"
    return Classification(kind, None, f"{why}, so read as {kind} from {words}")
