"""Hostile command-line input, as a user might type it: every command answers with one clear
sentence and exit 1 or 2, never an 'unexpected problem', and writes nothing half-done."""

from __future__ import annotations

import gc
import json
import socket
import sqlite3
from pathlib import Path

import pytest
from click.testing import Result

from planner.store import open_db
from tests.conftest import run


def stored_settings(path: Path) -> dict[str, str]:
    db = open_db(path)
    try:
        return dict(db.conn.execute("SELECT key, value FROM settings"))
    finally:
        db.close()


def assert_clear_error(result: Result, message: str) -> None:
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: ")
    assert "unexpected problem" not in result.stderr
    assert message in result.stderr


@pytest.mark.parametrize("number", ["²", "0", "99999999999999999999"])
def test_a_review_number_that_is_not_on_the_list_is_refused_clearly(
    programme_file: Path, number: str
) -> None:
    assert_clear_error(run("spend", "review", "--confirm", number), "not on the review list")


@pytest.mark.parametrize(
    ("key", "value"),
    [("notice_warning_days", "²"), ("notice_warning_days", "99999999999999999999999"),
     ("brief_gantt_limit", "99999999999999999999999"), ("unknown_priority", "7"),
     ("programme_red_share", "101"), ("supplier_match_possible", "abc"),
     ("supplier_match_possible", "7"), ("supplier_match_possible", "nan"),
     ("brief_period_days", "0")],
)  # fmt: skip
def test_a_setting_out_of_its_range_is_refused_and_briefs_still_work(
    programme_file: Path, key: str, value: str
) -> None:
    assert_clear_error(run("rules", "set", "setting", key, value), key)
    assert stored_settings(programme_file)[key] != value
    assert run("schedule").exit_code == 0
    assert run("brief", "programme").exit_code == 0


def test_a_setting_in_range_is_stored_as_typed(programme_file: Path) -> None:
    assert run("rules", "set", "setting", "supplier_match_possible", " 0.75 ").exit_code == 0
    assert run("rules", "set", "setting", "brief_list_limit", "0").exit_code == 0
    settings = stored_settings(programme_file)
    assert (settings["supplier_match_possible"], settings["brief_list_limit"]) == ("0.75", "0")


@pytest.mark.parametrize(
    ("args", "message"),
    [(("route", "open", "--fallback", "99999999999999999999"), "out of range"),
     (("route", "open", "--margin", "99999999999"), "out of range"),
     (("tender-period", "open", "standard", "99999999999"), "out of range")],
)  # fmt: skip
def test_route_numbers_out_of_range_are_refused_and_the_schedule_still_runs(
    programme_file: Path, args: tuple[str, ...], message: str
) -> None:
    assert_clear_error(run("rules", "set", *args), message)
    assert run("schedule").exit_code == 0


def test_a_threshold_row_cannot_end_before_it_starts(programme_file: Path) -> None:
    before = run("rules", "show", "--json").stdout
    result = run("rules", "set", "threshold", "2026-01-01", "--ends", "2020-01-01")
    assert_clear_error(result, "cannot end (2020-01-01) before it starts (2026-01-01)")
    result = run("rules", "set", "threshold", "2027-01-01", "--ends", "2026-12-31",
                 "--goods", "£1", "--works", "£1", "--light-touch", "£1")  # fmt: skip
    assert_clear_error(result, "before it starts")
    assert run("rules", "show", "--json").stdout == before


