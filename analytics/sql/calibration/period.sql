-- Purpose: the span and size of a dataset's history (or of one replication of a simulated run), for calibration.
-- Grain: one row.
-- Inputs: $dataset_id; the first replication is taken (NULL for an imported history).
SELECT min(replication) AS replication, min(created_at) AS first_at, max(created_at) AS last_at, count(*) AS tickets
FROM tickets
WHERE dataset_id = $dataset_id
  AND replication IS NOT DISTINCT FROM (SELECT min(replication) FROM tickets WHERE dataset_id = $dataset_id)
