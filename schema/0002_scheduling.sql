-- The review programme: the team and its leave, the stages and routes of a review held as
-- data (DOMAIN.md's defaults, editable with `planner rules set`), and what the scheduler
-- plans: one row per review and one per milestone.
-- Durations are working days (England and Wales); effort is officer hours.

CREATE TABLE officers (
    name TEXT PRIMARY KEY,
    weekly_hours REAL NOT NULL CHECK (weekly_hours >= 0 AND weekly_hours <= 80),
    skills TEXT NOT NULL DEFAULT ''         -- comma-separated departments or categories
);

CREATE TABLE leave (
    id INTEGER PRIMARY KEY,
    officer TEXT NOT NULL REFERENCES officers(name) ON UPDATE CASCADE ON DELETE CASCADE,
    starts TEXT NOT NULL,
    ends TEXT NOT NULL,                     -- inclusive
    CHECK (ends >= starts)
);
CREATE INDEX leave_officer ON leave (officer, starts);

-- DOMAIN.md's 17 stages of one review, plus the change check an extension needs.
CREATE TABLE stages (
    code TEXT PRIMARY KEY,
    number INTEGER,                         -- DOMAIN.md's number (NULL: the change check)
    seq INTEGER NOT NULL UNIQUE,            -- order within a review
    name TEXT NOT NULL,
    hard_date INTEGER NOT NULL DEFAULT 0,   -- 1: missing its date is a hard date missed
    after_start INTEGER NOT NULL DEFAULT 0  -- 1: falls after the new contract starts
);
INSERT INTO stages (code, number, seq, name, hard_date, after_start) VALUES
    ('needs-analysis', 1, 10, 'Review and needs analysis', 0, 0),
    ('options', 2, 20, 'Options appraisal', 0, 0),
    ('notice', 3, 30, 'Notice deadline', 1, 0),
    ('change-check', NULL, 35, 'Change check (is a change notice needed?)', 0, 0),
    ('approval', 4, 40, 'Business case / procurement strategy approval', 0, 0),
    ('market-engagement', 5, 50, 'Pre-market engagement', 0, 0),
    ('specification', 6, 60, 'Specification and tender pack', 0, 0),
    ('tender-notice', 7, 70, 'Tender notice published', 0, 0),
    ('tender-period', 8, 80, 'Tender period', 0, 0),
    ('evaluation', 9, 90, 'Evaluation', 0, 0),
    ('award-decision', 10, 100, 'Award decision approved', 0, 0),
    ('award-notice', 11, 110, 'Contract award notice published', 0, 0),
    ('standstill', 12, 120, 'Standstill', 0, 0),
    ('signed', 13, 130, 'Contract signed', 0, 0),
    ('details-notice', 14, 140, 'Contract details notice; register updated', 0, 0),
    ('mobilisation', 15, 150, 'Mobilisation', 0, 0),
    ('new-start', 16, 160, 'New contract starts', 1, 0),
    ('termination-notice', 17, 170, 'Contract termination notice for the old contract', 0, 1);

-- Routes (planner.domain.vocab.ROUTES). risk_margin_days: slack below this is Amber.
-- fallback_order: when a review cannot make its date, faster routes are tried in this
-- order (NULL: never offered as a faster way); `condition` is said with the suggestion.
CREATE TABLE routes (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    lead_time TEXT NOT NULL,                -- DOMAIN.md's typical end-to-end, in words
    risk_margin_days INTEGER NOT NULL CHECK (risk_margin_days >= 0),
    fallback_order INTEGER,
    below_threshold_only INTEGER NOT NULL DEFAULT 0,
    needs_extension_option INTEGER NOT NULL DEFAULT 0,
    condition TEXT NOT NULL DEFAULT ''
);
INSERT INTO routes VALUES
    ('extension', 'Extension / modification', '2-6 weeks', 5, 1, 0, 1,
     'the contract provides for an extension'),
    ('framework-direct-award', 'Framework direct award', '4-8 weeks plus mobilisation', 10, 3, 0, 0,
     'a suitable framework allows direct award'),
    ('framework-further-competition', 'Framework further competition', '8-14 weeks plus mobilisation', 15, 2, 0, 0,
     'a suitable framework exists'),
    ('quotes', 'Quotes below threshold', '6-12 weeks', 10, 4, 1, 0,
     'the value is below the threshold'),
    ('open', 'Open procedure', '6-9 months', 20, NULL, 0, 0, ''),
    ('competitive-flexible', 'Competitive flexible procedure', '9-15 months', 30, NULL, 0, 0, ''),
    ('direct-award', 'Direct award with justification', '4-8 weeks plus legal sign-off', 10, 5, 0, 0,
     'a direct award can be justified (legal sign-off)'),
    ('collaborate', 'Collaborate with another body', '8-12 weeks plus mobilisation', 10, NULL, 0, 0, ''),
    ('terminate', 'Terminate', '3-6 weeks', 5, NULL, 0, 0, ''),
    ('in-house', 'Bring in-house', '3-6 months', 15, NULL, 0, 0, '');

-- Each route's stage template. For a stage after the new contract starts, duration_days is
-- the working days allowed after the start (a termination notice within 30 days, s.80).
-- A zero-day stage is an event on the day the next stage starts (a notice published).
CREATE TABLE route_stages (
    route TEXT NOT NULL REFERENCES routes(code) ON UPDATE CASCADE ON DELETE CASCADE,
    stage TEXT NOT NULL REFERENCES stages(code) ON UPDATE CASCADE,
    duration_days INTEGER NOT NULL CHECK (duration_days >= 0 AND duration_days <= 1000),
    effort_hours REAL NOT NULL CHECK (effort_hours >= 0 AND effort_hours <= 2000),
    PRIMARY KEY (route, stage)
);
INSERT INTO route_stages (route, stage, duration_days, effort_hours) VALUES
    -- Open procedure: about 141 working days (6.5 months) before the new start.
    ('open', 'needs-analysis', 10, 8), ('open', 'options', 5, 6), ('open', 'notice', 0, 1),
    ('open', 'approval', 10, 4), ('open', 'market-engagement', 15, 8),
    ('open', 'specification', 20, 24), ('open', 'tender-notice', 0, 2),
    ('open', 'tender-period', 25, 4), ('open', 'evaluation', 15, 24),
    ('open', 'award-decision', 5, 4), ('open', 'award-notice', 0, 2),
    ('open', 'standstill', 8, 1), ('open', 'signed', 5, 4), ('open', 'details-notice', 1, 2),
    ('open', 'mobilisation', 20, 8), ('open', 'new-start', 0, 0),
    ('open', 'termination-notice', 20, 1),
    -- Competitive flexible: about 221 working days (10 months).
    ('competitive-flexible', 'needs-analysis', 10, 8), ('competitive-flexible', 'options', 5, 6),
    ('competitive-flexible', 'notice', 0, 1), ('competitive-flexible', 'approval', 10, 4),
    ('competitive-flexible', 'market-engagement', 25, 12),
    ('competitive-flexible', 'specification', 30, 36),
    ('competitive-flexible', 'tender-notice', 0, 2),
    ('competitive-flexible', 'tender-period', 60, 12),
    ('competitive-flexible', 'evaluation', 40, 48),
    ('competitive-flexible', 'award-decision', 5, 4),
    ('competitive-flexible', 'award-notice', 0, 2), ('competitive-flexible', 'standstill', 8, 1),
    ('competitive-flexible', 'signed', 5, 4), ('competitive-flexible', 'details-notice', 1, 2),
    ('competitive-flexible', 'mobilisation', 20, 8), ('competitive-flexible', 'new-start', 0, 0),
    ('competitive-flexible', 'termination-notice', 20, 1),
    -- Framework further competition: 11 weeks plus mobilisation. No statutory standstill
    -- for a call-off under a framework (PA 2023 s.51(3)); add one here to run a voluntary one.
    ('framework-further-competition', 'needs-analysis', 5, 6),
    ('framework-further-competition', 'options', 3, 4),
    ('framework-further-competition', 'notice', 0, 1),
    ('framework-further-competition', 'approval', 5, 3),
    ('framework-further-competition', 'specification', 10, 16),
    ('framework-further-competition', 'tender-notice', 0, 1),
    ('framework-further-competition', 'tender-period', 10, 2),
    ('framework-further-competition', 'evaluation', 10, 12),
    ('framework-further-competition', 'award-decision', 3, 2),
    ('framework-further-competition', 'award-notice', 0, 1),
    ('framework-further-competition', 'signed', 5, 3),
    ('framework-further-competition', 'details-notice', 1, 1),
    ('framework-further-competition', 'mobilisation', 15, 6),
    ('framework-further-competition', 'new-start', 0, 0),
    ('framework-further-competition', 'termination-notice', 20, 1),
    -- Framework direct award skips stages 5-9: about 5 weeks plus mobilisation.
    ('framework-direct-award', 'needs-analysis', 5, 6), ('framework-direct-award', 'options', 3, 4),
    ('framework-direct-award', 'notice', 0, 1), ('framework-direct-award', 'approval', 5, 3),
    ('framework-direct-award', 'award-decision', 3, 3),
    ('framework-direct-award', 'award-notice', 0, 1), ('framework-direct-award', 'signed', 5, 3),
    ('framework-direct-award', 'details-notice', 1, 1),
    ('framework-direct-award', 'mobilisation', 15, 6),
    ('framework-direct-award', 'new-start', 0, 0),
    ('framework-direct-award', 'termination-notice', 20, 1),
    -- Quotes below threshold skip the tender notice and standstill: about 11 weeks.
    ('quotes', 'needs-analysis', 5, 4), ('quotes', 'options', 3, 3), ('quotes', 'notice', 0, 1),
    ('quotes', 'approval', 3, 2), ('quotes', 'specification', 10, 8),
    ('quotes', 'tender-period', 10, 1), ('quotes', 'evaluation', 5, 6),
    ('quotes', 'award-decision', 2, 1), ('quotes', 'award-notice', 0, 1),
    ('quotes', 'signed', 3, 2), ('quotes', 'details-notice', 1, 1),
    ('quotes', 'mobilisation', 10, 4), ('quotes', 'new-start', 0, 0),
    ('quotes', 'termination-notice', 20, 1),
    -- Direct award with justification: transparency notice, standstill, legal sign-off.
    ('direct-award', 'needs-analysis', 5, 6), ('direct-award', 'options', 3, 4),
    ('direct-award', 'notice', 0, 1), ('direct-award', 'approval', 10, 8),
    ('direct-award', 'award-decision', 3, 3), ('direct-award', 'award-notice', 0, 2),
    ('direct-award', 'standstill', 8, 1), ('direct-award', 'signed', 5, 3),
    ('direct-award', 'details-notice', 1, 1), ('direct-award', 'mobilisation', 15, 6),
    ('direct-award', 'new-start', 0, 0), ('direct-award', 'termination-notice', 20, 1),
    -- Extension needs stages 1-3 and a change check: about 4 weeks.
    ('extension', 'needs-analysis', 5, 4), ('extension', 'options', 5, 4),
    ('extension', 'notice', 0, 1), ('extension', 'change-check', 10, 6),
    ('extension', 'new-start', 0, 0),
    -- Collaborate: join another body's arrangement (access agreement, then as a call-off).
    ('collaborate', 'needs-analysis', 5, 6), ('collaborate', 'options', 5, 6),
    ('collaborate', 'notice', 0, 1), ('collaborate', 'approval', 10, 4),
    ('collaborate', 'award-decision', 5, 3), ('collaborate', 'signed', 5, 3),
    ('collaborate', 'details-notice', 1, 1), ('collaborate', 'mobilisation', 15, 6),
    ('collaborate', 'new-start', 0, 0), ('collaborate', 'termination-notice', 20, 1),
    -- Terminate: decide, approve, give notice; publish the termination notice afterwards.
    ('terminate', 'needs-analysis', 5, 4), ('terminate', 'options', 5, 4),
    ('terminate', 'notice', 0, 1), ('terminate', 'approval', 5, 2),
    ('terminate', 'termination-notice', 20, 1),
    -- Bring in-house: includes TUPE consultation in mobilisation.
    ('in-house', 'needs-analysis', 10, 8), ('in-house', 'options', 10, 8),
    ('in-house', 'notice', 0, 1), ('in-house', 'approval', 15, 6),
    ('in-house', 'mobilisation', 30, 24), ('in-house', 'new-start', 0, 0),
    ('in-house', 'termination-notice', 20, 1);

-- Minimum tender periods in calendar days (the Act's "days"). The row with applies = 1 is
-- the one the scheduler holds a route's tender period to; the others are for reference.
CREATE TABLE tender_periods (
    route TEXT NOT NULL REFERENCES routes(code) ON UPDATE CASCADE ON DELETE CASCADE,
    condition TEXT NOT NULL,
    min_days INTEGER NOT NULL CHECK (min_days >= 0),
    applies INTEGER NOT NULL DEFAULT 0,
    source TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (route, condition)
);
INSERT INTO tender_periods VALUES
    ('open', 'electronic tendering', 25, 1, 'PA 2023 s.54 [practice]'),
    ('open', 'after a qualifying planned procurement notice', 10, 0, 'PA 2023 s.54 [practice]'),
    ('open', 'urgency', 10, 0, 'PA 2023 s.54 [practice]'),
    ('competitive-flexible', 'electronic tendering', 25, 1,
     'assumption: verify before relying'),
    ('competitive-flexible', 'after a qualifying planned procurement notice', 10, 0,
     'assumption: verify before relying');

-- The route a decision implies; NULL: chosen by value against the threshold.
CREATE TABLE decision_routes (
    decision TEXT PRIMARY KEY,
    route TEXT REFERENCES routes(code) ON UPDATE CASCADE ON DELETE SET NULL
);
INSERT INTO decision_routes VALUES
    ('centralise', NULL), ('extend', 'extension'), ('re-tender', NULL),
    ('call-off', 'framework-direct-award'), ('collaborate', 'collaborate'),
    ('terminate', 'terminate'), ('in-house', 'in-house');

INSERT INTO settings VALUES
    ('levelling_horizon_weeks', '52',
     'How many weeks past its latest date the scheduler looks for room before giving up'),
    ('unknown_priority', '3',
     'The priority (1 highest to 5) a review without one is levelled at');

-- What the last schedule run planned: one row per open review...
CREATE TABLE reviews (
    contract_id INTEGER PRIMARY KEY REFERENCES contracts(id) ON DELETE CASCADE,
    route TEXT,
    route_provisional INTEGER NOT NULL DEFAULT 0,
    officer TEXT,
    start TEXT,                             -- planned start of the first open stage
    new_contract_start TEXT,
    slack_days INTEGER,                     -- working days
    rag TEXT,
    reasons TEXT NOT NULL DEFAULT '[]',     -- JSON list of sentences, most important first
    flags TEXT NOT NULL DEFAULT '[]'        -- JSON list of flag codes
);
CREATE INDEX reviews_rag ON reviews (rag);

-- ...and one per milestone. Dates are the day the stage is due to be complete (for a
-- zero-day stage, the day it happens); `starts` is when work on it is planned to begin.
CREATE TABLE milestones (
    id INTEGER PRIMARY KEY,
    contract_id INTEGER NOT NULL REFERENCES contracts(id) ON DELETE CASCADE,
    stage TEXT NOT NULL,
    starts TEXT,
    planned TEXT,
    latest TEXT,
    baseline TEXT,
    actual TEXT,
    officer TEXT,
    UNIQUE (contract_id, stage)
);
CREATE INDEX milestones_planned ON milestones (planned);

-- Hours the last run planned per officer per week (weeks with work only), against the
-- hours the officer had; demand above capacity is an overloaded week.
CREATE TABLE workload (
    id INTEGER PRIMARY KEY,
    officer TEXT NOT NULL,
    week TEXT NOT NULL,                     -- the Monday
    demand_hours REAL NOT NULL,
    capacity_hours REAL NOT NULL,
    UNIQUE (officer, week)
);

CREATE INDEX workload_week ON workload (week);

CREATE TABLE schedule_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
