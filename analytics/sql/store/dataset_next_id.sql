-- dataset_next_id: the id a new dataset gets (one more than the largest so far, 1 for the first).
-- Grain: one row. Inputs: datasets.
SELECT coalesce(max(dataset_id), 0) + 1
FROM datasets
