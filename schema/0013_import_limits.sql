-- The largest file an import reads (docs/rules.md, "Data rules"; planner/io/limits.py),
-- generous for real registers; an import past one is refused with the limit named.
INSERT OR IGNORE INTO settings VALUES
    ('import_max_mb', '200', 'Largest file an import reads, in MB (an .xlsx once expanded, a CSV or JSON file as it is)'),
    ('import_max_rows', '1000000', 'Most rows an import reads'),
    ('import_max_columns', '200', 'Most columns holding values an import reads'),
    ('import_max_cell_chars', '32767', 'Longest cell an import reads, in characters (Excel''s own limit)'),
    ('import_max_shared_strings', '5000000', 'Most distinct texts (shared strings) in an .xlsx an import reads');
