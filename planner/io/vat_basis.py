"""Whether an imported row's values include VAT (docs/rules.md, "Thresholds"): its own
column, else what its value headings say, else the import option, else its department's
default."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

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
    valid: dict[str, list[Any]],
    supplied: Sequence[frozenset[str]],
    option: bool | None,
    defaults: dict[str, bool | None],
) -> list[frozenset[str]]:
    """Say whether each row's values include VAT (docs/rules.md, "Thresholds"): a row's
    own values_include_vat cell first, else the import option (which then also updates
    contracts already held), else, for a new contract, its department's default.

    `valid` holds the rows' values by column (its values_include_vat column is filled in);
    the columns each row supplies come back, with values_include_vat where the option
    says it."""
    include = valid["values_include_vat"]
    departments = valid["department"]
    out = list(supplied)
    for i in [i for i, own in enumerate(include) if own is None]:
        said = option if option is not None else defaults.get(departments[i])
        if said is not None:  # else it stays unknown, as it was
            include[i] = said
        if option is not None:
            out[i] = out[i] | {"values_include_vat"}
    return out
