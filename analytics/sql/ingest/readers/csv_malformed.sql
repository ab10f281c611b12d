-- csv_malformed: the records DuckDB's CSV reader set aside in the last scan (store_rejects), one row
-- per record: its line, its text, and the kind and message of its first error (an error of the
-- whole record, such as an over-long line, has no column and comes first).
-- Grain: malformed record. Inputs: csv_rejects (DuckDB's rejects table).
SELECT
    line,
    arg_min(csv_line, coalesce(column_idx, -1)),
    arg_min(error_type::VARCHAR, coalesce(column_idx, -1)),
    arg_min(error_message, coalesce(column_idx, -1))
FROM csv_rejects
GROUP BY line
ORDER BY line
