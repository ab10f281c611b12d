-- servicenow_numbers: rows and distinct incident numbers of an export; numbers that repeat mean an
-- audit-style export (one row per update), else a list export (one row per incident).
-- Grain: one row. Inputs: raw_rows; {number} is the quoted identifier of the file's number column.
SELECT count(*), count(DISTINCT {number})
FROM raw_rows
