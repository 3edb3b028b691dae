"""Syncing stored rows with wanted rows, auditing the difference."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class WriteCounts:
    """How many stored rows a run inserted, updated and deleted."""

    inserted: int = 0
    updated: int = 0
    deleted: int = 0

    @property
    def total(self) -> int:
        """Rows touched in all."""
        return self.inserted + self.updated + self.deleted
