"""A packed record is the same whether its rows are added one by one or a run at a time
(docs/architecture.md, "Audit trail"): `pack` takes the whole rows an import logs together
as one run, and the parts and their hash must not change."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.store import audit_pack
from planner.store.audit_pack import Packer, pack

COLUMNS = ("id", "ref", "title")
SAME_COLUMNS = tuple(list(COLUMNS))  # equal to COLUMNS, another object
OTHER_COLUMNS = ("id", "ref")


def _one_by_one(items: list[tuple[Any, ...]]) -> tuple[list[Any], str]:
    packer = Packer()
    for item in items:
        packer.add(item)
    return packer.finish()


_field_row = st.builds(
    lambda action, entity, n: (action, entity, n, "title", None, f"t{n}"),
    st.sampled_from(["update", "insert"]),
    st.sampled_from(["contract", "milestone"]),
    st.integers(1, 40),
)
_whole_rows = st.builds(
    lambda action, entity, columns, first, count: [
        (action, entity, n, "*", None, (n, f"R-{n}", None, 1, "now"), columns)
        for n in range(first, first + count)
    ],
    st.sampled_from(["insert", "delete"]),
    st.sampled_from(["contract", "milestone"]),
    st.sampled_from([COLUMNS, SAME_COLUMNS, OTHER_COLUMNS]),
    st.integers(1, 40),
    st.integers(0, 12),
)
_changes = st.lists(st.one_of(_field_row.map(lambda row: [row]), _whole_rows), max_size=8).map(
    lambda blocks: [row for block in blocks for row in block]
)


@settings(max_examples=200, deadline=None)
@given(items=_changes)
def test_a_record_packed_a_run_at_a_time_is_the_record_packed_row_by_row(
    items: list[tuple[Any, ...]],
) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(audit_pack, "PART_ROWS", 5)  # runs longer than a part are cut
        assert pack(items) == _one_by_one(items)


def test_an_imports_new_contracts_fill_parts_of_part_rows_after_its_updates() -> None:
    updates = [("update", "contract", n, "title", "old", "new") for n in range(1, 4)]
    inserts = [
        ("insert", "contract", n, "*", None, (n, "R", "T"), COLUMNS) for n in range(4, 2_504)
    ]
    parts, _ = pack(updates + inserts)
    assert [(entity, low, high, rows) for entity, low, high, rows, _ in parts] == [
        ("contract", 1, 3, 3), ("contract", 4, 1_003, 1_000), ("contract", 1_004, 2_003, 1_000),
        ("contract", 2_004, 2_503, 500),
    ]  # fmt: skip
