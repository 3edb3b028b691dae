"""Reading a department as registers write it: its name in any case and punctuation, an
alias a user has added (`planner department alias`), or an everyday form ('HQ Crime
Dept', 'L&D') that points at exactly one department (docs/rules.md, "Reading a
register's department")."""

from __future__ import annotations

import re

from planner.store.contracts import list_departments
from planner.store.db import Database
from planner.store.import_mapping import department_aliases, department_key

# Words a register adds to a department's name without changing which it is.
_SUFFIX = re.compile(r"(?:department|dept|directorate|team|unit|services?)$")
_PREFIX = re.compile(r"^(?:the)")


def _bare(key: str) -> str:
    bare = _SUFFIX.sub("", _PREFIX.sub("", key))
    return bare or key


def _initials(name: str) -> str:
    words = [w for w in re.findall(r"[A-Za-z0-9]+", name) if w.lower() not in {"and", "of"}]
    return "".join(w[0] for w in words).lower() if len(words) > 1 else ""


class DepartmentNames:
    """Every spelling that names a department, for one import."""

    def __init__(self, db: Database):
        self.names = list_departments(db)
        self.by_key: dict[str, str] = {}
        self.initials: dict[str, str] = {}
        bare: dict[str, set[str]] = {}
        initials: dict[str, set[str]] = {}
        for name in self.names:
            key = department_key(name)
            self.by_key[key] = name
            bare.setdefault(_bare(key), set()).add(name)
            if _initials(name):
                initials.setdefault(_initials(name), set()).add(name)
        for form, owners in bare.items():
            if len(owners) == 1:  # a form two departments share names neither
                self.by_key.setdefault(form, next(iter(owners)))
        self.initials = {form: next(iter(o)) for form, o in initials.items() if len(o) == 1}
        for key, name in department_aliases(db).items():
            self.by_key[key] = name  # an alias a user added wins over a guessed form

    def find(self, text: str) -> str | None:
        """The department `text` names, or None."""
        key = department_key(text)
        found = self.by_key.get(key) or self.by_key.get(_bare(key))
        if found is None and re.search(r"&|\band\b", text, re.IGNORECASE):
            # Initials joined by '&' or 'and' ('L&D', 'L and D'); bare letters ('HC') could
            # be anything, so they are not guessed.
            letters = "".join(w[0] for w in re.findall(r"[a-z0-9]+", text.lower()) if w != "and")
            found = self.initials.get(letters)
        return found
