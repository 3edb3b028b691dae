-- Which database this is: a random id made once, when the database is created (or first
-- upgraded to this version). A backup is a copy, so it carries the same id: `planner
-- backup` replaces an existing file only if it is an earlier backup of this same database
-- (docs/guide/register.md, "Backups, the audit trail, undo and redo"). Kept out of `settings`: it is not a rule to edit.
CREATE TABLE database_identity (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL
);
INSERT INTO database_identity VALUES
    (lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
