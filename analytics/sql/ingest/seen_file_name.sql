-- seen_file_name: whether a file of this name was imported into the dataset before (then it is most
-- likely the same content again, which its hash tells before any staging). Grain: one row, or none.
-- Inputs: imports, datasets; parameters ? = dataset name, file name as given.
SELECT 1
FROM imports i
JOIN datasets d USING (dataset_id)
WHERE d.name = ? AND i.file_name = ?
