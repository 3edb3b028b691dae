"""Widgets of the planner UI."""

from planner.tui.widgets.chrome import NavBar, StatusLine
from planner.tui.widgets.contract_table import COLUMNS, Column, ContractTable, fit_columns

__all__ = ["COLUMNS", "Column", "ContractTable", "NavBar", "StatusLine", "fit_columns"]
