-- The notices each route publishes under the Procurement Act 2023 (docs/rules.md, "Regimes
-- and notices"), and a route's own order for its stages.
--
-- Every notice a route can need is a stage of its template; which of them apply to one
-- contract (by the old contract's regime and the new procurement's value) is decided by
-- the scheduler (planner.domain.notices), so a route stays data.

INSERT INTO stages (code, number, seq, name, hard_date, after_start) VALUES
    ('change-notice', NULL, 36, 'Contract change notice published', 0, 0),
    ('bt-tender-notice', NULL, 65, 'Below-threshold tender notice published', 0, 0),
    ('transparency-notice', NULL, 95, 'Transparency notice published', 0, 0);

-- A route's own place for a stage (NULL: the stage's seq). Terminate and in-house get the
-- approval before notice is served: notice follows the decision, not the other way round.
ALTER TABLE route_stages ADD COLUMN seq INTEGER;
UPDATE route_stages SET seq = 25
    WHERE route IN ('terminate', 'in-house') AND stage = 'approval';

-- Direct award with justification: the transparency notice (s.44) before the award, its
-- effort taken from the award notice's (which held both until now).
INSERT INTO route_stages (route, stage, duration_days, effort_hours) VALUES
    ('direct-award', 'transparency-notice', 0, 1);
UPDATE route_stages SET effort_hours = 1
    WHERE route = 'direct-award' AND stage = 'award-notice' AND effort_hours = 2;

-- Quotes: a below-threshold tender notice (s.86) when a notifiable contract is advertised.
INSERT INTO route_stages (route, stage, duration_days, effort_hours) VALUES
    ('quotes', 'bt-tender-notice', 0, 1);

-- Extension: the contract change notice (s.75) after the change check, where one is needed.
INSERT INTO route_stages (route, stage, duration_days, effort_hours) VALUES
    ('extension', 'change-notice', 0, 1);

INSERT OR IGNORE INTO settings VALUES
    ('police_publication_pence', '1000000',
     'Police bodies publish every contract over this value (Elected Local Policing Bodies (Specified Information) Order 2011)');
