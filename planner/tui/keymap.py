"""The user's keymap file: binding ids mapped to keys, overriding the planner's defaults.

The file is TOML. Either flat, with the binding id quoted, or one table per screen:

    "triage.extend" = "E"

    [triage]
    terminate = "ctrl+x"   # the binding id triage.terminate

Several keys for one binding are written "f5,ctrl+l". `?` in the planner lists every
binding with its id.

The file is read with care, because it is read before anything is on the screen: only a
regular file of at most `MAX_KEYMAP_BYTES` (a FIFO or `/dev/zero` would block or read
forever), nesting the TOML parser can take (deep nesting raises RecursionError), and
`ctrl+q` always quits, whatever the file says.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

MAX_KEYMAP_BYTES = 64 * 1024  # a keymap of every binding is about 3 KB
QUIT_ANYWHERE = "app.quit_anywhere"
QUIT_KEY = "ctrl+q"


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
        document = tomllib.loads(_read_bounded(path))
    except _Unusable as exc:
        return {}, [f"{path}: {exc}; using the default keys"]
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return {}, [f"{path}: cannot be read ({exc}); using the default keys"]
    except RecursionError:
        return {}, [f"{path}: cannot be read (nested too deeply to be a keymap); "
                    "using the default keys"]  # fmt: skip
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, keys in _flatten(document):
        if not isinstance(keys, str) or not keys.strip():
            problems.append(f"{path}: '{binding_id}' needs a key in quotes, such as \"ctrl+e\"")
            continue
        keymap[binding_id] = ",".join(k.strip() for k in keys.split(","))
    quit_keys = keymap.get(QUIT_ANYWHERE)
    if quit_keys is not None and QUIT_KEY not in quit_keys.split(","):
        keymap[QUIT_ANYWHERE] = f"{quit_keys},{QUIT_KEY}"
        problems.append(f"{path}: {QUIT_KEY} always quits, so it was kept for '{QUIT_ANYWHERE}'")
    return keymap, problems


class _Unusable(Exception):
    """A keymap path that is not a small regular file."""


def _read_bounded(path: Path) -> str:
    # is_file() is False for a FIFO, a device or a folder; reading one could block forever.
    if not path.is_file():
        raise _Unusable("is not a regular file")
    with path.open("rb") as handle:
        data = handle.read(MAX_KEYMAP_BYTES + 1)
    if len(data) > MAX_KEYMAP_BYTES:
        raise _Unusable(f"is larger than {MAX_KEYMAP_BYTES // 1024} KB, too large to be a keymap")
    return data.decode("utf-8")


def unknown_ids(keymap: Mapping[str, str], known: Iterable[str]) -> list[str]:
    """Binding ids in the keymap that no binding has (probably typing mistakes)."""
    known_ids = set(known)
    return sorted(binding_id for binding_id in keymap if binding_id not in known_ids)
