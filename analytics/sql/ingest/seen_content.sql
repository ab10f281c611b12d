-- seen_content: whether a dataset already holds an import with this identity (the file's content
-- and the options that change what it imports as). Grain: one row, or none.
-- Inputs: imports, datasets; parameters ? = dataset name, import identity (sha256 hex).
SELECT 1
FROM imports i
JOIN datasets d USING (dataset_id)
WHERE d.name = ? AND i.file_sha256 = ?
