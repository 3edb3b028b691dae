-- Settings asked for once: who publishes the OCDS export (publisher name, registered OCID
-- prefix, buyer), empty until set with `planner init` or `planner rules set setting`, and the
-- months the Programme screen's timeline shows.

INSERT OR IGNORE INTO settings VALUES
    ('ocds_publisher', '', 'Who publishes the OCDS export (e.g. Lancashire Constabulary); set once with planner init --publisher'),
    ('ocds_prefix', '', 'Your OCID prefix registered with the Open Contracting Partnership (e.g. ocds-a1b2c3); set once with planner init --ocds-prefix'),
    ('ocds_buyer', '', 'The buyer named in each OCDS release (e.g. Chief Constable of Lancashire Constabulary); set once with planner init --buyer'),
    ('timeline_months', '18', 'Months the Programme screen''s timeline shows (fewer on a terminal too narrow for them)');
