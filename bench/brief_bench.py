"""How long the programme brief takes, beside the same aggregate SQL run bare through sqlite3.

For 1,500 and 50,000 contracts, each database is the demo a user sees, built once by
`planner demo --no-open` and kept in bench/data/ (delete it to rebuild): the register, its
team (one officer per 150 contracts), a schedule baselined eight weeks ago, progress since
and today's plan (so some milestones are overdue); then some benefits and claims, and a
year of payments (two per contract, matched to the register by supplier name). Then, in
one run, it times (median of several):

- brief: `render_brief(db, BriefRequest("programme", today))`, context and template,
  split into building the context and rendering it;
- bare: every query the brief runs (planner.store.reporting.PROGRAMME_SQL and KPI_SQL)
  executed through a plain sqlite3 connection to the same file, rows fetched, nothing else.

Usage: .venv/bin/python bench/brief_bench.py [--sizes 1500,50000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from planner.briefs import BriefRequest, build_context, render_brief
from planner.briefs.environment import make_environment, render_template
from planner.briefs.programme import programme_context
from planner.domain.kpis import FinancialYear
from planner.io.spend import match_suppliers, normalise_supplier
from planner.store import open_db
from planner.store.benefits import BENEFIT_TYPES
from planner.store.db import Database, transaction, whole_life_sql
from planner.store.reporting import KPI_SQL, PROGRAMME_SQL, programme_parameters
from planner.store.spend import SpendLine, load_matches, register_suppliers, save_spend

TODAY = date(2026, 11, 25)
PLANNER = str(Path(sys.executable).with_name("planner"))
DATA = Path(__file__).parent / "data"


def _benefits_claims_and_spend(db: Database, seed: int) -> None:
    rng = random.Random(seed)
    year = FinancialYear.containing(TODAY)
    contracts = db.conn.execute(
        "SELECT id, supplier, coalesce(annual_value, 500000) FROM contracts ORDER BY id"
    ).fetchall()
    with transaction(db):
        db.conn.executemany(
            "INSERT INTO benefits (contract_id, kind, amount, year, description, recorded_on) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(cid, rng.choice(list(BENEFIT_TYPES)), rng.randrange(100_000, 5_000_000),
              year.label, "Synthetic benefit", TODAY.isoformat())
             for cid, _, _ in rng.sample(contracts, len(contracts) // 20)],
        )  # fmt: skip
        db.conn.executemany(
            "INSERT INTO claims (contract_id, amount, claimed_on, description) "
            "VALUES (?, ?, ?, ?)",
            [(cid, rng.randrange(50_000, 2_000_000),
              (year.start + timedelta(days=rng.randrange(230))).isoformat(), "Synthetic claim")
             for cid, _, _ in rng.sample(contracts, len(contracts) // 100)],
        )  # fmt: skip
    lines = []
    for n, (_, supplier, annual) in enumerate(contracts * 2):
        # One in ten payments goes to a supplier with no contract (a new name).
        name = supplier if rng.random() > 0.1 else f"Off Contract Supplier {rng.randrange(500)}"
        day = year.start + timedelta(days=rng.randrange((TODAY - year.start).days))
        pence = max(50_000, int(annual) // rng.randrange(6, 24))
        lines.append(SpendLine(day.isoformat(), name, normalise_supplier(name), pence, None,
                               None, None, None, f"bench-{n}"))  # fmt: skip
    ledger = {line.supplier_key: line.supplier for line in lines}
    matches = match_suppliers(ledger, register_suppliers(db), load_matches(db), possible=0.8)
    save_spend(db, "bench ledger", lines, matches, imported_on=TODAY, who="bench")


def build(contracts: int) -> Path:
    """The benchmark database for `contracts`, built on first use and kept in bench/data/."""
    path = DATA / f"brief-{contracts}.db"
    if path.exists():
        return path
    DATA.mkdir(exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    started = time.perf_counter()
    demo = [PLANNER, "--today", TODAY.isoformat(), "demo", "--no-open", "--contracts"]
    subprocess.run([*demo, str(contracts), "--db", str(partial)], check=True)
    db = open_db(partial, create=False)
    _benefits_claims_and_spend(db, 2026)
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    partial.rename(path)
    print(f"  built {path.name} in {time.perf_counter() - started:.0f} s")
    return path


def _median(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def bench(contracts: int, repeat: int) -> dict[str, float | int]:
    """Time the brief and the bare queries on one database."""
    path = build(contracts)
    db = open_db(path, create=False)
    params = programme_parameters(db, TODAY)
    queries = {**PROGRAMME_SQL, **KPI_SQL}
    bare = sqlite3.connect(str(path))
    # The queries sum whole-life values through the planner's one rule (docs/rules.md).
    bare.create_function("whole_life", 5, whole_life_sql, deterministic=True)

    def bare_queries() -> None:
        for sql in queries.values():
            bare.execute(sql, params).fetchall()

    def context_only() -> None:
        programme_context(db, TODAY)

    context = build_context(db, BriefRequest("programme", TODAY))  # with the audit seal
    env = make_environment()
    render_brief(db, BriefRequest("programme", TODAY))  # warm the page cache and Jinja
    bare_queries()
    figures: dict[str, float | int] = {
        "contracts": db.conn.execute("SELECT count(*) FROM contracts").fetchone()[0],
        "milestones": db.conn.execute("SELECT count(*) FROM milestones").fetchone()[0],
        "payments": db.conn.execute("SELECT count(*) FROM spend_lines").fetchone()[0],
        "queries": len(queries),
        "bare": _median(repeat, bare_queries),
        "context": _median(repeat, context_only),
        "template": _median(repeat, lambda: render_template(env, "programme", context)),
        "brief": _median(repeat, lambda: render_brief(db, BriefRequest("programme", TODAY))),
    }
    bare.close()
    db.close()
    return figures


def main() -> None:
    """Run the benchmark and print one table row per size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1500,50000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print("| contracts | milestones | payments | bare SQL (queries) | brief | context | "
          "template | brief / bare |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|")
    for size in (int(s) for s in args.sizes.split(",")):
        f = bench(size, args.repeat)
        print(
            f"| {f['contracts']:,} | {f['milestones']:,} | {f['payments']:,} | "
            f"{f['bare'] * 1000:.0f} ms ({f['queries']}) | {f['brief'] * 1000:.0f} ms | "
            f"{f['context'] * 1000:.0f} ms | {f['template'] * 1000:.1f} ms | "
            f"{f['brief'] / f['bare']:.2f}x |"
        )


if __name__ == "__main__":
    main()
