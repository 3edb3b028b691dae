-- The review checklist (docs/rules.md, "The review checklist"): what a review considered
-- beyond its route, held as data. Existing contracts and plans are untouched; every review
-- starts with its checklist unanswered.

-- The questions, one row per version of each. `code` names an item for good; editing its
-- wording adds a row with the next version, so an answer keeps the question it answered.
-- The default set is the newest version of every item not retired.
CREATE TABLE checklist_items (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL,
    version INTEGER NOT NULL,
    seq INTEGER NOT NULL,                    -- order on the Review tab
    label TEXT NOT NULL,                     -- a short name for lists and messages
    question TEXT NOT NULL,
    note_hint TEXT NOT NULL DEFAULT '',      -- what the note should say
    note_on TEXT NOT NULL DEFAULT '',        -- '' | 'yes' | 'answered': when a note is needed
    required INTEGER NOT NULL DEFAULT 1,     -- 1: blocks 'Business case approved' unanswered
    retired INTEGER NOT NULL DEFAULT 0,      -- 1: no longer asked (old answers stay)
    UNIQUE (code, version)
);

-- One answer per review and item: yes, no or not applicable, with a note and a link (an
-- equality impact assessment's, say), and the version of the question it answered.
CREATE TABLE checklist_answers (
    id INTEGER PRIMARY KEY,
    contract_id INTEGER NOT NULL REFERENCES contracts(id) ON DELETE CASCADE,
    item TEXT NOT NULL,
    item_version INTEGER NOT NULL,
    answer TEXT NOT NULL CHECK (answer IN ('yes', 'no', 'na')),
    note TEXT NOT NULL DEFAULT '',
    link TEXT NOT NULL DEFAULT '',
    answered_by TEXT NOT NULL,
    answered_at TEXT NOT NULL,
    UNIQUE (contract_id, item),
    FOREIGN KEY (item, item_version) REFERENCES checklist_items (code, version)
);
CREATE INDEX checklist_answers_item ON checklist_answers (item, answer);

INSERT INTO checklist_items (code, version, seq, label, question, note_hint, note_on, required) VALUES
    ('social-value', 1, 10, 'Social value', 'Social value opportunity identified',
     'the measure proposed: local jobs, apprenticeships, carbon reduction, ...', 'yes', 1),
    ('living-wage', 1, 20, 'Living wage', 'Real Living Wage required of the supplier', '', '', 1),
    ('eia', 1, 30, 'Equality impact assessment',
     'Equality impact assessment done (no: needed but outstanding; n/a: not needed)',
     'link to the assessment, or why it is not needed', '', 1),
    ('sustainability', 1, 40, 'Sustainability', 'Sustainability and carbon considered',
     'what was considered', '', 1),
    ('lotting', 1, 50, 'Lotting', 'Lotting for SMEs and VCSEs considered', 'the result', '', 1),
    ('collaboration', 1, 60, 'Collaboration',
     'Collaboration checked (BlueLight Commercial, CCS, the North West region, other forces)',
     'who was checked and the result', 'answered', 1),
    ('dpia', 1, 70, 'DPIA',
     'Data protection impact assessment (DPIA) done (n/a: no high-risk personal data)',
     'link to the DPIA', '', 1),
    ('tupe', 1, 80, 'TUPE', 'TUPE applies (staff transfer to or from the supplier)',
     'what was agreed', '', 1),
    ('risks', 1, 90, 'Risks', 'Risks identified and recorded', 'the main risks', 'yes', 1);
