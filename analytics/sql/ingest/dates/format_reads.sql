-- format_reads: how many distinct values a strptime format reads.
-- Grain: one row. Inputs: date_values; parameter ? = the format.
SELECT count(try_strptime(v, ?))
FROM date_values
