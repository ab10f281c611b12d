-- Purpose: an estimated roster: distinct agents of a team with any event in each local hour, averaged
-- over the times that hour of the week occurred in the period.
-- Grain: one row per slot 0..167 (Monday 00:00-01:00 first) in $tz, the team's timezone.
-- Inputs: $dataset_id, $replication, $start, $end (TIMESTAMPTZ), $team, $tz.
-- `closed` events are left out: they confirm a resolution days later, often by no one on duty.
WITH hours AS (
    SELECT h FROM range($start::TIMESTAMPTZ, $end::TIMESTAMPTZ, INTERVAL 1 HOUR) t(h)
), active AS (
    SELECT date_trunc('hour', e.ts) AS h, count(DISTINCT e.agent) AS agents
    FROM events e
    JOIN tickets t ON t.dataset_id = e.dataset_id AND t.ticket_id = e.ticket_id
    WHERE e.dataset_id = $dataset_id AND t.replication IS NOT DISTINCT FROM $replication
      AND e.team = $team AND e.agent IS NOT NULL AND e.kind NOT IN ('closed', 'acknowledged')
      AND e.ts >= $start AND e.ts < $end
    GROUP BY 1
)
SELECT (isodow(timezone($tz, hours.h)) - 1) * 24 + hour(timezone($tz, hours.h)) AS slot,
       avg(coalesce(active.agents, 0)) AS agents, count(*) AS occurred
FROM hours LEFT JOIN active ON active.h = hours.h
GROUP BY 1
ORDER BY 1
