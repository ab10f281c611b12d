-- Purpose: the customers' sites and priorities, and how many customers wrote (the [customers] table).
-- Grain: one row per (attribute, value); attribute 'site', 'priority' or 'customers' (value NULL, n = distinct).
-- Inputs: $dataset_id, $replication, $start, $end (TIMESTAMPTZ).
WITH scope AS (
    SELECT site, priority, customer FROM tickets
    WHERE dataset_id = $dataset_id AND replication IS NOT DISTINCT FROM $replication
      AND created_at >= $start AND created_at < $end
)
SELECT 'site' AS attribute, site AS value, count(*) AS n FROM scope GROUP BY ALL
UNION ALL
SELECT 'priority', priority, count(*) FROM scope GROUP BY ALL
UNION ALL
SELECT 'customers', NULL, count(DISTINCT customer) FROM scope
ORDER BY 1, 2
