"""A contract cannot take a reference its department already uses: the edit is refused in
words, and nothing is saved."""

from __future__ import annotations

import pytest

from planner.domain.contract import Contract
from planner.errors import ValidationError
from planner.store import Database
from planner.store.contracts import get_contract, insert_contract, update_contract


def test_a_reference_taken_in_the_department_is_refused(db: Database) -> None:
    insert_contract(db, Contract(ref="EST-001", department="Estates"), "tester")
    other = insert_contract(db, Contract(ref="EST-002", department="Estates"), "tester")
    ict = insert_contract(db, Contract(ref="EST-001", department="ICT"), "tester")
    assert other.id is not None and ict.id is not None
    with pytest.raises(ValidationError, match=r"^Estates already has a contract with reference "
                                              r"EST-001$"):  # fmt: skip
        update_contract(db, other.id, {"ref": "EST-001"}, expected_version=other.version,
                        who="tester")  # fmt: skip
    with pytest.raises(ValidationError, match=r"^Estates already has a contract"):
        update_contract(db, ict.id, {"department": "Estates"}, expected_version=ict.version,
                        who="tester")  # fmt: skip
    assert get_contract(db, other.id).ref == "EST-002"
    assert get_contract(db, ict.id).department == "ICT"
    moved = update_contract(db, other.id, {"department": "ICT", "ref": "EST-003"},
                            expected_version=other.version, who="tester")  # fmt: skip
    assert (moved.ref, moved.department) == ("EST-003", "ICT")
