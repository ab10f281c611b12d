-- Purpose: an estimated roster: agents of a team present in each local hour, averaged over the times that
-- hour of the week occurred in the period. An agent is present from the first to the last event of each
-- of their sessions (events of one agent less than $gap_hours apart), every hour the session touches.
-- Grain: one row per slot 0..167 (Monday 00:00-01:00 first) in $tz, the team's timezone.
-- Inputs: $dataset_id, $replication, $start, $end (TIMESTAMPTZ), $team, $tz, $gap_hours.
-- `closed` and `acknowledged` events are left out: they are sent by the system or days later, often by
-- no one on duty. Idle agents leave no trace, so a quiet team's figure is a lower bound.
WITH hours AS (
    SELECT h FROM range($start::TIMESTAMPTZ, $end::TIMESTAMPTZ, INTERVAL 1 HOUR) t(h)
), ev AS (
    SELECT e.agent, e.ts
    FROM events e
    JOIN tickets t ON t.dataset_id = e.dataset_id AND t.ticket_id = e.ticket_id
    WHERE e.dataset_id = $dataset_id AND t.replication IS NOT DISTINCT FROM $replication
      AND e.team = $team AND e.agent IS NOT NULL AND e.kind NOT IN ('closed', 'acknowledged')
      AND e.ts >= $start AND e.ts < $end
), breaks AS (
    SELECT agent, ts,
           CASE WHEN ts - lag(ts) OVER (PARTITION BY agent ORDER BY ts) > to_hours($gap_hours::BIGINT)
                THEN 1 ELSE 0 END AS brk
    FROM ev
), numbered AS (
    SELECT agent, ts, sum(brk) OVER (PARTITION BY agent ORDER BY ts ROWS UNBOUNDED PRECEDING) AS session
    FROM breaks
), sessions AS (
    SELECT agent, date_trunc('hour', min(ts)) AS first_hour, max(ts) AS last_ts FROM numbered GROUP BY agent, session
), present AS (
    SELECT unnest(range(first_hour, last_ts + INTERVAL 1 MICROSECOND, INTERVAL 1 HOUR)) AS h, agent FROM sessions
), active AS (
    SELECT h, count(DISTINCT agent) AS agents FROM present GROUP BY 1
)
SELECT (isodow(timezone($tz, hours.h)) - 1) * 24 + hour(timezone($tz, hours.h)) AS slot,
       avg(coalesce(active.agents, 0)) AS agents, count(*) AS occurred
FROM hours LEFT JOIN active ON active.h = hours.h
GROUP BY 1
ORDER BY 1
