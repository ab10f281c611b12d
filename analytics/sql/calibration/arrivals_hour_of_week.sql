-- Purpose: tickets per local hour of the week and channel, and how often each hour occurred (arrival rates).
-- Grain: one row per (channel, slot); slot 0..167, Monday 00:00-01:00 first, in $tz.
-- Inputs: $dataset_id, $replication, $start and $end (TIMESTAMPTZ, the period), $tz (reporting timezone).
-- Hours are stepped in UTC and read in $tz, so a skipped DST hour does not occur and a repeated one occurs twice.
WITH hours AS (
    SELECT timezone($tz, h) AS loc FROM range($start::TIMESTAMPTZ, $end::TIMESTAMPTZ, INTERVAL 1 HOUR) t(h)
), occurrences AS (
    SELECT (isodow(loc) - 1) * 24 + hour(loc) AS slot, count(*) AS occurred FROM hours GROUP BY 1
), created AS (
    SELECT t.channel, (isodow(timezone($tz, e.ts)) - 1) * 24 + hour(timezone($tz, e.ts)) AS slot
    FROM events e
    JOIN tickets t ON t.dataset_id = e.dataset_id AND t.ticket_id = e.ticket_id
    WHERE e.dataset_id = $dataset_id AND e.kind = 'created' AND t.replication IS NOT DISTINCT FROM $replication
      AND e.ts >= $start AND e.ts < $end
), channels AS (
    SELECT DISTINCT channel FROM created
)
SELECT c.channel, o.slot, o.occurred, count(x.slot) AS tickets
FROM channels c
CROSS JOIN occurrences o
LEFT JOIN created x ON x.channel = c.channel AND x.slot = o.slot
GROUP BY ALL
ORDER BY 1, 2
