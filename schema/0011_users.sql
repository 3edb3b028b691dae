-- Accounts of the team server (`planner serve`): who may log in, and as what role.
-- The password column holds a scrypt hash with its own salt and parameters, never the
-- password; failed_logins and locked_until carry the lock-out after five wrong passwords.

CREATE TABLE users (
    name TEXT PRIMARY KEY COLLATE NOCASE,
    role TEXT NOT NULL CHECK (role IN ('manager', 'officer', 'viewer')),
    password TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    created TEXT NOT NULL
);

INSERT OR IGNORE INTO settings VALUES
    ('session_idle_minutes', '30', 'Minutes without activity after which a team server login ends and the browser must log in again'),
    ('max_sessions', '10', 'Most browser sessions the team server runs at once (each is a planner process); the next is refused until one closes'),
    ('login_lock_minutes', '15', 'Minutes an account stays locked after five wrong passwords in a row');
