-- record_lines: the good records of a CSV scan with their source line: the n-th good record (in file
-- order, numbered by rowid) is on the n-th line number from 2 that no malformed record takes.
-- Grain: good record. Inputs: bad_lines and a table made in file order from the scan. The
-- placeholders are fixed names and column lists of analytics/ingest/readers/delimited.py: target
-- (the table made), table (the scanned records), cols (the columns carried, after `base`) and rest
-- (the columns selected after `line`).
CREATE OR REPLACE TEMP TABLE {target} AS
WITH r AS (
    SELECT line - row_number() OVER (ORDER BY line) + 1 AS slot,
           row_number() OVER (ORDER BY line)            AS k
    FROM bad_lines
), b AS (
    SELECT slot, max(k) AS k FROM r GROUP BY slot
), g AS (
    SELECT rowid + 2 AS base, {cols} FROM {table}
)
SELECT g.base + coalesce(b.k, 0) AS line{rest}
FROM g ASOF LEFT JOIN b ON g.base >= b.slot
ORDER BY 1
