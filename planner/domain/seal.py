"""The audit seal: how long the audit trail was and the hash it ended on, as short text.

A seal written down somewhere else (an e-mail, a brief given to the board) lets anyone
prove later that the database's history still extends the one sealed: the row at that
position must still carry that hash, and the hash chain makes it cover every row before.
The text form is `<rows>-<64 hex digits>`, e.g. `1234-9f86d0...`: digits, one hyphen and
the hash, nothing that an e-mail client or a Markdown renderer would change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from planner.errors import ValidationError

GENESIS = "0" * 64
"""The hash the first audit row follows (and the head of an empty trail)."""

_SEAL = re.compile(r"(\d{1,12})-([0-9a-f]{64})")
# Labels a person may copy along with the seal itself, from a brief or a command's output.
_LABELS = ("audit seal:", "audit seal", "seal:", "seal")


@dataclass(frozen=True, slots=True)
class Seal:
    """The number of audit rows and the hash of the last one."""

    rows: int
    head: str

    def __str__(self) -> str:
        return f"{self.rows}-{self.head}"

    @property
    def short(self) -> str:
        """The seal shortened for a person to recognise (not to check with)."""
        return f"{self.rows}-{self.head[:12]}"


EMPTY = Seal(0, GENESIS)
"""The seal of a database with no audit rows yet."""


def parse_seal(text: str) -> Seal:
    """Read a seal as printed by `planner audit seal` (or copied from a brief's footer)."""
    cleaned = text.strip().strip("`").strip()
    lowered = cleaned.lower()
    for label in _LABELS:
        if lowered.startswith(label):
            lowered = lowered[len(label) :].strip().strip("`").strip()
            break
    found = _SEAL.fullmatch(lowered)
    if found is None:
        raise ValidationError(
            f"'{text.strip()[:80]}' is not an audit seal: a seal is the number of audit rows, "
            "a hyphen and 64 hexadecimal digits (as `planner audit seal` prints it, e.g. "
            f"{EMPTY})"
        )
    rows, head = int(found[1]), found[2]
    if rows == 0 and head != GENESIS:
        raise ValidationError(f"'{text.strip()[:80]}' is not an audit seal: a seal of no rows "
                              f"is {EMPTY}")  # fmt: skip
    return Seal(rows, head)
