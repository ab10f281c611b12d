-- Purpose: the intake team's first hand-off per ticket, by category, complexity, reason and receiving team.
-- Grain: one row per (category, complexity, kind, reason, to_team); n = tickets.
-- Inputs: $dataset_id, $replication, $start, $end (TIMESTAMPTZ), $intake (the intake team).
-- kind is 'escalated' or 'approval_requested'; only hand-offs before any reopening count. This is the first
-- hop; the later ones are in flow_steps.sql.
WITH scope AS (
    SELECT ticket_id, category, complexity FROM tickets
    WHERE dataset_id = $dataset_id AND replication IS NOT DISTINCT FROM $replication
      AND created_at >= $start AND created_at < $end
), reopened AS (
    SELECT e.ticket_id, min(e.seq) AS seq FROM events e JOIN scope USING (ticket_id)
    WHERE e.dataset_id = $dataset_id AND e.kind = 'reopened' GROUP BY 1
), first_handoff AS (
    SELECT e.ticket_id, arg_min(e.kind, e.seq) AS kind, arg_min(e.reason, e.seq) AS reason,
           arg_min(e.to_team, e.seq) AS to_team
    FROM events e
    JOIN scope USING (ticket_id)
    LEFT JOIN reopened r ON r.ticket_id = e.ticket_id
    WHERE e.dataset_id = $dataset_id AND e.kind IN ('escalated', 'approval_requested') AND e.team = $intake
      AND (r.seq IS NULL OR e.seq < r.seq)
    GROUP BY 1
)
SELECT s.category, s.complexity, f.kind, f.reason, f.to_team, count(*) AS n
FROM first_handoff f JOIN scope s USING (ticket_id)
GROUP BY ALL
ORDER BY 1, 2, 3, 4, 5
