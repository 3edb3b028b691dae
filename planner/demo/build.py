"""Write a generated programme into a database."""

from __future__ import annotations

import os
import random
import shutil
import tempfile
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from planner.demo.checklist import answer_demo_checklist
from planner.demo.generator import DEMO_DEPARTMENTS, DemoSpec, generate_contracts
from planner.demo.money import build_demo_money
from planner.demo.team import build_demo_team
from planner.domain.codes import StageCode
from planner.domain.contract import REGISTER_COLUMNS
from planner.domain.plausible import earliest_recorded
from planner.domain.words import plural
from planner.errors import PlannerError
from planner.io.register_csv import write_register
from planner.store.contracts import UpsertCounts, upsert_contracts
from planner.store.db import Database, copy_into, open_db
from planner.store.decisions import mark_milestone_done, set_baseline
from planner.store.departments import add_missing_departments
from planner.store.due_milestones import undone_milestones_baselined_between
from planner.store.plan_reader import overdue_milestones
from planner.store.provenance import (
    DEMO_BUILDER,
    DEMO_SUMMARY_PREFIX,
    hand_changes,
    has_changes,
    made_by_demo,
)
from planner.store.schedule_run import run_schedule

_SUPPLIED = frozenset(REGISTER_COLUMNS)
# The chance a stage due since the baseline was missed (its review stalls there); a quarter of
# the rest were done late. In the 450-contract demo about one review in five under way is behind.
MISSED = 0.05


def add_demo_departments(db: Database, who: str = "demo") -> None:
    """Add whichever demo departments the database lacks, as one audited change (its summary
    starts as the demo's do, so `planner demo` still knows the database for its own)."""
    add_missing_departments(db, DEMO_DEPARTMENTS, who, f"{DEMO_SUMMARY_PREFIX}: departments")


def write_demo_register(path: Path, spec: DemoSpec) -> None:
    """The generated contracts as a register CSV file, as `planner export register` writes."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        write_register(generate_contracts(spec), handle)


def build_demo_register(db: Database, spec: DemoSpec, who: str = "demo") -> UpsertCounts:
    """Add the demo departments and contracts (idempotent for the same spec)."""
    add_demo_departments(db, who)
    return upsert_contracts(
        db,
        ((c, _SUPPLIED) for c in generate_contracts(spec)),
        who=who,
        summary=f"{DEMO_SUMMARY_PREFIX} (seed {spec.seed}, {plural(spec.contracts, 'contract')})",
    )


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What `build_demo` made."""

    contracts: UpsertCounts
    officers: int
    reviews: int
    milestones_done: int
    overdue: int


def live_spec(spec: DemoSpec, today: date) -> DemoSpec:
    """The spec with its window of end dates moved to start three months before `today`
    (same length), so the demo looks like a live programme on the day it is shown."""
    span = spec.last_end - spec.first_end
    first = today - timedelta(days=91)
    return replace(spec, first_end=first, last_end=first + span)


def build_demo(
    db: Database, spec: DemoSpec, today: date, who: str = "demo", *, money: bool = True
) -> DemoSummary:
    """The whole demo: register, team with leave, a schedule baselined eight weeks ago,
    some milestones done since (some on time, some late, some missed and now overdue),
    a payments ledger with benefits and claims, and today's schedule. The same spec and
    today always give the same database."""
    counts = build_demo_register(db, live_spec(spec, today), who)
    officers = build_demo_team(db, spec.seed, today, who, spec.contracts)
    then = today - timedelta(weeks=8)
    run_schedule(db, then, who)
    set_baseline(db, who)
    rng = random.Random(spec.seed + 1)
    done = 0
    due = undone_milestones_baselined_between(db, then, today)
    stalled: set[int] = set()
    finished: dict[int, date] = {}  # each review's latest stage done so far
    # Its own generator, so the progress drawn above is the same with checklists as without.
    answers = random.Random(spec.seed + 2)
    for contract_id, stage, planned, started in due:
        if contract_id in stalled:
            continue  # a review does not finish stages after one it has not finished
        roll = rng.random()
        if roll < MISSED:
            stalled.add(contract_id)  # missed: overdue against the baseline, as what follows
            continue
        late = timedelta(days=rng.choice((1, 3, 6, 10))) if roll < MISSED + 0.25 else timedelta(0)
        actual = min(planned + late, today - timedelta(days=1))
        if started is not None and actual < earliest_recorded(started):
            # Planned before the contract can have been let (a short contract that starts
            # next year): done on the first day it could be, or not yet if that is to come.
            actual = earliest_recorded(started)
            if actual >= today:
                stalled.add(contract_id)
                continue
        # A stage is not done before the one ahead of it, however late that one was.
        actual = finished[contract_id] = max(actual, finished.get(contract_id, actual))
        if stage == StageCode.APPROVAL:  # docs/rules.md, "The review checklist"
            answer_demo_checklist(db, contract_id, answers, who)
        elif stage == StageCode.NEEDS_ANALYSIS:  # under way: answered in part
            answer_demo_checklist(db, contract_id, answers, who, items=answers.randint(0, 5))
        mark_milestone_done(db, contract_id, stage, actual, who, today=today)
        done += 1
    if money:  # without: the register alone, as a force with no ledger imported yet has
        build_demo_money(db, spec.seed, today, who)
    result = run_schedule(db, today, who)
    return DemoSummary(
        counts, officers, len(result.reviews), done, len(overdue_milestones(db, today))
    )


@dataclass(frozen=True, slots=True)
class ExistingDemo:
    """A demo already built at a path, and who has changed it since (name -> changes)."""

    path: Path
    changed_by: dict[str, int]


def existing_demo(path: Path) -> ExistingDemo | None:
    """The demo at `path`, or None if there is none there yet (no file, or an empty database);
    a database 'planner demo' did not make is refused."""
    if not path.exists():
        return None
    db = open_db(path, create=False, migrate=False)
    try:
        if not made_by_demo(db):
            raise PlannerError(
                f"{path} holds a planner database that 'planner demo' did not make; it will "
                "not be replaced. Give another path with --db"
            )
        return ExistingDemo(path, hand_changes(db)) if has_changes(db) else None
    finally:
        db.close()


def build_demo_file(
    path: Path, spec: DemoSpec, today: date, who: str = DEMO_BUILDER
) -> DemoSummary:
    """Build the demo into the database file at `path`, replacing an earlier demo or an
    empty database there but never one holding anyone's work.

    The demo is built in a scratch file beside `path` and copied in with SQLite's online
    backup, so a planner already open on the old demo keeps working and sees the new one
    (deleting the file and its -wal under it would leave that planner writing to nothing),
    and a failed build leaves the old demo as it was."""
    existing_demo(path)  # refuses anyone's own database
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=".planner-demo-", dir=path.parent))
    except OSError as exc:
        raise PlannerError(f"cannot write the demo beside {path}: {exc.strerror}") from None
    try:
        built = scratch / path.name
        db = open_db(built)
        try:
            made = build_demo(db, spec, today, who)
            if path.exists():
                copy_into(db, path)
        finally:
            db.close()
        if not path.exists():
            os.replace(built, path)  # same folder, so one atomic rename
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return made