def test_a_database_another_process_is_writing_to_is_busy_and_nothing_changes(
    programme_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("planner.store.db.BUSY_TIMEOUT_MS", 200)
    other = sqlite3.connect(programme_file, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        result = run("decide", "HR-001", "--route", "open")
        other.execute("ROLLBACK")
    finally:
        other.close()
    assert_clear_error(result, "the database is busy")
    assert "nothing was changed" in result.stderr
    assert json.loads(run("list", "--search", "HR-001", "--json").stdout)[0]["route"] is None


def test_a_backup_onto_the_database_itself_is_refused(programme_file: Path) -> None:
    before = programme_file.read_bytes()
    assert_clear_error(run("backup", str(programme_file)), "is the database itself")
    link = programme_file.with_name("link.db")
    link.symlink_to(programme_file)
    assert_clear_error(run("backup", str(link)), "is the database itself")
    assert programme_file.read_bytes() == before


def test_a_backup_never_overwrites_a_file_that_is_not_a_database(
    programme_file: Path, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("the only copy of my notes\n")
    assert_clear_error(run("backup", str(notes)), "exists and is not a database")
    assert notes.read_text() == "the only copy of my notes\n"
    earlier = tmp_path / "earlier-backup.db"
    assert run("backup", str(earlier)).exit_code == 0
    assert run("backup", str(earlier)).exit_code == 0  # an earlier backup may be replaced


@pytest.mark.parametrize("text", ["%", "_", "\\"])
def test_list_search_takes_wildcard_characters_literally(programme_file: Path, text: str) -> None:
    result = run("list", "--search", text, "--json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert found == [c for c in found if text in f"{c['ref']}{c['title']}{c['supplier']}"]
    assert len(found) < len(json.loads(run("list", "--json").stdout))


def test_serve_on_a_port_already_in_use_says_so(programme_file: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run("serve", "--port", str(port))
    assert_clear_error(result, f"port {port} on 127.0.0.1 is already in use")
    assert "Serving" not in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [(("export", "register", "-o", "{file}/out.csv"), "cannot write {file}/out.csv: "),
     (("export", "ocds", "-o", "{file}/out.json"), "cannot write {file}/out.json: "),
     (("init", "--db", "{file}/new.db"), "cannot create the folder {file}: part of that path"),
     (("backup", "{file}/copy.db"), "cannot back up to {file}/copy.db: ")],
)  # fmt: skip
def test_a_path_through_a_file_is_refused_clearly(
    programme_file: Path, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    file = tmp_path / "notes.txt"
    file.write_text("not a folder\n")
    if args[:2] == ("export", "ocds"):  # an OCDS export first needs its publisher
        set_up = run("init", "--publisher", "P", "--ocds-prefix", "ocds-a1b2c3", "--buyer", "B")
        assert set_up.exit_code == 0
    result = run(*(arg.format(file=file) for arg in args))
    assert_clear_error(result, message.format(file=file))
    assert file.read_text() == "not a folder\n"


def test_another_programs_sqlite_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    other = tmp_path / "crm.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    for args in (("list",), ("init",), ("schedule",)):
        result = run(*args, "--db", str(other))
        assert_clear_error(result, "is another program's SQLite database (tables: customers)")
    assert other.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["crm.db"]  # no backup, no WAL


def test_init_on_an_empty_file_creates_it_without_claiming_a_backup(tmp_path: Path) -> None:
    empty = tmp_path / "planner.db"
    empty.touch()
    result = run("init", "--db", str(empty))
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f"Created {empty} (")
    assert "backup" not in result.stderr


@pytest.mark.parametrize(
    ("text", "message"),
    [("Title,Department\nCleaning,Estates\n", "has no column for the contract reference"),
     ("Ref,Title\nX-1,Cleaning\n", "has no department column")],
)  # fmt: skip
def test_a_register_missing_a_key_column_is_named_by_its_file(
    programme_file: Path, tmp_path: Path, text: str, message: str
) -> None:
    register = tmp_path / "estates.csv"
    register.write_text(text, encoding="utf-8")
    assert_clear_error(run("import", str(register)), f"Error: {register} {message}")


def test_an_unknown_department_on_many_rows_is_explained_once(
    programme_file: Path, tmp_path: Path
) -> None:
    rows = "".join(f"CUS-{n:03},Detainee meals,Custody\n" for n in range(1, 6))
    register = tmp_path / "custody.csv"
    register.write_text("Ref,Title,Department\n" + rows, encoding="utf-8")
    result = run("import", str(register))
    assert result.exit_code == 1
    lines = [line.strip() for line in result.stderr.splitlines() if line.startswith("  row")]
    assert lines[0].startswith("row 2, Department 'Custody': 'Custody' is not a department (known:")
    assert 'planner department add "Custody"' in lines[0]
    assert lines[1:] == [
        f"row {n}, Department 'Custody': 'Custody' is not a department (see row 2)"
        for n in range(3, 7)
    ]


def test_spend_summary_for_a_year_with_no_payments_reads_as_a_sentence(
    programme_file: Path,
) -> None:
    result = run("spend", "summary", "--year", "2024/25")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "2024/25: no payments imported for this year, so spend covered by contracts and local "
        "spend are not available.\n"
    )


@pytest.mark.parametrize("command", [("audit", "log"), ("spend", "summary")])
@pytest.mark.parametrize("limit", ["99999999999999999999999", "-1", "0"])
def test_a_limit_out_of_range_is_a_usage_error(
    programme_file: Path, command: tuple[str, ...], limit: str
) -> None:
    result = run(*command, "--limit", limit)
    assert result.exit_code == 2, result.output
    assert "Invalid value for '--limit'" in result.stderr


def test_json_nested_beyond_reason_is_refused_clearly(programme_file: Path, tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text('{"releases": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    result = run("import", str(deep), "-d", "Estates")
    assert_clear_error(result, "is nested too deeply to be an OCDS release or record package")


@pytest.mark.parametrize(
    "args",
    [("officer", "add", "A. Khan", "--hours", "30"), ("department", "add", "Fleet"),
     ("rules", "show"), ("list",), ("export", "register")],
)  # fmt: skip
def test_a_mistyped_database_path_is_not_created(tmp_path: Path, args: tuple[str, ...]) -> None:
    typo = tmp_path / "plannr.db"
    result = run(*args, "--db", str(typo))
    assert_clear_error(result, f"there is no planner database at {typo}")
    assert not typo.exists()


def test_a_reference_typed_in_another_case_or_with_spaces_finds_the_contract(
    programme_file: Path,
) -> None:
    result = run("decide", " hr-001 ", "--route", "open")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("HR-001: route open")
    assert json.loads(run("list", "--search", "HR-001", "--json").stdout)[0]["route"] == "open"
    assert_clear_error(run("decide", "hr-999", "--route", "open"), "no contract with reference")


def test_a_read_only_database_says_so(
    programme_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = tmp_path / "rollback.db"  # not yet in WAL mode: opening it must write
    conn = sqlite3.connect(programme_file)
    conn.execute(f"VACUUM INTO '{plain}'")
    conn.close()
    connect = sqlite3.connect

    def read_only(
        database: str, timeout: float = 5.0, check_same_thread: bool = True, uri: bool = False
    ) -> sqlite3.Connection:
        # What a file the user may not write behaves like, even when the tests run as root.
        if not uri:
            database = f"{Path(database).as_uri()}?mode=ro"
        return connect(database, timeout=timeout, check_same_thread=check_same_thread, uri=True)

    monkeypatch.setattr("planner.store.db.sqlite3.connect", read_only)
    assert_clear_error(run("list", "--db", str(plain)), f"{plain} is read-only for you")


def test_a_backup_never_replaces_another_planner_database(
    programme_file: Path, tmp_path: Path
) -> None:
    """Issue 13: `planner backup real.db --db demo.db` replaced a 300-contract database with
    the demo. Each database has an id made when it is created, and a backup carries it."""
    other = tmp_path / "real.db"
    assert run("init", "--db", str(other)).exit_code == 0
    assert run("department", "add", "Marine Unit", "--db", str(other)).exit_code == 0
    gc.collect()  # closes the commands' connections, as the end of a process would
    before = other.read_bytes()
    assert_clear_error(run("backup", str(other)), "is another planner database")
    assert other.read_bytes() == before
    forced = run("backup", str(other), "--force")
    assert forced.exit_code == 0, forced.output
    assert run("list", "--json", "--db", str(other)).stdout != "[]\n"


def test_a_backup_never_replaces_another_programs_database(
    programme_file: Path, tmp_path: Path
) -> None:
    import sqlite3

    theirs = tmp_path / "finance.db"
    with sqlite3.connect(theirs) as conn:
        conn.execute("CREATE TABLE ledger (amount INTEGER)")
    assert_clear_error(run("backup", str(theirs)), "another program's SQLite database")


def test_a_failed_backup_leaves_no_file_behind(
    programme_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planner.errors import PlannerError
    from planner.store import db as store_db

    def disk_fails(db: object, path: Path) -> None:
        path.write_bytes(b"half a database")  # what a copy cut short leaves
        raise PlannerError(f"cannot back up to {path}: disk I/O error")

    target = tmp_path / "friday.db"
    monkeypatch.setattr(store_db, "_online_copy", disk_fails)
    assert_clear_error(run("backup", str(target)), "disk I/O error")
    assert not target.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]


def test_a_backup_over_a_database_with_a_write_ahead_log_is_refused(
    programme_file: Path, tmp_path: Path
) -> None:
    """A -wal beside the target would be applied to the new file and leave it malformed."""
    import sqlite3

    target = tmp_path / "friday.db"
    assert run("backup", str(target)).exit_code == 0
    holder = sqlite3.connect(target)  # someone has the earlier backup open and writing
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("CREATE TABLE scratch (x)")
    holder.commit()
    try:
        assert_clear_error(run("backup", str(target), "--force"), "write-ahead log beside it")
    finally:
        holder.close()
    assert run("backup", str(target)).exit_code == 0  # closed: the log is gone
