-- VAT (docs/rules.md, "Thresholds"): thresholds include VAT, most registers do not.
-- Whether a contract's values include VAT: 1 yes, 0 no, NULL not known (read as
-- excluding VAT, the safe reading for a threshold test).
ALTER TABLE contracts ADD COLUMN values_include_vat INTEGER;
-- Each department's default for contracts imported without saying (NULL: not known).
ALTER TABLE departments ADD COLUMN values_include_vat INTEGER;

INSERT OR IGNORE INTO settings VALUES
    ('vat_rate_percent', '20', 'VAT rate (%) added to values held excluding VAT before a threshold test');
