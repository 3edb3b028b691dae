"""Checking the audit trail as a whole: its hash chain, its change log, a seal taken
earlier, and that the register and milestones are what replaying it gives.

What this can and cannot detect is set out in docs/guide/register.md ("What planner audit
verify detects"): in short, a hand edit of the trail or of the contracts and milestones
shows up unless whoever made it also rewrote the trail and the tables to agree, and a seal
kept elsewhere catches that too for everything up to the seal.
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.domain.gcpause import gc_paused
from planner.domain.seal import EMPTY, Seal
from planner.domain.words import plural
from planner.store.audit import ChainReport, verify_chain
from planner.store.db import Database
from planner.store.replay import Replay
from planner.store.triage import read_snapshot

# A tampered register can differ in thousands of values: the first few say what happened.
SHOWN_DIFFERENCES = 20


def current_seal(db: Database) -> Seal:
    """The seal of the audit trail as it stands: its number of rows and its last hash."""
    row = db.conn.execute(
        "SELECT (SELECT count(*) FROM audit), (SELECT hash FROM audit ORDER BY id DESC LIMIT 1)"
    ).fetchone()
    return Seal(int(row[0]), str(row[1])) if row[0] else EMPTY


@dataclass(frozen=True, slots=True)
class AuditReport:
    """What `planner audit verify` found: the chain, the seal now, and each problem in words."""

    chain: ChainReport
    seal: Seal
    problems: tuple[str, ...] = ()
    extends: Seal | None = None  # the earlier seal this history was shown to extend

    @property
    def ok(self) -> bool:
        """True when nothing is wrong."""
        return not self.problems


def verify_audit(db: Database, sealed: Seal | None = None) -> AuditReport:
    """Check the chain, the change log, the earlier seal `sealed` (if given) and the replay,
    all in one snapshot: a change saved meanwhile (the team server is running) is not half
    seen, as tables ahead of the trail."""
    with read_snapshot(db):
        return _verify(db, sealed)


def _verify(db: Database, sealed: Seal | None) -> AuditReport:
    replay = Replay()
    # The replay keeps a row per milestone alive: the cyclic collector would walk them all
    # again and again as they are made (a third of the time at 50,000 contracts).
    with gc_paused():
        chain = verify_chain(db, replay)
    problems: list[str] = []
    if not chain.ok:
        problems.append(f"the hash chain is broken at audit row {chain.broken_at}: {chain.reason}")
    problems += _change_log_problems(db)
    if sealed is not None:
        problems += _seal_problems(db, sealed)
    if chain.ok:
        with gc_paused():
            problems += _register_problems(db, replay)
    else:
        problems.append(
            "the register was not compared with the audit trail, which is broken: restore a "
            "backup taken before the break"
        )
    extends = sealed if sealed is not None and not problems else None
    return AuditReport(chain, current_seal(db), tuple(problems), extends)


def _change_log_problems(db: Database) -> list[str]:
    """Audit rows that no entry of the change log accounts for (added by hand)."""
    row = db.conn.execute(
        "SELECT count(*), min(a.id) FROM audit a LEFT JOIN changes c ON c.id = a.change_id "
        "WHERE c.id IS NULL OR c.who != a.who OR c.at != a.at"
    ).fetchone()
    if not row[0]:
        return []
    return [
        f"{plural(int(row[0]), 'audit row')} (the first is row {row[1]}) belong to no change "
        "in the change log, or name another person or time than it does: they were added "
        "or edited by hand"
    ]


def _seal_problems(db: Database, sealed: Seal) -> list[str]:
    """Whether the trail still holds the sealed row, with the sealed hash, where it was."""
    if sealed.rows == 0:
        return []  # every history extends the empty one
    now = int(db.conn.execute("SELECT count(*) FROM audit").fetchone()[0])
    if now < sealed.rows:
        return [
            f"the audit trail is shorter than the sealed one: the seal {sealed.short} covers "
            f"{plural(sealed.rows, 'row')} and the trail now holds {now:,}, so rows were "
            "deleted since the seal was taken"
        ]
    row = db.conn.execute(
        "SELECT id, hash FROM audit ORDER BY id LIMIT 1 OFFSET ?", (sealed.rows - 1,)
    ).fetchone()
    if row[1] != sealed.head:
        return [
            f"audit row {row[0]}, the last the seal {sealed.short} covers, no longer has the "
            "sealed hash: the history up to the seal was rewritten since it was taken"
        ]
    return []


def _register_problems(db: Database, replay: Replay) -> list[str]:
    problems: list[str] = []
    more = 0
    for difference in replay.differences(db):
        if len(problems) < SHOWN_DIFFERENCES:
            problems.append(difference)
        else:
            more += 1
    if more:
        problems.append(f"and {more:,} more differences between the tables and the audit trail")
    return problems
