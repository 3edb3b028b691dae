-- Benefits and supplier claims recorded against contracts, the payments ledger (spend) and
-- how its suppliers match the register, and the numbers the briefs are judged by.
-- Money is integer pence; dates are ISO-8601 text; financial years are written '2025/26'.

CREATE TABLE benefits (
    id INTEGER PRIMARY KEY,
    contract_id INTEGER NOT NULL REFERENCES contracts(id),
    kind TEXT NOT NULL
        CHECK (kind IN ('saving', 'cost-avoidance', 'service-value', 'social-value')),
    amount INTEGER NOT NULL CHECK (amount > 0),
    year TEXT NOT NULL,                     -- financial year it counts in, '2025/26'
    description TEXT NOT NULL,
    recorded_on TEXT NOT NULL
);
CREATE INDEX benefits_year ON benefits (year, kind);
CREATE INDEX benefits_contract ON benefits (contract_id);

CREATE TABLE claims (
    id INTEGER PRIMARY KEY,
    contract_id INTEGER NOT NULL REFERENCES contracts(id),
    amount INTEGER NOT NULL CHECK (amount > 0),
    claimed_on TEXT NOT NULL,
    description TEXT NOT NULL
);
CREATE INDEX claims_claimed_on ON claims (claimed_on);
CREATE INDEX claims_contract ON claims (contract_id);

-- One row per ledger file imported.
CREATE TABLE spend_imports (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    imported_on TEXT NOT NULL,
    lines INTEGER NOT NULL,
    total INTEGER NOT NULL
);

-- One row per payment. Credits are negative. `fingerprint` identifies a payment across
-- imports, so importing the same ledger twice adds nothing.
CREATE TABLE spend_lines (
    id INTEGER PRIMARY KEY,
    import_id INTEGER NOT NULL REFERENCES spend_imports(id),
    paid_on TEXT NOT NULL,
    supplier TEXT NOT NULL,
    supplier_key TEXT NOT NULL,             -- normalised: case, punctuation, Ltd/Limited, &/and
    amount INTEGER NOT NULL,
    department TEXT,                        -- as the ledger writes it
    postcode TEXT,
    region TEXT,                            -- Lancashire | North West | NULL, from the line
    reference TEXT,
    fingerprint TEXT NOT NULL UNIQUE
);
CREATE INDEX spend_lines_paid_on ON spend_lines (paid_on, supplier_key, amount);
CREATE INDEX spend_lines_supplier ON spend_lines (supplier_key);

-- How each ledger supplier matches the register's suppliers. 'uncertain' rows are the
-- review list: they count as off-contract until a person confirms them.
CREATE TABLE supplier_matches (
    supplier_key TEXT PRIMARY KEY,
    supplier TEXT NOT NULL,                 -- the ledger's spelling, as first seen
    contract_supplier TEXT,                 -- the register's spelling it matches
    status TEXT NOT NULL
        CHECK (status IN ('matched', 'uncertain', 'confirmed', 'rejected', 'unmatched')),
    score REAL,                             -- similarity of the names, 0 to 1
    region TEXT,                            -- Lancashire | North West | NULL, from the register
    collaborative INTEGER NOT NULL DEFAULT 0 -- 1: some contract with this supplier is collaborative
);
CREATE INDEX supplier_matches_status ON supplier_matches (status);

-- The strategy's baseline at 31 March 2023 (DOMAIN.md). Money in pence, shares in percent.
CREATE TABLE kpi_baselines (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    as_at TEXT NOT NULL,
    source TEXT NOT NULL
);
INSERT INTO kpi_baselines VALUES
    ('savings', '150000000', '2023-03-31', 'Joint procurement strategy 2024-2027: savings in 2022/23'),
    ('spend', '5390000000', '2023-03-31', 'Joint procurement strategy 2024-2027: spend on goods and services'),
    ('spend_covered', '94', '2023-03-31', 'Joint procurement strategy 2024-2027: £51M of £53.9M covered by contracts'),
    ('local_spend_lancashire', '43', '2023-03-31', 'Joint procurement strategy 2024-2027: local spend, Lancashire'),
    ('local_spend_north_west', '53', '2023-03-31', 'Joint procurement strategy 2024-2027: local spend, North West'),
    ('collaborative_spend', '79', '2023-03-31', 'Joint procurement strategy 2024-2027: spend through collaborative arrangements'),
    ('managed_contracts', '321', '2023-03-31', 'Joint procurement strategy 2024-2027: contracts managed by Procurement');

-- Estimated value bands for the published contracts plan (no exact values are published).
CREATE TABLE value_bands (
    lower INTEGER PRIMARY KEY,              -- pence, inclusive; the band runs to the next row
    label TEXT NOT NULL
);
INSERT INTO value_bands VALUES
    (0, 'Under £30,000'),
    (3000000, '£30,000 to £100,000'),
    (10000000, '£100,000 to £500,000'),
    (50000000, '£500,000 to £2m'),
    (200000000, '£2m to £5m'),
    (500000000, '£5m and over');

INSERT INTO settings VALUES
    ('brief_period_days', '28', 'Briefs look this many days ahead ("the next period") and back ("this period")'),
    ('brief_list_limit', '25', 'Longest list a brief prints in full; the rest are counted'),
    ('plan_horizon_months', '18', 'The published contracts plan covers procurements starting this many months ahead'),
    ('supplier_match_possible', '0.8', 'Name similarity (0 to 1) at or above which a ledger supplier whose normalised name differs from every register supplier is put on the review list');
