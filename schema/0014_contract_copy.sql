-- The copy of the contract (docs/rules.md, "Contract details notice and the copy of the
-- contract"): for a public contract over £5m, a copy of the contract is published within
-- 90 days beginning with the day it is entered into (PA 2023 s.53(3)).
--
-- It is dated by its own window after signing, not by the work before the new start, so it
-- is held with the stages after the start (after_start = 1): it never lengthens a route,
-- and its latest day is the signing day plus 89 calendar days (planner.domain.timetable).
-- Which contracts plan it (above the threshold and over the £5m setting
-- `kpi_required_pence`) is decided per contract by planner.domain.notices.

INSERT INTO stages (code, number, seq, name, hard_date, after_start) VALUES
    ('contract-copy', NULL, 165, 'Copy of the contract published', 0, 1);

-- Every route that awards a contract that can be above the threshold.
INSERT INTO route_stages (route, stage, duration_days, effort_hours) VALUES
    ('open', 'contract-copy', 0, 4),
    ('competitive-flexible', 'contract-copy', 0, 4),
    ('framework-further-competition', 'contract-copy', 0, 4),
    ('framework-direct-award', 'contract-copy', 0, 4),
    ('direct-award', 'contract-copy', 0, 4),
    ('collaborate', 'contract-copy', 0, 4);

-- The day each review's procurement commences (its first market-facing step: the day the
-- threshold row is taken on, docs/rules.md "Thresholds"), as the scheduler worked it out,
-- so the contract screen's threshold flag uses the same day rather than today.
ALTER TABLE reviews ADD COLUMN commences TEXT;
