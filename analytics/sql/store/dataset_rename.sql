-- dataset_rename: give one dataset a new name.
-- Grain: one datasets row. Inputs: datasets; parameters ? = new name, updated_at, dataset_id.
UPDATE datasets SET name = ?, updated_at = ?
WHERE dataset_id = ?
