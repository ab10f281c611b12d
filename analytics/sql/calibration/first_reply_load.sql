-- Purpose: each ticket's delay from creation to the intake team's first reply, with how many other tickets
-- the intake team held at its creation and at that reply (created, resumed or reopened and not yet handed
-- off, resolved or paused: tickets being worked on or waiting in its queue), and the reason of the intake
-- team's first hand-off, so calibration can read the writing time from the tickets that found an agent
-- free and the load rule of `volume` hand-offs from the queue at pickup.
-- Grain: one row per ticket of the period; minutes, held_at_reply NULL without a reply by the intake team.
-- Inputs: $dataset_id, $replication, $start, $end (TIMESTAMPTZ), $intake (the intake team).
WITH ev AS (
    SELECT e.ticket_id, e.seq, e.ts, e.kind, e.team, e.reason, t.category
    FROM events e
    JOIN tickets t ON t.dataset_id = e.dataset_id AND t.ticket_id = e.ticket_id
    WHERE e.dataset_id = $dataset_id AND t.replication IS NOT DISTINCT FROM $replication
      AND t.created_at >= $start AND t.created_at < $end
), starts AS (
    SELECT ticket_id, seq, ts FROM ev
    WHERE kind = 'created' OR (kind IN ('resumed', 'reopened') AND team = $intake)
), ends AS (
    SELECT ticket_id, seq, ts FROM ev WHERE kind IN ('escalated', 'approval_requested', 'resolved', 'paused')
), spans AS (
    SELECT s.ts AS a, n.ts AS b
    FROM starts s ASOF LEFT JOIN ends n ON n.ticket_id = s.ticket_id AND n.seq > s.seq
), steps AS (
    SELECT a AS ts, 1 AS d FROM spans
    UNION ALL
    SELECT b, -1 FROM spans WHERE b IS NOT NULL
), level AS (
    SELECT ts, sum(d) OVER (ORDER BY ts, d ROWS UNBOUNDED PRECEDING) AS held FROM steps
), first AS (
    SELECT ticket_id,
           min(ts) FILTER (WHERE kind = 'created') AS created_at,
           min(ts) FILTER (WHERE kind = 'agent_reply' AND team = $intake) AS replied_at,
           arg_min(reason, seq) FILTER (WHERE kind IN ('escalated', 'approval_requested') AND team = $intake)
               AS first_reason,
           bool_or(kind IN ('escalated', 'approval_requested') AND team = $intake) AS handed_off,
           any_value(category) AS category
    FROM ev
    GROUP BY 1
)
SELECT f.created_at, f.replied_at, epoch(f.replied_at - f.created_at) / 60.0 AS minutes,
       coalesce(l.held, 0) AS others, r.held AS held_at_reply, f.first_reason, f.handed_off, f.category
FROM first f
ASOF LEFT JOIN level l ON l.ts < f.created_at
ASOF LEFT JOIN level r ON r.ts <= f.replied_at
WHERE f.created_at IS NOT NULL
