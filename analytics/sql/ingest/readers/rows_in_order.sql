-- rows_in_order: the records of a CSV scan without malformed ones, numbered by their position (the
-- header is line 1); a view, not a second copy. Grain: record. Inputs: {scanned} (the table made
-- by the scan); {rows} names the view. Both are fixed names (raw_csv/raw_rows, full_csv/full_rows).
CREATE OR REPLACE TEMP VIEW {rows} AS
SELECT rowid + 2 AS line, *
FROM {scanned}
