-- The contract register, its departments, the audit trail and the rules held as data.
-- Money is integer pence; dates are ISO-8601 text; booleans are 0/1; NULL means unknown.

CREATE TABLE departments (
    name TEXT PRIMARY KEY,
    centralise INTEGER NOT NULL DEFAULT 1   -- 1: contracts are to come under Procurement
);
INSERT INTO departments (name, centralise) VALUES
    ('Estates', 1), ('ICT', 1), ('HR', 1), ('Learning & Development', 1), ('HQ Crime', 1),
    ('Procurement', 0);

CREATE TABLE contracts (
    id INTEGER PRIMARY KEY,
    ref TEXT NOT NULL,
    department TEXT NOT NULL REFERENCES departments(name) ON UPDATE CASCADE,
    title TEXT,
    supplier TEXT,
    supplier_company_no TEXT,
    sme INTEGER,
    vcse INTEGER,
    locality TEXT,
    category TEXT,
    cpv TEXT,
    route TEXT,
    framework TEXT,
    collaborative INTEGER,
    lead_body TEXT,
    regime TEXT,
    start_date TEXT,
    end_date TEXT,
    max_end_date TEXT,
    notice_period TEXT,
    notice_date TEXT,               -- derived on every write: end_date minus notice_period
    annual_value INTEGER,
    total_value INTEGER,
    owner TEXT,
    managed_by_procurement INTEGER,
    status TEXT NOT NULL DEFAULT 'active',
    decision TEXT,
    officer TEXT,
    risk TEXT,
    priority INTEGER,
    rag TEXT,                       -- written by the scheduler
    next_milestone TEXT,            -- written by the scheduler
    next_milestone_date TEXT,       -- written by the scheduler
    notes TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (ref, department)
);
CREATE INDEX contracts_department ON contracts (department, end_date);
CREATE INDEX contracts_end_date ON contracts (end_date);
CREATE INDEX contracts_notice_date ON contracts (notice_date);
CREATE INDEX contracts_status ON contracts (status);

-- Append-only; each row's hash covers the previous row's hash, so editing or deleting a
-- row by hand breaks the chain at that row (`planner audit verify`).
CREATE TABLE changes (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    who TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'edit',      -- edit | import | undo | redo
    summary TEXT NOT NULL,
    reverses INTEGER REFERENCES changes(id), -- for undo/redo: the change it reversed
    reversed_by INTEGER REFERENCES changes(id)
);
CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    change_id INTEGER NOT NULL REFERENCES changes(id),
    at TEXT NOT NULL,
    who TEXT NOT NULL,
    action TEXT NOT NULL,                   -- insert | update | delete
    entity TEXT NOT NULL,                   -- contract | department | ...
    entity_id TEXT NOT NULL,
    field TEXT NOT NULL,                    -- '*' for a whole-row insert or delete
    old TEXT,                               -- JSON
    new TEXT,                               -- JSON
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_entity ON audit (entity, entity_id);
CREATE INDEX audit_change ON audit (change_id);

CREATE TABLE thresholds (
    starts TEXT PRIMARY KEY,
    ends TEXT,
    goods_services INTEGER NOT NULL,
    works INTEGER NOT NULL,
    light_touch INTEGER NOT NULL,
    source TEXT
);
INSERT INTO thresholds VALUES
    ('2024-01-01', '2025-12-31', 21490400, 537260900, 66354000, 'Procurement Act 2023 thresholds from 1 Jan 2024'),
    ('2026-01-01', NULL, 20772000, 519300000, 66354000, 'PPN 023: thresholds from 1 Jan 2026');

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    description TEXT NOT NULL
);
INSERT INTO settings VALUES
    ('notifiable_pence', '3000000', 'Below-threshold contracts of this value or more need a contract details notice'),
    ('kpi_required_pence', '500000000', 'Contracts over this value need at least 3 KPIs, published every 12 months'),
    ('notice_warning_days', '30', 'Flag notice deadlines this many days ahead');
