"""A review's reasons as stored: the JSON list of sentences, deflated against a preset
dictionary of the phrases the scheduler writes (575 bytes of text a review become about
109 in the 50,000-contract bench), in `reviews.reasons`.

One place packs and unpacks them. Values stored as JSON text (every database planned
before the packing, and anything undo writes back from the audit trail) are read as they
are, so no migration is needed and a table may hold both forms. The audit trail records
the JSON text, as before: the packing is the table's business only.

A packed value is a BLOB: a version byte naming the dictionary, then raw deflate data.
A dictionary is never edited once released (values packed with it must stay readable):
better phrases go in a new one under a new version byte.
"""

from __future__ import annotations

import json
import zlib
from typing import Any

# A value packed with dictionary 1 starts with this byte (JSON text never does).
_VERSION_1 = b"\x01"
# Raw deflate (no header or checksum: the version byte says how to read it) with an
# 8 KB window, which holds the dictionary (6.4 KB) and what a sentence can refer back to.
_WBITS = -13
_MEMLEVEL = 5
# Packing is most of what storing reasons costs (a first plan at 50,000 packs 48,036 of them):
# level 2 took 0.39 s of CPU there against 0.50 s at level 6, for 109 bytes a review against
# 105. Any level reads back the same way, so this may change; the dictionary may not.
_LEVEL = 2

# Dictionary 1: fragments of the sentences the scheduler writes (planner/domain/rag.py and
# the route and notice checks), the variable parts left out (dates, sums, numbers, officer
# names, references, and the demo generator's names of frameworks, departments and
# suppliers), the most useful last (nearest the data, cheapest to refer to). Made from a
# 50,000-contract plan: the fragments seen at least 20 times in 20,000 reviews, by the bytes
# they would save, to 6,420 bytes. Reasons it does not foresee still pack, less tightly.
# NEVER EDIT (tests/store/test_reasons_codec.py pins its hash).
_PHRASES_1 = (
    "A contract change notice (PA ",
    "; none is needed if it changes the estimated value by ",
    " working days of slack; Quotes below threshold needs a margin of ",
    "Late after levelling the team's work, from copy of the contract published",
    (
        "Planned to miss the new contract starts after levelling the team's work (late from "
        "standstill)"
    ),
    (
        " working days slack, if the value is below the threshold); Direct award with "
        "justification ("
    ),
    (" working days slack, if a suitable framework allows direct award); Quotes below threshold ("),
    "Would still make it: Framework direct award (",
    "Missing: value",
    "): Catering services",
    (
        "Planned to miss the new contract starts after levelling the team's work (late from "
        "contract award notice published)"
    ),
    (
        "Planned to miss the new contract starts after levelling the team's work (late from "
        "pre-market engagement)"
    ),
    (
        ") may be needed: not known, with no extension option or later latest end date "
        "recorded the planner cannot tell the change in term; recording it settles the term "
        "test, else the change check decides"
    ),
    (
        "Planned to miss the new contract starts after levelling the team's work (late from "
        "options appraisal)"
    ),
    " working days of slack; Framework further competition needs a margin of ",
    " working days of slack; Open procedure needs a margin of ",
    (
        ")(a)), as an option already counted in the estimated value on award does. Not "
        "known: the planner does not hold the estimated value on award, so the change check "
        "decides"
    ),
    (
        "Planned to miss the new contract starts after levelling the team's work (late from "
        "contract signed)"
    ),
    "Would still make it: Framework further competition (",
    (
        "Planned to miss the notice deadline after levelling the team's work (late from "
        "review and needs analysis)"
    ),
    (" working days slack, if the contract provides for an extension); Framework direct award ("),
    " by Terminate: ",
    " is on the works list (",
    (
        "Planned to miss the new contract starts after levelling the team's work (late from "
        "tender period)"
    ),
    " by Bring in-house: ",
    (
        "No contract change notice: below the threshold the contract is not a public "
        "contract, and with the extension counted in its whole-life value it does not become "
        "one (PA "
    ),
    "Route Open procedure is provisional: no value recorded, so open procedure assumed",
    "Would still make it: Extension / modification (",
    ": below the works threshold of ",
    (
        "Planned to miss the new contract starts after levelling the team's work (late from "
        "contract details notice; register updated)"
    ),
    (
        " working days slack, if the contract provides for an extension); Framework further "
        "competition ("
    ),
    (
        "Planned to miss the new contract starts after levelling the team's work (late from "
        "specification and tender pack)"
    ),
    " by Framework direct award: ",
    "): Construction work, CPV division ",
    " by Extension / modification: ",
    "Missing: owner",
    " by Collaborate with another body: ",
    (
        "Planned to miss the new contract starts after levelling the team's work (late from "
        "evaluation)"
    ),
    (
        "Planned to miss the new contract starts after levelling the team's work (late from "
        "mobilisation)"
    ),
    " working days slack, if a suitable framework exists); Framework direct award (",
    "): Investigation and security services, listed as ",
    (
        "Planned to miss the new contract starts after levelling the team's work (late from "
        "tender notice published)"
    ),
    " working days slack, if a direct award can be justified (legal sign-off))",
    (
        " Jun) has passed with no notice recorded: the contract may roll over or a break "
        "right be lost"
    ),
    (
        " Jan) has passed with no notice recorded: the contract may roll over or a break "
        "right be lost"
    ),
    (
        " Feb) has passed with no notice recorded: the contract may roll over or a break "
        "right be lost"
    ),
    "Threshold taken on ",
    (
        "Planned to miss the new contract starts after levelling the team's work (late from "
        "award decision approved)"
    ),
    (
        " Sep) has passed with no notice recorded: the contract may roll over or a break "
        "right be lost"
    ),
    (
        " Apr) has passed with no notice recorded: the contract may roll over or a break "
        "right be lost"
    ),
    "On plan: ",
    " Schedule ",
    (
        " Jul) has passed with no notice recorded: the contract may roll over or a break "
        "right be lost"
    ),
    (
        " Nov) has passed with no notice recorded: the contract may roll over or a break "
        "right be lost"
    ),
    (
        " Aug) has passed with no notice recorded: the contract may roll over or a break "
        "right be lost"
    ),
    (
        " working days slack, if a suitable framework allows direct award); Direct award "
        "with justification ("
    ),
    (
        " Oct) has passed with no notice recorded: the contract may roll over or a break "
        "right be lost"
    ),
    (
        " Dec) has passed with no notice recorded: the contract may roll over or a break "
        "right be lost"
    ),
    (
        " May) has passed with no notice recorded: the contract may roll over or a break "
        "right be lost"
    ),
    (
        " Mar) has passed with no notice recorded: the contract may roll over or a break "
        "right be lost"
    ),
    ": at or above the light touch threshold of ",
    " Regulations ",
    "): Education and training services, listed as ",
    (
        "Planned to miss the new contract starts after levelling the team's work (late from "
        "review and needs analysis)"
    ),
    "): Health and social work services, listed as ",
    " (serve by ",
    ("Late after levelling the team's work, from contract termination notice for the old contract"),
    (
        "Extension / modification relies on an option to extend that the register does not "
        "record (no latest end date): check the contract"
    ),
    (
        "Planned to miss the new contract starts after levelling the team's work (late from "
        "business case / procurement strategy approval)"
    ),
    ": below the light touch threshold of ",
    " last time",
    "; CPV ",
    " working days of slack",
    " is on the light-touch list (",
    " by Open procedure: ",
    " by Quotes below threshold: ",
    " by Framework further competition: ",
    ": below the goods and services threshold of ",
    "Route Open procedure is provisional: ",
    "Notice deadline ",
    ": at or above the goods and services threshold of ",
    "Route Quotes below threshold is provisional: ",
    (
        ": no market-facing step before the award (a call-off or an arrangement joined), so "
        "the award decision, when the supplier is first approached, is taken as the day the "
        "procurement commences"
    ),
    "The contract ended on ",
    " for a procurement commencing ",
    "Route Framework further competition is provisional: called off ",
    " is on neither the works nor the light-touch list",
    " has no room for some of this work: their weeks are overloaded",
    " is not in the team list: their capacity is not checked",
    "Cannot make the new contract start on ",
    " (VAT not recorded: read as excluding VAT) + VAT at ",
    " working days short even with nothing else planned",
    (
        "No faster route makes it: needs an extension or interim arrangement (the contract "
        "allows extension to "
    ),
    (" has passed with no notice recorded: the contract may roll over or a break right be lost"),
    " and no new arrangement is recorded: an interim arrangement is needed now",
)
_DICTIONARY_1 = "".join(_PHRASES_1).encode()

