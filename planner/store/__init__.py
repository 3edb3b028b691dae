"""The only code that touches SQLite: opening, migrating, reading and writing the register."""

from planner.store.audit import AuditLog, change, verify_chain
from planner.store.db import Database, backup, open_db, transaction

__all__ = ["AuditLog", "Database", "backup", "change", "open_db", "transaction", "verify_chain"]
