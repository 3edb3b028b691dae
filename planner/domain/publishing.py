"""What an OCDS publication must carry: an OCID prefix as the Open Contracting Partnership
registers it (docs/rules.md "Data rules")."""

from __future__ import annotations

import re

from planner.errors import ValidationError

# 'ocds-' and six letters or digits, as registered (OCDS 1.1, Open Contracting Process
# Identifier).
OCID_PREFIX = re.compile(r"ocds-[a-z0-9]{6}")


def check_ocid_prefix(prefix: str) -> str:
    """The prefix in lower case, or a refusal saying what one looks like."""
    text = prefix.strip().lower()
    if not OCID_PREFIX.fullmatch(text):
        raise ValidationError(
            f"'{prefix}' is not an OCID prefix: it is 'ocds-' and the six letters or digits "
            "the Open Contracting Partnership registered for you, such as ocds-a1b2c3"
        )
    return text


def withheld(restricted: object) -> bool:
    """True for a restricted contract: never published (PA 2023 s.94; docs/rules.md,
    "Restricted contracts"). The one test every published output applies."""
    return bool(restricted)


def withheld_words(count: int) -> str:
    """What a published output says of the contracts it leaves out: the fact and the
    ground, never which ones (PA 2023 s.94(3))."""
    if not count:
        return ""
    noun = "contract is" if count == 1 else "contracts are"
    return (
        f"{count:,} restricted {noun} withheld from publication "
        "(Procurement Act 2023 s.94: national security or sensitive commercial information)."
    )