# A compressor primed with the dictionary once; each value is packed by a copy of it,
# which is cheaper than priming a new one.
_PRIMED = zlib.compressobj(
    _LEVEL, zlib.DEFLATED, _WBITS, _MEMLEVEL, zlib.Z_DEFAULT_STRATEGY, _DICTIONARY_1
)
# json.dumps with options builds a new encoder on each call; the text is the same.
_ENCODER = json.JSONEncoder(ensure_ascii=False)


def pack(text: str) -> bytes:
    """The stored form of reasons given as JSON text."""
    packer = _PRIMED.copy()
    return _VERSION_1 + packer.compress(text.encode()) + packer.flush()


def unpack(stored: bytes | str | None) -> str:
    """The JSON text of stored reasons, packed or (as stored before packing) text."""
    if stored is None:
        return "[]"
    if isinstance(stored, str):
        return stored
    if stored[:1] != _VERSION_1:
        raise ValueError(f"stored reasons in an unknown form (first byte {stored[:1]!r})")
    unpacker = zlib.decompressobj(_WBITS, zdict=_DICTIONARY_1)
    text = unpacker.decompress(stored[1:]) + unpacker.flush()
    if not unpacker.eof:
        raise ValueError("stored reasons are cut short")
    return text.decode()


def reasons_of(stored: bytes | str | None) -> tuple[str, ...]:
    """The sentences of stored reasons, most important first."""
    return tuple(json.loads(unpack(stored)))


class ReasonsText(str):
    """Reasons as JSON text that SQLite stores packed: it compares, hashes and goes into
    the audit trail as the text, and sqlite3 binds it as `pack(text)` (the documented
    `__conform__` adaptation protocol), so a plan is compared with the stored one as text
    and only the rows written are packed."""

    __slots__ = ()

    def __conform__(self, protocol: Any) -> bytes:
        """The packed bytes, for sqlite3 binding this value as a parameter."""
        return pack(self)


def reasons_text(reasons: tuple[str, ...] | list[str]) -> ReasonsText:
    """The value a plan writes for a review's reasons (packed as it is stored)."""
    return ReasonsText(_ENCODER.encode(list(reasons)))
