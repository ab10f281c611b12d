-- csv_malformed: the records DuckDB's CSV reader set aside in the last scan (store_rejects), one row
-- per record: its line, its text, and the kind and message of its first error.
-- Grain: malformed record. Inputs: csv_rejects (DuckDB's rejects table).
SELECT
    line,
    arg_min(csv_line, column_idx),
    arg_min(error_type::VARCHAR, column_idx),
    arg_min(error_message, column_idx)
FROM csv_rejects
GROUP BY line
ORDER BY line
