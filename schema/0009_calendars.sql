-- The two calendars (docs/rules.md, "Working days and the two calendars"): statutory periods
-- count UK-wide working days; officer capacity counts the team's own calendar, and notice is
-- served some working days before the deadline where the contract deems it served later.

INSERT OR IGNORE INTO settings VALUES
    ('team_calendar', 'ENG', 'Where the team works, for officer capacity: ENG (England and Wales), WLS (Wales), SCT (Scotland) or NIR (Northern Ireland)'),
    ('deemed_service_days', '0', 'Working days before the notice deadline that notice must be served for the contract to deem it received in time');
