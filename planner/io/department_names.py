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
        everyday: dict[str, set[str]] = {}
        for name in self.names:
            key = department_key(name)
            self.by_key[key] = name
            for form in (_bare(key), _initials(name)):
                if form and form != key:
                    everyday.setdefault(form, set()).add(name)
        for form, owners in everyday.items():
            if len(owners) == 1:  # initials two departments share name neither
                self.by_key.setdefault(form, next(iter(owners)))
        for key, name in department_aliases(db).items():
            self.by_key[key] = name  # an alias a user added wins over a guessed form

    def find(self, text: str) -> str | None:
        """The department `text` names, or None."""
        key = department_key(text)
        found = self.by_key.get(key)
        if found is None:
            found = self.by_key.get(_bare(key))
        if found is None:
            letters = re.sub(r"and", "", key) if "&" in text else ""
            found = self.by_key.get(letters) if letters else None
        return found
