"""The review checklist: what a review considered besides its route (docs/rules.md, "The
review checklist"). Pure: the questions, the answers, and what a review still owes."""

from __future__ import annotations

from dataclasses import dataclass

from planner.domain.codes import Answer, NoteOn
from planner.errors import ValidationError

ANSWER_WORDS: dict[Answer, str] = {Answer.YES: "yes", Answer.NO: "no", Answer.NA: "n/a"}
_SPELLINGS: dict[str, Answer] = {
    "yes": Answer.YES, "y": Answer.YES,
    "no": Answer.NO, "n": Answer.NO,
    "na": Answer.NA, "n/a": Answer.NA, "not applicable": Answer.NA, "a": Answer.NA,
}  # fmt: skip


def parse_answer(text: str) -> Answer:
    """yes, no or not applicable, as typed ('y', 'N/A', 'not applicable' ...)."""
    found = _SPELLINGS.get(" ".join(text.lower().split()))
    if found is None:
        raise ValidationError(f"'{text}' is not an answer: answer yes, no or na (not applicable)")
    return found


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    """One version of a checklist question."""

    code: str
    version: int
    seq: int
    label: str
    question: str
    note_hint: str = ""
    note_on: NoteOn = NoteOn.NEVER
    required: bool = True
    retired: bool = False

    def needs_note(self, answer: Answer) -> bool:
        """True when this answer must say more (the measure, the result, the link)."""
        if self.note_on == NoteOn.YES:
            return answer == Answer.YES
        return self.note_on == NoteOn.ANSWERED and answer != Answer.NA


@dataclass(frozen=True, slots=True)
class ChecklistAnswer:
    """A review's answer to one item, with the version of the question it answered."""

    item: str
    item_version: int
    answer: Answer
    note: str = ""
    link: str = ""
    answered_by: str = ""
    answered_at: str = ""


def check_answer(item: ChecklistItem, answer: Answer, note: str, link: str) -> None:
    """Refuse an answer that leaves out what its item asks for."""
    if item.needs_note(answer) and not (note.strip() or link.strip()):
        hint = f" ({item.note_hint})" if item.note_hint else ""
        raise ValidationError(
            f"{item.label} answered {ANSWER_WORDS[answer]} needs a note{hint}: add --note TEXT"
        )


@dataclass(frozen=True, slots=True)
class ChecklistLine:
    """One item of a review's checklist: the question as now asked, and the answer with the
    question it answered (an earlier wording keeps its own)."""

    item: ChecklistItem
    answer: ChecklistAnswer | None = None
    asked: ChecklistItem | None = None  # the version answered, when not the current one

    @property
    def question(self) -> str:
        """The question the answer answered, else the one now asked."""
        return (self.asked or self.item).question

    @property
    def answered(self) -> bool:
        """True once the review answered it (in any wording)."""
        return self.answer is not None


@dataclass(frozen=True, slots=True)
class ReviewChecklist:
    """A review's checklist: every current item with its answer, in order."""

    lines: tuple[ChecklistLine, ...]

    @property
    def required(self) -> tuple[ChecklistLine, ...]:
        """The items that must be answered before the business case is approved."""
        return tuple(line for line in self.lines if line.item.required)

    @property
    def unanswered_required(self) -> tuple[ChecklistLine, ...]:
        """Required items still unanswered."""
        return tuple(line for line in self.required if not line.answered)

    @property
    def answered_count(self) -> int:
        """How many items are answered."""
        return sum(1 for line in self.lines if line.answered)

    def answer_to(self, code: str) -> Answer | None:
        """The answer given to item `code`, if any."""
        line = next((x for x in self.lines if x.item.code == code), None)
        return None if line is None or line.answer is None else line.answer.answer


def completeness(answered: int, required: int) -> str:
    """How complete a checklist is, as triage shows it: '4/9', '9/9'."""
    return f"{answered}/{required}" if required else "—"


def approval_waits_for(checklist: ReviewChecklist) -> str | None:
    """The required items approval waits for, named ('Living wage, TUPE'), or None."""
    missing = checklist.unanswered_required
    return ", ".join(line.item.label for line in missing) if missing else None


def approval_blocker(checklist: ReviewChecklist) -> str | None:
    """Why a review cannot reach 'Business case approved' yet, or None when it can: every
    required checklist item must be answered first (docs/rules.md, "The review checklist")."""
    names = approval_waits_for(checklist)
    if names is None:
        return None
    return (
        f"the business case cannot be approved with the review checklist unanswered: "
        f"{names} (answer them on the contract's Review tab or with planner checklist answer)"
    )


__all__ = [
    "ANSWER_WORDS",
    "ChecklistAnswer",
    "ChecklistItem",
    "ChecklistLine",
    "ReviewChecklist",
    "approval_blocker",
    "approval_waits_for",
    "check_answer",
    "completeness",
    "parse_answer",
]
