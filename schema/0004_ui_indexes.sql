-- Indexes behind the planner UI's triage table, which reads the register one window at a
-- time (LIMIT/OFFSET, or counting rows before a key) in whatever order the user sorts by.
-- Each index matches the sort expression in planner/store/triage.py exactly:
-- ((expr IS NULL), expr) puts unknown values last and lets SQLite walk the index instead of
-- sorting 50,000 rows for every window. Change one side and the other must change too.

CREATE INDEX ui_sort_ref ON contracts ((ref IS NULL), ref COLLATE NOCASE);
CREATE INDEX ui_sort_department ON contracts ((department IS NULL), department);
CREATE INDEX ui_sort_title ON contracts ((title IS NULL), title COLLATE NOCASE);
CREATE INDEX ui_sort_supplier ON contracts ((supplier IS NULL), supplier COLLATE NOCASE);
CREATE INDEX ui_sort_end_date ON contracts ((end_date IS NULL), end_date);
CREATE INDEX ui_sort_notice_date ON contracts ((notice_date IS NULL), notice_date);
CREATE INDEX ui_sort_value ON contracts (
    (coalesce(total_value, annual_value) IS NULL), coalesce(total_value, annual_value)
);
CREATE INDEX ui_sort_status ON contracts (
    (status IS NULL),
    (CASE status WHEN 'active' THEN 1 WHEN 'in review' THEN 2 WHEN 'decided' THEN 3
                 WHEN 'completed' THEN 4 WHEN 'expired' THEN 5 WHEN 'terminated' THEN 6 END)
);
CREATE INDEX ui_sort_decision ON contracts ((decision IS NULL), decision);
CREATE INDEX ui_sort_route ON contracts ((route IS NULL), route);
CREATE INDEX ui_sort_officer ON contracts ((officer IS NULL), officer COLLATE NOCASE);
CREATE INDEX ui_sort_risk ON contracts (
    (risk IS NULL), (CASE risk WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 END)
);
CREATE INDEX ui_sort_priority ON contracts ((priority IS NULL), priority);
CREATE INDEX ui_sort_rag ON contracts (
    (rag IS NULL), (CASE rag WHEN 'red' THEN 1 WHEN 'amber' THEN 2 WHEN 'green' THEN 3 END)
);
