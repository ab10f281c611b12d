-- raw_columns: the columns of raw_rows in table order (the first is `line`).
-- Grain: column. Inputs: raw_rows.
SELECT column_name
FROM (DESCRIBE raw_rows)
