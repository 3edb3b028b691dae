"""`planner checklist`: each review's checklist (social value, living wage, equality,
sustainability, lotting, collaboration, DPIA, TUPE, risks) and the manager's default set."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from planner.cli import WholeHelpGroup
from planner.cli.common import db_option, json_option, open_existing, print_json, say, show, who
from planner.domain.checklist import (
    ANSWER_WORDS,
    ChecklistItem,
    ChecklistLine,
    approval_blocker,
    approval_waits_for,
    completeness,
    parse_answer,
)
from planner.domain.codes import NoteOn
from planner.store.checklist import (
    add_item,
    answer_item,
    clear_answer,
    current_items,
    edit_item,
    get_item,
    item_versions,
    review_checklist,
)
from planner.store.contracts import find_contract

_NOTE_ON = click.Choice(["never", "yes", "answered"])
_NOTE_ON_CODES = {"never": NoteOn.NEVER, "yes": NoteOn.YES, "answered": NoteOn.ANSWERED}
_department = click.option(
    "--department", "-d", help="Needed when two departments use the same reference."
)


def _item_dict(item: ChecklistItem) -> dict[str, Any]:
    return {"code": item.code, "version": item.version, "label": item.label,
            "question": item.question, "note_hint": item.note_hint,
            "note_on": item.note_on.value or "never", "required": item.required,
            "retired": item.retired}  # fmt: skip


def _line_dict(line: ChecklistLine) -> dict[str, Any]:
    answer = line.answer
    return {
        "item": line.item.code, "label": line.item.label, "required": line.item.required,
        "question": line.question, "current_question": line.item.question,
        "answer": None if answer is None else answer.answer.value,
        "note": None if answer is None else answer.note,
        "link": None if answer is None else answer.link,
        "item_version": None if answer is None else answer.item_version,
        "answered_by": None if answer is None else answer.answered_by,
        "answered_at": None if answer is None else answer.answered_at,
    }  # fmt: skip


@click.group(cls=WholeHelpGroup)
def checklist() -> None:
    """Answer each review's checklist (social value, living wage, equality, DPIA, TUPE, risks)
    and keep the default set of questions."""


@checklist.command("show")
@click.argument("ref")
@_department
@json_option
@db_option
def checklist_show(ref: str, department: str | None, as_json: bool, db_path: Path | None) -> None:
    """Show a review's checklist: each question, its answer and note, and what approval waits
    for.

    Example: planner checklist show EST-00012
    """
    db = open_existing(db_path)
    contract = find_contract(db, ref, department)
    assert contract.id is not None
    found = review_checklist(db, contract.id)
    blocker = approval_blocker(found)
    required = len(found.required)
    answered = required - len(found.unanswered_required)
    if as_json:
        print_json({"ref": contract.ref, "department": contract.department,
                    "complete": completeness(answered, required), "approval_blocked": blocker,
                    "items": [_line_dict(line) for line in found.lines]})  # fmt: skip
        return
    show(f"{contract.ref} review checklist: {completeness(answered, required)} required "
         "items answered")  # fmt: skip
    for line in found.lines:
        word = "—" if line.answer is None else ANSWER_WORDS[line.answer.answer]
        mark = "*" if line.item.required else " "
        show(f"{mark} {line.item.code:<16} {word:<4} {line.question}")
        if line.answer is not None:
            said = "; ".join(x for x in (line.answer.note, line.answer.link) if x)
            if said:
                show(f"{'':<23}{said}")
            if line.asked is not None:
                show(f"{'':<23}(answered to version {line.asked.version}; now asked: "
                     f"{line.item.question})")  # fmt: skip
    waits = approval_waits_for(found)
    say(f"The business case cannot be approved until these are answered: {waits}." if waits
        else "Every required item is answered: the business case may be approved.")  # fmt: skip


@checklist.command("answer")
@click.argument("ref")
@click.argument("item")
@click.argument("answer")
@click.option("--note", help="What the answer rests on: the measure, the result, the risks.")
@click.option("--link", help="Where the assessment is (an EIA's or a DPIA's address).")
@_department
@db_option
def checklist_answer(
    ref: str, item: str, answer: str, note: str | None, link: str | None,
    department: str | None, db_path: Path | None,
) -> None:  # fmt: skip
    """Answer ITEM of REF's checklist: yes, no or na (not applicable), with a note.

    Example: planner checklist answer EST-00012 social-value yes --note "Two apprentices"
    """
    db = open_existing(db_path)
    contract = find_contract(db, ref, department)
    assert contract.id is not None
    line = answer_item(db, contract.id, item, parse_answer(answer), who(), note=note, link=link)
    left = review_checklist(db, contract.id).unanswered_required
    say(f"{contract.ref}: {line.item.label} answered {ANSWER_WORDS[parse_answer(answer)]}; "
        f"{len(left)} required item{'s' if len(left) != 1 else ''} left.")  # fmt: skip


@checklist.command("clear")
@click.argument("ref")
@click.argument("item")
@_department
@db_option
def checklist_clear(ref: str, item: str, department: str | None, db_path: Path | None) -> None:
    """Take back the answer to ITEM of REF's checklist (it is unanswered again).

    Example: planner checklist clear EST-00012 tupe
    """
    db = open_existing(db_path)
    contract = find_contract(db, ref, department)
    assert contract.id is not None
    taken = clear_answer(db, contract.id, item, who())
    say(f"{contract.ref}: answer taken back." if taken else f"{contract.ref}: it had no answer.")


@checklist.command("items")
@click.option("--all", "everything", is_flag=True, help="Include retired items.")
@click.option("--versions", "code", metavar="CODE", help="Every version of one item instead.")
@json_option
@db_option
def checklist_items(
    everything: bool, code: str | None, as_json: bool, db_path: Path | None
) -> None:
    """List the default set every review answers (* marks a required item).

    Example: planner checklist items --versions tupe
    """
    db = open_existing(db_path)
    items = (
        item_versions(db, code.strip().lower()) if code else current_items(db, retired=everything)
    )
    if as_json:
        print_json([_item_dict(item) for item in items])
        return
    for item in items:
        mark = "*" if item.required else " "
        retired = " (retired)" if item.retired else ""
        show(f"{mark} {item.code:<16} v{item.version:<3} {item.question}{retired}")


@checklist.group("item", cls=WholeHelpGroup)
def checklist_item() -> None:
    """Add or edit an item of the default set (an edit is a new version)."""


@checklist_item.command("add")
@click.argument("code")
@click.option("--label", required=True, help="A short name for lists and messages.")
@click.option("--question", required=True, help="The question as the Review tab asks it.")
@click.option("--hint", default="", help="What the note should say.")
@click.option("--note-on", type=_NOTE_ON, default="never", help="When an answer needs a note.")
@click.option("--optional", is_flag=True, help="Approval does not wait for it.")
@db_option
def item_add(
    code: str, label: str, question: str, hint: str, note_on: str, optional: bool,
    db_path: Path | None,
) -> None:  # fmt: skip
    """Add an item that every review answers from now on.

    Example: planner checklist item add cyber --label "Cyber security" --question "Cyber
    Essentials Plus required"
    """
    db = open_existing(db_path)
    item = add_item(db, code, label, question, who(), note_hint=hint,
                    note_on=_NOTE_ON_CODES[note_on], required=not optional)  # fmt: skip
    say(f"Added checklist item {item.code}.")


@checklist_item.command("edit")
@click.argument("code")
@click.option("--label", help="A new short name.")
@click.option("--question", help="New wording (answers already given keep the old one).")
@click.option("--hint", help="What the note should say.")
@click.option("--note-on", type=_NOTE_ON, help="When an answer needs a note.")
@click.option("--required/--optional", default=None, help="Whether approval waits for it.")
@click.option("--retire/--restore", default=None, help="Stop asking it, or ask it again.")
@db_option
def item_edit(
    code: str, label: str | None, question: str | None, hint: str | None,
    note_on: str | None, required: bool | None, retire: bool | None, db_path: Path | None,
) -> None:  # fmt: skip
    """Change an item of the default set: a new version; old answers keep their question.

    Example: planner checklist item edit tupe --question "Do staff transfer under TUPE?"
    """
    db = open_existing(db_path)
    before = get_item(db, code)
    item = edit_item(
        db, code, who(), label=label, question=question, note_hint=hint,
        note_on=None if note_on is None else _NOTE_ON_CODES[note_on],
        required=required, retired=retire,
    )  # fmt: skip
    changed = item.version != before.version
    say(f"{item.code} is now version {item.version}." if changed else "Nothing changed.")


__all__ = ["checklist"]
