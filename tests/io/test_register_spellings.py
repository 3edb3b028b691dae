"""Issue 11: everyday spellings of departments and routes, and a register's route kept as
the previous route (history), never as the route decided for the next review."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest

from planner.errors import ValidationError
from planner.io.importer import ImportOptions, import_file
from planner.io.mapping import preview_mapping
from planner.io.register_csv import write_register
from planner.store import Database
from planner.store.contracts import find_contract, iter_contracts, update_contract
from planner.store.history import undo_last
from planner.store.import_mapping import add_department_alias, department_aliases, find_mapping


@pytest.mark.parametrize(
    ("written", "department"),
    [("L&D", "Learning & Development"), ("L & D", "Learning & Development"),
     ("Learning and Development", "Learning & Development"), ("HQ Crime Dept", "HQ Crime"),
     ("HQ Crime Department", "HQ Crime"), ("Estates Dept.", "Estates"),
     ("ict", "ICT"), ("Human Resources", "HR")],
)  # fmt: skip
def test_everyday_department_spellings_are_read_as_the_department(
    db: Database, write_csv: Callable[..., Path], written: str, department: str
) -> None:
    """Strategy (docs/rules.md, "The strategy this serves"): Estates, ICT, HR, Learning &
    Development and HQ Crime are the departments whose registers come in; they write their own names
    in their own ways."""
    report = import_file(db, write_csv([["Ref", "Department"], ["X-1", written]]),
                         ImportOptions(), "tester")  # fmt: skip
    assert report.rejected == []
    assert find_contract(db, "X-1").department == department


def test_a_department_alias_is_data_a_user_adds_and_undo_takes_back(
    db: Database, write_csv: Callable[..., Path]
) -> None:
    path = write_csv([["Ref", "Department"], ["X-1", "Major Crime Unit"]])
    refused = import_file(db, path, ImportOptions(), "tester")
    assert 'planner department alias "Major Crime Unit" DEPARTMENT' in refused.rejected[0].error
    assert add_department_alias(db, "Major Crime Unit", "hq crime", "tester") == "HQ Crime"
    assert department_aliases(db)["majorcrimeunit"] == "HQ Crime"
    audit = db.conn.execute(
        "SELECT entity, entity_id FROM audit ORDER BY id DESC LIMIT 1"
    ).fetchone()
    assert tuple(audit) == ("department_alias", "majorcrimeunit")
    assert import_file(db, path, ImportOptions(), "tester").imported == 1
    assert find_contract(db, "X-1").department == "HQ Crime"
    undo_last(db, "tester")  # the import
    undo_last(db, "tester")  # the alias
    assert "majorcrimeunit" not in department_aliases(db)


def test_an_alias_cannot_mean_two_departments_or_be_a_departments_own_name(db: Database) -> None:
    add_department_alias(db, "Crime", "HQ Crime", "tester")
    with pytest.raises(ValidationError, match="already means HQ Crime"):
        add_department_alias(db, "crime", "Estates", "tester")
    with pytest.raises(ValidationError, match="own name"):
        add_department_alias(db, "estates", "ICT", "tester")
    with pytest.raises(ValidationError, match="not a department"):
        add_department_alias(db, "Fleet", "Transport", "tester")


@pytest.mark.parametrize(
    ("heading", "written", "previous"),
    [("Procurement Route", "Framework", "framework-further-competition"),
     ("Route", "Framework Agreement", "framework-further-competition"),
     ("Procedure", "Open tender", "open"),
     ("Route to Market", "Call-off", "framework-direct-award")],
)  # fmt: skip
def test_a_registers_route_is_the_previous_route_never_the_decided_one(
    db: Database, write_csv: Callable[..., Path], heading: str, written: str, previous: str
) -> None:
    """PA 2023 s.18 onwards: the procedure for the next contract is chosen in its own review
    (options appraisal, stage 2; docs/rules.md, "Reading a register's route"). How the contract was
    let last time is history: kept as its previous route and used only as a hint for a provisional
    route."""
    path = write_csv([["Ref", heading], ["EST-1", written]])
    report = import_file(db, path, ImportOptions(department="Estates"), "tester")
    assert report.rejected == []
    saved = find_contract(db, "EST-1", "Estates")
    assert (saved.route, saved.previous_route) == (None, previous)
    assert next(m for m in report.mapping if m.heading == heading).column == "previous_route"


def test_the_register_export_and_import_round_trip_keeps_both_routes(
    db: Database, tmp_path: Path, write_csv: Callable[..., Path]
) -> None:
    """docs/guide/import.md: export then import changes nothing."""
    import_file(db, write_csv([["Ref", "Route"], ["EST-1", "Framework"]]),
                ImportOptions(department="Estates"), "tester")  # fmt: skip
    saved = find_contract(db, "EST-1", "Estates")
    update_contract(db, saved.id, {"route": "open"}, expected_version=saved.version, who="t")
    out = io.StringIO()
    write_register(list(iter_contracts(db)), out)
    assert "route,previous_route" in out.getvalue().splitlines()[0]
    exported = tmp_path / "register.csv"
    exported.write_text(out.getvalue(), encoding="utf-8")
    again = import_file(db, exported, ImportOptions(), "tester")
    assert (again.unchanged, again.updated, again.unmapped) == (1, 0, [])
    back = find_contract(db, "EST-1", "Estates")
    assert (back.route, back.previous_route) == ("open", "framework-further-competition")


def test_a_saved_mapping_is_offered_in_the_preview_and_undo_forgets_it(
    db: Database, write_csv: Callable[..., Path]
) -> None:
    """The import screen's preview applies the department's saved mapping (how 'saved')."""
    path = write_csv([["Ref", "Review Point"], ["EST-1", "31/03/2027"]])
    report = import_file(
        db, path, ImportOptions(department="Estates", mappings=["Review Point=end_date"]), "t"
    )
    assert report.mapping_saved == "Estates"
    preview = preview_mapping(db, path, department="estates")
    assert preview.saved is not None and preview.saved.maps == {"Review Point": "end_date"}
    assert [(m.heading, m.column, m.how) for m in preview.mapping][1] == (
        "Review Point", "end_date", "saved",
    )  # fmt: skip
    assert preview_mapping(db, path, department="Estates", use_offered=False).unmapped
    undo_last(db, "t")  # the saved mapping: its own audited change, after the import's
    assert find_mapping(db, "Estates") is None


def test_a_later_map_is_added_to_the_saved_mapping_not_put_in_its_place(
    db: Database, write_csv: Callable[..., Path]
) -> None:
    first = write_csv([["Ref", "Review Point"], ["EST-1", "31/03/2027"]], name="a.csv")
    import_file(db, first, ImportOptions("Estates", mappings=["Review Point=end_date"]), "t")
    second = write_csv([["Ref", "Budget Code"], ["EST-2", "ES-4"]], name="b.csv")
    options = ImportOptions("Estates", mappings=["Budget Code=ignore"], mapping_name="Estates")
    import_file(db, second, options, "t")
    saved = find_mapping(db, "estates")
    assert saved is not None
    assert saved.maps == {"Budget Code": "ignore", "Review Point": "end_date"}


def test_bare_letters_are_not_guessed_as_a_departments_initials(
    db: Database, write_csv: Callable[..., Path]
) -> None:
    report = import_file(db, write_csv([["Ref", "Department"], ["X-1", "HC"]]),
                         ImportOptions(), "tester")  # fmt: skip
    assert "'HC' is not a department" in report.rejected[0].error
