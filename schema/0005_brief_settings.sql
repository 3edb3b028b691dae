-- The rest of the numbers the briefs are judged by, as settings rows so that
-- `planner rules set setting KEY VALUE` can change them (0003 seeded the first three).

INSERT OR IGNORE INTO settings VALUES
    ('brief_gantt_limit', '20', 'Most reviews the programme brief''s Gantt chart of the next quarter shows'),
    ('brief_department_days', '182', 'How many days ahead the department brief looks for what the department must provide and the dates that affect it'),
    ('programme_red_share', '10', 'Percentage of reviews Red at which the programme as a whole is Red'),
    ('programme_amber_share', '20', 'Percentage of reviews Amber at which the programme as a whole is Amber (any Red review also makes it Amber)');
