-- dataset_by_name: the id and kind of the dataset with a given name (no row when there is none).
-- Grain: one datasets row (names are unique). Inputs: datasets; parameter ? = name.
SELECT dataset_id, kind
FROM datasets
WHERE name = ?
