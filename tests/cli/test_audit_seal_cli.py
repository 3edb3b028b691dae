"""`planner audit seal` and `planner audit verify --seal`: the seal a brief, a backup or an
export carries is the one verify accepts later, and tampering since is named in words."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from icalendar import Calendar

from planner.domain.seal import parse_seal
from tests.conftest import run


def _footer_seal(brief: str) -> str:
    (line,) = [line for line in brief.splitlines() if line.startswith("Audit seal `")]
    return line.split("`")[1]


def test_a_briefs_footer_carries_the_seal_that_verify_accepts(programme_file: Path) -> None:
    brief = run("brief", "programme")
    assert brief.exit_code == 0
    sealed = _footer_seal(brief.stdout)
    assert run("audit", "seal").stdout.strip() == sealed
    assert json.loads(run("brief", "kpi", "--json").stdout)["seal"] == sealed
    run("milestone", "done", "ICT-001", "needs-analysis", "--date", "2026-11-02")
    checked = run("audit", "verify", "--seal", sealed)
    assert checked.exit_code == 0, checked.stderr
    assert f"It extends the sealed history {parse_seal(sealed).short}" in checked.stderr


def test_verify_with_a_seal_names_history_deleted_since(programme_file: Path) -> None:
    sealed = run("audit", "seal").stdout.strip()
    with sqlite3.connect(programme_file) as conn:
        conn.execute("DELETE FROM audit")
    result = run("audit", "verify", "--seal", f"Audit seal: {sealed}")
    assert result.exit_code == 1
    assert "The audit trail does not check out" in result.stderr
    assert "the audit trail is shorter than the sealed one" in result.stderr
    assert "contract EST-001 (Estates) is in the register, but no audit row added it" in (
        result.stderr
    )


def test_verify_names_a_contract_edited_outside_the_planner(programme_file: Path) -> None:
    with sqlite3.connect(programme_file) as conn:
        conn.execute("UPDATE contracts SET supplier = 'Someone Else Ltd' WHERE ref = 'EST-001'")
    result = run("audit", "verify")
    assert result.exit_code == 1
    assert (
        "- contract EST-001 (Estates): supplier is 'Someone Else Ltd' in the register but "
        "'Pennine Facilities Ltd' in the audit trail" in result.stderr
    )


def test_a_malformed_seal_is_one_clear_sentence(programme_file: Path) -> None:
    result = run("audit", "verify", "--seal", "1234-abc")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: '1234-abc' is not an audit seal")


def test_audit_seal_as_json(programme_file: Path) -> None:
    document = json.loads(run("audit", "seal", "--json").stdout)
    assert document["seal"] == f"{document['rows']}-{document['head']}"


def test_a_backup_and_each_export_print_the_seal_and_the_ocds_and_ics_files_carry_it(
    programme_file: Path, tmp_path: Path
) -> None:
    # An OCDS export first needs its publisher (set once, and audited like any setting).
    assert (
        run("init", "--publisher", "P", "--ocds-prefix", "ocds-a1b2c3", "--buyer", "B").exit_code
        == 0
    )
    sealed = run("audit", "seal").stdout.strip()
    backup = run("backup", str(tmp_path / "copy.db"))
    assert f"Audit seal of the backup: {sealed}" in backup.stderr
    assert (
        run("audit", "verify", "--seal", sealed, "--db", str(tmp_path / "copy.db")).exit_code == 0
    )
    for kind in ("register", "ocds", "ics", "plan"):
        target = tmp_path / f"out.{kind}"
        result = run("export", kind, "-o", str(target))
        assert result.exit_code == 0
        assert f"Audit seal: {sealed}" in result.stderr
    package = json.loads((tmp_path / "out.ocds").read_text(encoding="utf-8"))
    assert package["auditSeal"] == sealed
    calendar = Calendar.from_ical((tmp_path / "out.ics").read_bytes())
    assert str(calendar["X-PLANNER-AUDIT-SEAL"]) == sealed
