-- Purpose: for each ticket of the period, how many tickets of its channel were created from it to
-- $window_minutes later, so calibration can find incident bursts (far more than the hour's rate explains).
-- Grain: one row per ticket created in the period.
-- Inputs: $dataset_id, $replication, $start, $end (TIMESTAMPTZ), $window_minutes.
SELECT ticket_id, created_at, channel, category, complexity,
       count(*) OVER (
           PARTITION BY channel ORDER BY created_at
           RANGE BETWEEN CURRENT ROW AND to_minutes($window_minutes::BIGINT) FOLLOWING
       ) AS in_window
FROM tickets
WHERE dataset_id = $dataset_id AND replication IS NOT DISTINCT FROM $replication
  AND created_at >= $start AND created_at < $end
ORDER BY channel, created_at
