-- Extension options and restricted contracts (docs/rules.md, "Extension options" and
-- "Restricted contracts"); existing contracts keep every value and have neither.
-- Each option's length in months, in order ('P12M+P12M'); NULL: the register does not say.
ALTER TABLE contracts ADD COLUMN extension_options TEXT;
-- How many of those options are exercised (taken up), counted from the first.
ALTER TABLE contracts ADD COLUMN options_exercised INTEGER;
-- 1: never published (PA 2023 s.94; the Specified Information Order's exemptions).
ALTER TABLE contracts ADD COLUMN restricted INTEGER;
ALTER TABLE contracts ADD COLUMN restricted_reason TEXT;

INSERT OR IGNORE INTO settings VALUES
    ('option_decision_days', '90', 'An extension option is decided this many days before the end it extends, or by the notice deadline if earlier');

-- The strategy's targets per financial year (docs/rules.md, "KPI targets"), a manager's to
-- edit (`planner kpi target`): the year is the calendar year it starts in (2025 for
-- 2025/26); the value is held as kpi_baselines holds it (pence, percent or a count).
CREATE TABLE kpi_targets (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    year INTEGER NOT NULL,
    value TEXT NOT NULL,
    UNIQUE (key, year)
);
