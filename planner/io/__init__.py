"""Reading registers in (CSV, XLSX, OCDS JSON) and writing them out (register CSV, OCDS)."""
