-- Purpose: tickets created per week of the period and channel (the trend test).
-- Grain: one row per (channel, week); week 0 starts at $start.
-- Inputs: $dataset_id, $replication, $start, $end (TIMESTAMPTZ).
SELECT channel, floor(epoch(created_at - $start::TIMESTAMPTZ) / (7 * 86400))::INTEGER AS week, count(*) AS tickets
FROM tickets
WHERE dataset_id = $dataset_id AND replication IS NOT DISTINCT FROM $replication
  AND created_at >= $start AND created_at < $end
GROUP BY ALL
ORDER BY 1, 2
