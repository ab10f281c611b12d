-- Purpose: tickets per channel, category and complexity (the category and complexity mix).
-- Grain: one row per (channel, category, complexity); NULL where the history does not say.
-- Inputs: $dataset_id, $replication, $start, $end (TIMESTAMPTZ).
SELECT channel, category, complexity, count(*) AS tickets
FROM tickets
WHERE dataset_id = $dataset_id AND replication IS NOT DISTINCT FROM $replication
  AND created_at >= $start AND created_at < $end
GROUP BY ALL
ORDER BY 1, 2, 3
