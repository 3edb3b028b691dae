"""Accounts of the team server: names, roles, scrypt password hashes, lock-out.

A password is never stored, logged or written to the audit trail: only its hash is kept,
and the audit records that it was changed, by whom and when."""

from __future__ import annotations

import functools
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from planner.domain.codes import Action, ChangeKind, Entity, Role
from planner.errors import NotFoundError, ValidationError
from planner.store.audit import change
from planner.store.audit_pack import change_entities
from planner.store.db import Database, transaction, writes
from planner.store.history import UNDOABLE, last_unreversed
from planner.store.rules import load_settings

# scrypt's cost: 2**15 x 8 x 128 bytes = 32 MiB of memory per guess (memory-hard), about
# 0.1 s on one core. The parameters are stored with each hash, so raising them later
# leaves existing passwords working.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
_MAXMEM = 64 * 1024 * 1024
MIN_PASSWORD = 10
LOCK_AFTER = 5  # wrong passwords in a row
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._'-]{0,63}")


@dataclass(frozen=True, slots=True)
class Account:
    """One account as `planner user list` shows it (no password hash)."""

    name: str
    role: Role
    disabled: bool
    locked_until: datetime | None


class LoginOutcome(StrEnum):
    """What a login attempt came to."""

    OK = "ok"
    WRONG = "wrong"  # unknown name or wrong password: the same answer for both
    LOCKED = "locked"
    DISABLED = "disabled"


@dataclass(frozen=True, slots=True)
class Login:
    """The result of checking a name and password."""

    outcome: LoginOutcome
    name: str = ""
    role: Role = Role.VIEWER
    locked_until: datetime | None = None


