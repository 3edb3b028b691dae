"""Whether an imported row's values include VAT (docs/rules.md, "Thresholds"): its own
column, else what its value headings say, else the import option, else its department's
default."""

from __future__ import annotations

from collections.abc import Sequence
from copy import copy

from planner.domain.contract import Contract
from planner.io.headers import ColumnMap
from planner.io.meaning import VAT_UNITS


def vat_from_headings(columns: ColumnMap) -> bool | None:
    """Whether values include VAT, as the value headings say ('Annual Cost ex VAT'): only
    when the file has no values_include_vat column and its headings agree."""
    if columns.position("values_include_vat") is not None:
        return None
    said = {
        VAT_UNITS[part]
        for i in range(len(columns.headers))
        for part in (columns.unit(i) or "").split("+")
        if part in VAT_UNITS
    }
    return said.pop() if len(said) == 1 else None


def with_vat_basis(
    valid: Sequence[tuple[Contract, frozenset[str]]],
    option: bool | None,
    defaults: dict[str, bool | None],
) -> list[tuple[Contract, frozenset[str]]]:
    """Say whether each row's values include VAT (docs/rules.md, "Thresholds"): a row's
    own values_include_vat cell first, else the import option (which then also updates
    contracts already held), else, for a new contract, its department's default."""
    out = []
    for contract, supplied in valid:
        if contract.values_include_vat is None:
            said = option if option is not None else defaults.get(contract.department)
            if said is not None:  # else it stays unknown, as it was
                # A copy with one field set: replace() would run every field through
                # __init__ again (half the import's checking time at 50,000 rows).
                contract = copy(contract)
                contract.values_include_vat = said
            if option is not None:
                supplied = supplied | {"values_include_vat"}
        out.append((contract, supplied))
    return out
