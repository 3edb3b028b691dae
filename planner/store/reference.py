"""Reading the reference data shipped in reference/ (docs/rules.md, "Thresholds")."""

from __future__ import annotations

from functools import lru_cache

from planner.domain.codes import ProcurementKind
from planner.domain.cpv import CodeLists, parse_code_list
from planner.resources import reference_dir

_CODE_LISTS = {
    "cpv_works.csv": ProcurementKind.WORKS,
    "cpv_light_touch.csv": ProcurementKind.LIGHT_TOUCH,
}


@lru_cache(maxsize=1)
def code_lists() -> CodeLists:
    """The works and light-touch CPV code lists (read once per process: they are data
    shipped with the planner, not user data)."""
    entries = []
    for name, kind in _CODE_LISTS.items():
        path = reference_dir() / name
        entries.extend(parse_code_list(path.read_text(encoding="utf-8"), kind, name))
    return CodeLists.of(entries)
