"""The import runs `check_contract` only on the rows a pass over the columns flags
(planner.io.row_checks._suspects): that pass must flag every row the rules object to."""

from __future__ import annotations

import ast
import inspect
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from planner.domain.contract import Contract, check_contract
from planner.io.row_checks import _suspects

# The fields check_contract reads, and so the fields _suspects must look at (ref and
# department are never empty on a row that reaches it: the importer rejects that before).
FLAGGED_ON = {"start_date", "end_date", "max_end_date", "extension_options", "options_exercised"}
NEVER_EMPTY = {"ref", "department"}

DATES = st.one_of(st.none(), st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)))


def test_check_contract_reads_only_the_fields_the_import_flags_rows_on() -> None:
    """A new rule in check_contract reading another field needs _suspects to flag it too."""
    tree = ast.parse(inspect.getsource(check_contract))
    read = {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "contract"
    }
    assert read <= FLAGGED_ON | NEVER_EMPTY, read - FLAGGED_ON - NEVER_EMPTY


@given(
    start=DATES,
    end=DATES,
    max_end=DATES,
    options=st.sampled_from([None, "P12M", "P12M+P12M", "P6M+P6M+P6M"]),
    exercised=st.one_of(st.none(), st.integers(min_value=0, max_value=4)),
)
def test_every_row_check_contract_objects_to_is_flagged(
    start: date | None,
    end: date | None,
    max_end: date | None,
    options: str | None,
    exercised: int | None,
) -> None:
    """docs/rules.md "Data rules": a row is only left unchecked when the rules accept it."""
    contract = Contract(
        ref="EST-001", department="Estates", start_date=start, end_date=end,
        max_end_date=max_end, extension_options=options, options_exercised=exercised,
    )  # fmt: skip
    columns = {
        "start_date": [start], "end_date": [end], "max_end_date": [max_end],
        "options_exercised": [exercised],
    }  # fmt: skip
    if check_contract(contract):
        assert _suspects(columns) == {0}
