-- The year's spend sums on the dashboard and in the KPI brief (planner/store/spend.py,
-- SPEND_TOTALS_SQL) read the amount and the line's own region of every payment in the
-- year. With region in the index the sums are read from the index alone, never from the
-- table (a national ledger has millions of lines). It replaces spend_lines_paid_on, whose
-- columns it starts with, so every query that used that one uses this.
DROP INDEX spend_lines_paid_on;
CREATE INDEX spend_lines_paid_on ON spend_lines (paid_on, supplier_key, amount, region);

-- Overdue milestones (the dashboard, the Milestones screen, the programme brief): those not
-- done whose planned or baseline date, whichever is first, is before today. Only open,
-- planned milestones are in the index, ordered by that first date, so how many are overdue
-- and the oldest of them are read from the front of the index instead of a scan of every
-- milestone. The expression is planner/store/plan_reader.py's FIRST_DUE, exactly.
CREATE INDEX milestones_first_due ON milestones (
    min(coalesce(planned, baseline), coalesce(baseline, planned))
) WHERE actual IS NULL AND planned IS NOT NULL;

-- Extension options to decide (the dashboard's notices, the calendar export): only the
-- contracts that record options are in the index, so finding them is not a pass over the
-- whole register (planner/store/option_deadlines.py reads them with this same condition).
-- A register without options adds nothing to it.
CREATE INDEX contracts_extension_options ON contracts (end_date)
    WHERE extension_options IS NOT NULL AND extension_options != '';

-- The same sums, for the suppliers matched to a contract: each match finds its payments of
-- the year by supplier and date in this index, with the region and amount in it too
-- (planner/store/spend.py, SPEND_MATCHED_SQL). It replaces the index on supplier_key
-- alone, whose column it starts with.
DROP INDEX spend_lines_supplier;
CREATE INDEX spend_lines_supplier ON spend_lines (supplier_key, paid_on, region, amount);
