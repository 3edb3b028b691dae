"""A text field for a file's path that offers the rest of a folder or file name as you type
(→ or end accepts it), folders first, then the files the importer reads."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from textual.suggester import Suggester

READABLE = (".csv", ".xlsx", ".json", ".txt", ".tsv")  # what `planner import` reads
SCANNED = 2_000  # entries looked at in one folder: a huge folder does not stall typing


def _candidates(folder: Path, start: str) -> list[tuple[bool, str]]:
    """(is a file, name) of each folder or readable file in `folder` that `start` begins
    but does not already name; hidden ones only when `start` begins with a '.'."""
    found: list[tuple[bool, str]] = []
    with os.scandir(folder) as entries:
        for n, entry in enumerate(entries):
            if n >= SCANNED:
                break
            name = entry.name
            if not name.startswith(start) or name == start or (not start and name[0] == "."):
                continue
            is_dir = entry.is_dir()
            if is_dir or name.lower().endswith(READABLE):
                found.append((not is_dir, name))
    return found


def complete_path(typed: str) -> str | None:
    """`typed` completed to the first folder (ending in '/') or register file whose name
    starts with what follows its last '/', or None if nothing does."""
    if not typed:
        return None
    folder_text, _, start = typed.rpartition(os.sep)
    folder = Path(folder_text or (os.sep if typed.startswith(os.sep) else ".")).expanduser()
    try:
        found = _candidates(folder, start)
    except OSError:
        return None
    if not found:
        return None
    is_file, name = min(found)
    prefix = typed[: len(typed) - len(start)]
    return f"{prefix}{name}" if is_file else f"{prefix}{name}{os.sep}"


class PathSuggester(Suggester):
    """Suggests the rest of a path from the folder on disk (read off the UI thread)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        """The completed path, or None."""
        return await asyncio.to_thread(complete_path, value)
