-- A big change (an import of thousands of contracts, a schedule run's plan) is audited as
-- ONE row of the hash-chained trail (action 'packed') whose record of what it did is kept
-- here, compressed, in parts (planner/store/audit_pack.py; docs/architecture.md, "Audit
-- trail"). The packed row's hashed `new` carries the SHA-256 of every part, so a part
-- edited by hand breaks the chain like an edited row. Each part holds the logical audit
-- rows of one entity, in the order they were written; `low` and `high` bound the ids it
-- mentions (NULL when they are not numbers), so one contract's history opens only the
-- parts that can mention it.
CREATE TABLE audit_packs (
    id INTEGER PRIMARY KEY,
    audit_id INTEGER NOT NULL REFERENCES audit(id),
    entity TEXT NOT NULL,
    low INTEGER,
    high INTEGER,
    rows INTEGER NOT NULL,
    data BLOB NOT NULL                      -- zlib-compressed JSON
);
CREATE INDEX audit_packs_audit ON audit_packs (audit_id);
CREATE INDEX audit_packs_entity ON audit_packs (entity, high);

-- UI sort indexes that do not earn their place: measured at 50,000 contracts, the triage
-- table's first window in any of these orders, sorted without an index, takes 9-55 ms of
-- the 100 ms keystroke budget (docs/performance.md, "Import and the audit trail"), while
-- each index cost every bulk import 16-44 ms to rebuild and the file a share of 9.6 MB.
-- The triage table's default order (notice date) and the reference and end-date orders
-- keep theirs.
DROP INDEX ui_sort_department;
DROP INDEX ui_sort_title;
DROP INDEX ui_sort_supplier;
DROP INDEX ui_sort_value;
DROP INDEX ui_sort_status;
DROP INDEX ui_sort_decision;
DROP INDEX ui_sort_route;
DROP INDEX ui_sort_officer;
DROP INDEX ui_sort_risk;
DROP INDEX ui_sort_priority;
DROP INDEX ui_sort_rag;
