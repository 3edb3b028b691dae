"""The review checklist held as data: the manager's default set of questions (versioned, so
an answer keeps the question it answered) and each review's answers (docs/rules.md, "The
review checklist"). Every write is one audited change that undo can reverse."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from planner.domain.checklist import (
    ANSWER_WORDS,
    ChecklistAnswer,
    ChecklistItem,
    ChecklistLine,
    ReviewChecklist,
    check_answer,
)
from planner.domain.codes import Action, Answer, Entity, NoteOn
from planner.errors import NotFoundError, ValidationError
from planner.store.audit import AuditLog, change
from planner.store.contracts import get_contract
from planner.store.db import Database, writes
from planner.store.history import register_entity

register_entity(Entity.CHECKLIST_ITEM, "checklist_items", "id")
register_entity(Entity.CHECKLIST_ANSWER, "checklist_answers", "id")

_ITEM_COLUMNS = "code, version, seq, label, question, note_hint, note_on, required, retired"
_CURRENT = (
    "version = (SELECT max(version) FROM checklist_items newer "
    "WHERE newer.code = checklist_items.code)"
)
_ANSWER_COLUMNS = "item, item_version, answer, note, link, answered_by, answered_at"


def _item(row: Iterable[Any]) -> ChecklistItem:
    code, version, seq, label, question, hint, note_on, required, retired = row
    return ChecklistItem(
        str(code), int(version), int(seq), str(label), str(question), str(hint),
        NoteOn(note_on), bool(required), bool(retired),
    )  # fmt: skip


def _answer(row: Iterable[Any]) -> ChecklistAnswer:
    item, version, answer, note, link, by, at = row
    return ChecklistAnswer(str(item), int(version), Answer(answer), note, link, by, at)


def current_items(db: Database, *, retired: bool = False) -> list[ChecklistItem]:
    """The default set: the newest version of every item, in order (retired ones too if
    asked)."""
    shown = "" if retired else " AND retired = 0"
    rows = db.conn.execute(
        f"SELECT {_ITEM_COLUMNS} FROM checklist_items WHERE {_CURRENT}{shown} ORDER BY seq, code"
    )
    return [_item(row) for row in rows]


def item_versions(db: Database, code: str) -> list[ChecklistItem]:
    """Every version of one item, oldest first."""
    rows = db.conn.execute(
        f"SELECT {_ITEM_COLUMNS} FROM checklist_items WHERE code = ? ORDER BY version", (code,)
    )
    return [_item(row) for row in rows]


def get_item(db: Database, code: str) -> ChecklistItem:
    """The current version of item `code` (any case); a clear error naming the items if
    there is none."""
    wanted = code.strip().lower()
    for item in current_items(db, retired=True):
        if wanted in (item.code, item.label.lower()):
            return item
    known = ", ".join(item.code for item in current_items(db))
    raise NotFoundError(f"there is no checklist item '{code}' (items: {known})")


def review_checklist(db: Database, contract_id: int) -> ReviewChecklist:
    """One review's checklist: every item of the default set with its answer, if any."""
    answers = {
        a.item: a
        for a in map(
            _answer,
            db.conn.execute(
                f"SELECT {_ANSWER_COLUMNS} FROM checklist_answers WHERE contract_id = ?",
                (contract_id,),
            ),
        )
    }
    lines = []
    for item in current_items(db):
        answer = answers.get(item.code)
        asked = None
        if answer is not None and answer.item_version != item.version:
            asked = next(
                v for v in item_versions(db, item.code) if v.version == answer.item_version
            )
        lines.append(ChecklistLine(item, answer, asked))
    return ReviewChecklist(tuple(lines))