# ---------------------------------------------------------------- hashing


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """'scrypt$n$r$p$salt$hash' for `password`, with a fresh 16-byte salt."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P,
        maxmem=_MAXMEM, dklen=32,
    )  # fmt: skip
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def password_matches(stored: str, password: str) -> bool:
    """True when `password` hashes to `stored` (compared in constant time)."""
    try:
        scheme, n, r, p, salt, expected = stored.split("$")
        digest = hashlib.scrypt(
            password.encode("utf-8"), salt=bytes.fromhex(salt), n=int(n), r=int(r),
            p=int(p), maxmem=_MAXMEM, dklen=len(expected) // 2,
        )  # fmt: skip
    except ValueError:
        return False
    return scheme == "scrypt" and hmac.compare_digest(digest.hex(), expected)


@functools.cache
def _dummy_hash() -> str:
    """A hash to check against when the name is unknown, so that a wrong name takes as long
    as a wrong password and the timing does not tell which names exist. Made on first use:
    at import it would cost every planner process a tenth of a second."""
    return hash_password("no such account", salt=b"\0" * 16)


def check_password_rules(password: str) -> None:
    """Refuse a password too short to resist guessing."""
    if len(password) < MIN_PASSWORD:
        raise ValidationError(f"a password needs at least {MIN_PASSWORD} characters")


def _check_name(name: str) -> str:
    name = name.strip()
    if not _NAME.fullmatch(name):
        raise ValidationError(
            f"'{name}' is not a usable account name: use letters, digits, spaces and . _ ' - "
            "(up to 64 characters, starting with a letter or digit)"
        )
    return name


# ---------------------------------------------------------------- readers


def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def list_users(db: Database) -> list[Account]:
    """Every account, by name."""
    return [
        Account(name, Role(role), bool(disabled), _when(locked))
        for name, role, disabled, locked in db.conn.execute(
            "SELECT name, role, disabled, locked_until FROM users ORDER BY name COLLATE NOCASE"
        )
    ]


def get_user(db: Database, name: str) -> Account:
    """The account with this name (any case); NotFoundError naming the accounts there are."""
    for account in list_users(db):
        if account.name.casefold() == name.strip().casefold():
            return account
    known = ", ".join(a.name for a in list_users(db)) or "none yet"
    raise NotFoundError(
        f"there is no account '{name}' (accounts: {known}); "
        f'add it with: planner user add "{name.strip()}"'
    )


def has_users(db: Database) -> bool:
    """True once at least one account can log in."""
    return db.conn.execute("SELECT 1 FROM users WHERE disabled = 0 LIMIT 1").fetchone() is not None


def session_settings(db: Database) -> tuple[int, int, int]:
    """(idle minutes, most sessions, lock minutes) as the settings hold them."""
    settings = load_settings(db)
    return (
        int(settings.get("session_idle_minutes", 30)),
        int(settings.get("max_sessions", 10)),
        int(settings.get("login_lock_minutes", 15)),
    )


# ---------------------------------------------------------------- writers (audited)


def add_user(db: Database, name: str, role: Role, password: str, who: str) -> Account:
    """A new account; its password is stored only as a hash."""
    name = _check_name(name)
    check_password_rules(password)
    hashed = hash_password(password)  # outside the transaction: it takes a tenth of a second
    with change(db, who, f"Account {name} added ({role})", kind=ChangeKind.ACCOUNT) as log:
        if db.conn.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone():
            raise ValidationError(
                f"there is already an account '{name}'; change its password with: "
                f'planner user passwd "{name}"'
            )
        created = datetime.now().astimezone().isoformat(timespec="seconds")
        db.conn.execute(
            "INSERT INTO users (name, role, password, created) VALUES (?, ?, ?, ?)",
            (name, role, hashed, created),
        )
        log.log(Action.INSERT, Entity.USER, name, "*", None, {"name": name, "role": role})
    return get_user(db, name)


def set_password(db: Database, name: str, password: str, who: str) -> None:
    """Give an account a new password (which also lifts a lock-out)."""
    check_password_rules(password)
    hashed = hash_password(password)
    account = get_user(db, name)
    with change(db, who, f"Password of {account.name} changed", kind=ChangeKind.ACCOUNT) as log:
        db.conn.execute(
            "UPDATE users SET password = ?, failed_logins = 0, locked_until = NULL WHERE name = ?",
            (hashed, account.name),
        )
        # The audit says that it changed, never what to: not even the hash is recorded.
        log.log(Action.UPDATE, Entity.USER, account.name, "password", None, "(changed)")


@writes
def set_disabled(db: Database, name: str, disabled: bool, who: str) -> Account:
    """Disable an account (it can no longer log in) or enable it again (and unlock it)."""
    account = get_user(db, name)
    verb = "disabled" if disabled else "enabled"
    with change(db, who, f"Account {account.name} {verb}", kind=ChangeKind.ACCOUNT) as log:
        db.conn.execute(
            "UPDATE users SET disabled = ?, failed_logins = 0, locked_until = NULL WHERE name = ?",
            (int(disabled), account.name),
        )
        if account.disabled != disabled:
            log.log(Action.UPDATE, Entity.USER, account.name, "disabled",
                    account.disabled, disabled)  # fmt: skip
    return get_user(db, account.name)


@writes
def set_role(db: Database, name: str, role: Role, who: str) -> Account:
    """Give an account another role."""
    account = get_user(db, name)
    with change(db, who, f"Account {account.name} made {role}", kind=ChangeKind.ACCOUNT) as log:
        db.conn.execute("UPDATE users SET role = ? WHERE name = ?", (role, account.name))
        if account.role != role:
            log.log(Action.UPDATE, Entity.USER, account.name, "role", account.role, role)
    return get_user(db, account.name)


# ---------------------------------------------------------------- logging in


def check_login(db: Database, name: str, password: str, now: datetime) -> Login:
    """Check a name and password; five wrong passwords in a row lock the account for the
    login_lock_minutes setting. `now` is timezone-aware."""
    row = db.conn.execute(
        "SELECT name, role, password, disabled, failed_logins, locked_until FROM users "
        "WHERE name = ?",
        (name.strip(),),
    ).fetchone()
    if row is None:
        password_matches(_dummy_hash(), password)  # as slow as a real check
        return Login(LoginOutcome.WRONG)
    real_name, role, stored, disabled, _, locked = row
    locked_until = _when(locked)
    if locked_until is not None and locked_until > now:
        return Login(LoginOutcome.LOCKED, real_name, Role(role), locked_until)
    matches = password_matches(stored, password)
    if matches and disabled:
        return Login(LoginOutcome.DISABLED, real_name, Role(role))
    outcome, until = _record(db, real_name, now, matches=matches)
    return Login(outcome, real_name if outcome != LoginOutcome.WRONG else "", Role(role), until)


def _record(
    db: Database, name: str, now: datetime, *, matches: bool
) -> tuple[LoginOutcome, datetime | None]:
    """Record a login attempt; the fifth wrong password in a row locks the account (an
    audited change). Read and written in one write transaction, so attempts made at the
    same moment all count, and a right password cannot lift a lock set meanwhile."""
    with transaction(db):
        failed, locked = db.conn.execute(
            "SELECT failed_logins, locked_until FROM users WHERE name = ?", (name,)
        ).fetchone()
        locked_until = _when(locked)
        if locked_until is not None and locked_until > now:
            return LoginOutcome.LOCKED, locked_until
        if matches:
            db.conn.execute(
                "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE name = ?", (name,)
            )
            return LoginOutcome.OK, None
        failed = 1 if locked_until is not None else int(failed) + 1  # after a lock ran out
        if failed < LOCK_AFTER:
            db.conn.execute(
                "UPDATE users SET failed_logins = ?, locked_until = NULL WHERE name = ?",
                (failed, name),
            )
            return LoginOutcome.WRONG, None
        until = now + timedelta(minutes=session_settings(db)[2])
        summary = f"Account {name} locked after {LOCK_AFTER} wrong passwords in a row"
        with change(db, "planner serve", summary, kind=ChangeKind.ACCOUNT) as log:
            db.conn.execute(
                "UPDATE users SET failed_logins = 0, locked_until = ? WHERE name = ?",
                (until.isoformat(), name),
            )
            log.log(Action.UPDATE, Entity.USER, name, "locked_until", None, until.isoformat())
        return LoginOutcome.LOCKED, until


def user_role(db: Database, name: str) -> Role | None:
    """The role of an enabled account, or None if it is gone or disabled."""
    row = db.conn.execute(
        "SELECT role FROM users WHERE name = ? AND disabled = 0", (name,)
    ).fetchone()
    return Role(row[0]) if row else None


def entities_undo_would_touch(db: Database, *, redo: bool) -> set[str]:
    """The audit entities (contract, setting, officer...) the next undo, or redo, reverses;
    empty when there is nothing to reverse. For checking a role before reversing."""
    found = last_unreversed(db, (ChangeKind.UNDO,) if redo else UNDOABLE)
    if found is None:
        return set()
    return change_entities(db, found[0])
