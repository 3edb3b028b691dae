"""Who publishes the OCDS export: the publisher, its registered OCID prefix and the buyer,
settings asked for once (`planner init`) and read at every export."""

from __future__ import annotations

from dataclasses import dataclass

from planner.domain.publishing import check_ocid_prefix
from planner.errors import PlannerError, ValidationError
from planner.store.db import Database
from planner.store.route_rules import set_setting
from planner.store.rules import load_settings

SET_ONCE = 'planner init --publisher "NAME" --ocds-prefix ocds-xxxxxx --buyer "NAME"'
KEYS = {"name": "ocds_publisher", "prefix": "ocds_prefix", "buyer": "ocds_buyer"}
WHAT = {"name": "the publisher", "prefix": "its OCID prefix", "buyer": "the buyer"}


@dataclass(frozen=True, slots=True)
class Publisher:
    """The publisher's name, its OCID prefix and the buyer each release names ('' if unset)."""

    name: str
    prefix: str
    buyer: str

    def missing(self) -> list[str]:
        """What is not set yet, in words."""
        return [WHAT[field] for field in KEYS if not getattr(self, field)]


def read_publisher(db: Database) -> Publisher:
    """The publisher settings as stored."""
    settings = load_settings(db)
    return Publisher(**{field: settings.get(key, "").strip() for field, key in KEYS.items()})


def require_publisher(db: Database) -> Publisher:
    """The publisher settings, refused with the command that sets them if any is missing."""
    publisher = read_publisher(db)
    missing = publisher.missing()
    if missing:
        listed = missing[0] if len(missing) == 1 else f"{', '.join(missing[:-1])} and {missing[-1]}"
        raise PlannerError(
            f"the OCDS export needs {listed}, which {'is' if len(missing) == 1 else 'are'} not "
            f"set: set them once with {SET_ONCE}"
        )
    return publisher


def set_publisher(
    db: Database, who: str, *, name: str | None = None, prefix: str | None = None,
    buyer: str | None = None,
) -> Publisher:  # fmt: skip
    """Set the publisher settings given (each an audited change that can be undone)."""
    values = {"name": name, "prefix": check_ocid_prefix(prefix) if prefix is not None else None,
              "buyer": buyer}  # fmt: skip
    given = {field: value.strip() for field, value in values.items() if value is not None}
    for field, value in given.items():
        if not value:
            raise ValidationError(f"{WHAT[field]} cannot be blank")
    for field, value in given.items():
        set_setting(db, KEYS[field], value, who)
    return read_publisher(db)
