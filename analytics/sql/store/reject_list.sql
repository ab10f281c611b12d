-- reject_list: the refused rows of one dataset's imports, in file and line order.
-- Grain: refused source row. Inputs: import_rejects; parameter ? = dataset_id.
SELECT import_id, source_file, source_line, ticket_id, reason, raw
FROM import_rejects
WHERE dataset_id = ?
ORDER BY import_id, source_file, source_line
