"""The user's keymap file: binding ids mapped to keys, overriding the planner's defaults.

The file is TOML. Either flat, with the binding id quoted, or one table per screen:

    "triage.extend" = "E"

    [triage]
    terminate = "ctrl+x"   # the binding id triage.terminate

Several keys for one binding are written "f5,ctrl+l". `?` in the planner lists every
binding with its id.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any


def _flatten(table: Mapping[str, Any], prefix: str = "") -> Iterable[tuple[str, Any]]:
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            yield from _flatten(value, f"{name}.")
        else:
            yield name, value


def load_keymap(path: Path | None) -> tuple[dict[str, str], list[str]]:
    """The keymap in `path` and the problems found in it (a missing file is no problem)."""
    if path is None or not path.exists():
        return {}, []
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return {}, [f"{path}: cannot be read ({exc}); using the default keys"]
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, keys in _flatten(document):
        if not isinstance(keys, str) or not keys.strip():
            problems.append(f"{path}: '{binding_id}' needs a key in quotes, such as \"ctrl+e\"")
            continue
        keymap[binding_id] = ",".join(k.strip() for k in keys.split(","))
    return keymap, problems


def unknown_ids(keymap: Mapping[str, str], known: Iterable[str]) -> list[str]:
    """Binding ids in the keymap that no binding has (probably typing mistakes)."""
    known_ids = set(known)
    return sorted(binding_id for binding_id in keymap if binding_id not in known_ids)
