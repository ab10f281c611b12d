-- rejects_insert: keep the refused rows of one import.
-- Grain: refused source row. Inputs: new_rejects (registered: dataset_id, import_id, source_file,
-- source_line, ticket_id, raw, reason).
INSERT INTO import_rejects
SELECT dataset_id, import_id, source_file, source_line, ticket_id, raw, reason
FROM new_rejects
