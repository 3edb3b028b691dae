-- Milestones stored compactly (docs/architecture.md, "Milestones"; docs/performance.md,
-- "Milestones stored compactly"): a national plan holds 630,000 of them, and as ISO text
-- with a text stage they and their indexes were half of the database after one schedule.
--
-- Each stage gets a stable small integer `id`, its code in `milestone_rows`. It is given
-- once, here, in stage order, and never changes after (`seq` is an ordering that may be
-- edited); a stage a later migration adds is numbered after the others by the trigger.
ALTER TABLE stages ADD COLUMN id INTEGER;
UPDATE stages SET id = (SELECT count(*) FROM stages s WHERE s.seq <= stages.seq);
CREATE UNIQUE INDEX stages_id ON stages (id);
CREATE TRIGGER stages_numbered AFTER INSERT ON stages WHEN NEW.id IS NULL
BEGIN
    UPDATE stages SET id = (SELECT max(id) + 1 FROM stages) WHERE code = NEW.code;
END;

-- The rows: the same columns and ids as the table `milestones` was, dates as whole days
-- since 1970-01-01 (date(n * 86400, 'unixepoch') is the ISO date of day n), the stage as
-- its `stages.id`. Only integers (or NULL) are accepted as dates, and only an integer as
-- the stage: a writer that still wrote ISO text or a stage code would fail here rather
-- than store a value read back wrong.
CREATE TABLE milestone_rows (
    id INTEGER PRIMARY KEY,
    contract_id INTEGER NOT NULL REFERENCES contracts(id) ON DELETE CASCADE,
    stage INTEGER REFERENCES stages(id),
    starts INTEGER,
    planned INTEGER,
    latest INTEGER,
    baseline INTEGER,
    actual INTEGER,
    officer TEXT,
    UNIQUE (contract_id, stage),
    CONSTRAINT "a milestone's stage is one of the stages table's" CHECK (
        typeof(stage) = 'integer'
    ),
    CONSTRAINT "milestone dates are whole ISO days (YYYY-MM-DD)" CHECK (
        typeof(starts) IN ('integer', 'null') AND typeof(planned) IN ('integer', 'null')
        AND typeof(latest) IN ('integer', 'null') AND typeof(baseline) IN ('integer', 'null')
        AND typeof(actual) IN ('integer', 'null')
    )
);

-- Each stored date becomes its day number only if that number gives the same text back:
-- anything else (text no planner wrote) becomes text that is no number, refused by the
-- CHECK above, so the migration fails, changing nothing, rather than lose or move a date.
-- A stage no stage has (an edit by hand) is refused the same way.
INSERT INTO milestone_rows (id, contract_id, stage, starts, planned, latest, baseline, actual,
                            officer)
WITH days AS (
    SELECT m.*, s.id AS stage_id,
        CAST(strftime('%s', m.starts) AS INTEGER) / 86400 AS starts_day,
        CAST(strftime('%s', m.planned) AS INTEGER) / 86400 AS planned_day,
        CAST(strftime('%s', m.latest) AS INTEGER) / 86400 AS latest_day,
        CAST(strftime('%s', m.baseline) AS INTEGER) / 86400 AS baseline_day,
        CAST(strftime('%s', m.actual) AS INTEGER) / 86400 AS actual_day
    FROM milestones m LEFT JOIN stages s ON s.code = m.stage
)
SELECT id, contract_id, stage_id,
    CASE WHEN date(starts_day * 86400, 'unixepoch') IS starts THEN starts_day
        ELSE 'not a day: ' || starts END,
    CASE WHEN date(planned_day * 86400, 'unixepoch') IS planned THEN planned_day
        ELSE 'not a day: ' || planned END,
    CASE WHEN date(latest_day * 86400, 'unixepoch') IS latest THEN latest_day
        ELSE 'not a day: ' || latest END,
    CASE WHEN date(baseline_day * 86400, 'unixepoch') IS baseline THEN baseline_day
        ELSE 'not a day: ' || baseline END,
    CASE WHEN date(actual_day * 86400, 'unixepoch') IS actual THEN actual_day
        ELSE 'not a day: ' || actual END,
    officer
FROM days ORDER BY id;

DROP TABLE milestones;

-- The same indexes as before, over the day numbers. milestones_first_due is
-- planner/store/plan_reader.py's FIRST_DUE exactly, as in 0018.
CREATE INDEX milestones_planned ON milestone_rows (planned);
CREATE INDEX milestones_first_due ON milestone_rows (
    min(coalesce(planned, baseline), coalesce(baseline, planned))
) WHERE actual IS NULL AND planned IS NOT NULL;

-- The milestones as they were: ISO dates and stage codes, the same columns in the same
-- order. Every reader that needs no date index reads this; it cannot be written, so a
-- writer still aimed at it fails ("cannot modify milestones because it is a view")
-- instead of storing text where a day number belongs. A stage id no stage has (only an
-- edit by hand, with foreign keys off, can store one) is shown as itself, never hidden,
-- so `planner audit verify` names the row.
CREATE VIEW milestones (id, contract_id, stage, starts, planned, latest, baseline, actual,
                        officer) AS
SELECT m.id, m.contract_id, coalesce(s.code, m.stage),
    date(m.starts * 86400, 'unixepoch'), date(m.planned * 86400, 'unixepoch'),
    date(m.latest * 86400, 'unixepoch'), date(m.baseline * 86400, 'unixepoch'),
    date(m.actual * 86400, 'unixepoch'), m.officer
FROM milestone_rows m LEFT JOIN stages s ON s.id = m.stage;
