"""The demo's review checklists: answered in full before a business case is approved, in
part where a review is under way, so the Review tab, triage and the briefs have answers."""

from __future__ import annotations

import random

from planner.domain.checklist import ChecklistItem
from planner.domain.codes import Answer, ChecklistCode
from planner.store.checklist import answer_item, current_items
from planner.store.db import Database

# What the demo writes as each item's note when it needs one (clearly synthetic).
_NOTES: dict[str, tuple[str, ...]] = {
    ChecklistCode.SOCIAL_VALUE: (
        "Two local apprenticeships a year", "Local jobs: 5 hires from Lancashire",
        "Carbon: fleet moves to electric vans",
    ),
    ChecklistCode.COLLABORATION: (
        "BlueLight Commercial: no framework fits", "CCS framework checked: used for pricing",
        "North West forces: no joint need this cycle",
    ),
    ChecklistCode.RISKS: ("Single supplier market", "Mobilisation over winter", "Data migration"),
    ChecklistCode.EIA: ("Booked with the joint EDI team",),
}  # fmt: skip
_WEIGHTS = (0.55, 0.3, 0.15)  # yes, no, not applicable


_LINKED = (ChecklistCode.EIA, ChecklistCode.DPIA)  # a done assessment is linked to


def _answer(rng: random.Random, item: ChecklistItem) -> tuple[Answer, str, str]:
    answer = rng.choices((Answer.YES, Answer.NO, Answer.NA), weights=_WEIGHTS)[0]
    notes = _NOTES.get(item.code, ())
    note = rng.choice(notes) if notes and (item.needs_note(answer) or rng.random() < 0.3) else ""
    if item.code in _LINKED and answer == Answer.YES:
        return answer, "", f"https://intranet.example/{item.code}/demo"
    return answer, note, ""


def answer_demo_checklist(
    db: Database, contract_id: int, rng: random.Random, who: str, *, items: int | None = None
) -> None:
    """Answer the first `items` items of a review's checklist (all of them by default)."""
    for item in current_items(db)[:items]:
        answer, note, link = _answer(rng, item)
        answer_item(db, contract_id, item.code, answer, who, note=note, link=link)
