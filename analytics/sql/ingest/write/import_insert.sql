-- import_insert: record one import of a file into a dataset.
-- Grain: one imports row. Inputs: parameters ? = dataset_id, import_id, file_name, file_sha256 (the
-- import's identity), format, imported_at, rows_read, tickets_new, tickets_updated, events, rejects.
INSERT INTO imports
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
