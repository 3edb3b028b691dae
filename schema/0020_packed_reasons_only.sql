-- Reviews' reasons are stored packed (planner/store/reasons_codec.py; docs/architecture.md,
-- "Schema versions"). A planner of an earlier version still open on the file when this
-- version first opened it reads the packed value as text it cannot decode, and its next
-- plan would write every review's reasons back as text, with the packed bytes recorded as
-- junk "old" values in the audit trail. This version only ever writes them packed (a
-- BLOB), so a text value written now can only come from such a planner: it is refused, and
-- its whole write rolls back. Text rows already stored (planned before the packing) are
-- read as they are and left alone.
CREATE TRIGGER reviews_reasons_packed_insert BEFORE INSERT ON reviews
WHEN typeof(NEW.reasons) != 'blob'
BEGIN
    SELECT RAISE(ABORT, 'this database was upgraded by a newer version of the planner while this one had it open: close this planner and open the file with the newer version');
END;
CREATE TRIGGER reviews_reasons_packed_update BEFORE UPDATE OF reasons ON reviews
WHEN typeof(NEW.reasons) != 'blob'
BEGIN
    SELECT RAISE(ABORT, 'this database was upgraded by a newer version of the planner while this one had it open: close this planner and open the file with the newer version');
END;