def completeness_for(db: Database, contract_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """(required items answered, required items) for each contract: what triage shows."""
    ids = list(contract_ids)
    required = [item.code for item in current_items(db) if item.required]
    counts = dict.fromkeys(ids, 0)
    if ids and required:
        rows = db.conn.execute(
            f"SELECT contract_id, count(*) FROM checklist_answers "
            f"WHERE contract_id IN ({', '.join('?' * len(ids))}) "
            f"AND item IN ({', '.join('?' * len(required))}) GROUP BY contract_id",
            [*ids, *required],
        )
        counts.update({int(cid): int(n) for cid, n in rows})
    return {cid: (n, len(required)) for cid, n in counts.items()}


def answers_by_contract(db: Database, contract_ids: Iterable[int]) -> dict[int, dict[str, Answer]]:
    """{contract id: {item code: answer}} for the contracts given (the briefs' tallies)."""
    ids = list(contract_ids)
    found: dict[int, dict[str, Answer]] = {cid: {} for cid in ids}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = db.conn.execute(
            "SELECT contract_id, item, answer FROM checklist_answers "
            f"WHERE contract_id IN ({', '.join('?' * len(chunk))})",
            chunk,
        )
        for cid, item, answer in rows:
            found[int(cid)][str(item)] = Answer(answer)
    return found


@writes
def answer_item(
    db: Database,
    contract_id: int,
    code: str,
    answer: Answer,
    who: str,
    *,
    note: str | None = None,
    link: str | None = None,
) -> ChecklistLine:
    """Answer one checklist item of a review (yes, no or not applicable, with a note and a
    link); `note` or `link` None keeps what was written before. One audited change."""
    contract = get_contract(db, contract_id)
    item = get_item(db, code)
    if item.retired:
        raise ValidationError(f"{item.label} is no longer asked (a manager retired it)")
    row = db.conn.execute(
        f"SELECT id, {_ANSWER_COLUMNS} FROM checklist_answers WHERE contract_id = ? AND item = ?",
        (contract_id, item.code),
    ).fetchone()
    before = None if row is None else _answer(row[1:])
    note = (before.note if before else "") if note is None else note.strip()
    link = (before.link if before else "") if link is None else link.strip()
    check_answer(item, answer, note, link)
    values = {"item_version": item.version, "answer": answer, "note": note, "link": link}
    summary = f"{contract.ref}: checklist {item.label} {ANSWER_WORDS[answer]}"
    with change(db, who, summary) as log:
        if before is None:
            log.insert(Entity.CHECKLIST_ANSWER, "checklist_answers", {
                "contract_id": contract_id, "item": item.code, **values,
                "answered_by": who, "answered_at": log.at,
            })  # fmt: skip
        else:
            _update_answer(db, log, int(row[0]), before, values)
    return next(line for line in review_checklist(db, contract_id).lines if line.item == item)


def _update_answer(
    db: Database, log: AuditLog, answer_id: int, before: ChecklistAnswer, values: dict[str, Any]
) -> None:
    old = {"item_version": before.item_version, "answer": before.answer, "note": before.note,
           "link": before.link}  # fmt: skip
    changed = {k: v for k, v in values.items() if old[k] != v}
    if not changed:
        return
    changed |= {"answered_by": log.who, "answered_at": log.at}
    old |= {"answered_by": before.answered_by, "answered_at": before.answered_at}
    for field, new in changed.items():
        db.conn.execute(f"UPDATE checklist_answers SET {field} = ? WHERE id = ?", (new, answer_id))
        log.log(Action.UPDATE, Entity.CHECKLIST_ANSWER, answer_id, field, old[field], new)


@writes
def clear_answer(db: Database, contract_id: int, code: str, who: str) -> bool:
    """Take back a review's answer to one item; False if it had none."""
    contract = get_contract(db, contract_id)
    item = get_item(db, code)
    cursor = db.conn.execute(
        "SELECT * FROM checklist_answers WHERE contract_id = ? AND item = ?",
        (contract_id, item.code),
    )
    row = cursor.fetchone()
    if row is None:
        return False
    whole = dict(zip([d[0] for d in cursor.description], row, strict=True))
    with change(db, who, f"{contract.ref}: checklist {item.label} answer taken back") as log:
        db.conn.execute("DELETE FROM checklist_answers WHERE id = ?", (whole["id"],))
        log.log(Action.DELETE, Entity.CHECKLIST_ANSWER, whole["id"], "*", whole, None)
    return True


_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


def _insert_version(db: Database, item: ChecklistItem, who: str, summary: str) -> ChecklistItem:
    values = {
        "code": item.code, "version": item.version, "seq": item.seq, "label": item.label,
        "question": item.question, "note_hint": item.note_hint, "note_on": item.note_on,
        "required": int(item.required), "retired": int(item.retired),
    }  # fmt: skip
    with change(db, who, summary) as log:
        log.insert(Entity.CHECKLIST_ITEM, "checklist_items", values)
    return item


def _check_words(label: str, question: str) -> None:
    if not label.strip() or not question.strip():
        raise ValidationError("a checklist item needs a short label and a question")


@writes
def add_item(
    db: Database,
    code: str,
    label: str,
    question: str,
    who: str,
    *,
    note_hint: str = "",
    note_on: NoteOn = NoteOn.NEVER,
    required: bool = True,
) -> ChecklistItem:
    """Add an item to the default set (asked of every review from now on), at the end."""
    code = code.strip().lower()
    if not _CODE.match(code):
        raise ValidationError(
            f"'{code}' cannot be an item code: use lower-case letters, digits and hyphens "
            "(e.g. cyber-security)"
        )
    if item_versions(db, code):
        raise ValidationError(f"there is already a checklist item '{code}'; edit it instead")
    _check_words(label, question)
    last = db.conn.execute("SELECT coalesce(max(seq), 0) FROM checklist_items").fetchone()[0]
    item = ChecklistItem(code, 1, int(last) + 10, label.strip(), question.strip(),
                         note_hint.strip(), note_on, required)  # fmt: skip
    return _insert_version(db, item, who, f"Checklist item {code} added")


@writes
def edit_item(
    db: Database,
    code: str,
    who: str,
    *,
    label: str | None = None,
    question: str | None = None,
    note_hint: str | None = None,
    note_on: NoteOn | None = None,
    required: bool | None = None,
    retired: bool | None = None,
) -> ChecklistItem:
    """Change an item of the default set: a new version, so answers already given keep the
    question they answered. None leaves a field as it is; nothing new is written if nothing
    differs."""
    current = get_item(db, code)
    given: dict[str, Any] = {
        "label": label, "question": question, "note_hint": note_hint, "note_on": note_on,
        "required": required, "retired": retired,
    }  # fmt: skip
    wanted = {k: v for k, v in given.items() if v is not None and getattr(current, k) != v}
    if not wanted:
        return current
    item = replace(current, version=current.version + 1, **wanted)
    _check_words(item.label, item.question)
    said = ", ".join(sorted(wanted))
    return _insert_version(db, item, who, f"Checklist item {current.code} edited ({said})")


__all__ = [
    "add_item",
    "answer_item",
    "answers_by_contract",
    "clear_answer",
    "completeness_for",
    "current_items",
    "edit_item",
    "get_item",
    "item_versions",
    "review_checklist",
]
