-- profile distinct_values: how many distinct non-empty values a column has.
-- Grain: one row. Inputs: raw_rows; {value} as in top_values.
SELECT count(DISTINCT {value})
FROM raw_rows
