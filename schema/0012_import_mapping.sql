-- Importing registers as they are written (docs/rules.md, "Reading a register's route").

-- The procedure a contract was last let by: history, shown and used as a hint for the
-- provisional route of its next review, never the decided route (contracts.route).
ALTER TABLE contracts ADD COLUMN previous_route TEXT;

-- Routes written by an import were the last letting's procedure, not a decision: where the
-- latest audit row that set a contract's route belongs to an import, move it to
-- previous_route. A route set or changed by an edit (or an undo or redo) stays decided; a
-- route with no audit row at all cannot be told apart and stays too. The move writes no
-- audit row (a migration cannot extend the hash chain); the backup taken before migrating
-- holds the values as they were.
UPDATE contracts
SET previous_route = route, route = NULL
WHERE route IS NOT NULL
  AND (
    SELECT c.kind
    FROM audit a JOIN changes c ON c.id = a.change_id
    WHERE a.entity = 'contract'
      AND a.entity_id = CAST(contracts.id AS TEXT)
      AND (a.field = 'route'
           OR (a.field = '*' AND a.action = 'insert'
               AND json_extract(a.new, '$.route') IS NOT NULL))
    ORDER BY a.id DESC
    LIMIT 1
  ) = 'import';

-- Other spellings of a department's name in registers ("L&D", "HQ Crime Dept"). `key` is
-- the spelling reduced to letters and digits, '&' read as 'and' (how names are compared).
CREATE TABLE department_aliases (
    key TEXT PRIMARY KEY,
    alias TEXT NOT NULL,
    department TEXT NOT NULL REFERENCES departments(name) ON UPDATE CASCADE ON DELETE CASCADE
);
INSERT INTO department_aliases (key, alias, department)
SELECT 'landd', 'L&D', name FROM departments WHERE name = 'Learning & Development';
INSERT INTO department_aliases (key, alias, department)
SELECT 'learninganddev', 'Learning and Dev', name FROM departments
WHERE name = 'Learning & Development';
INSERT INTO department_aliases (key, alias, department)
SELECT 'hqcrimedept', 'HQ Crime Dept', name FROM departments WHERE name = 'HQ Crime';
INSERT INTO department_aliases (key, alias, department)
SELECT 'headquarterscrime', 'Headquarters Crime', name FROM departments WHERE name = 'HQ Crime';
INSERT INTO department_aliases (key, alias, department)
SELECT 'humanresources', 'Human Resources', name FROM departments WHERE name = 'HR';
INSERT INTO department_aliases (key, alias, department)
SELECT 'informationandcommunicationstechnology', 'Information and Communications Technology',
       name FROM departments WHERE name = 'ICT';

-- Heading mappings (`--map "Heading=column"`) remembered by name, usually a department's,
-- and offered the next time that department's register is imported.
CREATE TABLE import_mappings (
    name TEXT PRIMARY KEY,
    department TEXT REFERENCES departments(name) ON UPDATE CASCADE ON DELETE SET NULL,
    maps TEXT NOT NULL,          -- JSON object: {"Heading": "column", ...}
    saved_at TEXT NOT NULL
);
